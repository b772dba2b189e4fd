/**
 * `certkit/der`: the strict, zero-copy DER engine (X.690) every other layer stands on.
 *
 * - {@link DerReader}: a cursor with every DER rule checked and absolute offsets in errors.
 * - {@link DerWriter}: a callback-style builder that sizes everything and allocates once.
 * - Primitive codecs: INTEGER, OID, BIT STRING, strings, UTCTime/GeneralizedTime.
 * - {@link dumpDer}: an `openssl asn1parse`-like tree for people.
 * @module
 */
export { CertkitError, DerError, withPath, addPath, type DerErrorCode, type ErrorLocation } from './errors';
export { Tag, TagClass, CONSTRUCTED, makeTag, contextTag, tagClass, tagNumber, isConstructed, tagName } from './tag';
export { DerReader, Tlv, compareEncodings, readTlvAt, readExpectedAt, decodeTimeTlv, decodeBooleanTlv, type DerReaderOptions } from './reader';
export { derCursor, readHeader, next, expect, optional, enter, enterLast, leave, atEnd, type DerCursor } from './cursor';
export { DerWriter, encodeDer } from './writer';
export { checkInteger, bytesToBigInt, unsignedBytesToBigInt, bytesToSafeInteger, encodeIntegerContents, unsignedToIntegerContents, integerContentsToUnsigned } from './integer';
export { checkOid, decodeOid, decodeOidAt, encodeOid, MAX_OID_ARC_OCTETS } from './oid';
export { checkBitString, decodeBitString, bitStringToBits, bitsToBitString, type BitString } from './bit-string';
export {
  decodeString,
  encodeString,
  decodeUtf8,
  decodePrintable,
  decodeIa5,
  decodeNumeric,
  decodeVisible,
  decodeBmp,
  decodeUniversal,
  decodeLatin1,
  isStringTag,
  isPrintableChar,
  fitsPrintable,
} from './strings';
export { decodeUtcTime, utcTimeMillis, generalizedTimeMillis, readTimeMillis, decodeGeneralizedTime, formatUtcTime, formatGeneralizedTime, usesUtcTime, NO_WELL_DEFINED_EXPIRY } from './time';
export { dumpDer, type DumpOptions } from './dump';
export { toHex, fromHex, bytesEqual, concatBytes, readStreamLimited } from './bytes';
