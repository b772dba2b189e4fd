/**
 * The extension layer's public face: the `Extension` record, decoding by name or OID through the
 * codec registry (`registry.ts`), the Extensions list reader/writer shared by certificates, CSRs
 * and CRLs; encoding (`encode.ts`) and OpenSSL-style formatting (`format.ts`) are re-exported.
 * Each codec (one file per extension) carries only its decoder, so that a parser importing one
 * codec bundles neither the DER writer nor the formatters.
 *
 * Scope: every extension RFC 5280 defines for certificates (§4.2) and CRLs (§5.2, §5.3), plus
 * OCSP no-check, TLS feature, SCT lists and privateKeyUsagePeriod; unknown extensions stay raw
 * with their critical flag. Non-goals: deciding what a critical unknown extension means (path
 * validation refuses it, RFC 5280 §4.2).
 * @module
 */
import { Tag, withPath, type DerReader, type DerWriter } from '../../der/index';
import { oidName } from '../../oid/index';
import { _fail } from './_common';
import { encodeExtensionValue } from './encode';
import { _codecOf, extensionCodec } from './registry';
import type { AuthorityInfoAccess } from './authority-info-access';
import type { AuthorityKeyIdentifier } from './authority-key-identifier';
import type { BasicConstraints } from './basic-constraints';
import type { CertificateIssuer } from './certificate-issuer';
import type { CertificatePolicies } from './certificate-policies';
import type { CrlDistributionPoints } from './crl-distribution-points';
import type { CrlNumber } from './crl-number';
import type { DeltaCrlIndicator } from './delta-crl-indicator';
import type { ExtKeyUsage } from './ext-key-usage';
import type { FreshestCrl } from './freshest-crl';
import type { HoldInstructionCode } from './hold-instruction-code';
import type { InhibitAnyPolicy } from './inhibit-any-policy';
import type { InvalidityDate } from './invalidity-date';
import type { IssuerAltName } from './issuer-alt-name';
import type { IssuingDistributionPoint } from './issuing-distribution-point';
import type { KeyUsage } from './key-usage';
import type { NameConstraints } from './name-constraints';
import type { OcspNoCheck } from './ocsp-no-check';
import type { PolicyConstraints } from './policy-constraints';
import type { PolicyMappings } from './policy-mappings';
import type { PrivateKeyUsagePeriod } from './private-key-usage-period';
import type { CrlReason } from './reason-code';
import type { SignedCertificateTimestampList } from './signed-certificate-timestamps';
import type { SubjectAltName } from './subject-alt-name';
import type { SubjectInfoAccess } from './subject-info-access';
import type { SubjectKeyIdentifier } from './subject-key-identifier';
import type { TlsFeature } from './tls-feature';
export { ExtensionError, type ExtensionCodec, type ExtensionErrorCode } from './_common';
export { encodeExtensionValue } from './encode';
export { formatExtensionValue, formatExtension } from './format';
export { extensionCodec } from './registry';
export { type AccessDescription, type AuthorityInfoAccess, decodeAuthorityInfoAccess, encodeAuthorityInfoAccess, formatAuthorityInfoAccess, authorityInfoAccessCodec } from './authority-info-access';
export * from './authority-key-identifier';
export * from './basic-constraints';
export * from './certificate-issuer';
export * from './certificate-policies';
export {
  REASON_FLAGS,
  type ReasonFlag,
  type DistributionPointName,
  type DistributionPoint,
  type CrlDistributionPoints,
  decodeCrlDistributionPoints,
  encodeCrlDistributionPoints,
  formatCrlDistributionPoints,
  crlDistributionPointsCodec,
} from './crl-distribution-points';
export { type CrlNumber, decodeCrlNumber, encodeCrlNumber, formatCrlNumber, crlNumberCodec } from './crl-number';
export * from './delta-crl-indicator';
export * from './ext-key-usage';
export * from './freshest-crl';
export * from './hold-instruction-code';
export * from './inhibit-any-policy';
export * from './invalidity-date';
export * from './issuer-alt-name';
export * from './issuing-distribution-point';
export * from './key-usage';
export * from './name-constraints';
export * from './ocsp-no-check';
export * from './policy-constraints';
export * from './policy-mappings';
export * from './private-key-usage-period';
export * from './reason-code';
export * from './signed-certificate-timestamps';
export * from './subject-alt-name';
export * from './subject-info-access';
export * from './subject-key-identifier';
export * from './tls-feature';

/**
 * One extension as carried in a certificate, CSR or CRL (RFC 5280 §4.1):
 *
 * ```asn1
 * Extension  ::=  SEQUENCE  {
 *      extnID      OBJECT IDENTIFIER,
 *      critical    BOOLEAN DEFAULT FALSE,
 *      extnValue   OCTET STRING }
 * ```
 * @example
 * ```ts
 * const ext: Extension = { oid: '2.5.29.19', critical: true, value: encodeBasicConstraints({ cA: true }) }
 * ```
 */
export interface Extension {
  /** `extnID`, dotted. */
  readonly oid: string;
  /** `critical` (`false` when absent). */
  readonly critical: boolean;
  /** The contents of `extnValue` (the DER of the extension's own syntax). */
  readonly value: Uint8Array;
  /** Absolute offset of `value[0]` in the parsed buffer, when known (for error offsets). */
  readonly valueOffset?: number;
}

/**
 * Typed values of every known extension, by ASN.1 name.
 * @example
 * ```ts
 * const v: ExtensionValues['keyUsage'] = ['keyCertSign', 'cRLSign']
 * ```
 */
export interface ExtensionValues {
  basicConstraints: BasicConstraints;
  keyUsage: KeyUsage;
  extKeyUsage: ExtKeyUsage;
  subjectAltName: SubjectAltName;
  issuerAltName: IssuerAltName;
  authorityKeyIdentifier: AuthorityKeyIdentifier;
  subjectKeyIdentifier: SubjectKeyIdentifier;
  cRLDistributionPoints: CrlDistributionPoints;
  freshestCRL: FreshestCrl;
  authorityInfoAccess: AuthorityInfoAccess;
  subjectInfoAccess: SubjectInfoAccess;
  certificatePolicies: CertificatePolicies;
  policyMappings: PolicyMappings;
  nameConstraints: NameConstraints;
  policyConstraints: PolicyConstraints;
  inhibitAnyPolicy: InhibitAnyPolicy;
  ocspNoCheck: OcspNoCheck;
  tlsFeature: TlsFeature;
  signedCertificateTimestampList: SignedCertificateTimestampList;
  privateKeyUsagePeriod: PrivateKeyUsagePeriod;
  cRLNumber: CrlNumber;
  deltaCRLIndicator: DeltaCrlIndicator;
  issuingDistributionPoint: IssuingDistributionPoint;
  reasonCode: CrlReason;
  invalidityDate: InvalidityDate;
  certificateIssuer: CertificateIssuer;
  holdInstructionCode: HoldInstructionCode;
}

/**
 * ASN.1 name of a known extension.
 * @example
 * ```ts
 * const n: ExtensionName = 'subjectAltName'
 * ```
 */
export type ExtensionName = keyof ExtensionValues;

/**
 * A decoded extension: typed for known OIDs, raw for the others.
 * @example
 * ```ts
 * const d: DecodedExtension = decodeExtension(ext); if (d.name === 'unknown') console.log(d.raw)
 * ```
 */
export type DecodedExtension =
  | { [K in ExtensionName]: { readonly oid: string; readonly critical: boolean; readonly name: K; readonly value: ExtensionValues[K] } }[ExtensionName]
  | { readonly oid: string; readonly critical: boolean; readonly name: 'unknown'; readonly raw: Uint8Array };

/**
 * Decodes an extension's value with its codec. Unknown OIDs give `{ name: 'unknown', raw }`.
 * Errors carry the offset in the caller's buffer when `ext.valueOffset` (or `offsetBase`) is given.
 * @throws ExtensionError, NameError, DerError from the codec.
 * @example
 * ```ts
 * const d = decodeExtension(ext);
 * if (d.name === 'basicConstraints' && d.value.cA) ...
 * ```
 */
export function decodeExtension(ext: Extension, lenient = false, offsetBase = ext.valueOffset ?? 0): DecodedExtension {
  if (ext === null || typeof ext !== 'object' || !(ext.value instanceof Uint8Array)) throw new TypeError('decodeExtension expects { oid, critical, value: Uint8Array }');
  const codec = _codecOf(ext.oid);
  if (codec === undefined) return { oid: ext.oid, critical: ext.critical, name: 'unknown', raw: ext.value };
  const value = codec.decode(ext.value, offsetBase, lenient);
  return { oid: ext.oid, critical: ext.critical, name: codec.name, value } as DecodedExtension;
}

/**
 * Builds an Extension record from a typed value; `critical` defaults to what RFC 5280 asks
 * (the codec's `defaultCritical`).
 * @throws RangeError for an unknown name; the codec's errors for a bad value.
 * @example
 * ```ts
 * makeExtension('basicConstraints', { cA: true, pathLenConstraint: 0 })
 * makeExtension('subjectAltName', [dns('example.com')], false)
 * ```
 */
export function makeExtension<K extends ExtensionName>(name: K, value: ExtensionValues[K], critical?: boolean): Extension {
  const codec = extensionCodec(name as string);
  if (codec === undefined) throw new RangeError(`unknown extension '${String(name)}'`);
  return { oid: codec.oid, critical: critical ?? codec.defaultCritical, value: encodeExtensionValue(codec, value) };
}

/**
 * Reads `Extensions ::= SEQUENCE SIZE (1..MAX) OF Extension` (RFC 5280 §4.1) from the reader's
 * next element, with `critical FALSE` refused in strict mode (X.690 §11.5) and duplicate OIDs
 * refused (§4.2: "A certificate MUST NOT include more than one instance of a particular
 * extension"). `valueOffset` of each record is absolute in the reader's buffer.
 * @throws ExtensionError `empty-sequence`, `duplicate-extension`; DerError.
 * @example
 * ```ts
 * const exts = parseExtensions(r); // CSR extensionRequest, CRL crlExtensions, ...
 * ```
 */
export function parseExtensions(r: DerReader, tag: number = Tag.SEQUENCE): Extension[] {
  const at = r.pos;
  const s = r.enter(tag, 'Extensions');
  const out: Extension[] = [];
  const seen = new Set<string>();
  while (!s.atEnd) {
    const i = out.length;
    out.push(
      withPath(`[${i}]`, () => {
        const eAt = s.pos;
        const e = s.enter(Tag.SEQUENCE, 'Extension');
        const oid = withPath('extnID', () => e.readOid('extnID'));
        if (seen.has(oid)) _fail('duplicate-extension', `extension ${oidName(oid) ?? oid} appears more than once (RFC 5280 §4.2)`, eAt);
        seen.add(oid);
        const critical = withPath('critical', () => e.readDefaultBoolean(false, Tag.BOOLEAN, 'critical'));
        const v = withPath('extnValue', () => e.read(Tag.OCTET_STRING, 'extnValue'));
        e.finish('Extension');
        return { oid, critical, value: v.value, valueOffset: v.valueOffset };
      }),
    );
  }
  if (out.length === 0) _fail('empty-sequence', 'Extensions must hold at least one extension (SIZE (1..MAX))', at);
  return out;
}

/**
 * Writes `Extensions ::= SEQUENCE SIZE (1..MAX) OF Extension` (`critical` only when TRUE).
 * @throws ExtensionError `duplicate-extension`, `empty-sequence`.
 * @example
 * ```ts
 * w.explicit(3, (w) => writeExtensions(w, exts)); // TBSCertificate extensions [3]
 * ```
 */
export function writeExtensions(w: DerWriter, exts: readonly Extension[], tag: number = Tag.SEQUENCE): void {
  if (!Array.isArray(exts)) throw new TypeError('extensions must be an array');
  if (exts.length === 0) _fail('empty-sequence', 'Extensions must hold at least one extension; leave the field out instead');
  const seen = new Set<string>();
  for (const e of exts) {
    if (seen.has(e.oid)) _fail('duplicate-extension', `extension ${oidName(e.oid) ?? e.oid} given twice (RFC 5280 §4.2)`);
    seen.add(e.oid);
  }
  w.constructed(tag, (w) => {
    for (const e of exts) {
      w.sequence((w) => {
        w.oid(e.oid);
        if (e.critical) w.boolean(true);
        w.octetString(e.value);
      });
    }
  });
}

/**
 * The first extension with this OID or ASN.1 name, or `undefined`.
 * @example
 * ```ts
 * findExtension(cert.extensions, 'subjectAltName')
 * ```
 */
export function findExtension<E extends Extension>(exts: readonly E[], nameOrOid: string): E | undefined {
  const oid = extensionCodec(nameOrOid)?.oid ?? nameOrOid;
  return exts.find((e) => e.oid === oid);
}

/**
 * The typed value of an extension in a list, or `undefined` when absent.
 * @throws the codec's errors when the extension is malformed.
 * @example
 * ```ts
 * getExtensionValue(exts, 'basicConstraints')?.cA
 * ```
 */
export function getExtensionValue<K extends ExtensionName>(exts: readonly Extension[], name: K, lenient = false): ExtensionValues[K] | undefined {
  const codec = extensionCodec(name);
  const e = exts.find((x) => x.oid === codec.oid);
  if (e === undefined) return undefined;
  return codec.decode(e.value, e.valueOffset ?? 0, lenient);
}

/**
 * Context tag of the certificate's `[3] EXPLICIT Extensions` (RFC 5280 §4.1).
 * @example
 * ```ts
 * r.enter(EXTENSIONS_TAG) // the certificate's [3] EXPLICIT Extensions
 * ```
 */
export const EXTENSIONS_TAG = 0xa3;
