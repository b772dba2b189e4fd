/**
 * CsrBuilder: immutability, set-once fields, values checked when set, what sign() requires,
 * the empty-subject rule, attribute encodings, every key type of the keys layer (ML-DSA
 * included) signing a request that verifies, and the self-check catching a broken signer.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { CsrBuilder, CsrError, parseCsr, verifyCsr, verifyCsrSync } from '../src/csr/index';
import { CertkitError, DerReader, Tag } from '../src/der/index';
import { generateKeyPair } from '../src/keys/index';
import { PKCS9 } from '../src/oid/index';
import { signerFromPrivateKey, type Signer } from '../src/sig/index';
import { basicConstraintsCodec, email, upn, uri } from '../src/x509/index';
import { csrAttribute, csrChallengePassword, csrDnsNames, csrEmailAddresses, csrPublicKey, csrSignatureAlgorithmName, csrToJson, csrToPem } from '../src/csr/index';
import { extKeyUsageCodec, findRawExtension, getExtension } from '../src/x509/index';

let signer: Signer;
beforeAll(async () => {
  signer = signerFromPrivateKey((await generateKeyPair('P-256')).privateKey);
});

async function expectCsrError(p: Promise<unknown> | (() => unknown), code: string): Promise<void> {
  try {
    if (typeof p === 'function') p();
    else await p;
  } catch (e) {
    expect(e).toBeInstanceOf(CsrError);
    expect((e as CsrError).code).toBe(code);
    return;
  }
  throw new Error(`expected CsrError ${code}`);
}

describe('CsrBuilder', () => {
  it('is immutable: each setter returns a new builder', async () => {
    const a = CsrBuilder.create();
    const b = a.subject({ CN: 'a.example' });
    expect(b).not.toBe(a);
    await expectCsrError(a.sign(signer), 'missing-fields');
    const c1 = await b.subjectAltNames('a.example').sign(signer);
    const c2 = await b.sign(signer);
    expect(csrDnsNames(c1)).toEqual(['a.example']);
    expect(c2.extensions).toHaveLength(0);
  });

  it('sets each field once', async () => {
    const b = CsrBuilder.create().subject('CN=x').subjectAltNames('x.example').challengePassword('p').unstructuredName('u').keyUsage(['digitalSignature']);
    await expectCsrError(() => b.subject('CN=y'), 'already-set');
    await expectCsrError(() => b.subjectAltNames('y.example'), 'already-set');
    await expectCsrError(() => b.challengePassword('q'), 'already-set');
    await expectCsrError(() => b.unstructuredName('v'), 'already-set');
    await expectCsrError(() => b.keyUsage(['keyAgreement']), 'already-set');
    await expectCsrError(() => b.extension({ oid: '2.5.29.15', value: Uint8Array.of(3, 2, 7, 0x80) }), 'already-set');
  });

  it('checks values when they are set', () => {
    const b = CsrBuilder.create();
    expect(() => b.subject(42 as unknown as string)).toThrow(TypeError);
    expect(() => b.subject({ C: 'USA' })).toThrow(RangeError);
    expect(() => b.subjectAltNames()).toThrow(RangeError);
    expect(() => b.subjectAltNames('bad name.example')).toThrow(RangeError);
    expect(() => b.subjectAltNames('999.1.1.1')).toThrow(RangeError);
    expect(() => b.challengePassword('')).toThrow(RangeError);
    expect(() => b.challengePassword('x'.repeat(256))).toThrow(RangeError);
    expect(() => b.challengePassword(7 as unknown as string)).toThrow(TypeError);
    expect(() => b.extKeyUsage(['serverAuthh'])).toThrow(RangeError);
    expect(() => b.keyUsage(['digitalSignature'], 'yes' as unknown as boolean)).toThrow(TypeError);
    expect(() => b.extension({ oid: 'not.an.oid', value: Uint8Array.of(5, 0) })).toThrow(CertkitError);
    expect(() => b.extension({ oid: '1.2.3', value: Uint8Array.of(5, 0, 5) })).toThrow(RangeError);
    expect(() => b.attribute(PKCS9.extensionRequest, Uint8Array.of(0x30, 0))).toThrow(RangeError);
    expect(() => b.attribute(PKCS9.challengePassword, Uint8Array.of(0x0c, 1, 0x41))).toThrow(RangeError);
    expect(() => b.attribute('1.2.3.4', [])).toThrow(RangeError);
  });

  it('needs a subject, and a subjectAltName when it is empty (then critical, RFC 5280 §4.1.2.6)', async () => {
    await expectCsrError(CsrBuilder.create().subjectAltNames('a.example').sign(signer), 'missing-fields');
    await expectCsrError(CsrBuilder.create().subject({}).sign(signer), 'empty-subject');
    const c = await CsrBuilder.create().subject({}).subjectAltNames('a.example').sign(signer);
    expect(c.subject.isEmpty).toBe(true);
    expect(findRawExtension(c, '2.5.29.17')?.critical).toBe(true);
    const d = await CsrBuilder.create().subject({ CN: 'a.example' }).subjectAltNames('a.example').sign(signer);
    expect(findRawExtension(d, '2.5.29.17')?.critical).toBe(false);
  });

  it('encodes the attributes as RFC 2985 says and in DER order', async () => {
    const c = await CsrBuilder.create()
      .subject({ CN: 'x', C: 'DE', L: 'Köln', OU: ['a', 'b'], emailAddress: 'x@example.com', serialNumber: '42', '2.5.4.97': 'VATDE-123' })
      .challengePassword('Pässwort') // not PrintableString: UTF8String
      .unstructuredName('plain')
      .attribute('1.2.840.113549.1.9.20', Uint8Array.of(0x1e, 0x02, 0x00, 0x41))
      .extension(basicConstraintsCodec, { cA: false })
      .extKeyUsage(['clientAuth', '1.3.6.1.5.5.7.3.4'])
      .subjectAltNames(email('x@example.com'), uri('https://example.com/x'), upn('x@corp.example'))
      .sign(signer);
    const again = parseCsr(c.raw.slice()); // strict parse checks the SET OF orders
    expect(csrChallengePassword(again)).toBe('Pässwort');
    expect(csrAttribute(again, PKCS9.challengePassword)!.values[0]![0]).toBe(Tag.UTF8_STRING);
    expect(csrAttribute(again, PKCS9.unstructuredName)!.values[0]![0]).toBe(Tag.IA5_STRING);
    const p = await CsrBuilder.create().subject('CN=x').challengePassword('simple pw').sign(signer);
    expect(csrAttribute(p, PKCS9.challengePassword)!.values[0]![0]).toBe(Tag.PRINTABLE_STRING);
    expect(again.subject.get('OU')).toEqual(['a', 'b']);
    expect(again.subject.get('serialNumber')).toEqual(['42']);
    expect(getExtension(again, extKeyUsageCodec)).toEqual(['1.3.6.1.5.5.7.3.2', '1.3.6.1.5.5.7.3.4']);
    expect(getExtension(again, basicConstraintsCodec)).toEqual({ cA: false });
    expect(csrEmailAddresses(again)).toEqual(['x@example.com']);
    expect(csrToJson(again).attributes.find((a) => a.oid === '1.2.840.113549.1.9.20')!.values).toEqual(['A']);
  });

  it('signs with every key type of the keys layer and verifies', async () => {
    const algs = ['P-256', 'P-384', 'P-521', 'Ed25519', 'Ed448', 'RSA-2048', 'ML-DSA-44', 'ML-DSA-65', 'ML-DSA-87'] as const;
    for (const alg of algs) {
      const { privateKey } = await generateKeyPair(alg);
      const s = signerFromPrivateKey(privateKey);
      const c = await CsrBuilder.create()
        .subject({ CN: `${alg}.example` })
        .subjectAltNames(`${alg.toLowerCase()}.example`)
        .sign(s);
      expect(verifyCsrSync(parseCsr(csrToPem(c))), alg).toBe(true);
      expect(await verifyCsr(c), alg).toBe(true);
      expect(csrPublicKey(c).equals(privateKey.publicKey), alg).toBe(true);
    }
    const { privateKey } = await generateKeyPair('RSA-2048');
    const pss = await CsrBuilder.create()
      .subject('CN=pss')
      .sign(signerFromPrivateKey(privateKey, { pss: true }));
    expect(csrSignatureAlgorithmName(pss)).toMatch(/^RSASSA-PSS/);
    expect(verifyCsrSync(pss)).toBe(true);
  });

  it('refuses to return a request whose signature does not verify (self-check)', async () => {
    const bad: Signer = {
      algorithm: signer.algorithm,
      publicKey: signer.publicKey,
      sign: async (d) => {
        const s = await signer.sign(d);
        s[s.length - 1]! ^= 1;
        return s;
      },
    };
    await expectCsrError(CsrBuilder.create().subject('CN=x').sign(bad), 'self-check-failed');
    const other = signerFromPrivateKey((await generateKeyPair('P-256')).privateKey);
    const wrongKey: Signer = { algorithm: signer.algorithm, publicKey: signer.publicKey, sign: (d) => other.sign(d) };
    await expectCsrError(CsrBuilder.create().subject('CN=x').sign(wrongKey), 'self-check-failed');
    await expect(
      CsrBuilder.create()
        .subject('CN=x')
        .sign({} as Signer),
    ).rejects.toThrow(TypeError);
    // signTbs (the SIGNED{} envelope shared with the certificate and CRL builders) checks what the signer returns.
    const notBytes = { algorithm: signer.algorithm, publicKey: signer.publicKey, sign: async () => 'sig' } as unknown as Signer;
    await expect(CsrBuilder.create().subject('CN=x').sign(notBytes)).rejects.toThrow(/other than a Uint8Array/);
  });

  it('writes version 0 and the [0] attributes field even when there are none', async () => {
    const c = await CsrBuilder.create().subject('CN=x').sign(signer);
    const r = new DerReader(c.rawInfo).enter();
    expect(r.readSmallInteger()).toBe(0);
    r.skip();
    r.skip();
    expect(r.readTlv().raw).toEqual(Uint8Array.of(0xa0, 0x00));
  });
});
