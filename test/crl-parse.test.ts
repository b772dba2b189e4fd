/**
 * parseCrl: every structural rule with its error code, path and offset; the serial index
 * (lookups by every serial form, duplicates, order); fast-path/slow-path agreement on random
 * shapes; and "any bytes give a Crl or a CertkitError".
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CertkitError, DerWriter, Tag, encodeIntegerContents, toHex } from '../src/der/index';
import { CrlError, parseCrl, serialKey } from '../src/crl/index';
import { crlNumberCodec, getExtension } from '../src/x509/index';
import { crlDuplicateSerials, crlEntries, crlEntry, crlIndexOf, crlToPem, findCrlEntries, findCrlEntry, formatCrl, isSerialRevoked } from '../src/crl/index';
import { reasonCodeCodec } from '../src/x509/index';
import { crlEntryToJson, crlEntryUnknownCriticalExtension } from '../src/crl/index';
import { nameFrom } from '../src/x509/index';

const ALG = Uint8Array.of(0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02); // ecdsa-with-SHA256
const ISSUER = nameFrom({ CN: 'Parse CA' }).raw;
const T0 = new Date('2030-01-01T00:00:00Z');

interface RawEntry {
  serial?: bigint;
  serialContents?: Uint8Array; // overrides serial (to write non-minimal or odd INTEGERs)
  date?: Date;
  generalized?: boolean;
  rawDate?: Uint8Array; // a whole Time element
  extensions?: Array<{ oid: string; critical?: boolean | 'explicit-false'; value: Uint8Array }>;
  emptyExtensions?: boolean;
  trailing?: Uint8Array;
}

interface RawCrl {
  version?: number | null; // null: absent
  entries?: RawEntry[];
  emptyList?: boolean;
  crlExtensions?: Array<{ oid: string; critical?: boolean; value: Uint8Array }>;
  emptyCrlExtensions?: boolean;
  outerAlg?: Uint8Array;
  noNextUpdate?: boolean;
}

function writeExts(w: DerWriter, exts: NonNullable<RawEntry['extensions']>): void {
  w.sequence((w) => {
    for (const e of exts) {
      w.sequence((w) => {
        w.oid(e.oid);
        if (e.critical === true) w.boolean(true);
        if (e.critical === 'explicit-false') w.boolean(false);
        w.octetString(e.value);
      });
    }
  });
}

function rawCrl(c: RawCrl): Uint8Array {
  const w = new DerWriter();
  w.sequence((w) => {
    w.sequence((w) => {
      const v = c.version === undefined ? 1 : c.version;
      if (v !== null) w.integer(v);
      w.raw(ALG);
      w.raw(ISSUER);
      w.utcTime(T0);
      if (!c.noNextUpdate) w.utcTime(new Date('2030-02-01T00:00:00Z'));
      if (c.emptyList) w.sequence(() => {});
      else if (c.entries && c.entries.length) {
        w.sequence((w) => {
          for (const e of c.entries!) {
            w.sequence((w) => {
              w.element(Tag.INTEGER, e.serialContents ?? encodeIntegerContents(e.serial ?? 1n));
              if (e.rawDate) w.raw(e.rawDate);
              else if (e.generalized) w.generalizedTime(e.date ?? T0);
              else w.utcTime(e.date ?? T0);
              if (e.emptyExtensions) w.sequence(() => {});
              if (e.extensions) writeExts(w, e.extensions);
              if (e.trailing) w.raw(e.trailing);
            });
          }
        });
      }
      if (c.emptyCrlExtensions) w.explicit(0, (w) => w.sequence(() => {}));
      if (c.crlExtensions) w.explicit(0, (w) => writeExts(w, c.crlExtensions!));
    });
    w.raw(c.outerAlg ?? ALG);
    w.bitString(Uint8Array.of(1, 2, 3));
  });
  return w.finish();
}

function expectError(f: () => unknown, code: string, path?: string, offset?: number): CertkitError {
  let err: unknown;
  try {
    f();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(CertkitError);
  const e = err as CertkitError;
  expect(e.code).toBe(code);
  if (path !== undefined) expect(e.path).toBe(path);
  if (offset !== undefined) expect(e.offset).toBe(offset);
  return e;
}

/** Absolute offset of the n-th occurrence of `needle` in `hay`. */
function find(hay: Uint8Array, needle: Uint8Array, n = 0): number {
  outer: for (let i = 0; i < hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    if (n-- === 0) return i;
  }
  return -1;
}

const REASON = '2.5.29.21';
const reasonExt = (code: number) => ({ oid: REASON, value: Uint8Array.of(0x0a, 1, code) });

describe('structure', () => {
  it('reads v1 and v2, times, issuer, entries and extensions', () => {
    const v1 = parseCrl(rawCrl({ version: null, entries: [{ serial: 5n }] }));
    expect(v1.version).toBe(1);
    expect(v1.size).toBe(1);
    const der = rawCrl({
      entries: [
        { serial: 5n, extensions: [reasonExt(1)] },
        { serial: 6n, generalized: true },
      ],
      crlExtensions: [{ oid: '2.5.29.20', value: Uint8Array.of(2, 1, 7) }],
    });
    const c = parseCrl(der);
    expect(c.version).toBe(2);
    expect(c.issuer.toString()).toBe('CN=Parse CA');
    expect(c.thisUpdate.toISOString()).toBe(T0.toISOString());
    expect(c.nextUpdate?.toISOString()).toBe('2030-02-01T00:00:00.000Z');
    expect(getExtension(c, crlNumberCodec)).toBe(7n);
    expect(getExtension(crlEntry(c, 0), reasonCodeCodec)).toBe('keyCompromise');
    expect(getExtension(crlEntry(c, 1), reasonCodeCodec)).toBeUndefined();
    expect(crlEntry(c, 1).revocationDate.toISOString()).toBe(T0.toISOString());
    expect(c.raw).toEqual(der);
    expect(c.raw.buffer).toBe(der.buffer); // zero-copy
    expect(parseCrl(rawCrl({ noNextUpdate: true })).nextUpdate).toBeUndefined();
    expect(parseCrl(crlToPem(c)).raw).toEqual(der);
    expect(toHex(c.rawTbs.subarray(0, 1))).toBe('30');
  });

  it('invalid-version: v3, and an explicit v1 (lenient accepts the latter)', () => {
    const v3 = rawCrl({ version: 2 });
    expectError(() => parseCrl(v3), 'invalid-version', 'tbsCertList.version', find(v3, Uint8Array.of(2, 1, 2)));
    expectError(() => parseCrl(rawCrl({ version: 0 })), 'invalid-version', 'tbsCertList.version');
    expect(parseCrl(rawCrl({ version: 0 }), { lenient: true }).version).toBe(1);
  });

  it('version-mismatch: extensions in a v1 CRL (CRL and entry)', () => {
    expectError(() => parseCrl(rawCrl({ version: null, crlExtensions: [{ oid: '2.5.29.20', value: Uint8Array.of(2, 1, 1) }] })), 'version-mismatch', 'tbsCertList.crlExtensions');
    const der = rawCrl({ version: null, entries: [{ serial: 5n, extensions: [reasonExt(1)] }] });
    expectError(() => parseCrl(der), 'version-mismatch', 'tbsCertList.revokedCertificates[0].crlEntryExtensions', find(der, Uint8Array.of(0x30, 0x0c, 0x30, 0x0a)));
  });

  it('invalid-serial-number: zero, negative, 21 octets; lenient accepts and indexes them', () => {
    for (const serial of [0n, -5n, 1n << 160n]) {
      const der = rawCrl({ entries: [{ serial: 9n }, { serial }] });
      const e = expectError(() => parseCrl(der), 'invalid-serial-number', 'tbsCertList.revokedCertificates[1].userCertificate');
      const contents = encodeIntegerContents(serial);
      expect(e.offset).toBe(find(der, Uint8Array.of(0x02, contents.length, ...contents)) + 2);
      const c = parseCrl(der, { lenient: true });
      expect(findCrlEntry(c, serial)?.serialNumber).toBe(serial);
      expect(isSerialRevoked(c, 9n)).toBe(true);
    }
    // 20 value octets with a sign octet is fine.
    const big = (1n << 159n) + 12345n;
    expect(isSerialRevoked(parseCrl(rawCrl({ entries: [{ serial: big }] })), big)).toBe(true);
  });

  it('non-minimal serial INTEGER: DerError in strict mode, minimal form indexed in lenient mode', () => {
    const der = rawCrl({ entries: [{ serialContents: Uint8Array.of(0, 0, 0x42) }] });
    expectError(() => parseCrl(der), 'non-minimal-integer', 'tbsCertList.revokedCertificates[0].userCertificate');
    expect(isSerialRevoked(parseCrl(der, { lenient: true }), 0x42n)).toBe(true);
  });

  it('empty-revoked-certificates and empty-extensions (lenient accepts both, and an empty entry extension list)', () => {
    const der = rawCrl({ emptyList: true });
    expectError(() => parseCrl(der), 'empty-revoked-certificates', 'tbsCertList.revokedCertificates', find(der, Uint8Array.of(0x30, 0x00)));
    expect(parseCrl(der, { lenient: true }).size).toBe(0);
    expectError(() => parseCrl(rawCrl({ emptyCrlExtensions: true })), 'empty-extensions', 'tbsCertList.crlExtensions');
    const ee = rawCrl({ entries: [{ serial: 3n, emptyExtensions: true }] });
    expectError(() => parseCrl(ee), 'empty-extensions', 'tbsCertList.revokedCertificates[0].crlEntryExtensions');
    expect(isSerialRevoked(parseCrl(ee, { lenient: true }), 3n)).toBe(true);
  });

  it('duplicate extensions are refused, even in lenient mode', () => {
    const der = rawCrl({ entries: [{ serial: 3n, extensions: [reasonExt(1), reasonExt(1)] }] });
    expectError(() => parseCrl(der), 'duplicate-extension', 'tbsCertList.revokedCertificates[0].crlEntryExtensions[1]');
    expectError(() => parseCrl(der, { lenient: true }), 'duplicate-extension');
    expectError(
      () =>
        parseCrl(
          rawCrl({
            crlExtensions: [
              { oid: '2.5.29.20', value: Uint8Array.of(2, 1, 1) },
              { oid: '2.5.29.20', value: Uint8Array.of(2, 1, 1) },
            ],
          }),
        ),
      'duplicate-extension',
    );
  });

  it('explicit critical FALSE in an entry extension: strict refuses, lenient accepts', () => {
    const der = rawCrl({ entries: [{ serial: 3n, extensions: [{ ...reasonExt(1), critical: 'explicit-false' }] }] });
    expectError(() => parseCrl(der), 'explicit-default', 'tbsCertList.revokedCertificates[0].crlEntryExtensions[0].critical');
    expect(getExtension(crlEntry(parseCrl(der, { lenient: true }), 0), reasonCodeCodec)).toBe('keyCompromise');
  });

  it('signature-algorithm-mismatch', () => {
    const other = Uint8Array.of(0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x03);
    const der = rawCrl({ outerAlg: other });
    expectError(() => parseCrl(der), 'signature-algorithm-mismatch', 'signatureAlgorithm', find(der, other));
  });

  it('bad revocationDate: a 30 February, fractions, another tag', () => {
    const bad = Uint8Array.of(0x17, 13, ...new TextEncoder().encode('300230000000Z'));
    const der = rawCrl({ entries: [{ serial: 1n }, { serial: 2n, rawDate: bad }] });
    expectError(() => parseCrl(der), 'invalid-time', 'tbsCertList.revokedCertificates[1].revocationDate', find(der, bad) + 2);
    const frac = Uint8Array.of(0x18, 17, ...new TextEncoder().encode('20300101000000.5Z'));
    expectError(() => parseCrl(rawCrl({ entries: [{ serial: 2n, rawDate: frac }] })), 'invalid-time');
    expectError(() => parseCrl(rawCrl({ entries: [{ serial: 2n, rawDate: Uint8Array.of(5, 0) }] })), 'unexpected-tag', 'tbsCertList.revokedCertificates[0].revocationDate');
  });

  it('trailing data inside an entry, truncated lists and trailing bytes after the CRL', () => {
    expectError(() => parseCrl(rawCrl({ entries: [{ serial: 2n, trailing: Uint8Array.of(5, 0) }] })), 'unexpected-tag', 'tbsCertList.revokedCertificates[0].crlEntryExtensions');
    const der = rawCrl({ entries: [{ serial: 1n }, { serial: 2n }] });
    expectError(() => parseCrl(der.subarray(0, der.length - 30)), 'length-exceeds-input');
    const plus = new Uint8Array(der.length + 1);
    plus.set(der);
    expectError(() => parseCrl(plus), 'trailing-data');
    // An entry whose length runs past the list: the list is cut short by its own length.
    const bad = der.slice();
    const at = find(bad, Uint8Array.of(0x30, 0x12, 0x02, 0x01, 0x02));
    bad[at + 1] = 0x20;
    expectError(() => parseCrl(bad), 'length-exceeds-input', 'tbsCertList.revokedCertificates[1]', at);
  });

  it('an unknown critical CRL / entry extension parses but marks the CRL unusable (RFC 5280 §5.2, §5.3)', () => {
    const a = parseCrl(rawCrl({ crlExtensions: [{ oid: '1.2.3', critical: true, value: Uint8Array.of(5, 0) }] }));
    expect(a.unusable).toMatchObject({ code: 'unknown-critical-extension', oid: '1.2.3' });
    const b = parseCrl(rawCrl({ entries: [{ serial: 1n }, { serial: 2n, extensions: [{ oid: '1.2.4', critical: true, value: Uint8Array.of(5, 0) }] }] }));
    expect(b.unusable).toMatchObject({ code: 'unknown-critical-entry-extension', oid: '1.2.4', entryIndex: 1 });
    expect(crlEntryUnknownCriticalExtension(crlEntry(b, 1))).toBe('1.2.4');
    const c = parseCrl(rawCrl({ entries: [{ serial: 2n, extensions: [{ oid: '1.2.4', value: Uint8Array.of(5, 0) }] }] }));
    expect(c.unusable).toBeUndefined();
  });

  it('bad input kinds', () => {
    expect(() => parseCrl(42 as never)).toThrow(TypeError);
    expectError(() => parseCrl('-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n'), 'unexpected-label');
  });
});

describe('the serial index', () => {
  it('finds serials given as bigint, number, hex (with 0x or colons) and bytes; misses others', () => {
    const c = parseCrl(rawCrl({ entries: [{ serial: 0x80n }, { serial: 0x0123456789abcdefn }, { serial: 1n }] }));
    expect(isSerialRevoked(c, 0x80n)).toBe(true);
    expect(isSerialRevoked(c, 128)).toBe(true);
    expect(isSerialRevoked(c, '80')).toBe(true);
    expect(isSerialRevoked(c, '0x0080')).toBe(true);
    expect(isSerialRevoked(c, '01:23:45:67:89:AB:CD:EF')).toBe(true);
    expect(isSerialRevoked(c, Uint8Array.of(0, 0, 0x80))).toBe(true);
    expect(crlIndexOf(c, 1n)).toBe(2);
    expect(isSerialRevoked(c, 0x81n)).toBe(false);
    expect(isSerialRevoked(c, -128n)).toBe(false);
    expect(findCrlEntry(c, 2n)).toBeUndefined();
    expect(findCrlEntry(c, 0x0123456789abcdefn)?.serialNumberHex).toBe('0123456789abcdef');
    expect(() => isSerialRevoked(c, 'xyz')).toThrow(RangeError);
    expect(() => isSerialRevoked(c, 1.5)).toThrow(RangeError);
    expect(() => isSerialRevoked(c, {} as never)).toThrow(TypeError);
    expect(serialKey('00:80')).toEqual(Uint8Array.of(0, 0x80));
  });

  it('flags duplicates and unsorted lists (RFC 5280 requires neither order nor forbids repeats outright)', () => {
    const c = parseCrl(rawCrl({ entries: [{ serial: 5n }, { serial: 3n }, { serial: 5n, extensions: [reasonExt(4)] }] }));
    expect(c.sortedBySerial).toBe(false);
    expect(c.duplicateCount).toBe(1);
    expect(crlDuplicateSerials(c)).toEqual(['05']);
    expect(findCrlEntries(c, 5n).map((e) => e.index)).toEqual([0, 2]);
    expect(parseCrl(rawCrl({ entries: [{ serial: 1n }, { serial: 2n }, { serial: 0x100n }] })).sortedBySerial).toBe(true);
  });

  it('removeFromCRL entries do not count for isRevoked', () => {
    const c = parseCrl(rawCrl({ entries: [{ serial: 5n, extensions: [reasonExt(8)] }] }));
    expect(getExtension(findCrlEntry(c, 5n)!, reasonCodeCodec)).toBe('removeFromCRL');
    expect(isSerialRevoked(c, 5n)).toBe(false);
  });

  it('property: random entry shapes (fast and slow paths) parse to the model, every serial found', () => {
    const entry = fc.record({
      serial: fc.bigInt({ min: 1n, max: (1n << 160n) - 1n }),
      generalized: fc.boolean(),
      date: fc.date({ min: new Date('1950-01-01T00:00:00Z'), max: new Date('2049-12-31T23:59:59Z'), noInvalidDate: true }),
      reason: fc.option(fc.constantFrom(0, 1, 2, 3, 4, 5, 6, 8, 9, 10), { nil: undefined }),
      critical: fc.boolean(),
      other: fc.boolean(),
      bigValue: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 40 }), (list) => {
        const entries: RawEntry[] = list.map((e) => {
          const exts: NonNullable<RawEntry['extensions']> = [];
          if (e.reason !== undefined) exts.push({ oid: REASON, critical: e.critical, value: Uint8Array.of(0x0a, 1, e.reason) });
          if (e.other) exts.push({ oid: '1.3.6.1.4.1.99999.1', value: e.bigValue ? new Uint8Array(200) : Uint8Array.of(5, 0) });
          const d = new Date(Math.floor(e.date.getTime() / 1000) * 1000);
          return { serial: e.serial, date: d, generalized: e.generalized, extensions: exts.length ? exts : undefined };
        });
        const c = parseCrl(rawCrl({ entries }));
        expect(c.size).toBe(entries.length);
        const firstIndex = new Map<bigint, number>();
        entries.forEach((e, i) => {
          if (!firstIndex.has(e.serial!)) firstIndex.set(e.serial!, i);
        });
        for (const [s, i] of firstIndex) expect(crlIndexOf(c, s)).toBe(i);
        expect(c.duplicateCount).toBe(entries.length - firstIndex.size);
        list.forEach((e, i) => {
          const en = crlEntry(c, i);
          expect(en.serialNumber).toBe(e.serial);
          expect(en.revocationDate.getTime()).toBe(entries[i]!.date!.getTime());
          const names = [
            'unspecified',
            'keyCompromise',
            'cACompromise',
            'affiliationChanged',
            'superseded',
            'cessationOfOperation',
            'certificateHold',
            undefined,
            'removeFromCRL',
            'privilegeWithdrawn',
            'aACompromise',
          ];
          expect(getExtension(en, reasonCodeCodec)).toBe(e.reason === undefined ? undefined : names[e.reason]);
        });
        expect(c.unusable).toBeUndefined();
      }),
      { numRuns: 150 },
    );
  });

  it('property: any mutation of a CRL gives a Crl or a CertkitError, never anything else', () => {
    const der = rawCrl({
      entries: [
        { serial: 5n, extensions: [reasonExt(1)] },
        { serial: 0x1234n, generalized: true },
      ],
      crlExtensions: [{ oid: '2.5.29.20', value: Uint8Array.of(2, 1, 1) }],
    });
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(der.length - 1), fc.nat(255)), { minLength: 1, maxLength: 4 }), fc.boolean(), (muts, lenient) => {
        const m = der.slice();
        for (const [i, b] of muts) m[i] = b;
        try {
          const c = parseCrl(m, { lenient });
          for (const e of crlEntries(c)) void crlEntryToJson(e);
          void formatCrl(c);
        } catch (e) {
          if (!(e instanceof CertkitError)) throw e;
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('CrlError', () => {
  it('is a CertkitError with code and location', () => {
    const e = new CrlError('invalid-version', 'x', { offset: 3, path: 'tbsCertList.version' });
    expect(e).toBeInstanceOf(CertkitError);
    expect(String(e)).toContain('invalid-version');
  });
});
