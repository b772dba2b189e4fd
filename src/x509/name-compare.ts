/**
 * Name comparison (RFC 5280 §7.1): {@link nameEquals} and {@link nameCanonicalKey}, the key
 * path building indexes issuers by.
 *
 * Scope: equal encodings, or the same RDN structure with, per attribute, the same type and values
 * equal after normalisation (Unicode NFKC, lower case, leading and trailing whitespace removed,
 * inner whitespace runs folded to one space). Every string type is compared by its text,
 * whatever its tag; values that are not strings by their encoding. Attributes of a
 * multi-valued RDN match in any order.
 * Non-goals: the full LDAP StringPrep profile (RFC 4518): NFKC, case and whitespace folding
 * cover the mapping and insignificant-space steps for the names certificates carry, but not
 * prohibited-character checks or bidi rules.
 * @module
 */
import { toHex } from '../der/index';
import { Name, type AttributeTypeAndValue } from './name';

function _canonValue(a: AttributeTypeAndValue): string {
  if (a.value === undefined) return `#${toHex(a.rawValue)}`;
  // RFC 5280 §7.1 / RFC 4518: map (NFKC), case fold, insignificant space handling.
  return `'${a.value.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim()}`;
}

/**
 * A string such that `nameEquals(a, b)` exactly when `nameCanonicalKey(a) === nameCanonicalKey(b)`,
 * to index names in a `Map` (issuer lookup in path building). Computed once per name.
 * @example
 * ```ts
 * const bySubject = new Map(certs.map((c) => [nameCanonicalKey(c.subject), c]));
 * ```
 */
export function nameCanonicalKey(name: Name): string {
  if (name._key !== undefined) return name._key;
  const rdnKeys = name.rdns.map((rdn) =>
    rdn
      .map((a) => JSON.stringify([a.type, _canonValue(a)]))
      .sort()
      .join('+'),
  );
  return (name._key = `[${rdnKeys.join(',')}]`);
}

/**
 * RFC 5280 §7.1 comparison: equal bytes, or equal {@link nameCanonicalKey}s.
 * @throws TypeError when either argument is not a Name.
 * @example
 * ```ts
 * nameEquals(parseNameString('CN=Foo  Bar'), parseNameString('cn= foo bar')) // true
 * ```
 */
export function nameEquals(a: Name, b: Name): boolean {
  if (!(a instanceof Name) || !(b instanceof Name)) throw new TypeError('nameEquals expects two Names');
  if (a === b) return true;
  const x = a.raw;
  const y = b.raw;
  if (x.length === y.length) {
    let i = 0;
    while (i < x.length && x[i] === y[i]) i++;
    if (i === x.length) return true;
  }
  return nameCanonicalKey(a) === nameCanonicalKey(b);
}
