/**
 * A JSON-friendly view of a certificate (`certificateToJson`): the fields, the decoded
 * extensions and the fingerprint, with bytes as hex, bigints as strings and names as RFC 4514
 * text. A part that does not decode becomes `{ error: message }` instead of failing the whole.
 *
 * Non-goals: a round-trippable encoding (use the DER or PEM for that).
 * @module
 */
import { toHex } from '../der/index';
import { describeSignatureAlgorithm } from '../sig/index';
import type { Certificate } from './certificate';
import { certificateFingerprint, certificatePublicKey, certificateSignatureAlgorithm } from './certificate-info';
import { getDecodedExtension } from './get-extension';
import { Name } from './name';

/** Makes decoded extension values JSON-friendly: bytes to hex, bigints to strings, Names to text. */
function _jsonable(v: unknown): unknown {
  if (v instanceof Uint8Array) return toHex(v);
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof Name) return v.toString();
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.map(_jsonable);
  if (v !== null && typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) o[k] = _jsonable(x);
    return o;
  }
  return v;
}

/**
 * The certificate as a plain JSON-ready object (for logs, APIs and `certkit inspect --json`).
 * @example
 * ```ts
 * JSON.stringify(certificateToJson(cert), null, 2)
 * ```
 */
export function certificateToJson(cert: Certificate): Record<string, unknown> {
  const safe = (fn: () => unknown): unknown => {
    try {
      return fn();
    } catch (e) {
      return { error: e instanceof Error ? e.message : String(e) };
    }
  };
  return {
    version: cert.version,
    serialNumber: cert.serialNumberHex,
    signatureAlgorithm: safe(() => describeSignatureAlgorithm(certificateSignatureAlgorithm(cert))),
    issuer: safe(() => cert.issuer.toString()),
    notBefore: cert.notBefore.toISOString(),
    notAfter: cert.notAfter.toISOString(),
    subject: safe(() => cert.subject.toString()),
    publicKey: safe(() => {
      const k = certificatePublicKey(cert);
      return { algorithm: k.algorithm, ...(k.curve ? { curve: k.curve } : {}), bits: k.bits, fingerprint256: k.fingerprint256() };
    }),
    ...(cert.issuerUniqueId ? { issuerUniqueId: toHex(cert.issuerUniqueId.bytes) } : {}),
    ...(cert.subjectUniqueId ? { subjectUniqueId: toHex(cert.subjectUniqueId.bytes) } : {}),
    extensions: cert.extensions.map((e) => ({
      oid: e.oid,
      critical: e.critical,
      ...(safe(() => {
        const d = getDecodedExtension(cert, e.oid)!;
        return d.name === 'unknown' ? { value: toHex(d.raw) } : { name: d.name, value: _jsonable(d.value) };
      }) as object),
    })),
    fingerprint256: certificateFingerprint(cert, 'SHA-256'),
  };
}
