/**
 * The PEM layer's public face: RFC 7468 armor and the strict base64 under it.
 *
 * Scope: re-exports only.
 * Non-goals: anything that reads files (see `src/cli/`).
 * @module
 */

export { Base64Error, decodeBase64, encodeBase64 } from './base64';
export { PemError, decodePem, decodePemAll, encodePem, toDer } from './pem';
export { pemBlockToDer } from './block';
export type { PemBlock, PemErrorCode } from './pem';
export type { Base64ErrorCode } from './base64';
