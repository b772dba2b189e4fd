/**
 * CrlBuilder: immutability, set-once fields, checks at set time, what sign() requires, the
 * self-check, delta/indirect rules, PEM output, and a build → parse round trip of every field.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { CertkitError } from '../src/der/index';
import { CrlBuilder, CrlBuilderError, parseCrl, verifyCrl, verifyCrlSync } from '../src/crl/index';
import { dn, uri } from '../src/x509/general-name-build';
import type { Signer } from '../src/sig/index';
import { at, makeCa, type Ca } from './crl-fixtures';
import { crlEntries, crlEntry, crlToJson, crlToPem, findCrlEntry, formatCrl, isDeltaCrl, isIndirectCrl } from '../src/crl/index';
import { authorityKeyIdentifierCodec, crlNumberCodec, deltaCrlIndicatorCodec, findRawExtension, freshestCrlCodec, getExtension, issuingDistributionPointCodec } from '../src/x509/index';
import { invalidityDateCodec, reasonCodeCodec } from '../src/x509/index';
import { nameEquals } from '../src/x509/index';

let ca: Ca;
beforeAll(async () => {
  ca = await makeCa('Builder CA');
});

const ready = (): CrlBuilder => CrlBuilder.create().thisUpdate(at(-1)).nextUpdate(at(6)).crlNumber(5);

function code(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return e instanceof CertkitError ? e.code : (e as Error).name;
  }
  return undefined;
}

async function codeAsync(f: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await f();
  } catch (e) {
    return e instanceof CertkitError ? e.code : (e as Error).name;
  }
  return undefined;
}

describe('CrlBuilder', () => {
  it('is immutable: setters return new builders, entries are not shared between branches', async () => {
    const a = ready();
    const b1 = a.revoke({ serial: 1n, revocationDate: at(-1) });
    const b2 = a.revoke({ serial: 2n, revocationDate: at(-1) });
    const b3 = b1.revoke({ serial: 3n, revocationDate: at(-1) });
    expect([a.size, b1.size, b2.size, b3.size]).toEqual([0, 1, 1, 2]);
    const c2 = await b2.sign(ca.signer, { issuerCertificate: ca.cert });
    expect([...crlEntries(c2)].map((e) => e.serialNumber)).toEqual([2n]);
    const c3 = await b3.sign(ca.signer, { issuerCertificate: ca.cert });
    expect([...crlEntries(c3)].map((e) => e.serialNumber)).toEqual([1n, 3n]);
  });

  it('fields are set once and checked when set', () => {
    expect(code(() => ready().crlNumber(6))).toBe('already-set');
    expect(code(() => CrlBuilder.create().thisUpdate(new Date(NaN)))).toBe('RangeError');
    expect(code(() => CrlBuilder.create().crlNumber(-1))).toBe('RangeError');
    expect(code(() => CrlBuilder.create().crlNumber(1n << 168n))).toBe('RangeError');
    expect(code(() => ready().revoke({ serial: 0n, revocationDate: at(-1) }))).toBe('RangeError');
    expect(code(() => ready().revoke({ serial: 1n << 160n, revocationDate: at(-1) }))).toBe('RangeError');
    expect(code(() => ready().revoke({ serial: 1n, revocationDate: at(-1), reason: 'bogus' as never }))).toBe('RangeError');
    expect(code(() => ready().revoke({ serial: 'zz', revocationDate: at(-1) }))).toBe('RangeError');
    expect(code(() => ready().extension({ oid: '1.2.3', value: 'x' as never }))).toBe('TypeError');
    expect(
      code(() =>
        ready()
          .extension({ oid: '1.2.3', value: Uint8Array.of(5, 0) })
          .extension({ oid: '1.2.3', value: Uint8Array.of(5, 0) }),
      ),
    ).toBe('duplicate-extension');
  });

  it('sign() lists every missing field, and checks cross-field rules', async () => {
    const e = await codeAsync(() => CrlBuilder.create().sign(ca.signer));
    expect(e).toBe('missing-fields');
    await CrlBuilder.create()
      .sign(ca.signer)
      .catch((err: Error) => {
        for (const f of ['issuer', 'thisUpdate', 'nextUpdate', 'cRLNumber']) expect(err.message).toContain(f);
      });
    expect(await codeAsync(() => CrlBuilder.create().thisUpdate(at(1)).nextUpdate(at(0)).crlNumber(1).sign(ca.signer, { issuerCertificate: ca.cert }))).toBe('invalid-times');
    expect(
      await codeAsync(() =>
        ready()
          .revoke({ serial: 1n, revocationDate: at(-1), reason: 'removeFromCRL' })
          .sign(ca.signer, { issuerCertificate: ca.cert }),
      ),
    ).toBe('remove-from-crl-in-base');
    expect(
      await codeAsync(() =>
        ready()
          .revoke({ serial: 1n, revocationDate: at(-1) })
          .revoke({ serial: 1n, revocationDate: at(-1) })
          .sign(ca.signer, { issuerCertificate: ca.cert }),
      ),
    ).toBe('duplicate-serial');
    expect(
      await codeAsync(() =>
        ready()
          .revoke({ serial: 1n, revocationDate: at(-1), certificateIssuer: [dn(ca.cert.subject)] })
          .sign(ca.signer, { issuerCertificate: ca.cert }),
      ),
    ).toBe('missing-fields');
    const other = await makeCa('Other');
    expect(await codeAsync(() => ready().sign(other.signer, { issuerCertificate: ca.cert }))).toBe('issuer-key-mismatch');
  });

  it('a signer whose signature does not verify is caught (self-check-failed)', async () => {
    const bad: Signer = { algorithm: ca.signer.algorithm, publicKey: ca.signer.publicKey, sign: async (d) => await ca.signer.sign(Uint8Array.of(...d, 0)) };
    const err = await ready()
      .issuer({ CN: 'x' })
      .sign(bad)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CrlBuilderError);
    expect((err as CrlBuilderError).code).toBe('self-check-failed');
  });

  it('round trip: every field comes back from parseCrl', async () => {
    const crl = await ready()
      .issuingDistributionPoint({ indirectCRL: true, distributionPoint: { type: 'fullName', names: [uri('http://crl.example/x.crl')] }, onlySomeReasons: ['keyCompromise'] })
      .freshestCrl([{ distributionPoint: { type: 'fullName', names: [uri('http://crl.example/delta.crl')] } }])
      .revoke({ serial: 0xabcn, revocationDate: at(-2), reason: 'unspecified' })
      .revoke({ serial: 0xabdn, revocationDate: at(-2), reason: 'privilegeWithdrawn', invalidityDate: at(-3), certificateIssuer: [dn(ca.cert.subject)] })
      .sign(ca.signer, { issuerCertificate: ca.cert });
    const back = parseCrl(crlToPem(crl));
    expect(crlToPem(crl)).toMatch(/^-----BEGIN X509 CRL-----\n/);
    expect(back.version).toBe(2);
    expect(nameEquals(back.issuer, ca.cert.subject)).toBe(true);
    expect(getExtension(back, crlNumberCodec)).toBe(5n);
    expect(isDeltaCrl(back)).toBe(false);
    expect(isIndirectCrl(back)).toBe(true);
    expect(getExtension(back, issuingDistributionPointCodec)?.onlySomeReasons).toEqual(['keyCompromise']);
    expect(getExtension(back, freshestCrlCodec)?.length).toBe(1);
    expect(findRawExtension(back, '2.5.29.28')?.critical).toBe(true);
    expect(getExtension(back, authorityKeyIdentifierCodec)?.keyIdentifier).toBeDefined();
    expect(verifyCrlSync(back, ca.cert)).toBe(true);
    expect(await verifyCrl(back, ca.cert)).toBe(true);
    // 'unspecified' writes no reasonCode (RFC 5280 §5.3.1: SHOULD be absent).
    expect(crlEntry(back, 0).extensions.length).toBe(0);
    const e1 = crlEntry(back, 1);
    expect(getExtension(e1, reasonCodeCodec)).toBe('privilegeWithdrawn');
    expect(getExtension(e1, invalidityDateCodec)?.toISOString()).toBe(at(-3).toISOString());
    expect(findRawExtension(e1, '2.5.29.29')?.critical).toBe(true);
    expect(crlToJson(back)).toMatchObject({ crlNumber: '5', revokedCertificates: [{ serialNumber: '0abc' }, { serialNumber: '0abd', reason: 'privilegeWithdrawn' }] });
    expect(formatCrl(back)).toContain('Serial Number: 0ABD');
  });

  it('delta CRLs carry a critical deltaCRLIndicator and may use removeFromCRL', async () => {
    const d = await ready()
      .deltaOf(4)
      .revoke({ serial: 9n, revocationDate: at(-1), reason: 'removeFromCRL' })
      .sign(ca.signer, { issuerCertificate: ca.cert });
    expect(getExtension(d, deltaCrlIndicatorCodec)).toBe(4n);
    expect(findRawExtension(d, '2.5.29.27')?.critical).toBe(true);
    expect(getExtension(findCrlEntry(d, 9n)!, reasonCodeCodec)).toBe('removeFromCRL');
  });
});
