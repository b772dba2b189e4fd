/**
 * What the CRL modules share: the CRL and CRL entry extensions certkit processes, the error
 * class, and the walk of an `Extensions` list.
 *
 * Scope: constants and one helper. Non-goals: parsing anything else (`crl.ts`, `entry-index.ts`).
 * @module
 */
import { CertkitError, type DerReader } from '../der/index';
import { EXTENSION } from '../oid/index';
import { readExtensionList, type RawExtension } from '../x509/index';

/** CRL extensions certkit processes (RFC 5280 §5.2); a critical one of any other OID makes the CRL unusable. */
export const CRL_EXTENSION_OIDS = {
  authorityKeyIdentifier: EXTENSION.authorityKeyIdentifier, // §5.2.1
  issuerAltName: EXTENSION.issuerAltName, // §5.2.2
  cRLNumber: EXTENSION.cRLNumber, // §5.2.3
  deltaCRLIndicator: EXTENSION.deltaCRLIndicator, // §5.2.4
  issuingDistributionPoint: EXTENSION.issuingDistributionPoint, // §5.2.5
  freshestCRL: EXTENSION.freshestCRL, // §5.2.6
  authorityInfoAccess: EXTENSION.authorityInfoAccess, // §5.2.7
} as const;

/** CRL entry extensions certkit processes (RFC 5280 §5.3). */
export const CRL_ENTRY_EXTENSION_OIDS = {
  reasonCode: EXTENSION.reasonCode, // §5.3.1
  invalidityDate: EXTENSION.invalidityDate, // §5.3.2
  holdInstructionCode: EXTENSION.holdInstructionCode, // RFC 3280 §5.3.2 (still in X.509)
  certificateIssuer: EXTENSION.certificateIssuer, // §5.3.3
} as const;

export const _KNOWN_ENTRY: ReadonlySet<string> = /* @__PURE__ */ new Set(Object.values(CRL_ENTRY_EXTENSION_OIDS));
export const _KNOWN_CRL: ReadonlySet<string> = /* @__PURE__ */ new Set(Object.values(CRL_EXTENSION_OIDS));

/** Codes a {@link CrlError} can carry. */
export type CrlErrorCode =
  | 'invalid-version' // RFC 5280 §5.1.2.1: absent (v1) or v2
  | 'version-mismatch' // §5.1.2.1: extensions (CRL or entry) need v2
  | 'invalid-serial-number' // §4.1.2.2 / §5.1.2.6: positive, at most 20 octets
  | 'signature-algorithm-mismatch' // §5.1.1.2: signatureAlgorithm equals tbsCertList.signature
  | 'empty-extensions' // §5.1: Extensions ::= SEQUENCE SIZE (1..MAX) OF Extension
  | 'empty-revoked-certificates' // §5.1.2.6: with no revoked certificates the list MUST be absent
  | 'duplicate-extension' // §5.2 / §5.3 via X.509: one instance of each extension
  | 'invalid-signature-value' // the signature BIT STRING is not octet-aligned
  | 'invalid-input'; // the input is neither DER nor PEM holding a CRL

/**
 * An error in a CRL's structure beyond the DER rules (those raise `DerError`). `path` names the
 * field (`tbsCertList.revokedCertificates[12].crlEntryExtensions`) and `offset` the byte.
 *
 * @example
 * ```ts
 * try { parseCrl(der) } catch (e) {
 *   if (e instanceof CrlError && e.code === 'invalid-serial-number') console.log(e.path, e.offset)
 * }
 * ```
 */
export class CrlError extends CertkitError {
  declare readonly code: CrlErrorCode;
  constructor(code: CrlErrorCode, message: string, location: { offset?: number; path?: string; cause?: unknown } = {}) {
    super(code, message, location);
    this.name = 'CrlError';
  }
}

export function _fail(code: CrlErrorCode, message: string, offset: number): never {
  throw new CrlError(code, message, { offset });
}

/**
 * `Extensions ::= SEQUENCE SIZE (1..MAX) OF Extension` (RFC 5280 §4.1, used by §5.2 and §5.3),
 * walked by the x509 layer's {@link readExtensionList}; duplicates are refused (one instance of
 * each extension) and an empty list only in lenient mode.
 */
export function _walkExtensions(list: DerReader, listAt: number, lenient: boolean, base: string, setPath: (p: string) => void): RawExtension[] {
  const out = readExtensionList(list, base, setPath, (oid, firstAt, at) => {
    throw new CrlError('duplicate-extension', `extension ${oid} appears more than once (first at offset ${firstAt}); one instance of each is allowed`, { offset: at });
  });
  if (out.length === 0 && !lenient) {
    _fail('empty-extensions', 'the Extensions list is empty; RFC 5280 §5.1 says SIZE (1..MAX) (omit the field instead)', listAt);
  }
  return out;
}
