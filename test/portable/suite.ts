/**
 * The portable suite's entry point: importing it registers every portable test, in a fixed
 * order (the digest depends on it). Drivers call {@link runTests} with a {@link PortableHost}.
 * Bundled by scripts/portable/bundle.mjs into one ESM file per CI run.
 * @module
 */
import './der';
import './wycheproof';
import './x509';
import './csr';
import './crl';
import './cms';
import './ocsp';
import './limbo';
import './server';

export { runTests, registeredTests, type PortableHost, type PortableRunResult } from './harness';
