/**
 * Human-readable and JSON views of a certification request: the layout of
 * `openssl req -text -noout` (OpenSSL 3.0's `X509_REQ_print_ex`), plus what a person checking a
 * request wants to see and OpenSSL does not print: the SPKI SHA-256 fingerprint (to compare with
 * the key on the server) and whether the self-signature verifies.
 *
 * Scope: subject, public key (algorithm, size or curve, the key itself), attributes
 * (challengePassword, unstructuredName, other attributes as hex), requested extensions through
 * the extension codecs (an extension that fails to decode is printed as hex with the reason),
 * signature algorithm and value. Nothing here throws: every part that cannot be decoded is shown
 * with its error. Non-goals: byte-identical output with OpenSSL (spacing quirks such as the
 * empty "Requested Extensions:" heading OpenSSL 3.0 prints for requests without extensions are
 * not reproduced).
 * @module
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { DerReader, isStringTag, toHex } from '../der/index';
import type { PublicKey } from '../keys/index';
import { PKCS9, oidName } from '../oid/index';
import { describeSignatureAlgorithm } from '../sig/index';
import { extensionCodec, formatExtensionValue, type RawExtension } from './_x509';
import { attributeDisplayName, decodeChallengePassword, decodeUnstructuredName } from './attributes';
import type { Csr } from './csr';
import { csrFingerprint, csrPublicKey, csrSignatureAlgorithm, csrSignatureAlgorithmName } from './csr-info';
import { verifyCsrSync } from './verify';
import { nameToOpenSslString } from '../x509/index';

/** The JSON view of a request ({@link csrToJson}). */
export interface CsrJson {
  version: 1;
  subject: { string: string; openssl: string } | { error: string };
  publicKey: { algorithm: string; bits: number; curve?: string; rsaExponent?: string; fingerprint256: string } | { error: string; spkiSha256: string };
  signatureAlgorithm: string;
  /** `true`/`false`: whether the self-signature verifies (SHA-1 and MD5 allowed for this check); `null` when it cannot be checked. */
  signatureValid: boolean | null;
  signatureError?: string;
  extensionRequest?: string;
  extensions: Array<{ oid: string; name: string; critical: boolean; text: string[]; error?: string }>;
  attributes: Array<{ oid: string; name: string; values: string[]; error?: string }>;
  fingerprint256: string;
}

function _msg(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function _hexLines(bytes: Uint8Array, indent: number, perLine: number): string[] {
  const pad = ' '.repeat(indent);
  const lines: string[] = [];
  for (let i = 0; i < bytes.length; i += perLine) {
    lines.push(pad + toHex(bytes.subarray(i, i + perLine), ':') + (i + perLine < bytes.length ? ':' : ''));
  }
  return lines;
}

/** Title and body lines of one requested extension; errors become a hex dump with the reason. */
function _extensionText(ext: RawExtension, lenient: boolean): { name: string; text: string[]; error?: string } {
  const codec = extensionCodec(ext.oid);
  const fallbackName = oidName(ext.oid) ?? ext.oid;
  if (codec === undefined) return { name: fallbackName, text: _hexLines(ext.value, 0, 18) };
  try {
    return { name: codec.title, text: formatExtensionValue(codec, codec.decode(ext.value, ext.valueOffset, lenient)) };
  } catch (e) {
    return { name: codec.title, text: [`<unreadable: ${_msg(e)}>`, ..._hexLines(ext.value, 0, 18)], error: _msg(e) };
  }
}

/** Text of each value of an attribute (strings for the PKCS#9 ones, hex otherwise). */
function _attributeValues(oid: string, values: readonly Uint8Array[], offsets: readonly number[], lenient: boolean): { values: string[]; error?: string } {
  try {
    if (oid === PKCS9.challengePassword) return { values: values.map((v, i) => decodeChallengePassword(v, offsets[i], lenient)) };
    if (oid === PKCS9.unstructuredName) return { values: values.map((v, i) => decodeUnstructuredName(v, offsets[i], lenient)) };
  } catch (e) {
    return { values: values.map((v) => toHex(v)), error: _msg(e) };
  }
  // Other attributes: a character string value is shown as text (friendlyName is a BMPString),
  // anything else as hex.
  return {
    values: values.map((v) => {
      try {
        const r = new DerReader(v);
        if (isStringTag(r.peekTag())) return r.readString().value;
      } catch {
        // not a well-formed string: hex below
      }
      return toHex(v);
    }),
  };
}

function _checkSignature(csr: Csr): { valid: boolean | null; error?: string } {
  try {
    return { valid: verifyCsrSync(csr, { allowSha1: true, allowMd5: true, minRsaBits: 512 }) };
  } catch (e) {
    return { valid: null, error: _msg(e) };
  }
}

function _keyLines(key: PublicKey): string[] {
  const ind = ' '.repeat(16);
  switch (key.algorithm) {
    case 'ECDSA': {
      const names: Record<string, string> = { 'P-256': 'prime256v1', 'P-384': 'secp384r1', 'P-521': 'secp521r1' };
      return [`${ind}Public-Key: (${key.bits} bit)`, `${ind}pub:`, ..._hexLines(key.keyBytes, 20, 15), `${ind}ASN1 OID: ${names[key.curve ?? ''] ?? key.curve}`, `${ind}NIST CURVE: ${key.curve}`];
    }
    case 'RSA': {
      const { n, e } = key.rsa!;
      let hex = n.toString(16);
      if (hex.length % 2) hex = '0' + hex;
      if (parseInt(hex.slice(0, 2), 16) >= 0x80) hex = '00' + hex;
      const nb = Uint8Array.from(hex.match(/../g)!.map((h) => parseInt(h, 16)));
      return [`${ind}${key.rsaPssOnly ? 'RSA-PSS ' : ''}Public-Key: (${key.bits} bit)`, `${ind}Modulus:`, ..._hexLines(nb, 20, 15), `${ind}Exponent: ${e} (0x${e.toString(16)})`];
    }
    default: {
      const name = key.algorithm.startsWith('ML-DSA') ? key.algorithm : key.algorithm.toUpperCase();
      return [`${ind}${name} Public-Key:`, `${ind}pub:`, ..._hexLines(key.keyBytes, 20, 15)];
    }
  }
}

const _KEY_ALG_NAMES: Record<string, string> = { ECDSA: 'id-ecPublicKey', RSA: 'rsaEncryption', Ed25519: 'ED25519', Ed448: 'ED448', X25519: 'X25519', X448: 'X448' };

/**
 * A text dump in the layout of `openssl req -text -noout`, plus the SPKI fingerprint and the
 * result of the signature check (see the module comment). Never throws. Pulls every extension
 * codec and the synchronous verifier into a bundle.
 * @example
 * ```ts
 * console.log(formatCsr(parseCsr(pem)));
 * ```
 */
export function formatCsr(csr: Csr): string {
  const out: string[] = ['Certificate Request:', '    Data:', '        Version: 1 (0x0)'];
  try {
    out.push(`        Subject: ${nameToOpenSslString(csr.subject)}`);
  } catch (e) {
    out.push(`        Subject: <unreadable: ${_msg(e)}>`);
  }
  out.push('        Subject Public Key Info:');
  try {
    const key = csrPublicKey(csr);
    const alg = key.rsaPssOnly ? 'rsassaPss' : (_KEY_ALG_NAMES[key.algorithm] ?? key.algorithm);
    out.push(`            Public Key Algorithm: ${alg}`, ..._keyLines(key));
    out.push(`            SPKI SHA-256 Fingerprint: ${key.fingerprint256()}`);
  } catch (e) {
    out.push(`            Unable to load Public Key (${_msg(e)})`);
  }
  out.push('        Attributes:');
  const others = csr.attributes.filter((a) => a.oid !== PKCS9.extensionRequest && a.oid !== PKCS9.msExtensionRequest);
  if (others.length === 0 && csr.extensionRequestOid === undefined) out.push('            (none)');
  for (const a of others) {
    const name = attributeDisplayName(a.oid);
    const v = _attributeValues(a.oid, a.values, a.valueOffsets, csr.lenient);
    const shown = v.error !== undefined ? `<unreadable: ${v.error}>` : v.values.join(', ');
    out.push(`            ${name.padEnd(25)}:${shown}`);
  }
  if (csr.extensionRequestOid !== undefined) {
    out.push(`            Requested Extensions:${csr.extensionRequestOid === PKCS9.msExtensionRequest ? ' (Microsoft 1.3.6.1.4.1.311.2.1.14)' : ''}`);
    for (const ext of csr.extensions) {
      const t = _extensionText(ext, csr.lenient);
      out.push(`                ${t.name}: ${ext.critical ? 'critical' : ''}`);
      for (const line of t.text) out.push(`                    ${line}`);
    }
  }
  out.push(`    Signature Algorithm: ${csrSignatureAlgorithmName(csr)}`);
  out.push('    Signature Value:', ..._hexLines(csr.rawSignatureValue, 8, 18));
  const sig = _checkSignature(csr);
  out.push(`    Self-signature: ${sig.valid === true ? 'verify OK' : sig.valid === false ? 'verify FAILED' : `not checked (${sig.error})`}`);
  return out.join('\n') + '\n';
}

/**
 * A JSON view: subject, public key (algorithm, size or curve, SPKI SHA-256 fingerprint),
 * signature algorithm and whether it verifies, each requested extension decoded, each
 * attribute (see {@link CsrJson}). Never throws: a part that cannot be decoded is reported with
 * its error.
 * @example
 * ```ts
 * JSON.stringify(csrToJson(csr), null, 2)
 * ```
 */
export function csrToJson(csr: Csr): CsrJson {
  let subject: CsrJson['subject'];
  try {
    subject = { string: csr.subject.toString(), openssl: nameToOpenSslString(csr.subject) };
  } catch (e) {
    subject = { error: _msg(e) };
  }
  let publicKey: CsrJson['publicKey'];
  try {
    const k = csrPublicKey(csr);
    publicKey = { algorithm: k.algorithm, bits: k.bits, fingerprint256: k.fingerprint256() };
    if (k.curve !== undefined) publicKey.curve = k.curve;
    if (k.rsa !== undefined) publicKey.rsaExponent = k.rsa.e.toString();
  } catch (e) {
    publicKey = { error: _msg(e), spkiSha256: '' };
    try {
      // The fingerprint identifies the key even when certkit cannot read it.
      publicKey.spkiSha256 = toHex(sha256(csr.rawSpki));
    } catch {
      // keep ''
    }
  }
  let signatureAlgorithm: string;
  try {
    signatureAlgorithm = describeSignatureAlgorithm(csrSignatureAlgorithm(csr));
  } catch {
    signatureAlgorithm = csrSignatureAlgorithmName(csr);
  }
  const sig = _checkSignature(csr);
  const json: CsrJson = {
    version: 1,
    subject,
    publicKey,
    signatureAlgorithm,
    signatureValid: sig.valid,
    extensions: csr.extensions.map((e) => {
      const t = _extensionText(e, csr.lenient);
      const o: CsrJson['extensions'][number] = { oid: e.oid, name: t.name, critical: e.critical, text: t.text };
      if (t.error !== undefined) o.error = t.error;
      return o;
    }),
    attributes: csr.attributes.map((a) => {
      const v = _attributeValues(a.oid, a.values, a.valueOffsets, csr.lenient);
      const o: CsrJson['attributes'][number] = { oid: a.oid, name: attributeDisplayName(a.oid), values: v.values };
      if (v.error !== undefined) o.error = v.error;
      return o;
    }),
    fingerprint256: csrFingerprint(csr),
  };
  if (sig.error !== undefined) json.signatureError = sig.error;
  if (csr.extensionRequestOid !== undefined) json.extensionRequest = csr.extensionRequestOid;
  return json;
}
