/**
 * Building and writing general names (RFC 5280 §4.2.1.6): the checked constructors (`dns`,
 * `email`, `uri`, `ip`, `dn`, `upn`, `registeredId`) and the DER writers of one GeneralName and
 * of GeneralNames.
 *
 * Scope: the encoding side of `general-name.ts` (which reads them). Non-goals: reading,
 * formatting (`general-name-format.ts`), IDNA (internationalised names are given as A-labels).
 * @module
 */
import { DerWriter, Tag, contextTag, encodeString } from '../der/index';
import { formatIpAddress, parseIpAddress, _ipText, _UPN_OID, type GeneralName } from './general-name';
import { Name } from './name';
import { nameFrom, parseNameString, writeName, type NameInit } from './name-build';

// ---------------------------------------------------------------------------------------------
// Writing

function _ia5(s: string, what: string): Uint8Array {
  if (typeof s !== 'string') throw new TypeError(`${what} must be a string`);
  try {
    return encodeString(Tag.IA5_STRING, s);
  } catch (e) {
    throw new RangeError(`${what} ${JSON.stringify(s)} is not ASCII (IA5String, RFC 5280 §4.2.1.6)`, { cause: e });
  }
}

/**
 * Writes one GeneralName. An `ip` with a `mask` is written in the name-constraints form
 * (address then mask).
 * @throws TypeError/RangeError for a value the choice cannot hold.
 * @example
 * ```ts
 * const der = encodeDer((w) => writeGeneralName(w, dns('example.com')));
 * ```
 */
export function writeGeneralName(w: DerWriter, gn: GeneralName): void {
  if (gn === null || typeof gn !== 'object') throw new TypeError('GeneralName must be an object');
  switch (gn.type) {
    case 'otherName':
      w.constructed(contextTag(0, true), (w) => {
        w.oid(gn.typeId);
        w.explicit(0, (w) => w.raw(gn.value));
      });
      return;
    case 'email':
      w.element(contextTag(1), _ia5(gn.value, 'rfc822Name'));
      return;
    case 'dns':
      w.element(contextTag(2), _ia5(gn.value, 'dNSName'));
      return;
    case 'x400':
    case 'ediParty':
      w.raw(gn.raw);
      return;
    case 'dn':
      if (!(gn.value instanceof Name)) throw new TypeError('directoryName value must be a Name');
      w.explicit(4, (w) => writeName(w, gn.value));
      return;
    case 'uri':
      w.element(contextTag(6), _ia5(gn.value, 'URI'));
      return;
    case 'ip': {
      const n = gn.value.length;
      if (n !== 4 && n !== 16) throw new RangeError(`IP address must be 4 or 16 octets, got ${n}`);
      if (gn.mask !== undefined) {
        if (gn.mask.length !== n) throw new RangeError('IP mask must have as many octets as the address');
        const both = new Uint8Array(2 * n);
        both.set(gn.value);
        both.set(gn.mask, n);
        w.element(contextTag(7), both);
      } else w.element(contextTag(7), gn.value);
      return;
    }
    case 'registeredId':
      w.element(contextTag(8), _oidContents(gn.value));
      return;
    default:
      throw new TypeError(`unknown GeneralName type '${(gn as { type: unknown }).type}'`);
  }
}

function _oidContents(oid: string): Uint8Array {
  const w = new DerWriter();
  w.oid(oid);
  const der = w.finish();
  return der.subarray(2); // OIDs certkit writes are far shorter than 128 octets: 1-octet length
}

/**
 * Writes `GeneralNames ::= SEQUENCE SIZE (1..MAX) OF GeneralName` (`tag` for IMPLICIT tagging).
 * @throws RangeError for an empty list.
 * @example
 * ```ts
 * const der = encodeDer((w) => writeGeneralNames(w, [dns('a.example'), ip('10.0.0.1')]));
 * ```
 */
export function writeGeneralNames(w: DerWriter, names: readonly GeneralName[], tag: number = Tag.SEQUENCE): void {
  if (!Array.isArray(names)) throw new TypeError('GeneralNames must be an array');
  if (names.length === 0) throw new RangeError('GeneralNames needs at least one name (SIZE (1..MAX))');
  w.constructed(tag, (w) => {
    for (const gn of names) writeGeneralName(w, gn);
  });
}

// ---------------------------------------------------------------------------------------------
// Helpers

/**
 * A dNSName, checked: ASCII letters, digits, `-`, `_` in labels of 1–63 characters, at most 253
 * characters, an optional `*` as the whole leftmost label (wildcard), no trailing dot.
 * Internationalised names must be given in their A-label (`xn--`) form.
 * @throws RangeError for anything else.
 * @example
 * ```ts
 * dns('example.com') // { type: 'dns', value: 'example.com' }
 * ```
 */
export function dns(name: string): GeneralName {
  if (typeof name !== 'string') throw new TypeError('DNS name must be a string');
  if (name.length === 0 || name.length > 253) throw new RangeError(`DNS name must have 1..253 characters, got ${name.length}`);
  const labels = name.split('.');
  labels.forEach((l, i) => {
    if (i === 0 && l === '*' && labels.length > 1) return;
    if (!/^[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$/.test(l)) {
      throw new RangeError(`DNS name '${name}' has an invalid label '${l}' (RFC 1034 §3.5 preferred syntax; use the A-label form for IDNs)`);
    }
  });
  return { type: 'dns', value: name };
}

/**
 * An rfc822Name (`local@domain`, ASCII; RFC 5280 §4.2.1.6). For a name constraint, a bare
 * domain or `.domain` is accepted too.
 * @throws RangeError for a value that is empty or not ASCII.
 * @example
 * ```ts
 * email('jane@example.com')
 * ```
 */
export function email(address: string): GeneralName {
  if (typeof address !== 'string') throw new TypeError('email address must be a string');
  if (!/^[\x21-\x7e]+$/.test(address)) throw new RangeError(`email address ${JSON.stringify(address)} must be non-empty printable ASCII (RFC 5280 §4.2.1.6)`);
  if ((address.match(/@/g) ?? []).length > 1) throw new RangeError(`email address '${address}' has more than one '@'`);
  return { type: 'email', value: address };
}

/**
 * A uniformResourceIdentifier: an absolute URI (RFC 3986 §4.3, RFC 5280 §4.2.1.6), ASCII.
 * @throws RangeError for a relative or non-ASCII URI.
 * @example
 * ```ts
 * uri('http://crl.example.com/root.crl')
 * ```
 */
export function uri(value: string): GeneralName {
  if (typeof value !== 'string') throw new TypeError('URI must be a string');
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:[\x21-\x7e]*$/.test(value)) throw new RangeError(`'${value}' is not an absolute ASCII URI (RFC 5280 §4.2.1.6)`);
  return { type: 'uri', value };
}

/**
 * An iPAddress from text: `10.0.0.1`, `::1`, or with a prefix length (`10.0.0.0/8`,
 * `2001:db8::/32`) for name constraints (RFC 5280 §4.2.1.10).
 * @throws RangeError for a malformed address or prefix.
 * @example
 * ```ts
 * ip('192.0.2.1'); ip('10.0.0.0/8').mask // Uint8Array [255, 0, 0, 0]
 * ```
 */
export function ip(text: string): GeneralName {
  if (typeof text !== 'string') throw new TypeError('IP address must be a string');
  const slash = text.indexOf('/');
  if (slash < 0) {
    const value = parseIpAddress(text);
    return { type: 'ip', value, text: formatIpAddress(value) };
  }
  const value = parseIpAddress(text.slice(0, slash));
  const ps = text.slice(slash + 1);
  const bits = value.length * 8;
  if (!/^(0|[1-9][0-9]{0,2})$/.test(ps) || Number(ps) > bits) throw new RangeError(`prefix length '${ps}' must be 0..${bits}`);
  const p = Number(ps);
  const mask = new Uint8Array(value.length);
  for (let i = 0; i < p; i++) mask[i >> 3]! |= 0x80 >> (i & 7);
  const masked = value.map((b, i) => b & mask[i]!);
  return { type: 'ip', value: masked, mask, text: _ipText(masked, mask) };
}

/**
 * A directoryName from a Name, an RFC 4514 string or a {@link nameFrom} object.
 * @example
 * ```ts
 * dn('CN=Jane,O=Acme')
 * ```
 */
export function dn(name: Name | string | NameInit): GeneralName {
  const value = name instanceof Name ? name : typeof name === 'string' ? parseNameString(name) : nameFrom(name);
  return { type: 'dn', value };
}

/**
 * A Microsoft user principal name otherName (`1.3.6.1.4.1.311.20.2.3`, UTF8String).
 * @example
 * ```ts
 * upn('jane@corp.example')
 * ```
 */
export function upn(name: string): GeneralName {
  if (typeof name !== 'string' || name.length === 0) throw new RangeError('UPN must be a non-empty string');
  const w = new DerWriter();
  w.utf8(name);
  return { type: 'otherName', typeId: _UPN_OID, value: w.finish(), upn: name };
}

/**
 * A registeredID.
 * @example
 * ```ts
 * registeredId('1.2.3.4')
 * ```
 */
export function registeredId(oid: string): GeneralName {
  if (typeof oid !== 'string' || !/^[0-2](\.(0|[1-9][0-9]*))+$/.test(oid)) throw new RangeError(`'${oid}' is not a dotted OID`);
  return { type: 'registeredId', value: oid };
}
