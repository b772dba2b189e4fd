/**
 * certificatePolicies (RFC 5280 §4.2.1.4): the policies a certificate was issued under, with
 * CPS pointer and user notice qualifiers.
 *
 * Scope: decode, encode, format. Non-goals: policy processing (`src/path/policy.ts`).
 * @module
 */
import { Tag, decodeString, encodeString, type DerReader, type DerWriter } from '../../der/index';
import { CERTIFICATE_POLICY, POLICY_QUALIFIER } from '../../oid/index';
import { _decode, _encode, _fail, _readList, _writeList, type ExtensionCodec } from './_common';

/**
 * `NoticeReference ::= SEQUENCE { organization DisplayText, noticeNumbers SEQUENCE OF INTEGER }`
 * @example
 * ```ts
 * const ref: NoticeReference = { organization: 'Acme', noticeNumbers: [1] }
 * ```
 */
export interface NoticeReference {
  readonly organization: string;
  /** Tag of `organization` as received (default when encoding: UTF8String). */
  readonly organizationTag?: number;
  readonly noticeNumbers: readonly number[];
}

/**
 * One policy qualifier. Unknown qualifier ids are kept raw (the `qualifier` element).
 * @example
 * ```ts
 * const q: PolicyQualifier = { type: 'cps', uri: 'https://cps.example/' }
 * ```
 */
export type PolicyQualifier =
  | { readonly type: 'cps'; readonly uri: string }
  | { readonly type: 'userNotice'; readonly noticeRef?: NoticeReference; readonly explicitText?: string; readonly explicitTextTag?: number }
  | { readonly type: 'unknown'; readonly id: string; readonly raw: Uint8Array };

/**
 * One `PolicyInformation`.
 * @example
 * ```ts
 * const p: PolicyInformation = { policyIdentifier: CERTIFICATE_POLICY.domainValidated }
 * ```
 */
export interface PolicyInformation {
  readonly policyIdentifier: string;
  readonly qualifiers?: readonly PolicyQualifier[];
}

/**
 * The decoded certificatePolicies.
 * @example
 * ```ts
 * const cp: CertificatePolicies = [{ policyIdentifier: '2.5.29.32.0' }]
 * ```
 */
export type CertificatePolicies = readonly PolicyInformation[];

const _DISPLAY_TAGS: readonly number[] = [Tag.IA5_STRING, Tag.VISIBLE_STRING, Tag.BMP_STRING, Tag.UTF8_STRING];

function _readDisplayText(r: DerReader, what: string): { text: string; tag: number } {
  const t = r.readTlv();
  // DisplayText ::= CHOICE { ia5String, visibleString, bmpString, utf8String } (SIZE (1..200)).
  // RFC 5280 §4.2.1.4 asks relying parties to accept longer texts, so the size is not checked.
  if (!_DISPLAY_TAGS.includes(t.tag)) _fail('invalid-policy-qualifier', `${what} must be a DisplayText (IA5String, VisibleString, BMPString or UTF8String)`, t.offset);
  return { text: decodeString(t.tag, t.value, t.valueOffset, r.lenient), tag: t.tag };
}

function _writeDisplayText(w: DerWriter, text: string, tag: number | undefined, what: string): void {
  if (typeof text !== 'string') throw new TypeError(`${what} must be a string`);
  const tg = tag ?? Tag.UTF8_STRING; // RFC 5280 §4.2.1.4: SHOULD use UTF8String
  if (!_DISPLAY_TAGS.includes(tg)) throw new RangeError(`${what}: tag must be one of the DisplayText types`);
  if (text.length === 0 || [...text].length > 200) throw new RangeError(`${what} must have 1..200 characters (RFC 5280 §4.2.1.4)`);
  w.element(tg, encodeString(tg, text));
}

/**
 * Decodes certificatePolicies.
 *
 * ```asn1
 * certificatePolicies ::= SEQUENCE SIZE (1..MAX) OF PolicyInformation
 * PolicyInformation ::= SEQUENCE {
 *      policyIdentifier   CertPolicyId,
 *      policyQualifiers   SEQUENCE SIZE (1..MAX) OF PolicyQualifierInfo OPTIONAL }
 * PolicyQualifierInfo ::= SEQUENCE {
 *      policyQualifierId  PolicyQualifierId,
 *      qualifier          ANY DEFINED BY policyQualifierId }
 * CPSuri ::= IA5String
 * UserNotice ::= SEQUENCE { noticeRef NoticeReference OPTIONAL, explicitText DisplayText OPTIONAL }
 * ```
 * @throws ExtensionError `duplicate-policy` (§4.2.1.4: "A certificate policy OID MUST NOT appear
 * more than once"), `empty-sequence`, `invalid-policy-qualifier`; DerError.
 * @example
 * ```ts
 * decodeCertificatePolicies(der).map((p) => p.policyIdentifier)
 * ```
 */
export function decodeCertificatePolicies(value: Uint8Array, offsetBase = 0, lenient = false): CertificatePolicies {
  return _decode(value, offsetBase, lenient, 'certificatePolicies', (r) => {
    const seen = new Set<string>();
    return _readList(r, 'certificatePolicies', (s) => {
      const piAt = s.pos;
      const pi = s.enter(Tag.SEQUENCE, 'PolicyInformation');
      const policyIdentifier = pi.readOid('policyIdentifier');
      if (seen.has(policyIdentifier)) _fail('duplicate-policy', `policy ${policyIdentifier} appears more than once (RFC 5280 §4.2.1.4)`, piAt);
      seen.add(policyIdentifier);
      const info: { policyIdentifier: string; qualifiers?: PolicyQualifier[] } = { policyIdentifier };
      if (!pi.atEnd) info.qualifiers = _readList(pi, 'policyQualifiers', _readQualifier);
      pi.finish('PolicyInformation');
      return info;
    });
  });
}

function _readQualifier(qs: DerReader): PolicyQualifier {
  const q = qs.enter(Tag.SEQUENCE, 'PolicyQualifierInfo');
  const id = q.readOid('policyQualifierId');
  let out: PolicyQualifier;
  if (id === POLICY_QUALIFIER.cps) {
    const t = q.readTlv();
    if (t.tag !== Tag.IA5_STRING) _fail('invalid-policy-qualifier', 'a CPS qualifier must be an IA5String (CPSuri)', t.offset);
    out = { type: 'cps', uri: decodeString(t.tag, t.value, t.valueOffset) };
  } else if (id === POLICY_QUALIFIER.unotice) {
    const un = q.enter(Tag.SEQUENCE, 'UserNotice');
    const notice: { noticeRef?: NoticeReference; explicitText?: string; explicitTextTag?: number } = {};
    if (un.peekTag() === Tag.SEQUENCE) {
      const nr = un.enter(Tag.SEQUENCE, 'NoticeReference');
      const org = _readDisplayText(nr, 'organization');
      const nums = nr.enter(Tag.SEQUENCE, 'noticeNumbers');
      const noticeNumbers: number[] = [];
      while (!nums.atEnd) noticeNumbers.push(nums.readSmallInteger(Tag.INTEGER, 'noticeNumber'));
      nr.finish('NoticeReference');
      notice.noticeRef = { organization: org.text, organizationTag: org.tag, noticeNumbers };
    }
    if (!un.atEnd) {
      const et = _readDisplayText(un, 'explicitText');
      notice.explicitText = et.text;
      notice.explicitTextTag = et.tag;
    }
    un.finish('UserNotice');
    out = { type: 'userNotice', ...notice };
  } else {
    out = { type: 'unknown', id, raw: q.readTlv().raw };
  }
  q.finish('PolicyQualifierInfo');
  return out;
}

/**
 * Encodes certificatePolicies.
 * @throws ExtensionError `duplicate-policy`, `empty-sequence`; RangeError for a bad qualifier.
 * @example
 * ```ts
 * encodeCertificatePolicies([{ policyIdentifier: CERTIFICATE_POLICY.domainValidated }])
 * ```
 */
export function encodeCertificatePolicies(v: CertificatePolicies): Uint8Array {
  if (!Array.isArray(v)) throw new TypeError('certificatePolicies must be an array');
  const seen = new Set<string>();
  for (const p of v) {
    if (seen.has(p.policyIdentifier)) _fail('duplicate-policy', `policy ${p.policyIdentifier} given twice (RFC 5280 §4.2.1.4)`);
    seen.add(p.policyIdentifier);
  }
  return _encode((w) =>
    _writeList(w, v, 'certificatePolicies', (w, p) =>
      w.sequence((w) => {
        w.oid(p.policyIdentifier);
        if (p.qualifiers !== undefined) _writeList(w, p.qualifiers, 'policyQualifiers', _writeQualifier);
      }),
    ),
  );
}

function _writeQualifier(w: DerWriter, q: PolicyQualifier): void {
  w.sequence((w) => {
    if (q.type === 'cps') {
      w.oid(POLICY_QUALIFIER.cps);
      w.element(Tag.IA5_STRING, encodeString(Tag.IA5_STRING, q.uri));
    } else if (q.type === 'userNotice') {
      w.oid(POLICY_QUALIFIER.unotice);
      w.sequence((w) => {
        if (q.noticeRef !== undefined) {
          const nr = q.noticeRef;
          w.sequence((w) => {
            _writeDisplayText(w, nr.organization, nr.organizationTag, 'organization');
            w.sequence((w) => {
              for (const n of nr.noticeNumbers) w.integer(n);
            });
          });
        }
        if (q.explicitText !== undefined) _writeDisplayText(w, q.explicitText, q.explicitTextTag, 'explicitText');
      });
    } else if (q.type === 'unknown') {
      w.oid(q.id);
      w.raw(q.raw);
    } else throw new TypeError('policy qualifier type must be cps, userNotice or unknown');
  });
}

/**
 * OpenSSL's text (`Policy: 1.2.3`, `  CPS: http://...`, `  User Notice:` ...).
 * @example
 * ```ts
 * formatCertificatePolicies([{ policyIdentifier: '2.5.29.32.0' }]) // ['Policy: X509v3 Any Policy']
 * ```
 */
export function formatCertificatePolicies(v: CertificatePolicies): string[] {
  const out: string[] = [];
  for (const p of v) {
    out.push(`Policy: ${p.policyIdentifier === CERTIFICATE_POLICY.anyPolicy ? 'X509v3 Any Policy' : p.policyIdentifier}`);
    for (const q of p.qualifiers ?? []) {
      if (q.type === 'cps') out.push(`  CPS: ${q.uri}`);
      else if (q.type === 'userNotice') {
        out.push('  User Notice:');
        if (q.noticeRef !== undefined) {
          out.push(`    Organization: ${q.noticeRef.organization}`);
          out.push(`    Number${q.noticeRef.noticeNumbers.length > 1 ? 's' : ''}: ${q.noticeRef.noticeNumbers.join(', ')}`);
        }
        if (q.explicitText !== undefined) out.push(`    Explicit Text: ${q.explicitText}`);
      } else out.push(`  Unknown Qualifier: ${q.id}`);
    }
  }
  return out;
}

/**
 * The certificatePolicies codec.
 * @example
 * ```ts
 * certificatePoliciesCodec.decode(ext.value, ext.valueOffset, false)
 * ```
 */
export const certificatePoliciesCodec: ExtensionCodec<CertificatePolicies> = {
  // EXTENSION.certificatePolicies, written out so a parser bundles no OID table
  oid: '2.5.29.32',
  name: 'certificatePolicies',
  title: 'X509v3 Certificate Policies',
  defaultCritical: false,
  decode: decodeCertificatePolicies,
};
