/**
 * RFC 5280 path validation and building on certkit-built chains: each rejection rule gives its
 * `code` and the index of the certificate concerned; the sync and async entry points agree;
 * identity checks (RFC 6125/9525) and name-constraint matching on their own.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair, type KeyPair } from '../src/keys/index';
import { signerFromPrivateKey } from '../src/sig/index';
import { CertificateBuilder, dn, dns, encodeCrlDistributionPoints, ip, nameConstraintsCodec, type Certificate, type DistributionPoint } from '../src/x509/index';
import { CrlBuilder } from '../src/crl/index';
import { EXTENSION } from '../src/oid/index';
import { matchesEmail, matchesHostname, nameMatchesSubtree, validatePath, validatePathSync, verifyChain, verifyChainSync, ValidationError, type ValidationOptions } from '../src/path/index';

const T0 = new Date('2025-01-01T00:00:00Z');
const NOW = new Date('2025-06-01T00:00:00Z');
const END = new Date('2030-01-01T00:00:00Z');

let rootKey: KeyPair, icaKey: KeyPair, leafKey: KeyPair, otherKey: KeyPair;
let root: Certificate, ica: Certificate, leaf: Certificate;

async function ca(subject: string, key: KeyPair, issuer: Certificate, issuerKey: KeyPair, opts: { pathLength?: number; keyUsage?: boolean; nc?: boolean } = {}): Promise<Certificate> {
  let b = CertificateBuilder.create()
    .subject(subject)
    .publicKey(key.publicKey)
    .notBefore(T0)
    .notAfter(END)
    .basicConstraints(opts.pathLength === undefined ? { cA: true } : { cA: true, pathLenConstraint: opts.pathLength });
  if (opts.keyUsage !== false) b = b.keyUsage(['keyCertSign', 'cRLSign']);
  else b = b.keyUsage(['digitalSignature']);
  if (opts.nc) b = b.extension(nameConstraintsCodec, { permitted: [{ base: dns('example.com') }] }, true);
  return b.sign(signerFromPrivateKey(issuerKey.privateKey), { issuerCertificate: issuer, now: T0 });
}

async function ee(issuer: Certificate, issuerKey: KeyPair, opts: { names?: string[]; notBefore?: Date; notAfter?: Date; subject?: string } = {}): Promise<Certificate> {
  return CertificateBuilder.create()
    .subject(opts.subject ?? 'CN=leaf')
    .publicKey(leafKey.publicKey)
    .notBefore(opts.notBefore ?? T0)
    .notAfter(opts.notAfter ?? END)
    .subjectAltNames(...(opts.names ?? ['app.example.com']).map((n) => (n.includes(':') || /^[\d.]+$/.test(n) ? ip(n) : dns(n))))
    .extKeyUsage(['1.3.6.1.5.5.7.3.1'])
    .sign(signerFromPrivateKey(issuerKey.privateKey), { issuerCertificate: issuer, now: T0 });
}

beforeAll(async () => {
  [rootKey, icaKey, leafKey, otherKey] = await Promise.all([generateKeyPair('P-256'), generateKeyPair('P-256'), generateKeyPair('P-256'), generateKeyPair('P-256')]);
  root = await CertificateBuilder.selfSignedCa('CN=Test Root').notBefore(T0).notAfter(END).sign(signerFromPrivateKey(rootKey.privateKey), { now: T0 });
  ica = await ca('CN=Test ICA', icaKey, root, rootKey);
  leaf = await ee(ica, icaKey);
});

const opts = (o: Partial<ValidationOptions> = {}): ValidationOptions => ({ anchors: [root], intermediates: [ica], time: NOW, purposes: ['serverAuth'], ...o });

function codeOf(f: () => unknown): { code: string; certIndex: number } {
  try {
    f();
  } catch (e) {
    if (e instanceof ValidationError) return { code: e.code, certIndex: e.certIndex };
    throw e;
  }
  throw new Error('expected a ValidationError');
}

describe('verifyChain / verifyChainSync', () => {
  it('builds and validates leaf → ICA → root, sync and async alike', async () => {
    const s = verifyChainSync(leaf, opts({ hostname: 'app.example.com' }));
    const a = await verifyChain(leaf, opts({ hostname: 'app.example.com' }));
    expect(s.chain.map((c) => c.subject.toString())).toEqual(['CN=leaf', 'CN=Test ICA', 'CN=Test Root']);
    expect(a.chain.length).toBe(3);
    expect(s.profile).toBe('webpki');
    // No certificate asserts a policy: the valid_policy_tree is NULL, which is fine without
    // initial-explicit-policy (RFC 5280 §6.1.3 (e)/(f)).
    expect(s.policies).toEqual([]);
  });

  it('finds the path in a shuffled pool with unrelated and duplicate certificates', async () => {
    const stray = await ca('CN=Stray', otherKey, root, rootKey);
    const r = verifyChainSync(leaf, opts({ intermediates: [stray, ica, stray, ica] }));
    expect(r.chain.length).toBe(3);
  });

  it('expired and not-yet-valid point at the certificate (time is an input)', () => {
    expect(codeOf(() => verifyChainSync(leaf, opts({ time: new Date('2031-01-01T00:00:00Z') })))).toMatchObject({ code: 'expired' });
    expect(codeOf(() => verifyChainSync(leaf, opts({ time: new Date('2024-01-01T00:00:00Z') })))).toMatchObject({ code: 'not-yet-valid' });
  });

  it('expired leaf only: expired at index 0', async () => {
    const old = await ee(ica, icaKey, { notAfter: new Date('2025-02-01T00:00:00Z') });
    expect(codeOf(() => verifyChainSync(old, opts()))).toEqual({ code: 'expired', certIndex: 0 });
  });

  it('unknown-issuer without the intermediate or the anchor', () => {
    expect(codeOf(() => verifyChainSync(leaf, opts({ intermediates: [] })))).toEqual({ code: 'unknown-issuer', certIndex: 0 });
    expect(codeOf(() => verifyChainSync(leaf, opts({ anchors: [] })))).toMatchObject({ code: 'unknown-issuer' });
  });

  it('bad-signature when the issuer name matches but the key did not sign', async () => {
    const fakeIca = await CertificateBuilder.create()
      .subject('CN=Test ICA')
      .publicKey(otherKey.publicKey)
      .notBefore(T0)
      .notAfter(END)
      .basicConstraints({ cA: true })
      .keyUsage(['keyCertSign'])
      .sign(signerFromPrivateKey(rootKey.privateKey), { issuerCertificate: root, now: T0 });
    const e = codeOf(() => verifyChainSync(leaf, opts({ intermediates: [fakeIca] })));
    expect(e).toEqual({ code: 'bad-signature', certIndex: 0 });
  });

  it('path-length: pathLenConstraint 0 followed by another CA', async () => {
    const ica0 = await ca('CN=ICA pathlen 0', icaKey, root, rootKey, { pathLength: 0 });
    const ica2 = await ca('CN=ICA 2', otherKey, ica0, icaKey);
    const l = await ee(ica2, otherKey);
    expect(codeOf(() => verifyChainSync(l, opts({ intermediates: [ica0, ica2] })))).toEqual({ code: 'path-length', certIndex: 1 });
  });

  it('key-usage: an issuer without keyCertSign', async () => {
    const noSign = await ca('CN=ICA no keyCertSign', icaKey, root, rootKey, { keyUsage: false });
    const l = await ee(noSign, icaKey);
    expect(codeOf(() => verifyChainSync(l, opts({ intermediates: [noSign] })))).toEqual({ code: 'key-usage', certIndex: 1 });
  });

  it('name-constraints: a SAN outside the permitted subtree', async () => {
    const nc = await ca('CN=ICA constrained', icaKey, root, rootKey, { nc: true });
    const ok = await ee(nc, icaKey, { names: ['a.example.com'] });
    const bad = await ee(nc, icaKey, { names: ['a.example.org'] });
    expect(verifyChainSync(ok, opts({ intermediates: [nc] })).chain.length).toBe(3);
    expect(codeOf(() => verifyChainSync(bad, opts({ intermediates: [nc] })))).toEqual({ code: 'name-constraints', certIndex: 0 });
  });

  it('hostname-mismatch and extended-key-usage', () => {
    expect(codeOf(() => verifyChainSync(leaf, opts({ hostname: 'www.example.com' })))).toEqual({ code: 'hostname-mismatch', certIndex: 0 });
    expect(codeOf(() => verifyChainSync(leaf, opts({ purposes: ['clientAuth'] })))).toEqual({ code: 'extended-key-usage', certIndex: 0 });
  });

  it('max-depth counts intermediates', () => {
    expect(codeOf(() => verifyChainSync(leaf, opts({ maxIntermediates: 0 })))).toMatchObject({ code: 'max-depth' });
  });

  it('budget-exceeded when the signature budget is spent', () => {
    expect(codeOf(() => verifyChainSync(leaf, opts({ budget: { signatureChecks: 1 } })))).toMatchObject({ code: 'budget-exceeded' });
  });

  it('keeps the candidates tried, most specific first', async () => {
    const stray = await CertificateBuilder.create()
      .subject('CN=Test ICA')
      .publicKey(otherKey.publicKey)
      .notBefore(T0)
      .notAfter(new Date('2025-03-01T00:00:00Z'))
      .basicConstraints({ cA: true })
      .keyUsage(['keyCertSign'])
      .sign(signerFromPrivateKey(rootKey.privateKey), { issuerCertificate: root, now: T0 });
    try {
      verifyChainSync(leaf, opts({ intermediates: [stray], hostname: 'app.example.com' }));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      const v = e as ValidationError;
      expect(v.code).toBe('expired');
      expect(v.candidates[0]).toBe(v);
    }
  });

  it('an indirect CRL may cover its own signer (PKITS 4.14.30), unless it lists the signer as revoked', async () => {
    const signerKey = await generateKeyPair('P-256');
    const signerName = 'CN=Indirect CRL Signer';
    const cdp: DistributionPoint[] = [{ distributionPoint: { type: 'fullName', names: [dn(signerName)] }, cRLIssuer: [dn(signerName)] }];
    const cdpExt = { oid: EXTENSION.cRLDistributionPoints, value: encodeCrlDistributionPoints(cdp) };
    const signer = await CertificateBuilder.create()
      .subject(signerName)
      .publicKey(signerKey.publicKey)
      .serialNumber(0x5001n)
      .notBefore(T0)
      .notAfter(END)
      .keyUsage(['cRLSign'])
      .extension(cdpExt)
      .sign(signerFromPrivateKey(icaKey.privateKey), { issuerCertificate: ica, now: T0 });
    const l = await CertificateBuilder.create()
      .subject('CN=leaf covered by an indirect CRL')
      .publicKey(leafKey.publicKey)
      .serialNumber(0x5002n)
      .notBefore(T0)
      .notAfter(END)
      .extension(cdpExt)
      .sign(signerFromPrivateKey(icaKey.privateKey), { issuerCertificate: ica, now: T0 });
    const rootCrl = await CrlBuilder.create().thisUpdate(T0).nextUpdate(END).crlNumber(1).sign(signerFromPrivateKey(rootKey.privateKey), { issuerCertificate: root });
    const indirect = (revokeSigner: boolean) => {
      let b = CrlBuilder.create()
        .thisUpdate(T0)
        .nextUpdate(END)
        .crlNumber(1)
        .issuingDistributionPoint({ indirectCRL: true, distributionPoint: { type: 'fullName', names: [dn(signerName)] } });
      if (revokeSigner) b = b.revoke({ serial: 0x5001n, revocationDate: T0, reason: 'keyCompromise', certificateIssuer: [dn(ica.subject)] });
      return b.sign(signerFromPrivateKey(signerKey.privateKey), { issuerCertificate: signer });
    };
    const o = (crl: Awaited<ReturnType<typeof indirect>>): ValidationOptions => ({
      anchors: [root],
      intermediates: [ica, signer],
      time: NOW,
      profile: 'rfc5280',
      revocation: { mode: 'require', crls: [rootCrl, crl] },
    });
    const ok = verifyChainSync(l, o(await indirect(false)));
    expect(ok.chain.map((c) => c.subject.toString())).toEqual(['CN=leaf covered by an indirect CRL', 'CN=Test ICA', 'CN=Test Root']);
    expect((await verifyChain(l, o(await indirect(false)))).chain.length).toBe(3);
    // The signer's own CRL revokes it: no valid CRL signer remains, so the leaf's status is unknown.
    const revokesSigner = await indirect(true);
    expect(codeOf(() => verifyChainSync(l, o(revokesSigner)))).toEqual({ code: 'revocation-unknown', certIndex: 0 });
  });

  it('validatePathSync checks a given order and every signature', () => {
    expect(validatePathSync([leaf, ica], opts()).chain.length).toBe(3);
    expect(validatePathSync([leaf, ica, root], opts()).chain.length).toBe(3);
    expect(codeOf(() => validatePathSync([ica, leaf], opts()))).toMatchObject({ code: 'unknown-issuer' });
  });

  it('validatePath (async) gives the same answers and rejects with the same errors', async () => {
    expect((await validatePath([leaf, ica], opts())).chain.length).toBe(3);
    expect((await validatePath([leaf, ica, root], opts())).chain.length).toBe(3);
    await expect(validatePath([ica, leaf], opts())).rejects.toMatchObject({ code: 'unknown-issuer' });
    await expect(validatePath([], opts())).rejects.toThrow(TypeError);
  });

  it('refuses bad arguments with TypeError / RangeError', () => {
    expect(() => verifyChainSync({} as Certificate, opts())).toThrow(TypeError);
    expect(() => verifyChainSync(leaf, { anchors: 'x' } as unknown as ValidationOptions)).toThrow(TypeError);
    expect(() => verifyChainSync(leaf, opts({ time: new Date('nope') }))).toThrow(RangeError);
    expect(() => verifyChainSync(leaf, opts({ profile: 'x' as 'webpki' }))).toThrow(RangeError);
    expect(() => verifyChainSync(leaf, opts({ purposes: ['nonsense'] }))).toThrow(RangeError);
  });
});

describe('identity checks (RFC 6125 / RFC 9525)', () => {
  it('wildcards cover exactly one leftmost label', async () => {
    const w = await ee(ica, icaKey, { names: ['*.samplename.com', '192.0.2.7', '2001:db8::1'] });
    expect(matchesHostname(w, 'app.samplename.com')).toBe(true);
    expect(matchesHostname(w, 'WEB.SampleName.com')).toBe(true);
    expect(matchesHostname(w, 'WEB.SampleName.com.')).toBe(false); // an absolute name is refused (docs/conformance.md)
    expect(matchesHostname(w, 'samplename.com')).toBe(false);
    expect(matchesHostname(w, 'app.eu.samplename.com')).toBe(false);
    expect(matchesHostname(w, '192.0.2.7')).toBe(true);
    expect(matchesHostname(w, '2001:db8:0::1')).toBe(true);
    expect(matchesHostname(w, '[2001:db8::1]')).toBe(true);
    expect(matchesHostname(w, '192.0.2.8')).toBe(false);
    expect(() => matchesHostname(w, 5 as unknown as string)).toThrow(TypeError);
  });

  it('refuses a reference host name with a trailing dot, under both profiles (issue 15)', async () => {
    // docs/conformance.md "Reference host names": RFC 6066 §3 (SNI without the dot), RFC 5280
    // §4.2.1.6 (DNS-IDs in preferred name syntax); OpenSSL reports a mismatch, pyca refuses.
    const w = await ee(ica, icaKey, { names: ['*.samplename.com', 'app.example.com'] });
    for (const profile of ['rfc5280', 'webpki'] as const) {
      expect(verifyChainSync(w, opts({ profile, hostname: 'app.example.com' })).profile).toBe(profile);
      expect(verifyChainSync(w, opts({ profile, hostname: 'web.samplename.com' })).chain.length).toBe(3);
      for (const hostname of ['app.example.com.', 'APP.Example.COM.', 'web.samplename.com.', 'app.example.com..']) {
        expect({ profile, hostname, r: codeOf(() => verifyChainSync(w, opts({ profile, hostname }))) }).toEqual({ profile, hostname, r: { code: 'hostname-mismatch', certIndex: 0 } });
      }
      await expect(verifyChain(w, opts({ profile, hostname: 'app.example.com.' }))).rejects.toMatchObject({ code: 'hostname-mismatch' });
    }
  });

  it('never falls back to the CN unless asked', async () => {
    const cnOnly = await CertificateBuilder.create()
      .subject('CN=cn.example.com')
      .publicKey(leafKey.publicKey)
      .notBefore(T0)
      .notAfter(END)
      .sign(signerFromPrivateKey(icaKey.privateKey), { issuerCertificate: ica, now: T0 });
    expect(matchesHostname(cnOnly, 'cn.example.com')).toBe(false);
    expect(matchesHostname(cnOnly, 'cn.example.com', { cnFallback: true })).toBe(true);
    expect(matchesEmail(cnOnly, 'a@example.com')).toBe(false);
  });
});

describe('nameMatchesSubtree (RFC 5280 §4.2.1.10)', () => {
  const d = (v: string) => ({ type: 'dns' as const, value: v });
  const m = (v: string) => ({ type: 'email' as const, value: v });
  it('dNSName: labels added on the left; leading dots and wildcards are malformed constraints', () => {
    expect(nameMatchesSubtree(d('a.b.example.com'), d('example.com'))).toBe('match');
    expect(nameMatchesSubtree(d('notexample.com'), d('example.com'))).toBe('no-match');
    expect(nameMatchesSubtree(d('a.example.com'), d('.example.com'))).toBe('invalid-constraint');
    expect(nameMatchesSubtree(d('a.example.com'), d(''))).toBe('match');
  });
  it('rfc822Name: mailbox, host, or domain with a leading dot; `*` is literal', () => {
    expect(nameMatchesSubtree(m('u@example.com'), m('example.com'))).toBe('match');
    expect(nameMatchesSubtree(m('u@sub.example.com'), m('example.com'))).toBe('no-match');
    expect(nameMatchesSubtree(m('u@sub.example.com'), m('.example.com'))).toBe('match');
    expect(nameMatchesSubtree(m('u@example.com'), m('*@example.com'))).toBe('no-match');
    expect(nameMatchesSubtree(m('u@EXAMPLE.com'), m('u@example.com'))).toBe('match');
    expect(nameMatchesSubtree(m('u@example.com'), m('a@b@example.com'))).toBe('invalid-constraint');
  });
  it('iPAddress: masks, families kept apart, non-contiguous masks refused', () => {
    const v4 = { type: 'ip' as const, value: Uint8Array.of(192, 0, 2, 9), text: '192.0.2.9' };
    const net = (mask: number[]) => ({ type: 'ip' as const, value: Uint8Array.of(192, 0, 2, 0), mask: Uint8Array.from(mask), text: '' });
    expect(nameMatchesSubtree(v4, net([255, 255, 255, 0]))).toBe('match');
    expect(nameMatchesSubtree(v4, net([255, 255, 255, 255]))).toBe('no-match');
    expect(nameMatchesSubtree(v4, net([255, 0, 255, 0]))).toBe('invalid-constraint');
  });
});
