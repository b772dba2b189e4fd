/**
 * Trust anchors from a PEM bundle: the Debian/Mozilla `ca-certificates.crt` format (and the
 * `ca-bundle.crt`, `cert.pem` bundles of other systems): any number of `CERTIFICATE` blocks with
 * comments, blank lines and explanatory text between them, duplicates allowed.
 *
 * Scope: {@link loadTrustStore} reads every block on its own, so one bad block costs that block
 * only, and returns the usable anchors with the blocks it skipped and why (not a certificate,
 * malformed, a duplicate, not a CA, expired at the time asked). Non-goals: reading files or the
 * platform store (the CLI's `--trust system` does, on Node), OpenSSL's `TRUSTED CERTIFICATE`
 * trust settings (reported as skipped), distrust dates and other per-root policy of the
 * Mozilla store.
 * @module
 */
import { decodeBase64 } from '../pem/index';
import { _info } from './_cert-info';
import { parseCertificate, type Certificate } from './_x509';

/** Why a block of the bundle was not taken as a trust anchor. */
export type SkipReason =
  | 'not-a-certificate' // a PEM block with another label (TRUSTED CERTIFICATE, X509 CRL, a key, ...)
  | 'malformed' // the PEM or the certificate does not decode (the message says where)
  | 'duplicate' // the same certificate as an earlier block
  | 'not-a-ca' // a v3 certificate without basicConstraints cA TRUE: it can issue nothing (RFC 5280 §6.1.4 (k))
  | 'expired'; // outside its validity period at `options.time` (only checked when a time is given)

/** One block of the bundle that was skipped. */
export interface SkippedCertificate {
  /** Index of the PEM block in the bundle (0 = the first). */
  readonly index: number;
  /** Line of its `-----BEGIN` line (1 = the first line). */
  readonly line: number;
  readonly reason: SkipReason;
  readonly message: string;
  /** The subject, when the certificate decoded that far. */
  readonly subject?: string;
}

/** A certificate taken only because the lenient parser accepts it. */
export interface LenientCertificate {
  readonly index: number;
  readonly line: number;
  readonly subject: string;
  /** What the strict parser refused. */
  readonly message: string;
}

/** The result of {@link loadTrustStore}. */
export interface TrustStore {
  /** The usable trust anchors, in bundle order. */
  readonly anchors: Certificate[];
  /** The blocks skipped, in bundle order. */
  readonly skipped: SkippedCertificate[];
  /** Anchors that are not DER, taken with the lenient parser (`lenient: 'fallback'`). */
  readonly lenient: LenientCertificate[];
}

/** Options of {@link loadTrustStore}. */
export interface TrustStoreOptions {
  /** Skip certificates outside their validity period at this time. Default: keep them (validation checks the time). */
  time?: Date;
  /**
   * `'fallback'` (default): a certificate the strict parser refuses is parsed again leniently and
   * taken when that works (listed in `lenient`): roots of the Mozilla store are not all DER (two
   * Trustwave roots encode keyUsage with trailing zero bits), and an anchor is trusted out of
   * band. `false`: such certificates are skipped as malformed. `true`: everything is parsed
   * leniently.
   */
  lenient?: boolean | 'fallback';
}

const _BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;

/**
 * Loads trust anchors from a PEM bundle, reporting the blocks it skipped and why.
 *
 * @throws TypeError when `bundle` is not a string or bytes (nothing in the bundle throws).
 * @example
 * ```ts
 * const { anchors, skipped } = loadTrustStore(readFileSync('/etc/ssl/certs/ca-certificates.crt', 'utf8'));
 * for (const s of skipped) console.warn(`block ${s.index} (line ${s.line}): ${s.reason}: ${s.message}`);
 * await verifyChain(leaf, { anchors, intermediates, purposes: ['serverAuth'], hostname: 'example.com' });
 * ```
 */
export function loadTrustStore(bundle: string | Uint8Array, options: TrustStoreOptions = {}): TrustStore {
  if (options === null || typeof options !== 'object') throw new TypeError('loadTrustStore options must be an object');
  const text = typeof bundle === 'string' ? bundle : bundle instanceof Uint8Array ? new TextDecoder('utf-8').decode(bundle) : undefined;
  if (text === undefined) throw new TypeError('loadTrustStore expects PEM text or its bytes');
  const time = options.time;
  if (time !== undefined && (!(time instanceof Date) || Number.isNaN(time.getTime()))) throw new TypeError('options.time must be a valid Date');
  const mode = options.lenient ?? 'fallback';
  if (mode !== true && mode !== false && mode !== 'fallback') throw new TypeError("options.lenient must be true, false or 'fallback'");
  const anchors: Certificate[] = [];
  const skipped: SkippedCertificate[] = [];
  const lenient: LenientCertificate[] = [];
  const seen = new Map<string, number>();
  let line = 1;
  let scanned = 0;
  let index = 0;
  for (const m of text.matchAll(_BLOCK)) {
    const at = m.index;
    for (let i = text.indexOf('\n', scanned); i !== -1 && i < at; i = text.indexOf('\n', i + 1)) line++;
    scanned = at;
    const here = { index: index++, line };
    const skip = (reason: SkipReason, message: string, subject?: string | undefined): void => {
      skipped.push(subject === undefined ? { ...here, reason, message } : { ...here, reason, message, subject });
    };
    const label = m[1]!;
    if (label !== 'CERTIFICATE') {
      skip('not-a-certificate', label === 'TRUSTED CERTIFICATE' ? 'an OpenSSL TRUSTED CERTIFICATE block (trust settings are not read; export plain CERTIFICATE blocks)' : `a ${label} block`);
      continue;
    }
    // Same base64 body, same certificate: no need to decode or hash it again.
    const body = m[0].slice(m[0].indexOf('\n') + 1, m[0].lastIndexOf('-----END')).replace(/\s+/g, '');
    const first = seen.get(body);
    if (first !== undefined) {
      skip('duplicate', `the same certificate as block ${first}`);
      continue;
    }
    seen.set(body, here.index);
    let der: Uint8Array;
    try {
      der = decodeBase64(body);
    } catch (e) {
      skip('malformed', `the PEM body does not decode: ${(e as Error).message}`);
      continue;
    }
    const strict = _load(der, mode === true);
    let r = strict;
    if ('error' in strict && mode === 'fallback') {
      r = _load(der, true);
      if (!('error' in r)) lenient.push({ ...here, subject: _subject(r.cert) ?? '', message: strict.error });
    }
    if ('error' in r) {
      skip('malformed', r.error, r.cert === undefined ? undefined : _subject(r.cert));
      continue;
    }
    const cert = r.cert;
    if (cert.version === 3 && _info(cert).basicConstraints?.value.cA !== true) {
      skip('not-a-ca', 'a v3 certificate without basicConstraints cA TRUE cannot issue certificates (RFC 5280 §6.1.4 (k))', _subject(cert));
      continue;
    }
    if (time !== undefined && (time < cert.notBefore || time > cert.notAfter)) {
      skip('expired', `valid ${cert.notBefore.toISOString()} to ${cert.notAfter.toISOString()}, not at ${time.toISOString()}`, _subject(cert));
      continue;
    }
    anchors.push(cert);
  }
  return { anchors, skipped, lenient };
}

/** Parses one certificate and decodes what validation will need of it (names, extensions). */
function _load(der: Uint8Array, lenient: boolean): { cert: Certificate } | { error: string; cert?: Certificate } {
  let cert: Certificate;
  try {
    cert = parseCertificate(der, { lenient });
  } catch (e) {
    return { error: (e as Error).message };
  }
  const info = _info(cert);
  if (info.error !== undefined) return { error: `${(info.error as Error).message}`, cert };
  return { cert };
}

function _subject(cert: Certificate): string | undefined {
  try {
    return cert.subject.toString();
  } catch {
    return undefined;
  }
}
