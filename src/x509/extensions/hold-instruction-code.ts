/**
 * holdInstructionCode (RFC 3280 §5.3.2; RFC 5280 dropped the text but its OID arc remains in
 * use as id-ce-holdInstructionCode): what to do with a certificate on hold (CRL entry extension).
 *
 * Scope: decode, encode, format. Non-goals: acting on it.
 * @module
 */
import { HOLD_INSTRUCTION } from '../../oid/index';
import { _decode, _encode, type ExtensionCodec } from './_common';

/**
 * The decoded holdInstructionCode: an OID (see `HOLD_INSTRUCTION`).
 * @example
 * ```ts
 * const h: HoldInstructionCode = HOLD_INSTRUCTION.callIssuer
 * ```
 */
export type HoldInstructionCode = string;

/**
 * Decodes holdInstructionCode: `HoldInstructionCode ::= OBJECT IDENTIFIER`.
 * @throws DerError.
 * @example
 * ```ts
 * decodeHoldInstructionCode(der) === HOLD_INSTRUCTION.callIssuer
 * ```
 */
export function decodeHoldInstructionCode(value: Uint8Array, offsetBase = 0, lenient = false): HoldInstructionCode {
  return _decode(value, offsetBase, lenient, 'holdInstructionCode', (r) => r.readOid('HoldInstructionCode'));
}

/**
 * Encodes holdInstructionCode.
 * @example
 * ```ts
 * encodeHoldInstructionCode(HOLD_INSTRUCTION.reject)
 * ```
 */
export function encodeHoldInstructionCode(v: HoldInstructionCode): Uint8Array {
  if (typeof v !== 'string') throw new TypeError('holdInstructionCode must be a dotted OID');
  return _encode((w) => w.oid(v));
}

/**
 * OpenSSL's text: `Hold Instruction Call Issuer`.
 * @example
 * ```ts
 * formatHoldInstructionCode(HOLD_INSTRUCTION.none) // ['Hold Instruction None']
 * ```
 */
export function formatHoldInstructionCode(v: HoldInstructionCode): string[] {
  const names: Record<string, string> = {
    [HOLD_INSTRUCTION.none]: 'Hold Instruction None',
    [HOLD_INSTRUCTION.callIssuer]: 'Hold Instruction Call Issuer',
    [HOLD_INSTRUCTION.reject]: 'Hold Instruction Reject',
  };
  return [names[v] ?? v];
}

/**
 * The holdInstructionCode codec (non-critical).
 * @example
 * ```ts
 * holdInstructionCodeCodec.decode(ext.value, ext.valueOffset, false)
 * ```
 */
export const holdInstructionCodeCodec: ExtensionCodec<HoldInstructionCode> = {
  // EXTENSION.holdInstructionCode, written out so a parser bundles no OID table
  oid: '2.5.29.23',
  name: 'holdInstructionCode',
  title: 'Hold Instruction Code',
  defaultCritical: false,
  decode: decodeHoldInstructionCode,
};
