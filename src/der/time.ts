/**
 * UTCTime and GeneralizedTime in their DER forms (X.690 §11.7, §11.8) and the RFC 5280 §4.1.2.5
 * choice between them.
 *
 * Scope: `YYMMDDHHMMSSZ` UTCTime (years 1950–2049) and `YYYYMMDDHHMMSS[.f]Z` GeneralizedTime,
 * each field range-checked (a 30 February is refused). Fractions are refused unless asked for,
 * because the certificate and CRL profiles forbid them (RFC 5280 §4.1.2.5.2); when allowed they
 * follow DER: a '.' then digits without trailing zeros. Precision below a millisecond is dropped
 * because `Date` cannot hold it. Non-goals: local times, time zone offsets, BER forms.
 * @module
 */
import { next, type DerCursor } from './cursor';
import { DerError } from './errors';

function digits(v: Uint8Array, i: number, n: number): number {
  let x = 0;
  for (let k = 0; k < n; k++) {
    const c = v[i + k]! - 0x30;
    if (c < 0 || c > 9) return -1;
    x = x * 10 + c;
  }
  return x;
}

/** Two decimal digits at `v[i]`, or -1 (the fields of a time are pairs: no loop for them). */
function d2(v: Uint8Array, i: number): number {
  const x = v[i]! - 0x30;
  const y = v[i + 1]! - 0x30;
  return x < 0 || x > 9 || y < 0 || y > 9 ? -1 : x * 10 + y;
}

function daysIn(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function makeMillis(b: Uint8Array, bs: number, be: number, offset: number, y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number, kind: string): number {
  if (mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) || h > 23 || mi > 59 || s > 59) {
    throw new DerError('invalid-time', `${kind} '${latin1(b.subarray(bs, be))}' is not a real date and time (a field is out of range)`, { offset });
  }
  // Days since 1970-01-01 in the proleptic Gregorian calendar (arithmetic, no Date object: this
  // runs twice for every certificate parsed). Years 0..99 are real years here, unlike Date.UTC.
  const yy = mo <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (mo > 2 ? mo - 3 : mo + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  const days = era * 146097 + doe - 719468;
  return days * 86_400_000 + h * 3_600_000 + mi * 60_000 + s * 1000 + ms;
}

function latin1(v: Uint8Array): string {
  let s = '';
  for (let i = 0; i < v.length && i < 40; i++) s += String.fromCharCode(v[i]!);
  return s;
}

/**
 * Decodes UTCTime contents `YYMMDDHHMMSSZ`; YY ≥ 50 is 19YY, otherwise 20YY (RFC 5280 §4.1.2.5.1).
 * @throws DerError `invalid-time` for any other form (no seconds, offsets, fractions) or a field
 * out of range.
 * @example
 * ```ts
 * decodeUtcTime(new TextEncoder().encode('491231235959Z'), 0).toISOString() === '2049-12-31T23:59:59.000Z'
 * ```
 */
export function decodeUtcTime(v: Uint8Array, offset: number): Date {
  return new Date(utcTimeMillis(v, offset));
}

/**
 * {@link decodeUtcTime} as milliseconds since the epoch (no Date object), with the same rules and errors.
 * @example
 * ```ts
 * utcTimeMillis(new TextEncoder().encode('700101000000Z'), 0) === 0
 * ```
 */
export function utcTimeMillis(v: Uint8Array, offset: number): number {
  return _utcAt(v, 0, v.length, offset);
}

/** UTCTime contents `b[s..e)` (absolute offset `offset` of `b[s]`), without making a view. */
function _utcAt(b: Uint8Array, s: number, e: number, offset: number): number {
  if (e - s !== 13 || b[s + 12] !== 0x5a) {
    throw new DerError('invalid-time', `UTCTime '${latin1(b.subarray(s, e))}' is not in the DER form YYMMDDHHMMSSZ (X.690 §11.8, RFC 5280 §4.1.2.5.1)`, { offset });
  }
  const yy = d2(b, s),
    mo = d2(b, s + 2),
    d = d2(b, s + 4),
    h = d2(b, s + 6),
    mi = d2(b, s + 8),
    sec = d2(b, s + 10);
  if (yy < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || sec < 0) {
    throw new DerError('invalid-time', `UTCTime '${latin1(b.subarray(s, e))}' has a non-digit where a digit belongs`, { offset });
  }
  return makeMillis(b, s, e, offset, yy >= 50 ? 1900 + yy : 2000 + yy, mo, d, h, mi, sec, 0, 'UTCTime');
}

/**
 * Decodes GeneralizedTime contents `YYYYMMDDHHMMSSZ`, with a fraction `.f` only when
 * `allowFraction` is true (X.690 §11.7: '.' separator, no trailing zeros).
 * @throws DerError `invalid-time`.
 * @example
 * ```ts
 * decodeGeneralizedTime(new TextEncoder().encode('99991231235959Z'), 0).getUTCFullYear() === 9999
 * ```
 */
export function decodeGeneralizedTime(v: Uint8Array, offset: number, allowFraction = false): Date {
  return new Date(generalizedTimeMillis(v, offset, allowFraction));
}

/**
 * {@link decodeGeneralizedTime} as milliseconds since the epoch (no Date object), with the same rules and errors.
 * @example
 * ```ts
 * generalizedTimeMillis(new TextEncoder().encode('19700101000000Z'), 0) === 0
 * ```
 */
export function generalizedTimeMillis(v: Uint8Array, offset: number, allowFraction = false): number {
  return _generalizedAt(v, 0, v.length, offset, allowFraction);
}

function _badGeneralized(b: Uint8Array, s: number, e: number, offset: number, why: string): never {
  throw new DerError('invalid-time', `GeneralizedTime '${latin1(b.subarray(s, e))}' ${why} (X.690 §11.7, RFC 5280 §4.1.2.5.2)`, { offset });
}

/** GeneralizedTime contents `b[s..e)` (absolute offset `offset` of `b[s]`), without making a view. */
function _generalizedAt(b: Uint8Array, s: number, e: number, offset: number, allowFraction: boolean): number {
  const n = e - s;
  if (n < 15 || b[e - 1] !== 0x5a) _badGeneralized(b, s, e, offset, 'is not in the DER form YYYYMMDDHHMMSSZ');
  const y = digits(b, s, 4),
    mo = d2(b, s + 4),
    d = d2(b, s + 6),
    h = d2(b, s + 8),
    mi = d2(b, s + 10),
    sec = d2(b, s + 12);
  if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || sec < 0) _badGeneralized(b, s, e, offset, 'has a non-digit where a digit belongs');
  let ms = 0;
  if (n !== 15) {
    if (!allowFraction) _badGeneralized(b, s, e, offset, 'has fractional seconds, which this profile forbids');
    if (b[s + 14] !== 0x2e || n < 17) _badGeneralized(b, s, e, offset, 'has a malformed fraction');
    const fd = n - 16;
    for (let i = s + 15; i < e - 1; i++) if (b[i]! < 0x30 || b[i]! > 0x39) _badGeneralized(b, s, e, offset, 'has a malformed fraction');
    if (b[e - 2] === 0x30) _badGeneralized(b, s, e, offset, 'has a trailing zero in its fraction');
    const k = Math.min(3, fd);
    ms = digits(b, s + 15, k) * 10 ** (3 - k);
  }
  return makeMillis(b, s, e, offset, y, mo, d, h, mi, sec, ms, 'GeneralizedTime');
}

/**
 * Reads the next element at the cursor as `Time ::= CHOICE { utcTime UTCTime, generalTime
 * GeneralizedTime }` (RFC 5280 §4.1, fractions refused) and moves past it; returns milliseconds
 * since the epoch. The contents are read in place (no view is made).
 * @throws DerError `unexpected-tag` for another type, `invalid-time`, and the header codes.
 * @example
 * ```ts
 * const c = derCursor(validityContents);
 * const notBefore = readTimeMillis(c), notAfter = readTimeMillis(c);
 * ```
 */
export function readTimeMillis(c: DerCursor): number {
  const t = next(c);
  if (t === 0x17) return _utcAt(c.buf, c.vs, c.ve, c.vs);
  if (t === 0x18) return _generalizedAt(c.buf, c.vs, c.ve, c.vs, false);
  throw new DerError('unexpected-tag', `expected a UTCTime or GeneralizedTime but found tag 0x${t.toString(16)}`, { offset: c.start });
}

function two(x: number): string {
  return x < 10 ? '0' + x : String(x);
}

function checkDate(date: Date): number {
  if (!(date instanceof Date)) throw new TypeError('expected a Date');
  const t = date.getTime();
  if (Number.isNaN(t)) throw new RangeError('invalid Date');
  return t;
}

/**
 * UTCTime text `YYMMDDHHMMSSZ` for a date in 1950–2049; milliseconds are dropped because the
 * profile has no fractional seconds.
 * @throws RangeError outside 1950–2049.
 * @example
 * ```ts
 * formatUtcTime(new Date('2030-01-02T03:04:05Z')) === '300102030405Z'
 * ```
 */
export function formatUtcTime(date: Date): string {
  checkDate(date);
  const y = date.getUTCFullYear();
  if (y < 1950 || y > 2049) throw new RangeError(`UTCTime covers 1950-2049 only, got year ${y}`);
  return two(y % 100) + two(date.getUTCMonth() + 1) + two(date.getUTCDate()) + two(date.getUTCHours()) + two(date.getUTCMinutes()) + two(date.getUTCSeconds()) + 'Z';
}

/**
 * GeneralizedTime text `YYYYMMDDHHMMSSZ` (years 0–9999), milliseconds dropped.
 * @example
 * ```ts
 * formatGeneralizedTime(new Date('2050-01-01T00:00:00Z')) === '20500101000000Z'
 * ```
 */
export function formatGeneralizedTime(date: Date): string {
  checkDate(date);
  const y = date.getUTCFullYear();
  if (y < 0 || y > 9999) throw new RangeError(`GeneralizedTime covers years 0-9999, got ${y}`);
  return String(y).padStart(4, '0') + two(date.getUTCMonth() + 1) + two(date.getUTCDate()) + two(date.getUTCHours()) + two(date.getUTCMinutes()) + two(date.getUTCSeconds()) + 'Z';
}

/**
 * Whether RFC 5280 §4.1.2.5 wants UTCTime for this date (through 2049) rather than
 * GeneralizedTime (from 2050).
 * @example
 * ```ts
 * usesUtcTime(new Date('2049-12-31T23:59:59Z')) === true; usesUtcTime(new Date('2050-01-01T00:00:00Z')) === false
 * ```
 */
export function usesUtcTime(date: Date): boolean {
  const y = date.getUTCFullYear();
  return y >= 1950 && y <= 2049;
}

/**
 * RFC 5280 §4.1.2.5: 99991231235959Z, "no well-defined expiration date".
 * @example
 * ```ts
 * builder.notAfter(NO_WELL_DEFINED_EXPIRY) // encodes 99991231235959Z
 * ```
 */
export const NO_WELL_DEFINED_EXPIRY: Date = /* @__PURE__ */ new Date(Date.UTC(9999, 11, 31, 23, 59, 59));
