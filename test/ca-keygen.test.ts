/**
 * Server-side key generation (`CertificateAuthority.issueWithGeneratedKey`): for P-256,
 * RSA-2048 and Ed25519 the PKCS#12 opens with the password to a key that matches the issued
 * certificate, with friendlyName/localKeyId and the chain up to the root; the request made for
 * the new key goes through the same lint, profile and duplicate-key rules as any CSR; bad
 * options fail before anything is issued; a PKCS#12 that cannot be made revokes the certificate.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { CaError, createHierarchy, type Hierarchy } from '../src/ca/index';
import { toHex } from '../src/der/index';
import { generateKeyPair, keyMatches } from '../src/keys/index';
import { verifyChainSync } from '../src/path/index';
import { parsePkcs12, type LegacyCipher } from '../src/pkcs12/index';
import { testLegacyCipher } from './pkcs12-test-helpers';
import { certificateDnsNames, certificatePublicKey } from '../src/x509/index';

const NOW = new Date('2025-06-01T12:00:00Z');
const clock = (): Date => new Date(NOW.getTime());
const PASSWORD = 'delivery pässword';
const FAST = { iterations: 1000 } as const; // tests of policy, not of the KDF

let h: Hierarchy;
beforeAll(async () => {
  h = await createHierarchy({ root: { subject: { CN: 'Keygen Root CA', O: 'certkit tests' } }, intermediate: { subject: { CN: 'Keygen Issuing CA', O: 'certkit tests' } }, clock });
});

async function refusal(p: Promise<unknown>): Promise<string[]> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(CaError);
  expect((e as CaError).code).toBe('issuance-refused');
  return (e as CaError).findings.filter((f) => f.severity === 'error').map((f) => f.code);
}

describe('issueWithGeneratedKey: the PKCS#12 delivers a key that matches the certificate', () => {
  for (const [keyType, algorithm] of [
    ['P-256', 'ECDSA'],
    ['RSA-2048', 'RSA'],
    ['Ed25519', 'Ed25519'],
  ] as const) {
    it(`${keyType}: default form (PBES2/AES-256, HMAC-SHA-256, 100,000 iterations), key + certificate + chain`, async () => {
      const before = (await h.intermediate.list()).length;
      const r = await h.intermediate.issueWithGeneratedKey({
        profile: 'tls-server',
        subject: { CN: `${keyType.toLowerCase()}.example.com`, O: 'Example' },
        sans: [`${keyType.toLowerCase()}.example.com`, 'IP:192.0.2.7'],
        keyType,
        password: PASSWORD,
      });
      expect(r.privateKey.algorithm).toBe(algorithm);
      expect(certificatePublicKey(r.certificate).algorithm).toBe(algorithm);
      expect(keyMatches(r.privateKey, certificatePublicKey(r.certificate))).toBe(true);
      expect(certificateDnsNames(r.certificate)).toEqual([`${keyType.toLowerCase()}.example.com`]);
      expect((await h.intermediate.list()).length).toBe(before + 1);
      expect((await h.intermediate.status(r.serial)).status).toBe('active');

      const p = await parsePkcs12(r.pkcs12, PASSWORD);
      expect(p.mac).toEqual({ hash: 'SHA-256', iterations: 100_000, saltLength: 16 });
      expect(p.keys).toHaveLength(1);
      const key = p.keys[0]!;
      expect(key.encryption).toMatch(/^PBES2 \(PBKDF2 HMAC-SHA-256, 100000 iterations; AES-256-CBC\)$/);
      expect(key.key.toPkcs8()).toEqual(r.privateKey.toPkcs8());
      expect(keyMatches(key.key, certificatePublicKey(r.certificate))).toBe(true);
      expect(key.friendlyName).toBe(`${keyType.toLowerCase()}.example.com`);
      // certificate first (with the key's localKeyId), then the intermediate and the root
      expect(p.certificates.map((c) => toHex(c.certificate.raw))).toEqual([r.certificate, h.intermediate.certificate, h.root.certificate].map((c) => toHex(c.raw)));
      expect(toHex(p.certificates[0]!.localKeyId!)).toBe(toHex(key.localKeyId!));
      expect(p.certificates[0]!.friendlyName).toBe(key.friendlyName);
      expect(p.certificates[1]!.localKeyId).toBeUndefined();
      // and the delivered chain validates
      const v = verifyChainSync(p.certificates[0]!.certificate, {
        anchors: [p.certificates[2]!.certificate],
        intermediates: [p.certificates[1]!.certificate],
        time: NOW,
        hostname: `${keyType.toLowerCase()}.example.com`,
      });
      expect(v.chain).toHaveLength(3);
      // wrong password: the MAC does not verify
      await expect(parsePkcs12(r.pkcs12, 'not the password')).rejects.toMatchObject({ code: 'mac-mismatch' });
    });
  }

  it('friendlyName, includeRoot: false, validity and the legacy form are passed through', async () => {
    const legacy = testLegacyCipher();
    const r = await h.intermediate.issueWithGeneratedKey({
      profile: 'tls-client',
      subject: 'CN=alice,O=Example',
      sans: ['email:alice@example.com'],
      password: PASSWORD,
      friendlyName: 'Alice (laptop)',
      includeRoot: false,
      validity: 30,
      pkcs12: { legacy: { cipher: legacy, certificates: '3des' } },
    });
    expect(certificatePublicKey(r.certificate).curve).toBe('P-256'); // the default key type
    expect(r.certificate.notAfter.getTime() - r.certificate.notBefore.getTime()).toBe(30 * 86_400_000 - 1000);
    const p = await parsePkcs12(r.pkcs12, PASSWORD, { legacyCipher: legacy });
    expect(p.mac?.hash).toBe('SHA-1');
    expect(p.keys[0]!.encryption).toMatch(/^pbeWithSHAAnd3-KeyTripleDES-CBC/);
    expect(p.certificates[0]!.encryption).toMatch(/^pbeWithSHAAnd3-KeyTripleDES-CBC/);
    expect(legacy.calls['des-ede3-cbc']).toBeGreaterThanOrEqual(2);
    expect(p.keys[0]!.friendlyName).toBe('Alice (laptop)');
    expect(p.certificates.map((c) => c.certificate.subject.toString())).toEqual(['CN=alice,O=Example', 'CN=Keygen Issuing CA,O=certkit tests']);
  });

  it('a key made elsewhere (key) is packaged the same way', async () => {
    const { privateKey } = await generateKeyPair('P-384');
    const r = await h.intermediate.issueWithGeneratedKey({ profile: 'tls-client', subject: { CN: 'device-7' }, key: privateKey, password: PASSWORD, pkcs12: FAST });
    expect(r.privateKey).toBe(privateKey);
    const p = await parsePkcs12(r.pkcs12, PASSWORD);
    expect(p.keys[0]!.key.toPkcs8()).toEqual(privateKey.toPkcs8());
    expect(p.mac?.iterations).toBe(1000);
  });
});

describe('issueWithGeneratedKey: the profile and the CA rules apply as to any request', () => {
  it('the linter and the profile refuse what they refuse for a CSR, and nothing is recorded', async () => {
    const before = (await h.intermediate.list()).length;
    // tls-server requires a subjectAltName
    expect(await refusal(h.intermediate.issueWithGeneratedKey({ profile: 'tls-server', subject: 'CN=www.example.com', password: PASSWORD, pkcs12: FAST }))).toContain('san-missing');
    // code-signing: RSA below 3072 bits (Code Signing BR §6.1.5), said by the linter and by the profile's key policy
    expect(await refusal(h.intermediate.issueWithGeneratedKey({ profile: 'code-signing', subject: 'CN=Example Signing', keyType: 'RSA-2048', password: PASSWORD, pkcs12: FAST }))).toEqual([
      'rsa-key-too-small',
      'key-not-allowed',
    ]);
    // tls-client: no wildcards, tls-server: no email names
    expect(await refusal(h.intermediate.issueWithGeneratedKey({ profile: 'tls-client', subject: 'CN=c', sans: ['*.example.com'], password: PASSWORD, pkcs12: FAST }))).toContain(
      'wildcard-not-allowed',
    );
    expect(
      await refusal(h.intermediate.issueWithGeneratedKey({ profile: 'tls-server', subject: 'CN=www.example.com', sans: ['www.example.com', 'email:a@example.com'], password: PASSWORD, pkcs12: FAST })),
    ).toContain('san-kind-not-allowed');
    // longer than the profile allows
    expect(
      await refusal(h.intermediate.issueWithGeneratedKey({ profile: 'tls-server', subject: 'CN=x.example.com', sans: ['x.example.com'], validity: 399, password: PASSWORD, pkcs12: FAST })),
    ).toEqual(['validity-too-long']);
    expect((await h.intermediate.list()).length).toBe(before);
  });

  it('warnings of the profile come back with the result (subject attributes the profile does not copy)', async () => {
    const r = await h.intermediate.issueWithGeneratedKey({ profile: 'tls-server', subject: { CN: 'w.example.com', title: 'Engineer' }, sans: ['w.example.com'], password: PASSWORD, pkcs12: FAST });
    expect(r.warnings.map((f) => f.code)).toContain('subject-attribute-dropped');
    expect(r.certificate.subject.toString()).toBe('CN=w.example.com');
  });

  it('duplicate-key: a profile with uniqueKey refuses a second active certificate for the same key; fresh keys are always new', async () => {
    const { privateKey } = await generateKeyPair('P-256');
    const first = await h.intermediate.issueWithGeneratedKey({ profile: 'code-signing', subject: 'CN=Signer One', key: privateKey, password: PASSWORD, pkcs12: FAST });
    expect(await refusal(h.intermediate.issueWithGeneratedKey({ profile: 'code-signing', subject: 'CN=Signer One', key: privateKey, password: PASSWORD, pkcs12: FAST }))).toEqual(['duplicate-key']);
    // after revocation the key may be certified again
    await h.intermediate.revoke(first.serial, 'superseded');
    await expect(h.intermediate.issueWithGeneratedKey({ profile: 'code-signing', subject: 'CN=Signer One', key: privateKey, password: PASSWORD, pkcs12: FAST })).resolves.toBeDefined();
    // generated keys: two issuances for the same subject, two different keys, both allowed
    const a = await h.intermediate.issueWithGeneratedKey({ profile: 'code-signing', subject: 'CN=Signer Two', password: PASSWORD, pkcs12: FAST });
    const b = await h.intermediate.issueWithGeneratedKey({ profile: 'code-signing', subject: 'CN=Signer Two', password: PASSWORD, pkcs12: FAST });
    expect(a.record.keyFingerprint).not.toBe(b.record.keyFingerprint);
  });

  it("the CA's own key is refused (ca-key-reuse)", async () => {
    const h2 = await createHierarchy({ root: { subject: 'CN=R2' }, intermediate: { subject: 'CN=I2' }, clock });
    expect(await refusal(h2.intermediate.issueWithGeneratedKey({ profile: 'tls-client', subject: 'CN=sneaky', key: h2.intermediateKey, password: PASSWORD, pkcs12: FAST }))).toContain('ca-key-reuse');
  });
});

describe('issueWithGeneratedKey: bad options fail before anything is issued', () => {
  it('TypeError / RangeError / unknown-profile, with the store untouched', async () => {
    const before = (await h.intermediate.list()).length;
    const base = { profile: 'tls-client', subject: 'CN=x', password: PASSWORD };
    await expect(h.intermediate.issueWithGeneratedKey({ ...base, password: '' })).rejects.toThrow(RangeError);
    await expect(h.intermediate.issueWithGeneratedKey({ ...base, password: 42 as unknown as string })).rejects.toThrow(TypeError);
    await expect(h.intermediate.issueWithGeneratedKey(null as never)).rejects.toThrow(TypeError);
    await expect(h.intermediate.issueWithGeneratedKey({ ...base, subject: undefined as never })).rejects.toThrow(TypeError);
    await expect(h.intermediate.issueWithGeneratedKey({ ...base, keyType: 'P-256', key: h.intermediateKey })).rejects.toThrow(/key or keyType/);
    await expect(h.intermediate.issueWithGeneratedKey({ ...base, subjectOverride: 'CN=y' } as never)).rejects.toThrow(TypeError);
    await expect(h.intermediate.issueWithGeneratedKey({ ...base, keyType: 'P-999' as never })).rejects.toThrow(TypeError);
    await expect(h.intermediate.issueWithGeneratedKey({ ...base, pkcs12: { legacy: { cipher: { decrypt: (r) => r.data } } } })).rejects.toThrow(/encrypt/);
    await expect(h.intermediate.issueWithGeneratedKey({ ...base, sans: ['not a name!'] })).rejects.toThrow(RangeError);
    await expect(h.intermediate.issueWithGeneratedKey({ ...base, profile: 'nope' })).rejects.toMatchObject({ code: 'unknown-profile' });
    expect((await h.intermediate.list()).length).toBe(before);
  });

  it('a PKCS#12 that cannot be made after issuance revokes the certificate (delivery-failed)', async () => {
    const broken: LegacyCipher = {
      decrypt: (r) => r.data,
      encrypt: () => {
        throw new Error('HSM offline');
      },
    };
    const e = await h.intermediate.issueWithGeneratedKey({ profile: 'tls-client', subject: 'CN=unlucky', password: PASSWORD, pkcs12: { legacy: { cipher: broken } } }).then(
      () => undefined,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(CaError);
    expect((e as CaError).code).toBe('delivery-failed');
    expect((e as CaError).message).toMatch(/HSM offline.*revoked \(cessationOfOperation\)/);
    const serial = /certificate ([0-9a-f]+) was issued/.exec((e as CaError).message)![1]!;
    const st = await h.intermediate.status(serial);
    expect(st.status).toBe('revoked');
    expect(st.record?.revocation?.reason).toBe('cessationOfOperation');
    expect(st.record?.subject).toBe('CN=unlucky');
  });
});
