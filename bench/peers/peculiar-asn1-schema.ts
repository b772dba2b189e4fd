/**
 * Peer adapter: @peculiar/asn1-schema with the RFC 5280 `Certificate` schema from
 * @peculiar/asn1-x509 (the layer under @peculiar/x509).
 *
 * Scope: `AsnParser.parse(der, Certificate)` and `AsnSerializer.serialize(certificate)`. This is
 * schema-driven, not a generic walk: it produces its own typed `Certificate` object (names,
 * OIDs, times and strings decoded; the serial number and other INTEGERs mapped to ArrayBuffer or
 * number, not bigint; extension values left as OCTET STRING bytes, as in certkit's walk).
 * It runs on its own asn1js 3.x copy. Non-goals: @peculiar/x509's higher layer.
 * @module
 */
import { AsnParser, AsnSerializer } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The installed @peculiar/asn1-schema version. */
export const version: string = (require('@peculiar/asn1-schema/package.json') as { version: string }).version;

/**
 * Parses a certificate into asn1-schema's typed object.
 * @example
 * ```ts
 * decodeCertificate(der).tbsCertificate.subject
 * ```
 */
export function decodeCertificate(der: Uint8Array): Certificate {
  return AsnParser.parse(der, Certificate);
}

/**
 * Serialises a typed certificate object back to DER (an ArrayBuffer).
 * @example
 * ```ts
 * encodeCertificate(decodeCertificate(der)).byteLength === der.length
 * ```
 */
export function encodeCertificate(cert: Certificate): ArrayBuffer {
  return AsnSerializer.serialize(cert);
}
