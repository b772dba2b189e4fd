/**
 * Proves the GeneralName layer: every choice round-trips, IP text forms (RFC 4291 parsing,
 * RFC 5952 output, checked against the WHATWG URL serializer in Node), the name-constraints
 * address+mask form, OpenSSL-style formatting, the helpers' syntax checks and every rejection
 * with its code and offset; fast-check round trips and "any bytes give a value or a CertkitError".
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CertkitError, DerReader, bytesEqual, encodeDer, fromHex, toHex } from '../src/der/index';
import { decodeGeneralName, formatIpAddress, generalNamesEqual, parseGeneralNames, parseIpAddress, type GeneralName } from '../src/x509/general-name';
import { dn, dns, email, ip, registeredId, upn, uri, writeGeneralName, writeGeneralNames } from '../src/x509/general-name-build';
import { formatGeneralName } from '../src/x509/general-name-format';
import { nameFrom } from '../src/x509/index';

const enc = (gn: GeneralName): Uint8Array => encodeDer((w) => writeGeneralName(w, gn));

function err(fn: () => unknown): CertkitError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(CertkitError);
    return e as CertkitError;
  }
  throw new Error('no error');
}

describe('IP addresses', () => {
  it('parses IPv4 strictly', () => {
    expect(Array.from(parseIpAddress('192.0.2.255'))).toEqual([192, 0, 2, 255]);
    for (const bad of ['1.2.3', '1.2.3.4.5', '256.0.0.1', '01.2.3.4', '1.2.3.-4', '', 'a.b.c.d', ' 1.2.3.4']) {
      expect(() => parseIpAddress(bad), bad).toThrow(RangeError);
    }
  });
  it('formats IPv6 per RFC 5952 (its own examples)', () => {
    const cases: [string, string][] = [
      ['2001:0db8:0000:0000:0000:0000:0002:0001', '2001:db8::2:1'],
      ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'], // §4.2.3: first of equal runs
      ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'], // §4.2.2: one zero group is not compressed
      ['2001:DB8::AbCd', '2001:db8::abcd'], // §4.3 lower case
      ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1'], // §4.2.3 longest run
      ['::', '::'],
      ['::1', '::1'],
      ['1::', '1::'],
      ['::ffff:192.0.2.1', '::ffff:192.0.2.1'],
      ['::ffff:c000:0201', '::ffff:192.0.2.1'],
      ['1:2:3:4:5:6:1.2.3.4', '1:2:3:4:5:6:102:304'],
    ];
    for (const [input, want] of cases) expect(formatIpAddress(parseIpAddress(input)), input).toBe(want);
    for (const bad of ['1:2:3:4:5:6:7', '1::2::3', '1:2:3:4:5:6:7:8:9', '12345::', ':1:2:3:4:5:6:7', 'g::', '1:2:3:4:5:6:7:1.2.3.4']) {
      expect(() => parseIpAddress(bad), bad).toThrow(RangeError);
    }
  });
  it('IPv6 text agrees with the WHATWG URL serializer (fast-check) and round-trips', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 0xffff })), { minLength: 8, maxLength: 8 }), (groups) => {
        const bytes = new Uint8Array(16);
        groups.forEach((g, i) => {
          bytes[2 * i] = g >> 8;
          bytes[2 * i + 1] = g & 0xff;
        });
        const text = formatIpAddress(bytes);
        if (!bytesEqual(parseIpAddress(text), bytes)) return false;
        if (text.startsWith('::ffff:') && text.includes('.')) return true; // WHATWG does not use mixed notation
        return new URL(`http://[${text}]/`).hostname === `[${text}]`;
      }),
      { numRuns: 1000 },
    );
  });
  it('builds name-constraint ranges from prefixes', () => {
    const v4 = ip('10.1.2.3/8');
    expect(v4).toMatchObject({ type: 'ip', text: '10.0.0.0/8' });
    expect(toHex(enc(v4))).toBe('87080a000000ff000000');
    const v6 = ip('2001:db8::/33');
    expect(v6.type === 'ip' && toHex(v6.mask!)).toBe('ffffffff800000000000000000000000');
    expect(decodeGeneralName(enc(v6), { context: 'constraint' })).toMatchObject({ type: 'ip', text: '2001:db8::/33' });
    const odd = decodeGeneralName(fromHex('87080a000000ff00ff00'), { context: 'constraint' });
    expect(odd).toMatchObject({ type: 'ip', text: '10.0.0.0/255.0.255.0' });
    expect(() => ip('10.0.0.0/33')).toThrow(RangeError);
    expect(() => ip('::/129')).toThrow(RangeError);
    expect(() => ip('10.0.0.0/08')).toThrow(RangeError);
  });
});

describe('every choice round-trips', () => {
  const x400 = fromHex('a3053003020101');
  const edi = fromHex('a5058103616263');
  const names: GeneralName[] = [
    dns('example.com'),
    dns('*.example.com'),
    email('jane@example.com'),
    uri('https://example.com/a?b#c'),
    ip('192.0.2.1'),
    ip('2001:db8::1'),
    dn('CN=Jane,O=Acme,C=US'),
    upn('jane@corp.example'),
    { type: 'otherName', typeId: '1.3.6.1.5.5.7.8.9', value: fromHex('0c03e282ac') },
    registeredId('1.2.840.113549'),
    { type: 'x400', raw: x400 },
    { type: 'ediParty', raw: edi },
  ];
  it('write → parse gives an equal name and the same bytes', () => {
    for (const gn of names) {
      const der = enc(gn);
      const back = decodeGeneralName(der);
      expect(generalNamesEqual(back, gn), formatGeneralName(gn)).toBe(true);
      expect(bytesEqual(enc(back), der)).toBe(true);
    }
    const list = encodeDer((w) => writeGeneralNames(w, names));
    const parsed = parseGeneralNames(new DerReader(list));
    expect(parsed.length).toBe(names.length);
    expect(
      bytesEqual(
        encodeDer((w) => writeGeneralNames(w, parsed)),
        list,
      ),
    ).toBe(true);
  });
  it('formats as OpenSSL does', () => {
    expect(names.map((n) => formatGeneralName(n))).toEqual([
      'DNS:example.com',
      'DNS:*.example.com',
      'email:jane@example.com',
      'URI:https://example.com/a?b#c',
      'IP Address:192.0.2.1',
      'IP Address:2001:DB8:0:0:0:0:0:1',
      'DirName:/C=US/O=Acme/CN=Jane',
      'othername: UPN::jane@corp.example',
      'othername: 1.3.6.1.5.5.7.8.9::<unsupported>',
      'Registered ID:1.2.840.113549',
      'X400Name:<unsupported>',
      'EdiPartyName:<unsupported>',
    ]);
    expect(formatGeneralName(dn('CN=Jane,O=Acme'), 'print')).toBe('DirName:O = Acme, CN = Jane');
    expect(formatGeneralName(ip('10.0.0.0/8'))).toBe('IP:10.0.0.0/255.0.0.0');
  });
  it('decodes the UPN and keeps other otherName values raw', () => {
    const u = decodeGeneralName(enc(upn('ü@x')));
    expect(u).toMatchObject({ type: 'otherName', typeId: '1.3.6.1.4.1.311.20.2.3', upn: 'ü@x' });
    expect(u.type === 'otherName' && toHex(u.value)).toBe('0c04c3bc4078');
  });
  it('compares DNS and email names case-insensitively and directory names per RFC 5280 §7.1', () => {
    expect(generalNamesEqual(dns('A.Example'), dns('a.example'))).toBe(true);
    expect(generalNamesEqual(dn('CN=A  B'), dn('cn=a b'))).toBe(true);
    expect(generalNamesEqual(ip('10.0.0.1'), ip('10.0.0.2'))).toBe(false);
    expect(generalNamesEqual(dns('a'), email('a'))).toBe(false);
  });
});

describe('rejections', () => {
  it('empty names in a subjectAltName are refused in strict mode only (RFC 5280 §4.2.1.6)', () => {
    for (const hex of ['8200', '8100', '8600', 'a4023000']) {
      const r = new DerReader(fromHex(`30${(hex.length / 2).toString(16).padStart(2, '0')}${hex}`));
      const e = err(() => parseGeneralNames(r));
      expect([hex, e.code, e.offset, e.path]).toEqual([hex, 'empty-general-name', 2, '[0]']);
      expect(decodeGeneralName(fromHex(hex), { lenient: true })).toBeDefined();
    }
    expect(err(() => decodeGeneralName(fromHex('820120'))).code).toBe('empty-general-name'); // " "
    expect(decodeGeneralName(fromHex('8200'), { context: 'constraint' })).toEqual({ type: 'dns', value: '' });
    expect(decodeGeneralName(fromHex('8200'), { context: 'other' })).toEqual({ type: 'dns', value: '' });
  });
  it('a relative URI in a subjectAltName is refused (invalid-uri)', () => {
    const e = err(() => decodeGeneralName(fromHex('86062f612f622f63')));
    expect([e.code, e.offset]).toEqual(['invalid-uri', 2]);
    expect(decodeGeneralName(fromHex('86062f612f622f63'), { lenient: true })).toEqual({ type: 'uri', value: '/a/b/c' });
  });
  it('IP address lengths', () => {
    const e = err(() => decodeGeneralName(fromHex('87050102030405')));
    expect([e.code, e.offset]).toEqual(['invalid-ip-address', 0]);
    expect(err(() => decodeGeneralName(fromHex('870401020304'), { context: 'constraint' })).code).toBe('invalid-ip-address');
    expect(err(() => decodeGeneralName(fromHex('87080a000000ff000000'))).code).toBe('invalid-ip-address');
  });
  it('unknown choices, bad strings, a UPN that is not a UTF8String, an empty list', () => {
    expect(err(() => decodeGeneralName(fromHex('890101'))).code).toBe('invalid-general-name');
    const s = err(() => decodeGeneralName(fromHex('820361ff62')));
    expect([s.code, s.offset]).toEqual(['invalid-string', 3]);
    const upnIa5 = fromHex('a014060a2b060104018237140203a00616046a40636f');
    expect(err(() => decodeGeneralName(upnIa5)).code).toBe('invalid-general-name');
    const lenientUpn = decodeGeneralName(upnIa5, { lenient: true });
    expect(lenientUpn.type).toBe('otherName');
    expect('upn' in lenientUpn).toBe(false);
    expect(err(() => parseGeneralNames(new DerReader(fromHex('3000')))).code).toBe('invalid-general-name');
    expect(err(() => decodeGeneralName(fromHex('a0050603550403'))).code).toBe('truncated');
  });
  it('the helpers check syntax (RangeError) and argument kinds (TypeError)', () => {
    for (const bad of ['', 'a..b', '-a.com', 'a-.com', 'a b.com', '*.', 'a.*.com', 'é.com', 'x'.repeat(64) + '.com', 'a.com.']) {
      expect(() => dns(bad), bad).toThrow(RangeError);
    }
    expect(() => email('a b@c')).toThrow(RangeError);
    expect(() => email('ü@x')).toThrow(RangeError);
    expect(() => email('a@b@c')).toThrow(RangeError);
    expect(() => uri('/relative')).toThrow(RangeError);
    expect(() => uri('http://ü.example/')).toThrow(RangeError);
    expect(() => registeredId('1.02')).toThrow(RangeError);
    expect(() => dns(5 as unknown as string)).toThrow(TypeError);
    expect(() => enc({ type: 'dns', value: 'zoë' })).toThrow(RangeError);
    expect(() => enc({ type: 'ip', value: Uint8Array.of(1, 2, 3), text: '' })).toThrow(RangeError);
    expect(() => encodeDer((w) => writeGeneralNames(w, []))).toThrow(RangeError);
  });
});

describe('properties (fast-check)', () => {
  const label = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,10}[a-z0-9])?$/);
  const gnArb: fc.Arbitrary<GeneralName> = fc.oneof(
    fc.array(label, { minLength: 1, maxLength: 4 }).map((l) => dns(l.join('.'))),
    fc.tuple(label, label).map(([a, b]) => email(`${a}@${b}.example`)),
    label.map((l) => uri(`https://${l}.example/${l}`)),
    fc.uint8Array({ minLength: 4, maxLength: 4 }).map((b) => ip(formatIpAddress(b))),
    fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b) => ip(formatIpAddress(b))),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 10 }).map((s) => upn(s)),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 10 }).map((s) => dn(nameFrom({ CN: s }))),
    fc.array(fc.integer({ min: 0, max: 100000 }), { minLength: 1, maxLength: 5 }).map((a) => registeredId(`1.2.${a.join('.')}`)),
  );
  it('write → parse → write is byte-identical', () => {
    fc.assert(
      fc.property(fc.array(gnArb, { minLength: 1, maxLength: 5 }), (names) => {
        const der = encodeDer((w) => writeGeneralNames(w, names));
        const back = parseGeneralNames(new DerReader(der));
        return (
          back.every((b, i) => generalNamesEqual(b, names[i]!)) &&
          bytesEqual(
            encodeDer((w) => writeGeneralNames(w, back)),
            der,
          )
        );
      }),
      { numRuns: 300 },
    );
  });
  it('any bytes give a GeneralName or a CertkitError', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0x80, max: 0xa8 }),
        fc.uint8Array({ maxLength: 40 }),
        fc.constantFrom('san', 'constraint', 'other') as fc.Arbitrary<'san' | 'constraint' | 'other'>,
        (tag, body, context) => {
          try {
            decodeGeneralName(Uint8Array.of(tag, body.length, ...body), { context });
          } catch (e) {
            return e instanceof CertkitError;
          }
          return true;
        },
      ),
      { numRuns: 1000 },
    );
  });
});
