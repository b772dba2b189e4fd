/**
 * Key algorithm OIDs and per-curve facts used by the key layer (private module).
 *
 * Scope: the OIDs of the public-key algorithms certkit reads and writes, and a lazily built table
 * of the NIST curves with their noble implementations. Non-goals: signature algorithm OIDs
 * (`src/sig/`), naming OIDs for people (`src/oid/`).
 * @module
 */
import { p256, p384, p521 } from '@noble/curves/nist.js';
import type { ECDSA } from '@noble/curves/abstract/weierstrass.js';

/** Public-key algorithm OIDs (RFC 3279, RFC 4055, RFC 5480, RFC 8410, RFC 9881). */
export const _KEY_OID = {
  rsaEncryption: '1.2.840.113549.1.1.1', // RFC 3279 §2.3.1
  rsassaPss: '1.2.840.113549.1.1.10', // RFC 4055 §3.1
  ecPublicKey: '1.2.840.10045.2.1', // RFC 5480 §2.1.1
  X25519: '1.3.101.110', // RFC 8410 §3
  X448: '1.3.101.111',
  Ed25519: '1.3.101.112',
  Ed448: '1.3.101.113',
  'ML-DSA-44': '2.16.840.1.101.3.4.3.17', // RFC 9881 §2
  'ML-DSA-65': '2.16.840.1.101.3.4.3.18',
  'ML-DSA-87': '2.16.840.1.101.3.4.3.19',
} as const;

/** The NIST curves certkit supports (RFC 5480 §2.1.1.1). */
export type NamedCurve = 'P-256' | 'P-384' | 'P-521';

/** Facts about one NIST curve. */
export interface _CurveInfo {
  readonly name: NamedCurve;
  readonly oid: string;
  /** Field element (and scalar) length in bytes. */
  readonly size: number;
  /** Field size in bits. */
  readonly bits: number;
  readonly noble: ECDSA;
  /** Default hash for ecdsa-with-SHA* on this curve (RFC 5480 §4). */
  readonly hash: 'SHA-256' | 'SHA-384' | 'SHA-512';
}

let curves: Record<NamedCurve, _CurveInfo> | undefined;

/** The table of curves, built on first use. */
function _curves(): Record<NamedCurve, _CurveInfo> {
  return (curves ??= {
    'P-256': { name: 'P-256', oid: '1.2.840.10045.3.1.7', size: 32, bits: 256, noble: p256, hash: 'SHA-256' },
    'P-384': { name: 'P-384', oid: '1.3.132.0.34', size: 48, bits: 384, noble: p384, hash: 'SHA-384' },
    'P-521': { name: 'P-521', oid: '1.3.132.0.35', size: 66, bits: 521, noble: p521, hash: 'SHA-512' },
  });
}

/** The curve with this namedCurve OID, or `undefined`. */
export function _curveByOid(oid: string): _CurveInfo | undefined {
  const t = _curves();
  for (const k of Object.keys(t) as NamedCurve[]) if (t[k].oid === oid) return t[k];
  return undefined;
}

/** The curve with this name, or `undefined`. */
export function _curveByName(name: string): _CurveInfo | undefined {
  const t = _curves();
  return Object.prototype.hasOwnProperty.call(t, name) ? t[name as NamedCurve] : undefined;
}

/** ML-DSA parameter sets: FIPS 204 Table 2 sizes. */
export const _ML_DSA = {
  'ML-DSA-44': { publicKey: 1312, secretKey: 2560, signature: 2420 },
  'ML-DSA-65': { publicKey: 1952, secretKey: 4032, signature: 3309 },
  'ML-DSA-87': { publicKey: 2592, secretKey: 4896, signature: 4627 },
} as const;

/** EdDSA / XDH raw key lengths (RFC 8410 §3, RFC 8032, RFC 7748). */
export const _OKP_LENGTH = { Ed25519: 32, Ed448: 57, X25519: 32, X448: 56 } as const;
