/**
 * `certkit/cms`: CMS SignedData (RFC 5652), runtime-neutral.
 *
 * - {@link parseSignedData}: one strict, zero-copy walk of a ContentInfo carrying SignedData
 *   (signed or certs-only; DER or PEM `PKCS7` / `CMS`) into a plain record of views.
 * - {@link encodeCertsOnly}: the certs-only bundle of `.p7b` files and EST responses.
 * - {@link signData}: one signer through any `Signer`, attached or detached, with the
 *   content-type, message-digest and signing-time signed attributes.
 * - {@link verifySignedData} (WebCrypto where it can) and {@link verifySignedDataSync} (noble):
 *   message digest, content type, signature over the DER signed attributes, optionally the chain.
 *
 * Non-goals: BER input, EnvelopedData and the other content types.
 * @module
 */
export { CmsError, type CmsErrorCode } from './errors';
export { CMS_OID } from './oids';
export { parseSignedData, MAX_CMS_SIZE, type ParseSignedDataOptions, type SignedData, type SignerInfo, type SignerIdentifier, type CmsAttribute, type CmsOtherChoice } from './signed-data';
export { encodeCertsOnly, signedDataToPem } from './certs-only';
export { signData, type SignDataOptions } from './sign';
export { verifySignedData, verifySignedDataSync, type VerifySignedDataOptions, type VerifiedSigner, type SignedDataVerification } from './verify';
