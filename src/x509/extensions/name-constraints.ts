/**
 * nameConstraints (RFC 5280 §4.2.1.10): the name space of certificates below a CA.
 *
 * Scope: decode, encode, format. iPAddress bases are read in the address+mask form.
 * Non-goals: matching names against constraints (`src/path/name-constraints.ts`).
 * @module
 */
import { Tag, contextTag, type DerReader, type DerWriter } from '../../der/index';
import { parseGeneralName, type GeneralName } from '../general-name';
import { writeGeneralName } from '../general-name-build';
import { formatGeneralName } from '../general-name-format';
import { _decode, _encode, _fail, _readList, _readSomeOf, _writeList, type ExtensionCodec } from './_common';

/**
 * One `GeneralSubtree`.
 * @example
 * ```ts
 * const st: GeneralSubtree = { base: ip('10.0.0.0/8') }
 * ```
 */
export interface GeneralSubtree {
  readonly base: GeneralName;
  /** `minimum`, 0 when absent (DEFAULT 0). */
  readonly minimum?: number;
  /** `maximum`, when present. */
  readonly maximum?: number;
}

/**
 * The decoded nameConstraints.
 * @example
 * ```ts
 * const nc: NameConstraints = { permitted: [{ base: { type: 'dns', value: '.example.com' } }] }
 * ```
 */
export interface NameConstraints {
  readonly permitted?: readonly GeneralSubtree[];
  readonly excluded?: readonly GeneralSubtree[];
}

function _readSubtrees(r: DerReader, tag: number, what: string): GeneralSubtree[] {
  return _readList(
    r,
    what,
    (s) => {
      const stAt = s.pos;
      const st = s.enter(Tag.SEQUENCE, 'GeneralSubtree');
      const base = parseGeneralName(st, { context: 'constraint' });
      const sub: { base: GeneralName; minimum?: number; maximum?: number } = { base };
      const minT = st.peekTag() === contextTag(0) ? st.pos : -1;
      if (minT >= 0) {
        const min = st.readSmallInteger(contextTag(0), 'minimum');
        // X.690 §11.5: the DEFAULT value 0 is not encoded.
        if (min === 0 && !r.lenient) _fail('invalid-general-subtree', 'minimum is encoded with its DEFAULT value 0 (X.690 §11.5)', minT);
        sub.minimum = min;
      }
      if (st.peekTag() === contextTag(1)) sub.maximum = st.readSmallInteger(contextTag(1), 'maximum');
      st.finish('GeneralSubtree');
      // RFC 5280 §4.2.1.10: "the minimum MUST be zero, and maximum MUST be absent".
      if (!r.lenient && ((sub.minimum ?? 0) !== 0 || sub.maximum !== undefined)) {
        _fail('invalid-general-subtree', 'GeneralSubtree minimum must be 0 and maximum absent (RFC 5280 §4.2.1.10)', stAt);
      }
      return sub;
    },
    tag,
  );
}

function _writeSubtrees(w: DerWriter, tag: number, v: readonly GeneralSubtree[], what: string): void {
  _writeList(
    w,
    v,
    what,
    (w, st) =>
      w.sequence((w) => {
        writeGeneralName(w, st.base);
        if (st.minimum !== undefined && st.minimum !== 0) w.integer(st.minimum, contextTag(0));
        if (st.maximum !== undefined) w.integer(st.maximum, contextTag(1));
      }),
    tag,
  );
}

/**
 * Decodes nameConstraints.
 *
 * ```asn1
 * NameConstraints ::= SEQUENCE {
 *      permittedSubtrees       [0]     GeneralSubtrees OPTIONAL,
 *      excludedSubtrees        [1]     GeneralSubtrees OPTIONAL }
 * GeneralSubtrees ::= SEQUENCE SIZE (1..MAX) OF GeneralSubtree
 * GeneralSubtree ::= SEQUENCE {
 *      base                    GeneralName,
 *      minimum         [0]     BaseDistance DEFAULT 0,
 *      maximum         [1]     BaseDistance OPTIONAL }
 * ```
 * @throws ExtensionError `empty-name-constraints` (§4.2.1.10: permitted or excluded MUST be
 * present), `empty-sequence`, `invalid-general-subtree` (strict mode); NameError, DerError.
 * @example
 * ```ts
 * decodeNameConstraints(der).permitted?.map((s) => s.base)
 * ```
 */
export function decodeNameConstraints(value: Uint8Array, offsetBase = 0, lenient = false): NameConstraints {
  return _decode(value, offsetBase, lenient, 'nameConstraints', (r) => {
    return _readSomeOf(
      r,
      'NameConstraints',
      (s) => {
        const out: { permitted?: GeneralSubtree[]; excluded?: GeneralSubtree[] } = {};
        if (s.peekTag() === contextTag(0, true)) out.permitted = _readSubtrees(s, contextTag(0, true), 'permittedSubtrees');
        if (s.peekTag() === contextTag(1, true)) out.excluded = _readSubtrees(s, contextTag(1, true), 'excludedSubtrees');
        return out;
      },
      'empty-name-constraints',
      'nameConstraints needs permittedSubtrees or excludedSubtrees (RFC 5280 §4.2.1.10)',
    );
  });
}

/**
 * Encodes nameConstraints. IP bases need a `mask` (use `ip('10.0.0.0/8')`).
 * @throws ExtensionError `empty-name-constraints`, `empty-sequence`; RangeError for an IP base
 * without a mask.
 * @example
 * ```ts
 * encodeNameConstraints({ permitted: [{ base: { type: 'dns', value: '.example.com' } }] })
 * ```
 */
export function encodeNameConstraints(v: NameConstraints): Uint8Array {
  if (v === null || typeof v !== 'object') throw new TypeError('nameConstraints must be an object');
  if (v.permitted === undefined && v.excluded === undefined) _fail('empty-name-constraints', 'give permitted or excluded subtrees (RFC 5280 §4.2.1.10)');
  for (const st of [...(v.permitted ?? []), ...(v.excluded ?? [])]) {
    if (st.base.type === 'ip' && st.base.mask === undefined) throw new RangeError('an iPAddress name constraint needs a mask (RFC 5280 §4.2.1.10); use ip("10.0.0.0/8")');
  }
  return _encode((w) =>
    w.sequence((w) => {
      if (v.permitted !== undefined) _writeSubtrees(w, contextTag(0, true), v.permitted, 'permittedSubtrees');
      if (v.excluded !== undefined) _writeSubtrees(w, contextTag(1, true), v.excluded, 'excludedSubtrees');
    }),
  );
}

/**
 * OpenSSL's text (`Permitted:` / `  DNS:.example.com` / `Excluded:` ...).
 * @example
 * ```ts
 * formatNameConstraints({ permitted: [{ base: { type: 'dns', value: 'x' } }] }) // ['Permitted:', '  DNS:x']
 * ```
 */
export function formatNameConstraints(v: NameConstraints): string[] {
  const out: string[] = [];
  if (v.permitted !== undefined) out.push('Permitted:', ...v.permitted.map((s) => `  ${formatGeneralName(s.base, 'print')}`));
  if (v.excluded !== undefined) out.push('Excluded:', ...v.excluded.map((s) => `  ${formatGeneralName(s.base, 'print')}`));
  return out;
}

/**
 * The nameConstraints codec (MUST be critical, §4.2.1.10).
 * @example
 * ```ts
 * nameConstraintsCodec.decode(ext.value, ext.valueOffset, false)
 * ```
 */
export const nameConstraintsCodec: ExtensionCodec<NameConstraints> = {
  // EXTENSION.nameConstraints, written out so a parser bundles no OID table
  oid: '2.5.29.30',
  name: 'nameConstraints',
  title: 'X509v3 Name Constraints',
  defaultCritical: true,
  decode: decodeNameConstraints,
};
