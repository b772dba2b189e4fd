/**
 * The certkit demo (`npm run demo`): the whole life of a certificate, end to end, with a real TLS
 * handshake. It is `certkit demo` (src/cli/demo.ts), run straight from the sources (no build
 * step), and exits 0 only if every step behaved as expected, so CI runs it.
 */
import { runDemo } from '../src/cli/demo';

process.exitCode = (await runDemo()) ? 0 : 1;
