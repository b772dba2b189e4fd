/**
 * A human-readable dump of a certificate in the layout of `openssl x509 -text -noout`
 * (OpenSSL 3.0's `X509_print_ex`), so that people who know that output can read ours.
 *
 * Scope: the Data section (version, serial, signature algorithm with RSASSA-PSS parameters,
 * issuer and subject in OpenSSL's `C = US, O = Acme` style, validity, public key, extensions)
 * and the signature. Extension bodies are printed by the extension layer's formatter; an
 * extension that fails to decode is printed as a hex dump with the reason, never thrown.
 * Non-goals: byte-identical output with every OpenSSL version (spacing quirks such as trailing
 * blanks after extension names are reproduced, the odd indentation of PSS parameters too, but
 * names of rare algorithms may differ); machine-readable output (use `toJSON()`).
 * @module
 */
import { DerReader, Tag, contextTag, toHex } from '../der/index';
import type { PublicKey } from '../keys/index';
import { oidName } from '../oid/index';
import type { Certificate } from './certificate';
import { certificatePublicKey } from './certificate-info';
import { formatExtension } from './extensions/index';
import { nameToOpenSslString } from './name-format';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * A date as OpenSSL's `ASN1_TIME_print` writes it: `Sep  1 12:00:00 1998 GMT`.
 * @example
 * ```ts
 * formatOpenSslTime(new Date('1998-09-01T12:00:00Z')) === 'Sep  1 12:00:00 1998 GMT'
 * ```
 */
export function formatOpenSslTime(d: Date): string {
  const p2 = (n: number): string => (n < 10 ? '0' : '') + n;
  const day = d.getUTCDate();
  return `${MONTHS[d.getUTCMonth()]} ${day < 10 ? ' ' : ''}${day} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} ${d.getUTCFullYear()} GMT`;
}

/**
 * Colon-separated hex in lines of `perLine` octets, each line indented, a trailing `:` on every
 * line but the last (OpenSSL's `print_hex`/`X509_signature_dump` layout).
 */
function _hexLines(bytes: Uint8Array, indent: number, perLine: number): string {
  const pad = ' '.repeat(indent);
  const lines: string[] = [];
  for (let i = 0; i < bytes.length; i += perLine) {
    const chunk = toHex(bytes.subarray(i, i + perLine), ':');
    lines.push(pad + chunk + (i + perLine < bytes.length ? ':' : ''));
  }
  return lines.join('\n');
}

// OpenSSL's short names for the signature algorithms certkit meets (OBJ_nid2ln / sn as printed).
const _SIG_NAMES: Record<string, string> = {
  '1.2.840.113549.1.1.2': 'md2WithRSAEncryption',
  '1.2.840.113549.1.1.4': 'md5WithRSAEncryption',
  '1.2.840.113549.1.1.5': 'sha1WithRSAEncryption',
  '1.2.840.113549.1.1.10': 'rsassaPss',
  '1.2.840.113549.1.1.11': 'sha256WithRSAEncryption',
  '1.2.840.113549.1.1.12': 'sha384WithRSAEncryption',
  '1.2.840.113549.1.1.13': 'sha512WithRSAEncryption',
  '1.2.840.113549.1.1.14': 'sha224WithRSAEncryption',
  '1.3.14.3.2.29': 'sha1WithRSA',
  '1.2.840.10045.4.1': 'ecdsa-with-SHA1',
  '1.2.840.10045.4.3.1': 'ecdsa-with-SHA224',
  '1.2.840.10045.4.3.2': 'ecdsa-with-SHA256',
  '1.2.840.10045.4.3.3': 'ecdsa-with-SHA384',
  '1.2.840.10045.4.3.4': 'ecdsa-with-SHA512',
  '1.2.840.10040.4.3': 'dsaWithSHA1',
  '2.16.840.1.101.3.4.3.2': 'dsa_with_SHA256',
  '1.3.101.112': 'ED25519',
  '1.3.101.113': 'ED448',
  '2.16.840.1.101.3.4.3.17': 'ML-DSA-44',
  '2.16.840.1.101.3.4.3.18': 'ML-DSA-65',
  '2.16.840.1.101.3.4.3.19': 'ML-DSA-87',
};

const _KEY_NAMES: Record<string, string> = {
  '1.2.840.113549.1.1.1': 'rsaEncryption',
  '1.2.840.113549.1.1.10': 'rsassaPss',
  '1.2.840.10045.2.1': 'id-ecPublicKey',
  '1.2.840.10040.4.1': 'dsaEncryption',
  '1.3.101.110': 'X25519',
  '1.3.101.111': 'X448',
  '1.3.101.112': 'ED25519',
  '1.3.101.113': 'ED448',
  '2.16.840.1.101.3.4.3.17': 'ML-DSA-44',
  '2.16.840.1.101.3.4.3.18': 'ML-DSA-65',
  '2.16.840.1.101.3.4.3.19': 'ML-DSA-87',
};

const _HASH_NAMES: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
  '2.16.840.1.101.3.4.2.4': 'sha224',
};

const _CURVES: Record<string, [string, string]> = { 'P-256': ['prime256v1', 'P-256'], 'P-384': ['secp384r1', 'P-384'], 'P-521': ['secp521r1', 'P-521'] };

function _algName(oid: string, table: Record<string, string>): string {
  return table[oid] ?? oidName(oid) ?? oid;
}

/** OID and parameters of an AlgorithmIdentifier encoding, or `undefined` if it is malformed. */
function _readAlg(der: Uint8Array): { oid: string; params: Uint8Array | undefined } | undefined {
  try {
    const r = new DerReader(der).enter(Tag.SEQUENCE);
    const oid = r.readOid();
    const params = r.atEnd ? undefined : r.readTlv().raw;
    return { oid, params };
  } catch {
    return undefined;
  }
}

/**
 * RSASSA-PSS-params (RFC 4055 §3.1) printed as OpenSSL 3.0 does under "Signature Algorithm":
 * ```asn1
 * RSASSA-PSS-params ::= SEQUENCE {
 *   hashAlgorithm      [0] HashAlgorithm DEFAULT sha1Identifier,
 *   maskGenAlgorithm   [1] MaskGenAlgorithm DEFAULT mgf1SHA1Identifier,
 *   saltLength         [2] INTEGER DEFAULT 20,
 *   trailerField       [3] INTEGER DEFAULT 1 }
 * ```
 */
function _pssLines(params: Uint8Array | undefined, indent: string): string[] {
  if (params === undefined) return [`${indent}Parameters: (absent)`];
  try {
    const r = new DerReader(params).enter(Tag.SEQUENCE);
    let hash = 'sha1 (default)';
    let mgf = 'mgf1 with sha1 (default)';
    let salt = '0x14 (default)';
    let trailer = '0x01 (default)';
    const h = r.enterOptional(contextTag(0, true));
    if (h) hash = _algName(h.enter(Tag.SEQUENCE).readOid(), _HASH_NAMES);
    const m = r.enterOptional(contextTag(1, true));
    if (m) {
      const mr = m.enter(Tag.SEQUENCE);
      const mo = mr.readOid();
      const inner = mr.atEnd ? undefined : mr.enter(Tag.SEQUENCE).readOid();
      mgf = `${mo === '1.2.840.113549.1.1.8' ? 'mgf1' : mo} with ${inner === undefined ? '?' : _algName(inner, _HASH_NAMES)}`;
    }
    const s = r.enterOptional(contextTag(2, true));
    if (s) salt = '0x' + s.readInteger().toString(16).toUpperCase();
    const t = r.enterOptional(contextTag(3, true));
    if (t) trailer = '0x' + t.readInteger().toString(16).toUpperCase().padStart(2, '0');
    return [`${indent}Hash Algorithm: ${hash}`, `${indent}Mask Algorithm: ${mgf}`, `${indent} Salt Length: ${salt}`, `${indent}Trailer Field: ${trailer}`];
  } catch {
    return [`${indent}Parameters (unreadable): ${toHex(params, ':')}`];
  }
}

function _sigAlgLines(der: Uint8Array, indent: string): string[] {
  const a = _readAlg(der);
  if (a === undefined) return [`${indent}Signature Algorithm: <unreadable>`];
  const lines = [`${indent}Signature Algorithm: ${_algName(a.oid, _SIG_NAMES)}`];
  if (a.oid === '1.2.840.113549.1.1.10') lines.push(..._pssLines(a.params, indent));
  return lines;
}

/** OpenSSL's serial number line(s): decimal and hex when it fits a C `long`, else hex octets. */
function _serialLines(raw: Uint8Array): string[] {
  const negative = raw.length > 0 && raw[0]! >= 0x80;
  // OpenSSL keeps the magnitude, without a sign octet.
  let mag: Uint8Array;
  if (!negative) mag = raw.length > 1 && raw[0] === 0 ? raw.subarray(1) : raw;
  else {
    let v = 0n;
    for (const b of raw) v = (v << 8n) | BigInt(b);
    v = (1n << BigInt(8 * raw.length)) - v;
    let hex = v.toString(16);
    if (hex.length % 2) hex = '0' + hex;
    mag = Uint8Array.from(hex.match(/../g)!.map((h) => parseInt(h, 16)));
  }
  let value = 0n;
  for (const b of mag) value = (value << 8n) | BigInt(b);
  if (mag.length <= 8 && value <= 0x7fffffffffffffffn) {
    const sign = negative ? '-' : '';
    return [`        Serial Number: ${sign}${value} (${sign}0x${value.toString(16)})`];
  }
  return ['        Serial Number:' + (negative ? ' (Negative)' : ''), `            ${toHex(mag, ':')}`];
}

function _publicKeyLines(cert: Certificate): string[] {
  const ind = ' '.repeat(16);
  const alg = _readAlg(cert.rawSpki.subarray(cert.rawSpki[1]! & 0x80 ? 2 + (cert.rawSpki[1]! & 0x7f) : 2));
  const lines = ['        Subject Public Key Info:', `            Public Key Algorithm: ${alg ? _algName(alg.oid, _KEY_NAMES) : '<unreadable>'}`];
  let key: PublicKey;
  try {
    key = certificatePublicKey(cert);
  } catch (e) {
    lines.push(`${ind}Unable to load Public Key (${(e as Error).message})`);
    return lines;
  }
  switch (key.algorithm) {
    case 'ECDSA': {
      lines.push(`${ind}Public-Key: (${key.bits} bit)`, `${ind}pub:`, _hexLines(key.keyBytes, 20, 15));
      const c = key.curve !== undefined ? _CURVES[key.curve] : undefined;
      if (c) lines.push(`${ind}ASN1 OID: ${c[0]}`, `${ind}NIST CURVE: ${c[1]}`);
      break;
    }
    case 'RSA': {
      const rsa = key.rsa!;
      let hex = rsa.n.toString(16);
      if (hex.length % 2) hex = '0' + hex;
      if (parseInt(hex.slice(0, 2), 16) >= 0x80) hex = '00' + hex;
      const n = Uint8Array.from(hex.match(/../g)!.map((h) => parseInt(h, 16)));
      const label = key.rsaPssOnly ? 'RSA-PSS Public-Key' : 'Public-Key';
      lines.push(`${ind}${label}: (${key.bits} bit)`, `${ind}Modulus:`, _hexLines(n, 20, 15), `${ind}Exponent: ${rsa.e} (0x${rsa.e.toString(16)})`);
      break;
    }
    default: {
      const name = key.algorithm === 'Ed25519' || key.algorithm === 'Ed448' || key.algorithm === 'X25519' || key.algorithm === 'X448' ? key.algorithm.toUpperCase() : key.algorithm;
      lines.push(`${ind}${name} Public-Key:`, `${ind}pub:`, _hexLines(key.keyBytes, 20, 15));
    }
  }
  return lines;
}

/**
 * The `openssl x509 -text -noout`-like dump of a certificate.
 * @example
 * ```ts
 * console.log(formatCertificate(cert));
 * ```
 */
export function formatCertificate(cert: Certificate): string {
  const printExtension = (c: Certificate, i: number): string[] => formatExtension(c.extensions[i]!);
  const out: string[] = ['Certificate:', '    Data:'];
  out.push(`        Version: ${cert.version} (0x${(cert.version - 1).toString(16)})`);
  out.push(..._serialLines(cert.rawSerial));
  out.push(..._sigAlgLines(cert.rawSignatureAlgorithm, '        '));
  out.push(`        Issuer: ${_nameLine(cert, 'issuer')}`);
  out.push('        Validity', `            Not Before: ${formatOpenSslTime(cert.notBefore)}`, `            Not After : ${formatOpenSslTime(cert.notAfter)}`);
  out.push(`        Subject: ${_nameLine(cert, 'subject')}`);
  out.push(..._publicKeyLines(cert));
  if (cert.issuerUniqueId) out.push('        Issuer Unique ID: ', _hexLines(cert.issuerUniqueId.bytes, 12, 18));
  if (cert.subjectUniqueId) out.push('        Subject Unique ID: ', _hexLines(cert.subjectUniqueId.bytes, 12, 18));
  if (cert.extensions.length > 0) {
    out.push('        X509v3 extensions:');
    cert.extensions.forEach((ext, i) => {
      let printed: string[];
      try {
        printed = printExtension(cert, i);
      } catch (e) {
        printed = [`${oidName(ext.oid) ?? ext.oid}:${ext.critical ? ' critical' : ''}`, `<unreadable: ${(e as Error).message}>`];
      }
      // OpenSSL leaves a blank after the colon of a non-critical heading; so do we.
      const [heading = '', ...body] = printed;
      out.push(`            ${heading}${ext.critical ? '' : ' '}`);
      for (const line of body) out.push(`                ${line}`);
    });
  }
  // OpenSSL's X509_signature_print: the name, then "Signature Value:", then any RSASSA-PSS
  // parameters (indented as the hex), then the hex.
  const [algLine = '', ...params] = _sigAlgLines(cert.rawSignatureAlgorithm, '        ');
  out.push('    ' + algLine.trimStart(), '    Signature Value:', ...params, _hexLines(cert.rawSignatureValue, 8, 18));
  return out.join('\n') + '\n';
}

function _nameLine(cert: Certificate, which: 'issuer' | 'subject'): string {
  try {
    return nameToOpenSslString(cert[which]);
  } catch (e) {
    return `<unreadable: ${(e as Error).message}>`;
  }
}
