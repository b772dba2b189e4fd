/**
 * The attribute types of distinguished names (X.520, RFC 4519, RFC 2985, the CA/B EV
 * Guidelines): their dotted OIDs, RFC 4514 names, OpenSSL's short names, the string syntax a
 * builder uses and the RFC 5280 Appendix A upper bounds.
 *
 * Scope: lookups both ways, built on first use (no import-time work).
 * Non-goals: the string forms of whole names (`name.ts`, `name-format.ts`) and building values
 * (`name-build.ts`).
 * @module
 */

/** How a builder encodes a value of an attribute type. */
type _Syntax = 'dir' | 'printable' | 'ia5' | 'country' | 'raw';

export interface _AttrInfo {
  oid: string;
  /** Name used in RFC 4514 output (§3 table or a registered LDAP descriptor). */
  ldap: string;
  /** OpenSSL's short name (`OBJ_nid2sn`), used by the one-line form; `ldap` when absent. */
  ossl?: string;
  /** How a builder encodes a string value; `dir` (DirectoryString) when absent. */
  syntax?: _Syntax;
  /** RFC 5280 Appendix A upper bound, when there is one. */
  max?: number;
  /** Extra names accepted by the parsers and builders (case-insensitive). */
  aliases?: string[];
}

let _attrsByOid: Map<string, _AttrInfo> | undefined;
let _attrsByName: Map<string, _AttrInfo> | undefined;

export function _attrTable(): Map<string, _AttrInfo> {
  if (_attrsByOid !== undefined) return _attrsByOid;
  // X.520 attribute types (id-at = 2.5.4), RFC 5280 Appendix A.1 upper bounds, RFC 4514 §3 names
  // (CN L ST O OU C STREET DC UID) and IANA-registered LDAP descriptors for the rest.
  const list: _AttrInfo[] = [
    { oid: '2.5.4.3', ldap: 'CN', max: 64, aliases: ['commonName'] },
    { oid: '2.5.4.4', ldap: 'SN', max: 40, aliases: ['surname'] },
    { oid: '2.5.4.5', ldap: 'serialNumber', syntax: 'printable', max: 64 },
    { oid: '2.5.4.6', ldap: 'C', syntax: 'country', aliases: ['countryName'] },
    { oid: '2.5.4.7', ldap: 'L', max: 128, aliases: ['localityName'] },
    { oid: '2.5.4.8', ldap: 'ST', max: 128, aliases: ['stateOrProvinceName', 'S'] },
    { oid: '2.5.4.9', ldap: 'STREET', ossl: 'street', aliases: ['streetAddress'] },
    { oid: '2.5.4.10', ldap: 'O', max: 64, aliases: ['organizationName'] },
    { oid: '2.5.4.11', ldap: 'OU', max: 64, aliases: ['organizationalUnitName'] },
    { oid: '2.5.4.12', ldap: 'title', max: 64 },
    { oid: '2.5.4.13', ldap: 'description' },
    { oid: '2.5.4.15', ldap: 'businessCategory' },
    { oid: '2.5.4.17', ldap: 'postalCode', max: 40 },
    { oid: '2.5.4.18', ldap: 'postOfficeBox', max: 40 },
    { oid: '2.5.4.20', ldap: 'telephoneNumber', syntax: 'printable', max: 32 },
    { oid: '2.5.4.41', ldap: 'name', max: 32768 },
    { oid: '2.5.4.42', ldap: 'GN', max: 16, aliases: ['givenName'] },
    { oid: '2.5.4.43', ldap: 'initials', max: 5 },
    { oid: '2.5.4.44', ldap: 'generationQualifier', max: 3 },
    { oid: '2.5.4.46', ldap: 'dnQualifier', syntax: 'printable' },
    { oid: '2.5.4.65', ldap: 'pseudonym', max: 128 },
    { oid: '2.5.4.72', ldap: 'role' },
    { oid: '2.5.4.97', ldap: 'organizationIdentifier' },
    // RFC 2985 §5.2.1 (legacy in subjects, RFC 5280 §4.1.2.6); IA5String, ub 255
    { oid: '1.2.840.113549.1.9.1', ldap: 'emailAddress', syntax: 'ia5', max: 255, aliases: ['E', 'email'] },
    { oid: '1.2.840.113549.1.9.2', ldap: 'unstructuredName', syntax: 'ia5' },
    // RFC 4519 §2.4 dc (IA5String), §2.39 uid
    { oid: '0.9.2342.19200300.100.1.25', ldap: 'DC', syntax: 'ia5', max: 63, aliases: ['domainComponent'] },
    { oid: '0.9.2342.19200300.100.1.1', ldap: 'UID', aliases: ['userId'] },
    // CA/B EV Guidelines §9.2.4
    { oid: '1.3.6.1.4.1.311.60.2.1.1', ldap: 'jurisdictionL', max: 128, aliases: ['jurisdictionLocalityName'] },
    { oid: '1.3.6.1.4.1.311.60.2.1.2', ldap: 'jurisdictionST', max: 128, aliases: ['jurisdictionStateOrProvinceName'] },
    { oid: '1.3.6.1.4.1.311.60.2.1.3', ldap: 'jurisdictionC', syntax: 'country', aliases: ['jurisdictionCountryName'] },
  ];
  _attrsByOid = new Map();
  _attrsByName = new Map();
  for (const a of list) {
    _attrsByOid.set(a.oid, a);
    for (const n of [a.ldap, a.ossl ?? a.ldap, ...(a.aliases ?? [])]) _attrsByName.set(n.toLowerCase(), a);
  }
  return _attrsByOid;
}

function _attrByName(name: string): _AttrInfo | undefined {
  _attrTable();
  return _attrsByName!.get(name.toLowerCase());
}

const _DOTTED = /^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))+$/;

/**
 * The dotted OID of an attribute type given by a short name (`CN`, `emailAddress`, `DC`, ...),
 * a long name (`commonName`) or a dotted OID (optionally prefixed `OID.`).
 *
 * @throws RangeError for an unknown name.
 * @example
 * ```ts
 * attributeTypeOid('CN') === '2.5.4.3'; attributeTypeOid('OID.2.5.4.3') === '2.5.4.3'
 * ```
 */
export function attributeTypeOid(typeOrName: string): string {
  if (typeof typeOrName !== 'string') throw new TypeError('attribute type must be a string');
  const t = /^oid\./i.test(typeOrName) ? typeOrName.slice(4) : typeOrName;
  if (_DOTTED.test(t)) return t;
  const a = _attrByName(t);
  if (a === undefined) throw new RangeError(`unknown attribute type '${typeOrName}'; use a dotted OID`);
  return a.oid;
}

/**
 * The RFC 4514 name of an attribute type (`CN`, `emailAddress`, ...), or the dotted OID when
 * the type has none.
 * @example
 * ```ts
 * attributeShortName('2.5.4.10') === 'O'
 * ```
 */
export function attributeShortName(oid: string): string {
  return _attrTable().get(oid)?.ldap ?? oid;
}

/**
 * OpenSSL's short name of an attribute type (`CN`, `street`, `emailAddress`, ...), or the dotted
 * OID when OpenSSL has none here.
 * @example
 * ```ts
 * attributeOpenSslName('2.5.4.9') === 'street'
 * ```
 */
export function attributeOpenSslName(oid: string): string {
  const a = _attrTable().get(oid);
  return a === undefined ? oid : (a.ossl ?? a.ldap);
}
