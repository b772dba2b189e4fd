/**
 * The plain value tree the DER benchmark decodes into and encodes from, shared by certkit and
 * the peer adapters so every library produces (and consumes) the same thing.
 *
 * Scope: one node per DER element, every value materialised (INTEGER as bigint, OID as a dotted
 * string, strings as JS strings, times as Date, BIT/OCTET STRING as bytes), tags in certkit's
 * numbering (`tag.ts`: the identifier octet for tag numbers below 31). Non-goals: high tag
 * numbers (certificates have none), BER.
 * @module
 */

/** Bytes as a library holds them natively: a Uint8Array view, or node-forge's binary string. */
export type Bytes = Uint8Array | string;

/** One decoded DER element. */
export type DerValue =
  | { kind: 'constructed'; tag: number; children: DerValue[] }
  | { kind: 'integer'; value: bigint }
  | { kind: 'oid'; value: string }
  | { kind: 'string'; tag: number; value: string }
  | { kind: 'time'; tag: number; value: Date }
  | { kind: 'bitString'; bytes: Bytes; unusedBits: number }
  | { kind: 'octetString'; bytes: Bytes }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' }
  /** Any other primitive (context-specific IMPLICIT fields such as `[2] dNSName`): its contents. */
  | { kind: 'primitive'; tag: number; bytes: Bytes };

function sameBytes(a: Bytes, b: Bytes): boolean {
  const x = typeof a === 'string' ? Uint8Array.from(a, (c) => c.charCodeAt(0)) : a;
  const y = typeof b === 'string' ? Uint8Array.from(b, (c) => c.charCodeAt(0)) : b;
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

/**
 * Where two trees differ (a path and a reason), or `undefined` when they hold the same values.
 * Used to check, outside the timed loops, that every library decoded the same thing.
 * @example
 * ```ts
 * diffTrees({ kind: 'null' }, { kind: 'null' }) === undefined
 * ```
 */
export function diffTrees(a: DerValue, b: DerValue, path = '$'): string | undefined {
  if (a.kind !== b.kind) return `${path}: ${a.kind} vs ${b.kind}`;
  switch (a.kind) {
    case 'constructed': {
      const o = b as typeof a;
      if (a.tag !== o.tag) return `${path}: tag ${a.tag} vs ${o.tag}`;
      if (a.children.length !== o.children.length) return `${path}: ${a.children.length} vs ${o.children.length} children`;
      for (let i = 0; i < a.children.length; i++) {
        const d = diffTrees(a.children[i]!, o.children[i]!, `${path}[${i}]`);
        if (d) return d;
      }
      return undefined;
    }
    case 'integer':
    case 'oid':
    case 'boolean':
      return a.value === (b as typeof a).value ? undefined : `${path}: ${a.value} vs ${(b as typeof a).value}`;
    case 'string': {
      const o = b as typeof a;
      return a.tag === o.tag && a.value === o.value ? undefined : `${path}: ${JSON.stringify(a.value)} vs ${JSON.stringify(o.value)}`;
    }
    case 'time': {
      const o = b as typeof a;
      return a.tag === o.tag && a.value.getTime() === o.value.getTime() ? undefined : `${path}: ${a.value.toISOString()} vs ${o.value.toISOString()}`;
    }
    case 'bitString': {
      const o = b as typeof a;
      return a.unusedBits === o.unusedBits && sameBytes(a.bytes, o.bytes) ? undefined : `${path}: BIT STRING differs`;
    }
    case 'octetString':
      return sameBytes(a.bytes, (b as typeof a).bytes) ? undefined : `${path}: OCTET STRING differs`;
    case 'primitive': {
      const o = b as typeof a;
      return a.tag === o.tag && sameBytes(a.bytes, o.bytes) ? undefined : `${path}: primitive differs`;
    }
    case 'null':
      return undefined;
  }
}

/** Converts every byte field to node-forge's binary-string form (done outside timed loops). */
export function toBinaryStrings(v: DerValue): DerValue {
  const bin = (b: Bytes): string => (typeof b === 'string' ? b : String.fromCharCode(...b));
  switch (v.kind) {
    case 'constructed':
      return { ...v, children: v.children.map(toBinaryStrings) };
    case 'bitString':
    case 'octetString':
    case 'primitive':
      return { ...v, bytes: bin(v.bytes) };
    default:
      return v;
  }
}
