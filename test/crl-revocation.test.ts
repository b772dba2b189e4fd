/**
 * checkRevocation (RFC 5280 §6.3.3): good / revoked / unknown over complete, delta and indirect
 * CRLs, issuing distribution points, reason partitions, freshness and CRL signer checks.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { CrlBuilder, checkRevocation, checkRevocationSync, parseCrl, type Crl } from '../src/crl/index';
import { dn, uri } from '../src/x509/general-name-build';
import { NOW, at, makeCa, makeLeaf, type Ca } from './crl-fixtures';
import type { Certificate } from '../src/x509/certificate';
import { crlEntryIssuer, crlToPem, isDeltaCrl, isIndirectCrl } from '../src/crl/index';
import { deltaCrlIndicatorCodec, getExtension } from '../src/x509/index';

let ca: Ca;
let other: Ca;
let noCrlSign: Ca;
let leaf: Certificate; // serial 0x1001, revoked
let good: Certificate; // serial 0x1002, not revoked
let subCa: Certificate; // a CA certificate issued by ca, serial 0x2001

const base = (): CrlBuilder => CrlBuilder.create().thisUpdate(at(-1)).nextUpdate(at(6));

beforeAll(async () => {
  ca = await makeCa('Test CA');
  other = await makeCa('Other CA');
  noCrlSign = await makeCa('Test CA', { keyUsage: ['keyCertSign'] });
  leaf = await makeLeaf(ca, 0x1001n);
  good = await makeLeaf(ca, 0x1002n);
  subCa = await makeLeaf(ca, 0x2001n, { ca: true });
});

async function completeCrl(extra: (b: CrlBuilder) => CrlBuilder = (b) => b, number = 10n): Promise<Crl> {
  return extra(
    base()
      .crlNumber(number)
      .revoke({ serial: 0x1001n, revocationDate: at(-2), reason: 'keyCompromise', invalidityDate: at(-3) }),
  ).sign(ca.signer, { issuerCertificate: ca.cert });
}

describe('complete CRLs', () => {
  it('revoked: reason, dates and the CRL', async () => {
    const crl = await completeCrl();
    const s = checkRevocationSync(leaf, ca.cert, [crl], { time: NOW });
    expect(s.status).toBe('revoked');
    if (s.status !== 'revoked') return;
    expect(s.reason).toBe('keyCompromise');
    expect(s.revocationDate.toISOString()).toBe(at(-2).toISOString());
    expect(s.invalidityDate?.toISOString()).toBe(at(-3).toISOString());
    expect(s.crl).toBe(crl);
  });

  it('good when not listed, and CRLs given as DER or PEM work too', async () => {
    const crl = await completeCrl();
    expect(checkRevocationSync(good, ca.cert, [crl], { time: NOW }).status).toBe('good');
    expect(checkRevocationSync(good, ca.cert, [crl.raw.slice()], { time: NOW }).status).toBe('good');
    expect(checkRevocationSync(leaf, ca.cert, [crlToPem(crl)], { time: NOW }).status).toBe('revoked');
  });

  it("unknown (no-crl) without CRLs, or with only another issuer's CRL", async () => {
    expect(checkRevocationSync(good, ca.cert, [], { time: NOW })).toMatchObject({ status: 'unknown', code: 'no-crl' });
    const foreign = await base().crlNumber(1).sign(other.signer, { issuerCertificate: other.cert });
    expect(checkRevocationSync(good, ca.cert, [foreign], { time: NOW })).toMatchObject({ status: 'unknown', code: 'no-crl' });
  });

  it('a stale CRL is unknown, not good (after nextUpdate, before thisUpdate)', async () => {
    const crl = await completeCrl();
    expect(checkRevocationSync(good, ca.cert, [crl], { time: at(7) })).toMatchObject({ status: 'unknown', code: 'stale' });
    expect(checkRevocationSync(good, ca.cert, [crl], { time: at(-2) })).toMatchObject({ status: 'unknown', code: 'stale' });
    // Boundaries are inclusive.
    expect(checkRevocationSync(good, ca.cert, [crl], { time: at(6) }).status).toBe('good');
    expect(checkRevocationSync(good, ca.cert, [crl], { time: at(-1) }).status).toBe('good');
  });

  it('a CRL signed by the wrong key is unknown (bad-signature), never good', async () => {
    // Same issuer name, other key: the self-check passes for the wrong key's signer.
    const forged = await base().issuer(ca.cert.subject).crlNumber(10).sign(other.signer);
    const s = checkRevocationSync(good, ca.cert, [forged], { time: NOW });
    expect(s).toMatchObject({ status: 'unknown', code: 'bad-signature' });
  });

  it('a CRL signer without cRLSign is refused; a separate cRLSign certificate is used when given', async () => {
    const crl = await base().issuer(ca.cert.subject).crlNumber(1).sign(noCrlSign.signer);
    expect(checkRevocationSync(good, ca.cert, [crl], { time: NOW, crlIssuers: [noCrlSign.cert] })).toMatchObject({ status: 'unknown', code: 'bad-signature' });
    const crlSigner = await makeCa('Test CA'); // same name, other key, with cRLSign
    const crl2 = await base()
      .issuer(ca.cert.subject)
      .crlNumber(1)
      .revoke({ serial: 0x1002n, revocationDate: at(-1) })
      .sign(crlSigner.signer);
    expect(checkRevocationSync(good, ca.cert, [crl2], { time: NOW })).toMatchObject({ status: 'unknown', code: 'bad-signature' });
    expect(checkRevocationSync(good, ca.cert, [crl2], { time: NOW, crlIssuers: [crlSigner.cert] })).toMatchObject({ status: 'revoked', reason: undefined });
  });

  it('an unknown critical CRL extension or entry extension makes the CRL unusable', async () => {
    const crl = await completeCrl((b) => b.extension({ oid: '1.2.3.4', critical: true, value: Uint8Array.of(5, 0) }));
    expect(crl.unusable?.code).toBe('unknown-critical-extension');
    expect(checkRevocationSync(good, ca.cert, [crl], { time: NOW })).toMatchObject({ status: 'unknown', code: 'unknown-critical-extension' });
    const crl2 = await base()
      .crlNumber(3)
      .revoke({ serial: 7n, revocationDate: at(-1), extensions: [{ oid: '1.2.3.5', critical: true, value: Uint8Array.of(5, 0) }] })
      .sign(ca.signer, { issuerCertificate: ca.cert });
    expect(crl2.unusable).toMatchObject({ code: 'unknown-critical-entry-extension', oid: '1.2.3.5', entryIndex: 0 });
    expect(checkRevocationSync(good, ca.cert, [crl2], { time: NOW })).toMatchObject({ status: 'unknown', code: 'unknown-critical-extension' });
    // A non-critical unknown extension is ignored.
    const crl3 = await completeCrl((b) => b.extension({ oid: '1.2.3.4', value: Uint8Array.of(5, 0) }));
    expect(crl3.unusable).toBeUndefined();
    expect(checkRevocationSync(good, ca.cert, [crl3], { time: NOW }).status).toBe('good');
  });

  it('a malformed CRL among the inputs gives unknown (malformed) when nothing else decides', () => {
    const s = checkRevocationSync(good, ca.cert, [Uint8Array.of(0x30, 0x03, 0x02, 0x01, 0x01)], { time: NOW });
    expect(s).toMatchObject({ status: 'unknown', code: 'malformed' });
  });

  it('certificateHold is revoked with that reason', async () => {
    const crl = await base()
      .crlNumber(4)
      .revoke({ serial: 0x1002n, revocationDate: at(-1), reason: 'certificateHold' })
      .sign(ca.signer, { issuerCertificate: ca.cert });
    expect(checkRevocationSync(good, ca.cert, [crl], { time: NOW })).toMatchObject({ status: 'revoked', reason: 'certificateHold' });
  });

  it('requireNextUpdate: a CRL without nextUpdate (pyca crl_no_next_update style) is stale only on request', async () => {
    // The builder always writes nextUpdate; use far bounds instead and check the option is wired.
    const crl = await completeCrl();
    expect(checkRevocationSync(good, ca.cert, [crl], { time: NOW, requireNextUpdate: true }).status).toBe('good');
  });
});

describe('issuing distribution point scope', () => {
  it('onlyContainsUserCerts does not cover a CA certificate; onlyContainsCACerts does not cover a leaf', async () => {
    const users = await completeCrl((b) => b.issuingDistributionPoint({ onlyContainsUserCerts: true }));
    expect(checkRevocationSync(good, ca.cert, [users], { time: NOW }).status).toBe('good');
    expect(checkRevocationSync(subCa, ca.cert, [users], { time: NOW })).toMatchObject({ status: 'unknown', code: 'no-crl' });
    const cas = await base()
      .crlNumber(5)
      .issuingDistributionPoint({ onlyContainsCACerts: true })
      .revoke({ serial: 0x2001n, revocationDate: at(-1) })
      .sign(ca.signer, { issuerCertificate: ca.cert });
    expect(checkRevocationSync(subCa, ca.cert, [cas], { time: NOW }).status).toBe('revoked');
    expect(checkRevocationSync(good, ca.cert, [cas], { time: NOW })).toMatchObject({ status: 'unknown', code: 'no-crl' });
    expect(checkRevocationSync(good, ca.cert, [users, cas], { time: NOW }).status).toBe('good');
  });

  it("a distribution point name must match the certificate's cRLDistributionPoints", async () => {
    const url = 'http://crl.example/ca1.crl';
    const withCdp = await makeLeaf(ca, 0x3001n, { cdp: [{ distributionPoint: { type: 'fullName', names: [uri(url)] } }] });
    const matching = await completeCrl((b) => b.issuingDistributionPoint({ distributionPoint: { type: 'fullName', names: [uri(url)] } }));
    const otherDp = await completeCrl((b) => b.issuingDistributionPoint({ distributionPoint: { type: 'fullName', names: [uri('http://crl.example/ca2.crl')] } }));
    expect(checkRevocationSync(withCdp, ca.cert, [matching], { time: NOW }).status).toBe('good');
    expect(checkRevocationSync(withCdp, ca.cert, [otherDp], { time: NOW })).toMatchObject({ status: 'unknown', code: 'no-crl' });
    // A certificate without cRLDistributionPoints is not covered by a partitioned CRL.
    expect(checkRevocationSync(good, ca.cert, [matching], { time: NOW })).toMatchObject({ status: 'unknown', code: 'no-crl' });
    // A full CRL (no IDP) covers a certificate with a DP.
    expect(checkRevocationSync(withCdp, ca.cert, [await completeCrl()], { time: NOW }).status).toBe('good');
  });

  it('reason partitions: good only once every reason is covered', async () => {
    const key = await completeCrl((b) => b.issuingDistributionPoint({ onlySomeReasons: ['keyCompromise', 'cACompromise'] }));
    const rest = await base()
      .crlNumber(11)
      .issuingDistributionPoint({ onlySomeReasons: ['affiliationChanged', 'superseded', 'cessationOfOperation', 'certificateHold', 'privilegeWithdrawn', 'aACompromise'] })
      .sign(ca.signer, { issuerCertificate: ca.cert });
    expect(checkRevocationSync(good, ca.cert, [key], { time: NOW })).toMatchObject({ status: 'unknown', code: 'incomplete-reasons' });
    expect(checkRevocationSync(good, ca.cert, [key, rest], { time: NOW }).status).toBe('good');
    expect(checkRevocationSync(leaf, ca.cert, [rest, key], { time: NOW })).toMatchObject({ status: 'revoked', reason: 'keyCompromise' });
  });
});

describe('delta CRLs', () => {
  it('a delta adds revocations; removeFromCRL lifts a hold; stale or too-new bases are not merged', async () => {
    const complete = await base()
      .crlNumber(20)
      .revoke({ serial: 0x1002n, revocationDate: at(-5), reason: 'certificateHold' })
      .freshestCrl([{ distributionPoint: { type: 'fullName', names: [uri('http://crl.example/delta.crl')] } }])
      .sign(ca.signer, { issuerCertificate: ca.cert });
    expect(checkRevocationSync(good, ca.cert, [complete], { time: NOW })).toMatchObject({ status: 'revoked', reason: 'certificateHold' });
    const delta = await base()
      .crlNumber(21)
      .deltaOf(20)
      .revoke({ serial: 0x1002n, revocationDate: at(-1), reason: 'removeFromCRL' })
      .revoke({ serial: 0x1001n, revocationDate: at(-1), reason: 'superseded' })
      .sign(ca.signer, { issuerCertificate: ca.cert });
    expect(isDeltaCrl(delta)).toBe(true);
    expect(getExtension(delta, deltaCrlIndicatorCodec)).toBe(20n);
    expect(checkRevocationSync(good, ca.cert, [complete, delta], { time: NOW }).status).toBe('good');
    expect(checkRevocationSync(leaf, ca.cert, [complete, delta], { time: NOW })).toMatchObject({ status: 'revoked', reason: 'superseded' });
    expect(checkRevocationSync(good, ca.cert, [complete, delta], { time: NOW, useDeltas: false })).toMatchObject({ status: 'revoked', reason: 'certificateHold' });
    // A delta alone is not a complete CRL.
    expect(checkRevocationSync(leaf, ca.cert, [delta], { time: NOW })).toMatchObject({ status: 'unknown' });
    // A delta whose base is newer than the complete CRL at hand is not merged.
    const deltaNewBase = await base()
      .crlNumber(31)
      .deltaOf(30)
      .revoke({ serial: 0x1002n, revocationDate: at(-1), reason: 'removeFromCRL' })
      .sign(ca.signer, { issuerCertificate: ca.cert });
    expect(checkRevocationSync(good, ca.cert, [complete, deltaNewBase], { time: NOW })).toMatchObject({ status: 'revoked', reason: 'certificateHold' });
    // A stale delta is not merged either.
    const staleDelta = await CrlBuilder.create()
      .thisUpdate(at(-10))
      .nextUpdate(at(-8))
      .crlNumber(22)
      .deltaOf(20)
      .revoke({ serial: 0x1002n, revocationDate: at(-9), reason: 'removeFromCRL' })
      .sign(ca.signer, { issuerCertificate: ca.cert });
    expect(checkRevocationSync(good, ca.cert, [complete, staleDelta], { time: NOW })).toMatchObject({ status: 'revoked', reason: 'certificateHold' });
  });
});

describe('indirect CRLs', () => {
  it('certificateIssuer entries speak for another issuer, and later entries inherit it', async () => {
    const crlIssuerCa = await makeCa('Indirect CRL Issuer');
    const cdp = [{ distributionPoint: { type: 'fullName' as const, names: [uri('http://crl.example/indirect.crl')] }, cRLIssuer: [dn(crlIssuerCa.cert.subject)] }];
    const l1 = await makeLeaf(ca, 0x4001n, { cdp });
    const l2 = await makeLeaf(ca, 0x4002n, { cdp });
    const l3 = await makeLeaf(ca, 0x4003n, { cdp });
    const crl = await base()
      .crlNumber(1)
      .issuingDistributionPoint({ indirectCRL: true, distributionPoint: { type: 'fullName', names: [uri('http://crl.example/indirect.crl')] } })
      .revoke({ serial: 0x4003n, revocationDate: at(-1) }) // for the CRL issuer itself
      .revoke({ serial: 0x4001n, revocationDate: at(-1), reason: 'keyCompromise', certificateIssuer: [dn(ca.cert.subject)] })
      .revoke({ serial: 0x4002n, revocationDate: at(-1), reason: 'superseded' }) // inherits Test CA
      .sign(crlIssuerCa.signer, { issuerCertificate: crlIssuerCa.cert });
    expect(isIndirectCrl(crl)).toBe(true);
    expect(crlEntryIssuer(crl, 0)).toBeUndefined();
    expect(crlEntryIssuer(crl, 2)?.[0]).toMatchObject({ type: 'dn' });
    const opts = { time: NOW, crlIssuers: [crlIssuerCa.cert] };
    expect(checkRevocationSync(l1, ca.cert, [crl], opts)).toMatchObject({ status: 'revoked', reason: 'keyCompromise' });
    expect(checkRevocationSync(l2, ca.cert, [crl], opts)).toMatchObject({ status: 'revoked', reason: 'superseded' });
    // 0x4003 is listed for the CRL issuer's own certificates, not Test CA's.
    expect(checkRevocationSync(l3, ca.cert, [crl], opts).status).toBe('good');
    // Without the CRL issuer's certificate the signature cannot be checked.
    expect(checkRevocationSync(l1, ca.cert, [crl], { time: NOW })).toMatchObject({ status: 'unknown', code: 'no-crl-signer' });
  });
});

describe('arguments', () => {
  it('wrong kinds are TypeErrors', async () => {
    const crl = await completeCrl();
    expect(() => checkRevocationSync(good, ca.cert, [crl], {} as never)).toThrow(TypeError);
    expect(() => checkRevocationSync({} as never, ca.cert, [crl], { time: NOW })).toThrow(TypeError);
    expect(() => checkRevocationSync(good, ca.cert, [42 as never], { time: NOW })).toThrow(TypeError);
    expect(() => checkRevocationSync(good, ca.cert, [crl], { time: new Date(NaN) })).toThrow(RangeError);
    expect(parseCrl(crl.raw).size).toBe(1);
  });
});

describe('checkRevocation (async) and checkRevocationSync', () => {
  it('give the same answers: revoked, good, bad-signature, no-crl-signer, with crlIssuers and a delta', async () => {
    const crl = await completeCrl();
    const forged = await base().issuer(ca.cert.subject).crlNumber(10).sign(other.signer);
    const crlSigner = await makeCa('Test CA');
    const separate = await base()
      .issuer(ca.cert.subject)
      .crlNumber(1)
      .revoke({ serial: 0x1002n, revocationDate: at(-1) })
      .sign(crlSigner.signer);
    const delta = await base()
      .crlNumber(11)
      .deltaOf(10)
      .revoke({ serial: 0x1002n, revocationDate: at(-1), reason: 'superseded' })
      .sign(ca.signer, { issuerCertificate: ca.cert });
    const foreign = await base().crlNumber(1).sign(other.signer, { issuerCertificate: other.cert });
    const cases: Array<[Certificate, ReadonlyArray<Crl | Uint8Array>, Parameters<typeof checkRevocationSync>[3]]> = [
      [leaf, [crl], { time: NOW }],
      [good, [crl.raw.slice()], { time: NOW }],
      [good, [forged], { time: NOW }],
      [good, [separate], { time: NOW }],
      [good, [separate], { time: NOW, crlIssuers: [crlSigner.cert] }],
      [good, [crl, delta], { time: NOW }],
      [good, [crl, delta], { time: NOW, useDeltas: false }],
      [good, [foreign], { time: NOW }],
      [good, [Uint8Array.of(0x30, 0x03, 0x02, 0x01, 0x01)], { time: NOW }],
    ];
    const statuses: string[] = [];
    for (const [cert, crls, opts] of cases) {
      const sync = checkRevocationSync(cert, ca.cert, crls, opts);
      const p = checkRevocation(cert, ca.cert, crls, opts);
      expect(p).toBeInstanceOf(Promise);
      expect(await p).toEqual(sync);
      statuses.push(sync.status === 'unknown' ? sync.code : sync.status);
    }
    expect(statuses).toEqual(['revoked', 'good', 'bad-signature', 'bad-signature', 'revoked', 'revoked', 'good', 'no-crl', 'malformed']);
  });

  it('the async form rejects (never throws) with the TypeError / RangeError the Sync twin throws', async () => {
    const crl = await completeCrl();
    await expect(checkRevocation(good, ca.cert, [crl], {} as never)).rejects.toThrow(TypeError);
    await expect(checkRevocation({} as never, ca.cert, [crl], { time: NOW })).rejects.toThrow(TypeError);
    await expect(checkRevocation(good, ca.cert, [crl], { time: new Date(NaN) })).rejects.toThrow(RangeError);
  });
});
