/**
 * Peer adapter: node-forge's ASN.1 module (`forge.asn1`), the DER layer under forge's X.509.
 *
 * Scope: `asn1.fromDer` plus a full walk into the shared {@link DerValue} tree, and
 * `asn1.create` objects built from that tree then `asn1.toDer`. forge works on "binary strings"
 * (one char per byte), so its input is given as one and byte fields stay binary strings in its
 * tree (its native form; converting to Uint8Array would only add cost to forge). Options chosen
 * so forge does the same work as certkit: `decodeBitStrings: false` (by default forge also tries
 * to parse every BIT STRING's contents as ASN.1). Non-goals: forge's X.509 layer.
 * @module
 */
import forge from 'node-forge';
import { createRequire } from 'node:module';
import type { DerValue } from '../der-value-tree';

/** The installed node-forge version. */
export const version: string = (createRequire(import.meta.url)('node-forge/package.json') as { version: string }).version;

const { asn1, util } = forge;
const UNIVERSAL = asn1.Class.UNIVERSAL;
const OPTIONS = { strict: true, parseAllBytes: true, decodeBitStrings: false };

/** Bytes to forge's binary-string form (done outside timed loops). */
export function toBinaryString(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]!);
  return s;
}

function tagOf(o: forge.asn1.Asn1): number {
  return (o.tagClass as number) | (o.constructed ? 0x20 : 0) | (o.type as number);
}

function bigintFromBinary(s: string): bigint {
  if (s.length === 0) return 0n;
  let x = BigInt('0x' + util.bytesToHex(s));
  if (s.charCodeAt(0) >= 0x80) x -= 1n << BigInt(8 * s.length);
  return x;
}

function bmp(s: string): string {
  let out = '';
  for (let i = 0; i + 1 < s.length; i += 2) out += String.fromCharCode((s.charCodeAt(i) << 8) | s.charCodeAt(i + 1));
  return out;
}

function walk(o: forge.asn1.Asn1): DerValue {
  if (o.constructed) return { kind: 'constructed', tag: tagOf(o), children: (o.value as forge.asn1.Asn1[]).map(walk) };
  const v = o.value as string;
  if (o.tagClass === UNIVERSAL) {
    switch (o.type as number) {
      case 1:
        return { kind: 'boolean', value: v.charCodeAt(0) !== 0 };
      case 2:
        return { kind: 'integer', value: bigintFromBinary(v) };
      case 3:
        return { kind: 'bitString', bytes: v.slice(1), unusedBits: v.charCodeAt(0) };
      case 4:
        return { kind: 'octetString', bytes: v };
      case 5:
        return { kind: 'null' };
      case 6:
        return { kind: 'oid', value: asn1.derToOid(v) };
      case 23:
        return { kind: 'time', tag: 23, value: asn1.utcTimeToDate(v) };
      case 24:
        return { kind: 'time', tag: 24, value: asn1.generalizedTimeToDate(v) };
      case 12:
        return { kind: 'string', tag: 12, value: util.decodeUtf8(v) };
      case 30:
        return { kind: 'string', tag: 30, value: bmp(v) };
      case 18:
      case 19:
      case 20:
      case 22:
      case 26:
        return { kind: 'string', tag: o.type as number, value: v };
    }
  }
  return { kind: 'primitive', tag: tagOf(o), bytes: v };
}

/**
 * Decodes one DER value given as a binary string and materialises every element.
 * @example
 * ```ts
 * decodeTree(toBinaryString(der)).kind === 'constructed'
 * ```
 */
export function decodeTree(der: string): DerValue {
  // @types/node-forge only declares the old boolean `strict` argument; forge takes an options object.
  return walk(asn1.fromDer(der, OPTIONS as unknown as boolean));
}

function integerBinary(x: bigint): string {
  if (x >= -128n && x <= 127n) return String.fromCharCode(Number(x & 0xffn));
  const neg = x < 0n;
  let hex = (neg ? -x - 1n : x).toString(16);
  if (hex.length % 2) hex = '0' + hex;
  if (parseInt(hex.slice(0, 2), 16) >= 0x80) hex = '00' + hex;
  let s = util.hexToBytes(hex);
  if (neg) s = s.replace(/[\s\S]/g, (c) => String.fromCharCode(~c.charCodeAt(0) & 0xff));
  return s;
}

function bmpEncode(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out += String.fromCharCode(c >> 8, c & 0xff);
  }
  return out;
}

function build(v: DerValue): forge.asn1.Asn1 {
  switch (v.kind) {
    case 'constructed':
      return asn1.create(v.tag & 0xc0, v.tag & 0x1f, true, v.children.map(build));
    case 'integer':
      return asn1.create(UNIVERSAL, 2, false, integerBinary(v.value));
    case 'oid':
      return asn1.create(UNIVERSAL, 6, false, asn1.oidToDer(v.value).getBytes());
    case 'boolean':
      return asn1.create(UNIVERSAL, 1, false, v.value ? '\xff' : '\x00');
    case 'null':
      return asn1.create(UNIVERSAL, 5, false, '');
    case 'bitString':
      return asn1.create(UNIVERSAL, 3, false, String.fromCharCode(v.unusedBits) + (v.bytes as string));
    case 'octetString':
      return asn1.create(UNIVERSAL, 4, false, v.bytes as string);
    case 'time':
      return v.tag === 23 ? asn1.create(UNIVERSAL, 23, false, asn1.dateToUtcTime(v.value)) : asn1.create(UNIVERSAL, 24, false, asn1.dateToGeneralizedTime(v.value));
    case 'string':
      if (v.tag === 12) return asn1.create(UNIVERSAL, 12, false, util.encodeUtf8(v.value));
      if (v.tag === 30) return asn1.create(UNIVERSAL, 30, false, bmpEncode(v.value));
      return asn1.create(UNIVERSAL, v.tag, false, v.value);
    case 'primitive':
      return asn1.create(v.tag & 0xc0, v.tag & 0x1f, false, v.bytes as string);
  }
}

/**
 * Builds forge ASN.1 objects from a tree whose bytes are binary strings and encodes them to a
 * binary string (forge's native output).
 * @example
 * ```ts
 * encodeTree({ kind: 'null' }) === '\x05\x00'
 * ```
 */
export function encodeTree(v: DerValue): string {
  return asn1.toDer(build(v)).getBytes();
}
