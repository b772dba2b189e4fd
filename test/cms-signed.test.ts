/**
 * Signed CMS in certkit alone: round trips for the algorithms OpenSSL 3.0 cannot check in CMS
 * (Ed25519 and Ed448 with their RFC 8419 digests, ML-DSA with SHA-512 per RFC 9882), the
 * signing-time encoding (RFC 5652 §11.3), and the strictness and hostile-input rules: each
 * rejection with its code, offset and path (truncated, trailing data, BER indefinite lengths,
 * wrong versions, wrong content type, digest mismatch, tampered attributes, bounds, missing
 * signer or content), and any corruption giving a value or a CertkitError, never anything else.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CMS_OID, CmsError, encodeCertsOnly, parseSignedData, signData, signedDataToPem, verifySignedData, verifySignedDataSync } from '../src/cms/index';
import { CertkitError, DerError, Tag, bytesEqual, readTlvAt } from '../src/der/index';
import { ValidationError } from '../src/path/index';
import { NOW, makeCa, makeHierarchy, makeSigner, type Ca, type SignerFixture } from './cms-helpers';

const content = new TextEncoder().encode('certkit signed content');
let root: Ca;
let inter: Ca;
let p256: SignerFixture;
let signed: Uint8Array;
let detached: Uint8Array;

beforeAll(async () => {
  ({ root, inter } = await makeHierarchy());
  p256 = await makeSigner(inter, 'P-256');
  signed = await signData({ content, signer: p256.signer, certificate: p256.cert, chain: [inter.cert], signingTime: NOW });
  detached = await signData({ content, detached: true, signer: p256.signer, certificate: p256.cert, signingTime: NOW });
});

function thrown(fn: () => unknown): CertkitError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(CertkitError);
    return e as CertkitError;
  }
  throw new Error('expected an error');
}

/** Offset of the first occurrence of `needle` in `hay`. */
function find(hay: Uint8Array, needle: readonly number[], from = 0): number {
  outer: for (let i = from; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  throw new Error('needle not found');
}

const trust = () => ({ anchors: [root.cert], time: NOW });

describe('round trips for every signature algorithm certkit signs with', () => {
  const cases: Array<[string, Parameters<typeof makeSigner>[1], string, string | undefined]> = [
    ['Ed25519', 'Ed25519', CMS_OID.sha512, undefined],
    ['Ed448', 'Ed448', '2.16.840.1.101.3.4.2.18', '02020200'], // id-shake256-len, 512 (RFC 8419 §3.1)
    ['ML-DSA-44', 'ML-DSA-44', CMS_OID.sha512, undefined],
    ['ML-DSA-65', 'ML-DSA-65', CMS_OID.sha512, undefined],
    ['ML-DSA-87', 'ML-DSA-87', CMS_OID.sha512, undefined],
    ['P-384', 'P-384', CMS_OID.sha384, undefined],
    ['P-521', 'P-521', CMS_OID.sha512, undefined],
  ];
  for (const [name, alg, digestOid, params] of cases) {
    it(`${name}: digest ${digestOid}, attached and detached, both identifiers, sync and async with the chain`, async () => {
      const s = await makeSigner(inter, alg);
      for (const signerIdentifier of ['issuerAndSerialNumber', 'subjectKeyIdentifier'] as const) {
        const der = await signData({ content, signer: s.signer, certificate: s.cert, chain: [inter.cert], signerIdentifier, signingTime: NOW });
        const sd = parseSignedData(der);
        const si = sd.signerInfos[0]!;
        expect(si.digestAlgorithm.oid).toBe(digestOid);
        expect(si.digestAlgorithm.parameters === undefined ? undefined : Buffer.from(si.digestAlgorithm.parameters).toString('hex')).toBe(params);
        expect(sd.digestAlgorithms).toEqual([si.digestAlgorithm]);
        expect(si.version).toBe(signerIdentifier === 'issuerAndSerialNumber' ? 1 : 3);
        const v = verifySignedDataSync(sd, { trust: trust() });
        expect(v.signers[0]!.chain!.length).toBe(3);
        const a = await verifySignedData(der, { trust: trust() });
        expect(bytesEqual(a.content, content)).toBe(true);
      }
      const det = await signData({ content, detached: true, signer: s.signer, certificate: s.cert, signingTime: NOW });
      expect(parseSignedData(det).content).toBeUndefined();
      expect(bytesEqual(verifySignedDataSync(det, { content }).content, content)).toBe(true);
      const other = new Uint8Array(content);
      other[0]! ^= 1;
      expect(thrown(() => verifySignedDataSync(det, { content: other })).code).toBe('digest-mismatch');
    });
  }

  it('another content type gives SignedData version 3 and is checked against the content-type attribute', async () => {
    const der = await signData({ content, contentType: '1.2.840.113549.1.9.16.1.4', signer: p256.signer, certificate: p256.cert, signingTime: NOW });
    const sd = parseSignedData(der);
    expect(sd.version).toBe(3);
    expect(sd.contentType).toBe('1.2.840.113549.1.9.16.1.4');
    expect(verifySignedDataSync(sd).contentType).toBe('1.2.840.113549.1.9.16.1.4');
  });
});

describe('signing-time (RFC 5652 §11.3)', () => {
  it('UTCTime through 2049, GeneralizedTime from 2050', async () => {
    for (const [when, tag] of [
      [new Date('2049-12-31T23:59:59Z'), Tag.UTC_TIME],
      [new Date('2050-01-01T00:00:00Z'), Tag.GENERALIZED_TIME],
    ] as const) {
      const sd = parseSignedData(await signData({ content, signer: p256.signer, certificate: p256.cert, signingTime: when }));
      const st = sd.signerInfos[0]!.signedAttributes!.find((a) => a.oid === '1.2.840.113549.1.9.5')!;
      expect(st.values[0]![0]).toBe(tag);
      expect(verifySignedDataSync(sd).signers[0]!.signingTime).toEqual(when);
    }
  });

  it('null leaves the attribute out; the other two stay, in DER order', async () => {
    const sd = parseSignedData(await signData({ content, signer: p256.signer, certificate: p256.cert, signingTime: null }));
    expect(sd.signerInfos[0]!.signedAttributes!.map((a) => a.oid)).toEqual(['1.2.840.113549.1.9.3', '1.2.840.113549.1.9.4']);
    expect(verifySignedDataSync(sd).signers[0]!.signingTime).toBeUndefined();
  });
});

describe('structure rules, each with code, offset and path', () => {
  it('truncated input: every proper prefix is a DerError', () => {
    for (const n of [0, 1, 2, 10, signed.length >> 1, signed.length - 1]) {
      const e = thrown(() => parseSignedData(signed.subarray(0, n)));
      expect(e).toBeInstanceOf(DerError);
      expect(['truncated', 'length-exceeds-input']).toContain(e.code);
      expect(e.offset).toBeTypeOf('number');
    }
  });

  it('trailing bytes after the ContentInfo', () => {
    const e = thrown(() => parseSignedData(Uint8Array.from([...signed, 0x00])));
    expect(e.code).toBe('malformed');
    expect(e.offset).toBe(signed.length);
  });

  it('BER indefinite lengths are refused with indefinite-length at the length octet', () => {
    const inner = readTlvAt(signed, 0, signed.length);
    const ber = Uint8Array.from([0x30, 0x80, ...inner.value, 0x00, 0x00]);
    const e = thrown(() => parseSignedData(ber));
    expect(e.code).toBe('indefinite-length');
    expect(e.offset).toBe(1);
    expect(e.path).toBe('contentInfo');
  });

  it('a SignedData version that does not match its contents', () => {
    const bad = signed.slice();
    const at = find(bad, [0x02, 0x01, 0x01, 0x31]); // version 1 then the digestAlgorithms SET
    bad[at + 2] = 3;
    const e = thrown(() => parseSignedData(bad));
    expect(e).toBeInstanceOf(CmsError);
    expect(e.code).toBe('wrong-version');
    expect(e.offset).toBe(at);
    expect(e.path).toBe('signedData.version');
  });

  it('a SignerInfo version that does not match its identifier', () => {
    const sd = parseSignedData(signed);
    const bad = signed.slice();
    const at = sd.signerInfos[0]!.offset;
    const v = find(bad, [0x02, 0x01, 0x01], at);
    bad[v + 2] = 3;
    const e = thrown(() => parseSignedData(bad));
    expect(e.code).toBe('wrong-version');
    expect(e.offset).toBe(v);
    expect(e.path).toBe('signedData.signerInfos[0].version');
  });

  it('a ContentInfo of another type', () => {
    const bad = signed.slice();
    const at = find(bad, [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02]);
    bad[at + 10] = 0x03; // id-envelopedData
    const e = thrown(() => parseSignedData(bad));
    expect(e.code).toBe('unsupported-content-type');
    expect(e.offset).toBe(at);
  });

  it('bounds: input size and element counts', () => {
    expect(thrown(() => parseSignedData(signed, { maxInputSize: 100 })).code).toBe('input-too-large');
    const e = thrown(() => parseSignedData(signed, { maxCertificates: 1 }));
    expect(e.code).toBe('too-many-elements');
    expect(e.path).toBe('signedData.certificates[1]');
    expect(e.offset).toBe(parseSignedData(signed).certificates[1]!.byteOffset - signed.byteOffset);
    expect(thrown(() => parseSignedData(signed, { maxAttributes: 2 })).code).toBe('too-many-elements');
    expect(() => parseSignedData(signed, { maxSigners: -1 })).toThrow(RangeError);
  });

  it('signed attributes out of DER SET OF order (RFC 5652 §5.3)', () => {
    const si = parseSignedData(signed).signerInfos[0]!;
    const [a, b] = si.signedAttributes!;
    const bad = signed.slice();
    const start = a!.raw.byteOffset - signed.byteOffset;
    bad.set(b!.raw, start); // B then A: same bytes, same lengths, wrong order
    bad.set(a!.raw, start + b!.raw.length);
    const e = thrown(() => parseSignedData(bad));
    expect(e.code).toBe('malformed');
    expect(e.offset).toBe(start + b!.raw.length);
    expect(e.path).toBe('signedData.signerInfos[0].signedAttrs[1]');
  });

  it('a message-digest attribute with two values (RFC 5652 §11.2: exactly one)', () => {
    const si = parseSignedData(signed).signerInfos[0]!;
    const md = si.signedAttributes!.find((x) => x.oid === '1.2.840.113549.1.9.4')!;
    const bad = signed.slice();
    const v = md.values[0]!.byteOffset - signed.byteOffset; // 04 20 <32 octets>
    bad.set([0x04, 0x0f], v); // two OCTET STRINGs of 15 in the same 34 octets
    bad.set([0x04, 0x0f], v + 17);
    const e = thrown(() => parseSignedData(bad));
    expect(e.code).toBe('duplicate-attribute');
    expect(e.offset).toBe(md.raw.byteOffset - signed.byteOffset);
  });

  it('PEM with the CMS label (RFC 7468) as well as PKCS7', () => {
    const pem = signedDataToPem(signed);
    expect(bytesEqual(parseSignedData(pem).raw, signed)).toBe(true);
    expect(bytesEqual(parseSignedData(pem.replace(/PKCS7/g, 'CMS')).raw, signed)).toBe(true);
    expect(thrown(() => parseSignedData(pem.replace(/PKCS7/g, 'CERTIFICATE'))).code).toBe('unexpected-label');
  });
});

describe('verification failures', () => {
  it('digest mismatch (detached content that is not the one signed)', () => {
    const e = thrown(() => verifySignedDataSync(detached, { content: new TextEncoder().encode('other') }));
    expect(e.code).toBe('digest-mismatch');
    expect(e.path).toBe('signedData.signerInfos[0].signedAttrs.messageDigest');
    expect(e.offset).toBe(parseSignedData(detached).signerInfos[0]!.offset);
  });

  it('a content-type attribute that differs from eContentType', () => {
    const bad = signed.slice();
    const si = parseSignedData(signed).signerInfos[0]!;
    // the attribute value id-data inside the signed attributes
    const at = find(bad, [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01], si.offset);
    bad[at + 10] = 0x05;
    const e = thrown(() => verifySignedDataSync(bad));
    expect(e.code).toBe('content-type-mismatch');
    expect(e.offset).toBe(si.offset);
  });

  it('tampered signed attributes (signing time) break the signature, sync and async alike', async () => {
    const bad = signed.slice();
    const si = parseSignedData(signed).signerInfos[0]!;
    const at = find(bad, [Tag.UTC_TIME, 13], si.offset);
    bad[at + 3] = bad[at + 3]! ^ 1; // a year digit
    const e = thrown(() => verifySignedDataSync(bad));
    expect(e.code).toBe('signature-invalid');
    expect(e.path).toBe('signedData.signerInfos[0].signature');
    await expect(verifySignedData(bad)).rejects.toMatchObject({ code: 'signature-invalid' });
  });

  it('tampered encapsulated content is a digest mismatch', () => {
    const bad = signed.slice();
    const at = find(bad, [...content]);
    bad[at] = bad[at]! ^ 0x20;
    expect(thrown(() => verifySignedDataSync(bad)).code).toBe('digest-mismatch');
  });

  it('signer not embedded: signer-not-found, then found among the caller certificates', async () => {
    const der = await signData({ content, signer: p256.signer, certificate: p256.cert, omitCertificates: true, signingTime: NOW });
    expect(parseSignedData(der).certificates).toEqual([]);
    const e = thrown(() => verifySignedDataSync(der));
    expect(e.code).toBe('signer-not-found');
    expect(e.path).toBe('signedData.signerInfos[0].sid');
    expect(verifySignedDataSync(der, { certificates: [p256.cert.raw] }).signers[0]!.certificate.serialNumber).toBe(p256.cert.serialNumber);
  });

  it('certs-only has no signers; detached needs content; conflicting content is refused', async () => {
    expect(thrown(() => verifySignedDataSync(encodeCertsOnly([p256.cert.raw]))).code).toBe('no-signers');
    expect(thrown(() => verifySignedDataSync(detached)).code).toBe('missing-content');
    await expect(verifySignedData(detached)).rejects.toMatchObject({ code: 'missing-content' });
    expect(thrown(() => verifySignedDataSync(signed, { content: new Uint8Array(3) })).code).toBe('content-conflict');
    expect(verifySignedDataSync(signed, { content }).signers).toHaveLength(1);
  });

  it('a chain to another root fails with the path layer ValidationError', async () => {
    const otherRoot = await makeCa('Unrelated Root');
    expect(() => verifySignedDataSync(signed, { trust: { anchors: [otherRoot.cert], time: NOW } })).toThrow(ValidationError);
    await expect(verifySignedData(signed, { trust: { anchors: [otherRoot.cert], time: NOW } })).rejects.toBeInstanceOf(ValidationError);
  });

  it('signData refuses a signer whose key is not the certificate key', async () => {
    const other = await makeSigner(inter, 'P-256');
    await expect(signData({ content, signer: other.signer, certificate: p256.cert })).rejects.toMatchObject({ code: 'invalid-argument' });
  });
});

describe('any corruption gives a value or a CertkitError', () => {
  it('single-byte changes anywhere (fast-check, fixed seed)', () => {
    fc.assert(
      fc.property(fc.nat(signed.length - 1), fc.integer({ min: 1, max: 255 }), (i, x) => {
        const bad = signed.slice();
        bad[i] = bad[i]! ^ x;
        try {
          verifySignedDataSync(bad);
          return true;
        } catch (e) {
          return e instanceof CertkitError;
        }
      }),
      { seed: 5652, numRuns: 400 },
    );
  });
});
