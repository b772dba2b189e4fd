/**
 * authorityKeyIdentifier (RFC 5280 §4.2.1.1, §5.2.1): identifies the key that signed.
 *
 * Scope: decode, encode, format. Non-goals: computing the key identifier (the builder does).
 * @module
 */
import { Tag, contextTag, encodeIntegerContents } from '../../der/index';
import { parseGeneralNames, type GeneralName } from '../general-name';
import { writeGeneralNames } from '../general-name-build';
import { formatGeneralName } from '../general-name-format';
import { _decode, _encode, _fail, _hexColon, type ExtensionCodec } from './_common';

/**
 * The decoded authorityKeyIdentifier.
 * @example
 * ```ts
 * const aki: AuthorityKeyIdentifier = { keyIdentifier: issuerSki }
 * ```
 */
export interface AuthorityKeyIdentifier {
  /** `keyIdentifier` (a view), when present. */
  readonly keyIdentifier?: Uint8Array;
  /** `authorityCertIssuer`, when present (always together with the serial). */
  readonly authorityCertIssuer?: readonly GeneralName[];
  /** `authorityCertSerialNumber`, when present. */
  readonly authorityCertSerialNumber?: bigint;
}

/**
 * Decodes authorityKeyIdentifier.
 *
 * ```asn1
 * AuthorityKeyIdentifier ::= SEQUENCE {
 *    keyIdentifier             [0] KeyIdentifier           OPTIONAL,
 *    authorityCertIssuer       [1] GeneralNames            OPTIONAL,
 *    authorityCertSerialNumber [2] CertificateSerialNumber OPTIONAL  }
 * ```
 * (IMPLICIT tags.) X.509 §9.2.2.1 requires issuer and serial both present or both absent.
 * @throws ExtensionError `inconsistent-authority-cert-issuer` (strict mode); DerError, NameError.
 * @example
 * ```ts
 * decodeAuthorityKeyIdentifier(der).keyIdentifier
 * ```
 */
export function decodeAuthorityKeyIdentifier(value: Uint8Array, offsetBase = 0, lenient = false): AuthorityKeyIdentifier {
  return _decode(value, offsetBase, lenient, 'authorityKeyIdentifier', (r) => {
    const at = r.pos;
    const s = r.enter(Tag.SEQUENCE, 'AuthorityKeyIdentifier');
    const out: { keyIdentifier?: Uint8Array; authorityCertIssuer?: GeneralName[]; authorityCertSerialNumber?: bigint } = {};
    const kid = s.readOptional(contextTag(0));
    if (kid !== undefined) out.keyIdentifier = kid.value;
    if (s.peekTag() === contextTag(1, true)) out.authorityCertIssuer = parseGeneralNames(s, { context: 'other' }, contextTag(1, true));
    if (s.peekTag() === contextTag(2)) out.authorityCertSerialNumber = s.readInteger(contextTag(2), 'authorityCertSerialNumber');
    s.finish('AuthorityKeyIdentifier');
    if ((out.authorityCertIssuer === undefined) !== (out.authorityCertSerialNumber === undefined) && !r.lenient) {
      _fail('inconsistent-authority-cert-issuer', 'authorityCertIssuer and authorityCertSerialNumber must be both present or both absent (X.509 §9.2.2.1, RFC 5280 §4.2.1.1)', at);
    }
    return out;
  });
}

/**
 * Encodes authorityKeyIdentifier.
 * @throws ExtensionError `inconsistent-authority-cert-issuer` when only one of issuer and
 * serial is given.
 * @example
 * ```ts
 * encodeAuthorityKeyIdentifier({ keyIdentifier: issuerSki })
 * ```
 */
export function encodeAuthorityKeyIdentifier(v: AuthorityKeyIdentifier): Uint8Array {
  if (v === null || typeof v !== 'object') throw new TypeError('authorityKeyIdentifier must be an object');
  if ((v.authorityCertIssuer === undefined) !== (v.authorityCertSerialNumber === undefined)) {
    _fail('inconsistent-authority-cert-issuer', 'give authorityCertIssuer and authorityCertSerialNumber together (RFC 5280 §4.2.1.1)');
  }
  return _encode((w) =>
    w.sequence((w) => {
      if (v.keyIdentifier !== undefined) w.octetString(v.keyIdentifier, contextTag(0));
      if (v.authorityCertIssuer !== undefined) writeGeneralNames(w, v.authorityCertIssuer, contextTag(1, true));
      if (v.authorityCertSerialNumber !== undefined) w.element(contextTag(2), encodeIntegerContents(v.authorityCertSerialNumber));
    }),
  );
}

/**
 * OpenSSL's text: the key identifier (`keyid:AB:CD` when issuer and serial follow), then
 * `DirName:/...` and `serial:01:02` lines.
 * @example
 * ```ts
 * formatAuthorityKeyIdentifier({ keyIdentifier: Uint8Array.of(1) }) // ['01']
 * ```
 */
export function formatAuthorityKeyIdentifier(v: AuthorityKeyIdentifier): string[] {
  const out: string[] = [];
  // OpenSSL 3 labels the key identifier `keyid:` only when issuer or serial follow.
  const label = v.authorityCertIssuer !== undefined || v.authorityCertSerialNumber !== undefined ? 'keyid:' : '';
  if (v.keyIdentifier !== undefined) out.push(`${label}${_hexColon(v.keyIdentifier)}`);
  for (const gn of v.authorityCertIssuer ?? []) out.push(formatGeneralName(gn));
  if (v.authorityCertSerialNumber !== undefined) out.push(`serial:${_hexColon(integerBytes(v.authorityCertSerialNumber))}`);
  return out;
}

function integerBytes(v: bigint): Uint8Array {
  // OpenSSL prints the magnitude without the sign octet.
  const b = encodeIntegerContents(v);
  return b.length > 1 && b[0] === 0 ? b.subarray(1) : b;
}

/**
 * The authorityKeyIdentifier codec.
 * @example
 * ```ts
 * authorityKeyIdentifierCodec.decode(ext.value, ext.valueOffset, false)
 * ```
 */
export const authorityKeyIdentifierCodec: ExtensionCodec<AuthorityKeyIdentifier> = {
  // EXTENSION.authorityKeyIdentifier, written out so a parser bundles no OID table
  oid: '2.5.29.35',
  name: 'authorityKeyIdentifier',
  title: 'X509v3 Authority Key Identifier',
  defaultCritical: false,
  decode: decodeAuthorityKeyIdentifier,
};
