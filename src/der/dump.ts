/**
 * `dumpDer`: an indented tree of any DER, in the spirit of `openssl asn1parse -i`.
 *
 * Scope: one line per element with offset, depth, header length, length, tag and a short value;
 * OCTET STRINGs and BIT STRINGs that hold DER are opened up. It never throws on bad input: the
 * first error is printed as a final line, so it can inspect broken data.
 * Non-goals: a stable machine format (use {@link DerReader} for that).
 * @module
 */
import { decodeBitString } from './bit-string';
import { CertkitError } from './errors';
import { bytesToBigInt } from './integer';
import { decodeOid } from './oid';
import { DerReader, type Tlv } from './reader';
import { decodeString, isStringTag } from './strings';
import { Tag, tagName } from './tag';
import { decodeGeneralizedTime, decodeUtcTime } from './time';

/** Options for {@link dumpDer}. */
export interface DumpOptions {
  /** Names an OID (for example the registry's `oidName`); the dotted form is shown beside it. */
  oidName?: (oid: string) => string | undefined;
  /** Look inside OCTET STRING and BIT STRING values that parse as DER. Default true. */
  openEncapsulated?: boolean;
  /** Longest value excerpt in characters. Default 64. */
  maxValueLength?: number;
}

const hex = (v: Uint8Array, max: number): string => {
  let s = '';
  for (let i = 0; i < v.length && s.length < max; i++) s += v[i]!.toString(16).padStart(2, '0').toUpperCase();
  return s.length >= max && v.length * 2 > max ? s.slice(0, max) + '...' : s;
};

function looksLikeDer(v: Uint8Array): boolean {
  if (v.length < 2) return false;
  try {
    const r = new DerReader(v);
    const t = r.readTlv();
    if (!t.constructed) return false;
    r.finish();
    // Walk it fully so a false positive does not print garbage.
    walkAll(new DerReader(v), 0);
    return true;
  } catch {
    return false;
  }
}

function walkAll(r: DerReader, depth: number): void {
  if (depth > 32) throw new Error('deep');
  while (!r.atEnd) {
    const t = r.readTlv();
    if (t.constructed) walkAll(r.enterTlv(t), depth + 1);
  }
}

/**
 * Prints an indented tree of a DER encoding.
 * @example
 * ```ts
 * console.log(dumpDer(certDer, { oidName }));
 * //    0:d=0  hl=4 l=1234 cons: SEQUENCE
 * //    4:d=1  hl=4 l= 954 cons:  SEQUENCE
 * ```
 */
export function dumpDer(bytes: Uint8Array, options: DumpOptions = {}): string {
  const lines: string[] = [];
  const max = options.maxValueLength ?? 64;
  const open = options.openEncapsulated !== false;
  const describe = (oid: string): string => {
    const n = options.oidName?.(oid);
    return n === undefined ? oid : `${n} (${oid})`;
  };
  const value = (t: Tlv): string => {
    const v = t.value;
    try {
      switch (t.tag) {
        case Tag.BOOLEAN:
          return v.length === 1 ? (v[0] ? 'TRUE' : 'FALSE') : hex(v, max);
        case Tag.INTEGER:
        case Tag.ENUMERATED:
          return v.length <= 16 ? bytesToBigInt(v).toString() + (v.length > 2 ? ` (0x${hex(v, max)})` : '') : hex(v, max);
        case Tag.OID:
          return describe(decodeOid(v, t.valueOffset));
        case Tag.UTC_TIME:
          return decodeUtcTime(v, t.valueOffset).toISOString();
        case Tag.GENERALIZED_TIME:
          return decodeGeneralizedTime(v, t.valueOffset, true).toISOString();
        case Tag.NULL:
          return '';
        default:
          if (isStringTag(t.tag)) {
            const s = decodeString(t.tag, v, t.valueOffset, true);
            return JSON.stringify(s.length > max ? s.slice(0, max) + '...' : s);
          }
          return v.length ? `[HEX]${hex(v, max)}` : '';
      }
    } catch (e) {
      return `<bad value: ${(e as Error).message}> [HEX]${hex(v, max)}`;
    }
  };
  const walk = (r: DerReader, depth: number, base: number): void => {
    while (!r.atEnd) {
      const t = r.readTlv();
      const head = `${String(t.offset - base).padStart(5)}:d=${depth}`.padEnd(10) + ` hl=${t.headerLength} l=${String(t.length).padStart(4)}`;
      const indent = ' '.repeat(depth);
      if (t.constructed) {
        lines.push(`${head} cons: ${indent}${tagName(t.tag)}`);
        walk(r.enterTlv(t), depth + 1, base);
        continue;
      }
      let inner: Uint8Array | undefined;
      let innerOffset = t.valueOffset;
      if (open && t.tag === Tag.OCTET_STRING && looksLikeDer(t.value)) inner = t.value;
      if (open && t.tag === Tag.BIT_STRING && t.length > 2 && t.buf[t.valueOffset] === 0) {
        const bits = decodeBitString(t.value, t.valueOffset).bytes;
        if (looksLikeDer(bits)) {
          inner = bits;
          innerOffset = t.valueOffset + 1;
        }
      }
      if (inner !== undefined) {
        lines.push(`${head} prim: ${indent}${tagName(t.tag)} (encapsulates)`);
        walk(new DerReader(t.buf, { maxDepth: r.maxDepth }, innerOffset, innerOffset + inner.length, depth + 1), depth + 1, base);
        continue;
      }
      lines.push(`${head} prim: ${indent}${tagName(t.tag)}`.padEnd(44) + ` :${value(t)}`);
    }
  };
  try {
    if (!(bytes instanceof Uint8Array)) throw new TypeError('dumpDer expects a Uint8Array');
    walk(new DerReader(bytes, { maxDepth: 64 }), 0, 0);
  } catch (e) {
    if (e instanceof CertkitError) lines.push(`error: ${e.message} [${e.code}]${e.offset !== undefined ? ` at offset ${e.offset}` : ''}`);
    else throw e;
  }
  return lines.join('\n');
}
