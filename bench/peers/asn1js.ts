/**
 * Peer adapter: asn1js (https://github.com/PeculiarVentures/ASN1.js), the generic BER/DER
 * library under pkijs and @peculiar/x509.
 *
 * Scope: a full walk of `fromBER`'s result into the shared {@link DerValue} tree, and building
 * asn1js blocks from that tree then `toBER`. Options chosen so asn1js does the same work as
 * certkit and no more: `parseEmbedded: false` (by default asn1js also tries to parse the
 * contents of every BIT STRING and OCTET STRING as BER) and `copyInput: false` (by default it
 * copies its input; certkit never does). Non-goals: asn1js schemas.
 * @module
 */
import * as asn1js from 'asn1js';
import { createRequire } from 'node:module';
import type { DerValue } from '../der-value-tree';

/** The installed asn1js version. */
export const version: string = (createRequire(import.meta.url)('asn1js/package.json') as { version: string }).version;

const UNIVERSAL = 1;
const CLASS_BITS = [0, 0x00, 0x40, 0x80, 0xc0] as const; // asn1js tagClass 1..4 → identifier bits

function tagOf(b: asn1js.BaseBlock): number {
  const id = b.idBlock;
  if (id.tagNumber >= 31) throw new RangeError('high tag numbers are not in this corpus');
  return CLASS_BITS[id.tagClass]! | (id.isConstructed ? 0x20 : 0) | id.tagNumber;
}

function walk(b: asn1js.BaseBlock): DerValue {
  const id = b.idBlock;
  if (id.isConstructed) {
    const children = (b as asn1js.Constructed).valueBlock.value.map(walk);
    return { kind: 'constructed', tag: tagOf(b), children };
  }
  if (id.tagClass === UNIVERSAL) {
    switch (id.tagNumber) {
      case 1:
        return { kind: 'boolean', value: (b as asn1js.Boolean).getValue() };
      case 2:
        return { kind: 'integer', value: (b as asn1js.Integer).toBigInt() };
      case 3: {
        const vb = (b as asn1js.BitString).valueBlock;
        return { kind: 'bitString', bytes: vb.valueHexView, unusedBits: vb.unusedBits };
      }
      case 4:
        return { kind: 'octetString', bytes: (b as asn1js.OctetString).valueBlock.valueHexView };
      case 5:
        return { kind: 'null' };
      case 6:
        return { kind: 'oid', value: (b as asn1js.ObjectIdentifier).getValue() };
      case 23:
      case 24:
        return { kind: 'time', tag: id.tagNumber, value: (b as asn1js.UTCTime).toDate() };
      case 12:
      case 18:
      case 19:
      case 20:
      case 22:
      case 26:
      case 28:
      case 30:
        return { kind: 'string', tag: id.tagNumber, value: (b as asn1js.Utf8String).getValue() };
    }
  }
  return { kind: 'primitive', tag: tagOf(b), bytes: (b as asn1js.Primitive).valueBlock.valueHexView };
}

/**
 * Decodes one DER value and materialises every element.
 * @example
 * ```ts
 * decodeTree(der).kind === 'constructed'
 * ```
 */
export function decodeTree(der: Uint8Array): DerValue {
  const { offset, result } = asn1js.fromBER(der, { parseEmbedded: false, copyInput: false });
  if (offset === -1 || offset !== der.length) throw new Error(`asn1js: ${result.error || 'trailing data'}`);
  return walk(result as asn1js.BaseBlock);
}

function idBlock(tag: number): { tagClass: number; tagNumber: number } {
  return { tagClass: (tag >> 6) + 1, tagNumber: tag & 0x1f };
}

function build(v: DerValue): asn1js.BaseBlock {
  switch (v.kind) {
    case 'constructed': {
      const value = v.children.map(build);
      if (v.tag === 0x30) return new asn1js.Sequence({ value });
      if (v.tag === 0x31) return new asn1js.Set({ value });
      return new asn1js.Constructed({ idBlock: idBlock(v.tag), value });
    }
    case 'integer':
      return asn1js.Integer.fromBigInt(v.value);
    case 'oid':
      return new asn1js.ObjectIdentifier({ value: v.value });
    case 'boolean':
      return new asn1js.Boolean({ value: v.value });
    case 'null':
      return new asn1js.Null();
    case 'bitString':
      return new asn1js.BitString({ valueHex: v.bytes as Uint8Array, unusedBits: v.unusedBits });
    case 'octetString':
      return new asn1js.OctetString({ valueHex: v.bytes as Uint8Array });
    case 'time':
      return v.tag === 23 ? new asn1js.UTCTime({ valueDate: v.value }) : new asn1js.GeneralizedTime({ valueDate: v.value });
    case 'string':
      switch (v.tag) {
        case 12:
          return new asn1js.Utf8String({ value: v.value });
        case 18:
          return new asn1js.NumericString({ value: v.value });
        case 19:
          return new asn1js.PrintableString({ value: v.value });
        case 20:
          return new asn1js.TeletexString({ value: v.value });
        case 22:
          return new asn1js.IA5String({ value: v.value });
        case 26:
          return new asn1js.VisibleString({ value: v.value });
        case 28:
          return new asn1js.UniversalString({ value: v.value });
        case 30:
          return new asn1js.BmpString({ value: v.value });
      }
      throw new RangeError(`string tag ${v.tag} not handled`);
    case 'primitive':
      return new asn1js.Primitive({ idBlock: idBlock(v.tag), valueHex: v.bytes as Uint8Array });
  }
}

/**
 * Builds asn1js blocks from the value tree and encodes them (`toBER` returns an ArrayBuffer).
 * @example
 * ```ts
 * encodeTree({ kind: 'null' }).byteLength === 2
 * ```
 */
export function encodeTree(v: DerValue): ArrayBuffer {
  return build(v).toBER(false);
}
