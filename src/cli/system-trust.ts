/**
 * `--trust system`: the platform's root certificates, for the CLI (Node only).
 *
 * Scope: the first bundle found of `SSL_CERT_FILE`, then the usual system locations (Debian and
 * Ubuntu, RHEL and Fedora, openSUSE, Alpine and macOS, FreeBSD), loaded with the path layer's
 * `loadTrustStore` (which reports the blocks it skipped); without any, Node's built-in Mozilla
 * roots (`tls.rootCertificates`). Non-goals: the Windows and macOS keychains, per-root trust
 * settings and distrust dates.
 * @module
 */
import * as fs from 'node:fs';
import * as tls from 'node:tls';
import { loadTrustStore, type TrustStore } from '../path/index';

/** Bundle locations tried in order after `SSL_CERT_FILE`. */
const SYSTEM_BUNDLES: readonly string[] = [
  '/etc/ssl/certs/ca-certificates.crt', // Debian, Ubuntu, Arch, Gentoo
  '/etc/pki/tls/certs/ca-bundle.crt', // RHEL, Fedora, CentOS
  '/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem', // RHEL 7+
  '/etc/ssl/ca-bundle.pem', // openSUSE
  '/etc/ssl/cert.pem', // Alpine, macOS, OpenBSD
  '/usr/local/share/certs/ca-root-nss.crt', // FreeBSD
];

/** The system trust store and where it came from. */
export interface SystemTrust extends TrustStore {
  /** The bundle file read, or `node:tls rootCertificates`. */
  readonly source: string;
}

/**
 * Loads the platform's trust anchors.
 * @example
 * ```ts
 * const { anchors, skipped, source } = loadSystemTrust(process.env);
 * ```
 */
export function loadSystemTrust(env: NodeJS.ProcessEnv, bundles: readonly string[] = SYSTEM_BUNDLES): SystemTrust {
  const candidates = env.SSL_CERT_FILE ? [env.SSL_CERT_FILE, ...bundles] : bundles;
  for (const file of candidates) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    const store = loadTrustStore(text);
    if (store.anchors.length > 0) return { ...store, source: file };
  }
  return { ...loadTrustStore(tls.rootCertificates.join('\n')), source: 'node:tls rootCertificates' };
}
