/**
 * Typed errors of the CSR layer (RFC 2986, RFC 2985).
 *
 * Scope: the `CsrError` class and its codes, raised by the parser (structure of the
 * CertificationRequest and its attributes beyond the DER rules, which raise `DerError`) and by the
 * builder (a field set twice, a field missing at `sign()`, a
 * signer whose signature does not verify).
 * Non-goals: lint findings (values, not errors: see `lint.ts`), signature errors (`SignatureError`
 * from `src/sig/`).
 * @module
 */
import { CertkitError, type ErrorLocation } from '../der/index';

/** Codes a {@link CsrError} can carry. */
export type CsrErrorCode =
  | 'invalid-version' // RFC 2986 §4.1: version is v1(0)
  | 'missing-attributes' // RFC 2986 §4.1: the [0] attributes field is not OPTIONAL (lenient mode accepts its absence)
  | 'empty-attribute' // X.501 / RFC 2986 §4.1: values SET SIZE(1..MAX)
  | 'multi-valued-attribute' // RFC 2985: challengePassword and extensionRequest are SINGLE VALUE
  | 'duplicate-attribute' // X.501: an attribute type appears once in a set of attributes
  | 'invalid-attribute' // an attribute value that breaks its syntax (challengePassword not a DirectoryString, ...)
  | 'empty-extensions' // RFC 5280 §4.1: Extensions ::= SEQUENCE SIZE (1..MAX) OF Extension
  | 'duplicate-extension' // RFC 5280 §4.2: one instance of each extension
  | 'invalid-signature-value' // the signature BIT STRING is not octet-aligned
  | 'already-set' // CsrBuilder: each field is set once (pyca style)
  | 'missing-fields' // CsrBuilder.sign(): a required field was never set
  | 'empty-subject' // RFC 5280 §4.1.2.6: an empty subject needs a subjectAltName
  | 'self-check-failed'; // CsrBuilder.sign(): the signer's signature does not verify with its key

/**
 * An error in a certification request's structure, or in the use of {@link CsrBuilder}.
 * `path` names the field (`certificationRequestInfo.attributes[1].values`), `offset` the byte.
 *
 * @example
 * ```ts
 * try { parseCsr(pem) } catch (e) {
 *   if (e instanceof CsrError && e.code === 'duplicate-extension') console.log(e.path, e.offset)
 * }
 * ```
 */
export class CsrError extends CertkitError {
  declare readonly code: CsrErrorCode;
  constructor(code: CsrErrorCode, message: string, location: ErrorLocation = {}) {
    super(code, message, location);
    this.name = 'CsrError';
  }
}
