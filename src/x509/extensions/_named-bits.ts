/**
 * Named bit lists (X.680 §22, X.690 §11.2.2) shared by keyUsage and ReasonFlags.
 *
 * Scope: decode a BIT STRING into names with the DER trailing-zero rule checked, and encode
 * names into the minimal form. Non-goals: any particular list.
 * @module
 */
import { bitsToBitString, type DerReader, type DerWriter } from '../../der/index';
import { _fail } from './_common';

/**
 * Reads a named bit list; names of set bits in bit order. Bits beyond `names` are ignored.
 * Strict mode refuses trailing zero bits (X.690 §11.2.2); lenient accepts them, as some CAs
 * pad keyUsage to a whole octet.
 */
export function _readNamedBits<N extends string>(r: DerReader, tag: number, names: readonly N[], what: string): N[] {
  const at = r.pos;
  const bs = r.readBitString(tag, what);
  const n = bs.bytes.length * 8 - bs.unusedBits;
  const out: N[] = [];
  let last = -1;
  for (let i = 0; i < n; i++) {
    if (bs.bytes[i >> 3]! & (0x80 >> (i & 7))) {
      last = i;
      const name = names[i];
      if (name !== undefined) out.push(name);
    }
  }
  if (!r.lenient && last >= 0 && last !== n - 1) {
    _fail('named-bits-trailing-zero', `${what} has trailing zero bits; DER removes them (X.690 §11.2.2)`, at);
  }
  return out;
}

/** Writes a named bit list in DER form. */
export function _writeNamedBits<N extends string>(w: DerWriter, tag: number, names: readonly N[], set: readonly N[], what: string): void {
  if (!Array.isArray(set)) throw new TypeError(`${what} must be an array of names`);
  const positions = set.map((s) => {
    const i = names.indexOf(s);
    if (i < 0) throw new RangeError(`unknown ${what} '${String(s)}'; expected one of ${names.join(', ')}`);
    return i;
  });
  w.bitString(bitsToBitString(positions), tag);
}
