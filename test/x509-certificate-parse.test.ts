/**
 * The certificate parser's structural rules (RFC 5280 §4.1): each rejection with its code, path
 * and offset, each documented leniency, the raw views, and "any bytes give a Certificate or a
 * CertkitError". Certificates here are assembled field by field with the DER writer (their
 * signatures are not valid: the parser does not verify them), so each rule is tested in isolation.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CertkitError, DerReader, DerWriter, Tag, bytesEqual, fromHex, toHex } from '../src/der/index';
import { encodePem } from '../src/pem/index';
import { Certificate, CertificateError, parseCertificate } from '../src/x509/certificate';
import { certificateToJson, findRawExtension, formatCertificate, getExtension, isSelfIssued, isValidAt, subjectAltNameCodec } from '../src/x509/index';

// A fixed P-256 SubjectPublicKeyInfo (the generator point as public key: any valid point will do).
const SPKI = fromHex(
  '3059301306072a8648ce3d020106082a8648ce3d03010703420004' + '6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296' + '4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5',
);
const ECDSA_SHA256 = fromHex('300a06082a8648ce3d040302');
const ECDSA_SHA256_NULL = fromHex('300c06082a8648ce3d0403020500');

function nameDer(cn: string): Uint8Array {
  const w = new DerWriter();
  w.sequence((w) =>
    w.setOf((w) =>
      w.sequence((w) => {
        w.oid('2.5.4.3');
        w.utf8(cn);
      }),
    ),
  );
  return w.finish();
}

interface ExtSpec {
  oid: string;
  critical?: boolean | 'explicit-false';
  value: Uint8Array;
}

interface Parts {
  version?: number | null; // ASN.1 value (0, 1, 2, ...); null: field absent
  serial?: Uint8Array; // INTEGER contents
  innerAlg?: Uint8Array;
  outerAlg?: Uint8Array;
  issuer?: Uint8Array;
  validity?: Uint8Array;
  subject?: Uint8Array;
  spki?: Uint8Array;
  issuerUid?: Uint8Array; // BIT STRING contents
  subjectUid?: Uint8Array;
  extensions?: ExtSpec[] | null;
  rawExtensions?: Uint8Array; // contents of [3]
  tbsTrailer?: Uint8Array;
  signature?: Uint8Array; // BIT STRING contents
  certTrailer?: Uint8Array;
}

function validityDer(a = '250101000000Z', b = '350101000000Z', tagA: number = Tag.UTC_TIME, tagB: number = Tag.UTC_TIME): Uint8Array {
  const e = new TextEncoder();
  const w = new DerWriter();
  w.sequence((w) => {
    w.element(tagA, e.encode(a));
    w.element(tagB, e.encode(b));
  });
  return w.finish();
}

function ext(oid: string, value: Uint8Array, critical?: boolean | 'explicit-false'): ExtSpec {
  return { oid, value, critical };
}

// A basicConstraints body (cA TRUE) and a subjectKeyIdentifier body.
const BC_CA = fromHex('30030101ff');
const SKI = fromHex('0414' + '11'.repeat(20));

function build(p: Parts = {}): Uint8Array {
  const w = new DerWriter();
  w.sequence((w) => {
    w.sequence((w) => {
      const version = p.version === undefined ? 2 : p.version;
      if (version !== null) w.explicit(0, (w) => w.integer(version));
      w.element(Tag.INTEGER, p.serial ?? Uint8Array.of(0x01, 0x23));
      w.raw(p.innerAlg ?? ECDSA_SHA256);
      w.raw(p.issuer ?? nameDer('Issuer'));
      w.raw(p.validity ?? validityDer());
      w.raw(p.subject ?? nameDer('Subject'));
      w.raw(p.spki ?? SPKI);
      if (p.issuerUid) w.element(0x81, p.issuerUid);
      if (p.subjectUid) w.element(0x82, p.subjectUid);
      if (p.rawExtensions) w.element(0xa3, p.rawExtensions);
      else {
        const exts = p.extensions === undefined ? [ext('2.5.29.19', BC_CA, true), ext('2.5.29.14', SKI)] : p.extensions;
        if (exts !== null) {
          w.explicit(3, (w) =>
            w.sequence((w) => {
              for (const e of exts) {
                w.sequence((w) => {
                  w.oid(e.oid);
                  if (e.critical === true) w.boolean(true);
                  if (e.critical === 'explicit-false') w.boolean(false);
                  w.octetString(e.value);
                });
              }
            }),
          );
        }
      }
      if (p.tbsTrailer) w.raw(p.tbsTrailer);
    });
    w.raw(p.outerAlg ?? ECDSA_SHA256);
    w.element(Tag.BIT_STRING, p.signature ?? fromHex('00' + '3006020101020101'));
  });
  if (p.certTrailer) w.raw(p.certTrailer);
  return w.finish();
}

/** Offset of the first occurrence of `needle` in `hay`. */
function indexOf(hay: Uint8Array, needle: Uint8Array, from = 0): number {
  outer: for (let i = from; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

function fails(der: Uint8Array, options: { lenient?: boolean } = {}): CertkitError {
  try {
    parseCertificate(der, options);
  } catch (e) {
    expect(e).toBeInstanceOf(CertkitError);
    return e as CertkitError;
  }
  throw new Error('expected parseCertificate to throw');
}

describe('a well-formed certificate', () => {
  const der = build();
  const cert = parseCertificate(der);

  it('reads every TBSCertificate field', () => {
    expect(cert).toBeInstanceOf(Certificate);
    expect(cert.version).toBe(3);
    expect(cert.serialNumber).toBe(0x123n);
    expect(cert.serialNumberHex).toBe('0123');
    expect(cert.notBefore.toISOString()).toBe('2025-01-01T00:00:00.000Z');
    expect(cert.notAfter.toISOString()).toBe('2035-01-01T00:00:00.000Z');
    expect(cert.subject.commonName).toBe('Subject');
    expect(cert.issuer.commonName).toBe('Issuer');
    expect(isSelfIssued(cert)).toBe(false);
    expect(cert.extensions.map((e) => [e.oid, e.critical])).toEqual([
      ['2.5.29.19', true],
      ['2.5.29.14', false],
    ]);
    expect(toHex(cert.extensions[0]!.value)).toBe(toHex(BC_CA));
    expect(findRawExtension(cert, '2.5.29.14')?.critical).toBe(false);
    expect(findRawExtension(cert, '2.5.29.17') !== undefined).toBe(false);
  });

  it('keeps zero-copy views of exactly the bytes received', () => {
    expect(cert.raw.buffer).toBe(der.buffer);
    expect(bytesEqual(cert.raw, der)).toBe(true);
    expect(bytesEqual(cert.rawSpki, SPKI)).toBe(true);
    expect(bytesEqual(cert.rawIssuer, nameDer('Issuer'))).toBe(true);
    expect(bytesEqual(cert.rawSubject, nameDer('Subject'))).toBe(true);
    expect(bytesEqual(cert.rawSignatureAlgorithm, ECDSA_SHA256)).toBe(true);
    expect(toHex(cert.rawSignatureValue)).toBe('3006020101020101');
    expect(toHex(cert.rawSerial)).toBe('0123');
    expect(bytesEqual(cert.rawValidity, validityDer())).toBe(true);
    // rawTbs is the first element inside the Certificate SEQUENCE
    const r = new DerReader(der).enter();
    expect(bytesEqual(cert.rawTbs, r.readTlv().raw)).toBe(true);
    expect(cert.rawExtensions?.[0]).toBe(0x30);
    // extension offsets are absolute
    const e0 = cert.extensions[0]!;
    expect(der[e0.offset]).toBe(0x30);
    expect(bytesEqual(der.subarray(e0.valueOffset, e0.valueOffset + BC_CA.length), BC_CA)).toBe(true);
  });

  it('accepts PEM text, PEM bytes, and PEM among other blocks', () => {
    const pem = encodePem('CERTIFICATE', der);
    expect(parseCertificate(pem).serialNumber).toBe(0x123n);
    expect(parseCertificate(new TextEncoder().encode(pem)).serialNumber).toBe(0x123n);
    const bundle = 'junk\n' + encodePem('PRIVATE KEY', Uint8Array.of(1, 2, 3)) + pem;
    expect(bytesEqual(parseCertificate(bundle).raw, der)).toBe(true);
  });

  it('remembers lenient mode (lazy decoding follows it)', () => {
    expect(parseCertificate(der).lenient).toBe(false);
    expect(parseCertificate(der, { lenient: true }).lenient).toBe(true);
  });

  it('refuses input of the wrong kind with a TypeError', () => {
    expect(() => parseCertificate(42 as unknown as Uint8Array)).toThrow(TypeError);
    expect(() => parseCertificate(null as unknown as Uint8Array)).toThrow(TypeError);
  });

  it('checks validity with isValidAt, both ends inclusive', () => {
    expect(isValidAt(cert, new Date('2025-01-01T00:00:00Z'))).toBe(true);
    expect(isValidAt(cert, new Date('2035-01-01T00:00:00Z'))).toBe(true);
    expect(isValidAt(cert, new Date('2035-01-01T00:00:01Z'))).toBe(false);
    expect(isValidAt(cert, new Date('2024-12-31T23:59:59Z'))).toBe(false);
    expect(() => isValidAt(cert, new Date(NaN))).toThrow(RangeError);
  });

  it('reads v1 (no version field) and v2 with unique identifiers', () => {
    const v1 = parseCertificate(build({ version: null, extensions: null }));
    expect(v1.version).toBe(1);
    expect(v1.extensions).toEqual([]);
    expect(v1.rawExtensions).toBeUndefined();
    const v2 = parseCertificate(build({ version: 1, extensions: null, issuerUid: fromHex('00abcd'), subjectUid: fromHex('04f0') }));
    expect(v2.version).toBe(2);
    expect(toHex(v2.issuerUniqueId!.bytes)).toBe('abcd');
    expect(v2.subjectUniqueId!.unusedBits).toBe(4);
  });

  it('reads GeneralizedTime validity, including 99991231235959Z', () => {
    const c = parseCertificate(build({ validity: validityDer('20500101000000Z', '99991231235959Z', Tag.GENERALIZED_TIME, Tag.GENERALIZED_TIME) }));
    expect(c.notBefore.toISOString()).toBe('2050-01-01T00:00:00.000Z');
    expect(c.notAfter.toISOString()).toBe('9999-12-31T23:59:59.000Z');
  });

  it('accepts a GeneralizedTime before 2050 (a root in the Mozilla store has one)', () => {
    const c = parseCertificate(build({ validity: validityDer('20111006083956Z', '20461006083956Z', Tag.GENERALIZED_TIME, Tag.GENERALIZED_TIME) }));
    expect(c.notBefore.getUTCFullYear()).toBe(2011);
  });
});

describe('version (RFC 5280 §4.1.2.1)', () => {
  it('refuses v4 and above with invalid-version at the INTEGER', () => {
    for (const v of [3, 7, 100]) {
      const der = build({ version: v });
      const e = fails(der);
      expect(e.code).toBe('invalid-version');
      expect(e).toBeInstanceOf(CertificateError);
      expect(e.path).toBe('tbsCertificate.version');
      expect(der[e.offset!]).toBe(0x02); // the INTEGER inside [0]
      expect(e.offset).toBe(indexOf(der, fromHex('a0030201')) + 2);
    }
  });
  it('refuses a negative version', () => {
    const e = fails(build({ version: -1 }));
    expect(e.code).toBe('negative-integer');
    expect(e.path).toBe('tbsCertificate.version');
  });
  it('refuses an explicitly encoded v1 (DER DEFAULT) unless lenient', () => {
    const der = build({ version: 0, extensions: null });
    const e = fails(der);
    expect(e.code).toBe('explicit-default');
    expect(e.offset).toBe(indexOf(der, fromHex('a003020100')));
    expect(parseCertificate(der, { lenient: true }).version).toBe(1);
  });
  it('refuses extensions outside v3 and unique identifiers in v1', () => {
    const v1ext = build({ version: null });
    let e = fails(v1ext);
    expect([e.code, e.path]).toEqual(['version-mismatch', 'tbsCertificate.extensions']);
    expect(v1ext[e.offset!]).toBe(0xa3);
    e = fails(build({ version: 1 }));
    expect(e.code).toBe('version-mismatch');
    const v1uid = build({ version: null, extensions: null, subjectUid: fromHex('0001') });
    e = fails(v1uid);
    expect([e.code, e.path]).toEqual(['version-mismatch', 'tbsCertificate.subjectUniqueID']);
    expect(v1uid[e.offset!]).toBe(0x82);
    e = fails(build({ version: null, extensions: null, issuerUid: fromHex('0001') }));
    expect([e.code, e.path]).toEqual(['version-mismatch', 'tbsCertificate.issuerUniqueID']);
  });
  it('refuses a unique identifier with bad BIT STRING padding', () => {
    const e = fails(build({ version: 1, extensions: null, issuerUid: fromHex('04ff') }));
    expect([e.code, e.path]).toEqual(['invalid-bit-string', 'tbsCertificate.issuerUniqueID']);
  });
});

describe('serialNumber (RFC 5280 §4.1.2.2)', () => {
  it('reads positive serials up to 20 value octets, with or without a sign octet', () => {
    const twenty = fromHex('7f' + 'ab'.repeat(19));
    expect(parseCertificate(build({ serial: twenty })).serialNumberHex).toBe(toHex(twenty));
    const signed = fromHex('00' + 'ff'.repeat(20));
    const c = parseCertificate(build({ serial: signed }));
    expect(c.serialNumber).toBe((1n << 160n) - 1n);
    expect(c.serialNumberHex).toBe('ff'.repeat(20));
  });
  it('accepts zero (six Mozilla roots use it)', () => {
    expect(parseCertificate(build({ serial: Uint8Array.of(0) })).serialNumber).toBe(0n);
  });
  it('refuses a negative serial unless lenient', () => {
    const der = build({ serial: fromHex('ff01') });
    const e = fails(der);
    expect([e.code, e.path]).toEqual(['invalid-serial-number', 'tbsCertificate.serialNumber']);
    expect(toHex(der.subarray(e.offset!, e.offset! + 2))).toBe('ff01');
    expect(parseCertificate(der, { lenient: true }).serialNumber).toBe(-255n);
  });
  it('refuses more than 20 octets unless lenient', () => {
    const der = build({ serial: fromHex('01' + '00'.repeat(20)) });
    const e = fails(der);
    expect(e.code).toBe('invalid-serial-number');
    expect(e.message).toContain('21 octets');
    expect(parseCertificate(der, { lenient: true }).serialNumber).toBe(1n << 160n);
  });
  it('refuses a non-minimal or empty INTEGER', () => {
    const der = build({ serial: fromHex('0001') });
    const e = fails(der);
    expect([e.code, e.path]).toEqual(['non-minimal-integer', 'tbsCertificate.serialNumber']);
    expect(parseCertificate(der, { lenient: true }).serialNumber).toBe(1n);
    expect(fails(build({ serial: new Uint8Array(0) })).code).toBe('empty-integer');
  });
});

describe('signature algorithms (RFC 5280 §4.1.1.2)', () => {
  it('refuses an outer algorithm that differs from the inner one, even only in NULL parameters', () => {
    const der = build({ outerAlg: ECDSA_SHA256_NULL });
    const e = fails(der);
    expect([e.code, e.path]).toEqual(['signature-algorithm-mismatch', 'signatureAlgorithm']);
    expect(e.offset).toBe(indexOf(der, ECDSA_SHA256_NULL));
    expect(fails(build({ innerAlg: fromHex('300a06082a8648ce3d040303') })).code).toBe('signature-algorithm-mismatch');
    // no leniency for this one
    expect(fails(der, { lenient: true }).code).toBe('signature-algorithm-mismatch');
  });
  it('refuses a malformed AlgorithmIdentifier', () => {
    const bad = fromHex('300d06082a8648ce3d04030205000500'); // two parameters
    const e = fails(build({ innerAlg: bad, outerAlg: bad }));
    expect([e.code, e.path]).toEqual(['trailing-data', 'tbsCertificate.signature']);
  });
  it('refuses a signature BIT STRING with unused bits unless lenient', () => {
    const der = build({ signature: fromHex('0430') });
    const e = fails(der);
    expect([e.code, e.path]).toEqual(['invalid-signature-value', 'signatureValue']);
    expect(parseCertificate(der, { lenient: true }).rawSignatureValue.length).toBe(1);
  });
});

describe('validity (RFC 5280 §4.1.2.5)', () => {
  it('refuses times not in the DER form, with the path of the field', () => {
    let der = build({ validity: validityDer('2501010000Z', '350101000000Z') });
    let e = fails(der);
    expect([e.code, e.path]).toEqual(['invalid-time', 'tbsCertificate.validity.notBefore']);
    der = build({ validity: validityDer('250101000000Z', '350101000000+0100') });
    e = fails(der);
    expect([e.code, e.path]).toEqual(['invalid-time', 'tbsCertificate.validity.notAfter']);
    expect(e.offset).toBe(indexOf(der, new TextEncoder().encode('350101000000+0100')));
    e = fails(build({ validity: validityDer('250231000000Z', '350101000000Z') }));
    expect(e.code).toBe('invalid-time');
    e = fails(build({ validity: validityDer('20500101000000.5Z', '99991231235959Z', Tag.GENERALIZED_TIME, Tag.GENERALIZED_TIME) }));
    expect(e.code).toBe('invalid-time');
  });
  it('refuses a third time or a wrong tag', () => {
    const w = new DerWriter();
    const enc = new TextEncoder();
    w.sequence((w) => {
      w.utcTime(new Date(0));
      w.utcTime(new Date(1e12));
      w.element(Tag.UTC_TIME, enc.encode('250101000000Z'));
    });
    let e = fails(build({ validity: w.finish() }));
    expect([e.code, e.path]).toEqual(['trailing-data', 'tbsCertificate.validity']);
    e = fails(build({ validity: validityDer('250101000000Z', '350101000000Z', Tag.UTC_TIME, Tag.PRINTABLE_STRING) }));
    expect([e.code, e.path]).toEqual(['unexpected-tag', 'tbsCertificate.validity.notAfter']);
  });
});

describe('extensions (RFC 5280 §4.1, §4.2)', () => {
  it('refuses a duplicate extension at the second instance', () => {
    const der = build({ extensions: [ext('2.5.29.19', BC_CA, true), ext('2.5.29.14', SKI), ext('2.5.29.19', BC_CA)] });
    const e = fails(der);
    expect([e.code, e.path]).toEqual(['duplicate-extension', 'tbsCertificate.extensions[2]']);
    const c = parseCertificate(build());
    const second = c.extensions[1]!;
    expect(e.offset).toBeGreaterThan(second.offset);
    expect(der[e.offset!]).toBe(0x30);
    // also not in lenient mode
    expect(fails(der, { lenient: true }).code).toBe('duplicate-extension');
  });
  it('finds duplicates in long lists too', () => {
    const many = Array.from({ length: 40 }, (_, i) => ext(`1.2.3.${i}`, fromHex('0500')));
    expect(parseCertificate(build({ extensions: many })).extensions).toHaveLength(40);
    many.push(ext('1.2.3.33', fromHex('0500')));
    const e = fails(build({ extensions: many }));
    expect([e.code, e.path]).toEqual(['duplicate-extension', 'tbsCertificate.extensions[40]']);
  });
  it('finds a repeat among extensions whose hashes crowd one slot (crafted collisions fall back to exact keys)', () => {
    // extnIDs whose FNV-1a hashes (as the walk computes them) share their low 10 bits: every one
    // lands in the same slot of the walk's table, so probes grow past its limit.
    const fnv = (b: Uint8Array): number => {
      let h = 0x811c9dc5;
      for (const x of b) h = Math.imul(h ^ x, 0x01000193);
      return h & 0x3fffffff;
    };
    const crowd: string[] = [];
    for (let i = 0; crowd.length < 120; i++) {
      const oid = `1.2.3.${i}`;
      const enc = new DerReader(new DerWriter().oid(oid).finish()).read(Tag.OID).value;
      if ((fnv(enc) & 1023) === 7) crowd.push(oid);
    }
    const many = crowd.map((o) => ext(o, fromHex('0500')));
    expect(parseCertificate(build({ extensions: many })).extensions.map((e) => e.oid)).toEqual(crowd);
    many.push(ext(crowd[3]!, fromHex('0500')));
    const e = fails(build({ extensions: many }));
    expect([e.code, e.path]).toEqual(['duplicate-extension', 'tbsCertificate.extensions[120]']);
  });
  it('finds the first repeated extension in any list, short or long (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 300 }), (arcs) => {
        const der = build({ extensions: arcs.map((a) => ext(`1.2.3.${a}`, fromHex('0500'))) });
        const firstRepeat = arcs.findIndex((a, i) => arcs.indexOf(a) < i);
        if (firstRepeat < 0) {
          expect(parseCertificate(der).extensions.map((e) => e.oid)).toEqual(arcs.map((a) => `1.2.3.${a}`));
        } else {
          const e = fails(der);
          expect([e.code, e.path]).toEqual(['duplicate-extension', `tbsCertificate.extensions[${firstRepeat}]`]);
        }
      }),
      { numRuns: 300 },
    );
  });
  it('refuses an empty Extensions list unless lenient', () => {
    const der = build({ extensions: [] });
    const e = fails(der);
    expect([e.code, e.path]).toEqual(['empty-extensions', 'tbsCertificate.extensions']);
    expect(parseCertificate(der, { lenient: true }).extensions).toEqual([]);
  });
  it('refuses critical FALSE encoded explicitly unless lenient', () => {
    const der = build({ extensions: [ext('2.5.29.14', SKI, 'explicit-false')] });
    const e = fails(der);
    expect([e.code, e.path]).toEqual(['explicit-default', 'tbsCertificate.extensions[0].critical']);
    expect(der.subarray(e.offset!, e.offset! + 3)).toEqual(fromHex('010100'));
    expect(parseCertificate(der, { lenient: true }).extensions[0]!.critical).toBe(false);
  });
  it('refuses malformed Extension elements with the path of the field', () => {
    const w = new DerWriter();
    w.sequence((w) =>
      w.sequence((w) => {
        w.oid('2.5.29.14');
        w.octetString(SKI);
        w.null();
      }),
    );
    let e = fails(build({ rawExtensions: w.finish() }));
    expect([e.code, e.path]).toEqual(['trailing-data', 'tbsCertificate.extensions[0]']);
    const w2 = new DerWriter();
    w2.sequence((w) =>
      w.sequence((w) => {
        w.oid('2.5.29.14');
        w.boolean(true);
        w.element(Tag.BIT_STRING, fromHex('00'));
      }),
    );
    e = fails(build({ rawExtensions: w2.finish() }));
    expect([e.code, e.path]).toEqual(['unexpected-tag', 'tbsCertificate.extensions[0].extnValue']);
    const w3 = new DerWriter();
    w3.sequence((w) =>
      w.sequence((w) => {
        w.element(Tag.OID, fromHex('2a8000'));
        w.octetString(SKI);
      }),
    );
    e = fails(build({ rawExtensions: w3.finish() }));
    expect([e.code, e.path]).toEqual(['invalid-oid', 'tbsCertificate.extensions[0].extnID']);
    const w4 = new DerWriter();
    w4.sequence((w) =>
      w.sequence((w) => {
        w.oid('2.5.29.14');
        w.element(Tag.BOOLEAN, fromHex('01'));
        w.octetString(SKI);
      }),
    );
    e = fails(build({ rawExtensions: w4.finish() }));
    expect([e.code, e.path]).toEqual(['invalid-boolean', 'tbsCertificate.extensions[0].critical']);
  });
  it('refuses anything after the Extensions SEQUENCE inside [3]', () => {
    const w = new DerWriter();
    w.sequence((w) =>
      w.sequence((w) => {
        w.oid('2.5.29.14');
        w.octetString(SKI);
      }),
    );
    w.null();
    const e = fails(build({ rawExtensions: w.finish() }));
    expect([e.code, e.path]).toEqual(['trailing-data', 'tbsCertificate.extensions']);
  });
});

describe('no trailing data at any level (X.690, RFC 5280 §4.1)', () => {
  it('after the Certificate', () => {
    const der = build({ certTrailer: fromHex('0000') });
    const e = fails(der);
    expect(e.code).toBe('trailing-data');
    expect(e.path).toBe('certificate');
    expect(e.offset).toBe(der.length - 2);
  });
  it('after signatureValue, inside the Certificate SEQUENCE', () => {
    const base = build();
    const w = new DerWriter();
    const r = new DerReader(base).enter();
    w.sequence((w) => {
      while (!r.atEnd) w.raw(r.readTlv().raw);
      w.null();
    });
    const e = fails(w.finish());
    expect([e.code, e.path]).toEqual(['trailing-data', 'certificate']);
  });
  it('after the last TBSCertificate field', () => {
    const e = fails(build({ tbsTrailer: fromHex('0500') }));
    expect([e.code, e.path]).toEqual(['trailing-data', 'tbsCertificate']);
  });
  it('inside SubjectPublicKeyInfo', () => {
    const spki = new DerWriter();
    const r = new DerReader(SPKI).enter();
    spki.sequence((w) => {
      while (!r.atEnd) w.raw(r.readTlv().raw);
      w.null();
    });
    const e = fails(build({ spki: spki.finish() }));
    expect([e.code, e.path]).toEqual(['trailing-data', 'tbsCertificate.subjectPublicKeyInfo']);
  });
  it('reports header errors with the field they are in', () => {
    const der = build();
    // Cut the certificate short: the outer length then runs past the input.
    const e = fails(der.subarray(0, der.length - 5));
    expect([e.code, e.offset]).toEqual(['length-exceeds-input', 0]);
    // Indefinite length on the TBSCertificate.
    const c = der.slice();
    const tbsAt = c[1]! & 0x80 ? 2 + (c[1]! & 0x7f) : 2;
    c[tbsAt + 1] = 0x80;
    const e2 = fails(c);
    expect(e2.path).toBe('tbsCertificate');
    expect(e2.offset).toBe(tbsAt + 1);
  });
});

describe('toString and toJSON never throw on a part that does not decode', () => {
  it('shows a malformed extension as unreadable and keeps the rest', () => {
    const der = build({ extensions: [ext('2.5.29.19', BC_CA, true), ext('2.5.29.17', fromHex('3000'))] }); // empty GeneralNames
    const c = parseCertificate(der);
    expect(() => getExtension(c, subjectAltNameCodec)).toThrow(CertkitError);
    const text = formatCertificate(c);
    expect(text).toContain('X509v3 Basic Constraints: critical');
    expect(text).toContain('X509v3 Subject Alternative Name:');
    expect(text).toContain('Serial Number: 291 (0x123)');
    const json = JSON.parse(JSON.stringify(certificateToJson(c))) as { extensions: Array<{ name?: string; error?: string }>; serialNumber: string; subject: string };
    expect(json.serialNumber).toBe('0123');
    expect(json.subject).toBe('CN=Subject');
    expect(json.extensions[0]).toMatchObject({ name: 'basicConstraints' });
    expect(typeof json.extensions[1]!.error).toBe('string');
  });
  it('prints negative and long serials as OpenSSL does', () => {
    expect(formatCertificate(parseCertificate(build({ serial: fromHex('ff01') }), { lenient: true }))).toContain('Serial Number: -255 (-0xff)');
    expect(formatCertificate(parseCertificate(build({ serial: fromHex('7f' + '01'.repeat(9)) })))).toContain('            7f:' + Array(9).fill('01').join(':'));
  });
});

describe('lazy name decoding', () => {
  it('reports a malformed subject when it is read, with path and offset', () => {
    // an AttributeTypeAndValue without its value
    const der = build({ subject: fromHex('3009310730050603550403') });
    const cert = parseCertificate(der); // structure is fine: the subject is decoded lazily
    let err: unknown;
    try {
      void cert.subject;
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CertkitError);
    expect((err as CertkitError).path?.startsWith('tbsCertificate.subject')).toBe(true);
    expect((err as CertkitError).offset).toBeGreaterThan(indexOf(der, fromHex('3009310730050603550403')));
    // the issuer is unaffected
    expect(cert.issuer.commonName).toBe('Issuer');
  });
});

describe('properties', () => {
  const base = build();
  it('any bytes give a Certificate or a CertkitError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        try {
          parseCertificate(bytes);
        } catch (e) {
          if (!(e instanceof CertkitError)) throw e;
        }
      }),
      { numRuns: 2000 },
    );
  });
  it('any single-byte change of a valid certificate gives a Certificate or a CertkitError, also on deep access', () => {
    fc.assert(
      fc.property(fc.nat({ max: base.length - 1 }), fc.integer({ min: 0, max: 255 }), fc.boolean(), (i, b, lenient) => {
        const m = base.slice();
        m[i] = b;
        try {
          const c = parseCertificate(m, { lenient });
          void c.subject.toString();
          void c.issuer.toString();
          void c.serialNumber;
        } catch (e) {
          if (!(e instanceof CertkitError)) throw e;
        }
      }),
      { numRuns: 3000 },
    );
  });
  it('the parse is zero-copy for any serial and name: raw views equal the input slices', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 20 }), fc.string({ minLength: 1, maxLength: 30 }), (serialMag, cn) => {
        const serial = serialMag[0]! >= 0x80 ? Uint8Array.of(0, ...serialMag) : serialMag;
        if (serial.length > 1 && serial[0] === 0 && serial[1]! < 0x80) return; // not minimal: skip
        const der = build({ serial, subject: nameDer(cn) });
        const c = parseCertificate(der);
        expect(bytesEqual(c.rawSerial, serial)).toBe(true);
        expect(c.subject.commonName).toBe(cn);
        expect(c.rawSubject.buffer).toBe(der.buffer);
      }),
      { numRuns: 300 },
    );
  });
  it('the one walk agrees with a generic DerReader reading of the same bytes: what it accepts has those fields; what it refuses is a typed error', () => {
    const bases = [
      base,
      build({ version: null, extensions: null }),
      build({ validity: validityDer('20500101000000Z', '99991231235959Z', Tag.GENERALIZED_TIME, Tag.GENERALIZED_TIME), serial: fromHex('00' + 'ff'.repeat(20)) }),
    ];
    let accepted = 0;
    fc.assert(
      fc.property(fc.nat({ max: bases.length - 1 }), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 3 }), (which, edits) => {
        const m = bases[which]!.slice();
        for (const [i, b] of edits) m[i % m.length] = b;
        let c: Certificate;
        try {
          c = parseCertificate(m);
        } catch (e) {
          expect(e).toBeInstanceOf(CertkitError);
          expect(typeof (e as CertkitError).code).toBe('string');
          return;
        }
        accepted++;
        // The reference: DerReader's generic reads of the outer structure.
        const r = new DerReader(m);
        const outer = r.enter(Tag.SEQUENCE);
        r.finish();
        const tbs = outer.readTlv();
        const alg = outer.readTlv();
        const sig = outer.readTlv();
        outer.finish();
        expect(toHex(c.rawTbs)).toBe(toHex(tbs.raw));
        expect(toHex(c.rawSignatureAlgorithm)).toBe(toHex(alg.raw));
        expect(toHex(c.rawSignatureValue)).toBe(toHex(sig.value.subarray(1)));
        const t = outer.enterTlv(tbs);
        if (t.peekTag() === 0xa0) t.readTlv();
        expect(toHex(c.rawSerial)).toBe(toHex(t.readTlv().value));
        t.readTlv();
        expect(toHex(c.rawIssuer)).toBe(toHex(t.readTlv().raw));
        const v = t.readTlv();
        expect(toHex(c.rawValidity)).toBe(toHex(v.raw));
        expect(toHex(c.rawSubject)).toBe(toHex(t.readTlv().raw));
        expect(toHex(c.rawSpki)).toBe(toHex(t.readTlv().raw));
        const vr = t.enterTlv(v);
        expect(c.notBefore.getTime()).toBe(vr.readTime().getTime());
        expect(c.notAfter.getTime()).toBe(vr.readTime().getTime());
        for (const e of c.extensions) expect(toHex(m.subarray(e.valueOffset, e.valueOffset + e.value.length))).toBe(toHex(e.value));
      }),
      { numRuns: 4000 },
    );
    expect(accepted).toBeGreaterThan(100);
  });
});
