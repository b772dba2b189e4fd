/**
 * OpenSSL 3 interop: `openssl crl -verify` accepts every kind of CRL certkit builds; `openssl
 * verify -crl_check` agrees with checkRevocationSync on revoked and good leaves; CRLs made by
 * `openssl ca -gencrl` (reasons, invalidity dates, hold instructions) parse in certkit to the same
 * entries and verify under the CA key. Fails (does not skip) when openssl is missing.
 */
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CrlBuilder, checkRevocationSync, parseCrl, verifyCrlSync, type Crl } from '../src/crl/index';
import { dn, uri } from '../src/x509/general-name-build';
import type { Certificate } from '../src/x509/certificate';
import { NOW, at, makeCa, makeLeaf, type Ca } from './crl-fixtures';
import { certificateToPem } from '../src/x509/index';
import { crlEntries, crlToPem, formatCrl } from '../src/crl/index';
import { authorityKeyIdentifierCodec, crlNumberCodec, getExtension } from '../src/x509/index';
import { holdInstructionCodeCodec, invalidityDateCodec, reasonCodeCodec } from '../src/x509/index';

let dir: string;
let ca: Ca;
let revokedLeaf: Certificate;
let goodLeaf: Certificate;

function openssl(args: string[], input?: string): { ok: boolean; out: string } {
  const r = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8', input });
  if (r.error) throw new Error(`openssl cannot run (this interop test needs it): ${r.error.message}`);
  return { ok: r.status === 0, out: `${r.stdout}${r.stderr}` };
}

function write(name: string, text: string | Uint8Array): string {
  writeFileSync(join(dir, name), text);
  return name;
}

beforeAll(async () => {
  expect(openssl(['version']).out).toMatch(/^OpenSSL 3\./);
  dir = mkdtempSync(join(tmpdir(), 'certkit-crl-'));
  ca = await makeCa('Interop CA');
  revokedLeaf = await makeLeaf(ca, 0x1001n);
  goodLeaf = await makeLeaf(ca, 0x1002n);
  write('ca.pem', certificateToPem(ca.cert));
  write('revoked.pem', certificateToPem(revokedLeaf));
  write('good.pem', certificateToPem(goodLeaf));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const epoch = (d: Date): string => String(Math.floor(d.getTime() / 1000));

describe('openssl accepts what certkit builds', () => {
  it('complete, delta, IDP-scoped and indirect-style CRLs all pass `openssl crl -verify`; the text agrees', async () => {
    const base = () => CrlBuilder.create().thisUpdate(at(-1)).nextUpdate(at(6));
    const crls: Array<[string, Crl]> = [
      ['empty', await base().crlNumber(1).sign(ca.signer, { issuerCertificate: ca.cert })],
      [
        'reasons',
        await base()
          .crlNumber(2)
          .revoke({ serial: 0x1001n, revocationDate: at(-2), reason: 'keyCompromise', invalidityDate: at(-3) })
          .revoke({ serial: 0x1003n, revocationDate: at(-2), reason: 'certificateHold' })
          .revoke({ serial: 0x1004n, revocationDate: at(-2), reason: 'aACompromise' })
          .revoke({ serial: (1n << 159n) + 7n, revocationDate: at(-2) })
          .sign(ca.signer, { issuerCertificate: ca.cert }),
      ],
      [
        'delta',
        await base()
          .crlNumber(3)
          .deltaOf(2)
          .revoke({ serial: 0x1003n, revocationDate: at(-1), reason: 'removeFromCRL' })
          .sign(ca.signer, { issuerCertificate: ca.cert }),
      ],
      [
        'idp',
        await base()
          .crlNumber(4)
          .issuingDistributionPoint({
            distributionPoint: { type: 'fullName', names: [uri('http://crl.example/a.crl')] },
            onlyContainsUserCerts: true,
            onlySomeReasons: ['keyCompromise', 'superseded'],
          })
          .freshestCrl([{ distributionPoint: { type: 'fullName', names: [uri('http://crl.example/delta.crl')] } }])
          .sign(ca.signer, { issuerCertificate: ca.cert }),
      ],
      [
        'indirect',
        await base()
          .crlNumber(5)
          .issuingDistributionPoint({ indirectCRL: true })
          .revoke({ serial: 9n, revocationDate: at(-1), certificateIssuer: [dn(ca.cert.subject)] })
          .sign(ca.signer, { issuerCertificate: ca.cert }),
      ],
    ];
    for (const [name, crl] of crls) {
      const f = write(`${name}.crl.pem`, crlToPem(crl));
      const r = openssl(['crl', '-in', f, '-CAfile', 'ca.pem', '-noout', '-verify']);
      expect(r.out, name).toMatch(/verify OK/);
      expect(r.ok, name).toBe(true);
      const der = write(`${name}.crl.der`, crl.raw.slice());
      const text = openssl(['crl', '-inform', 'DER', '-in', der, '-noout', '-text']).out;
      // Same entries (serials, in order) as certkit's own text dump.
      const serials = (t: string) => [...t.matchAll(/Serial Number: ([0-9A-F]+)/g)].map((m) => m[1]);
      expect(serials(formatCrl(crl)), name).toEqual(serials(text));
      expect(text).toContain(`Last Update: ${formatCrl(crl).match(/Last Update: (.*)/)![1]}`);
    }
    const reasonsText = openssl(['crl', '-in', 'reasons.crl.pem', '-noout', '-text']).out;
    expect(reasonsText).toContain('Key Compromise');
    expect(reasonsText).toContain('Certificate Hold');
    expect(reasonsText).toContain('Invalidity Date');
  });

  it('`openssl verify -crl_check` agrees with checkRevocationSync for revoked and good leaves', async () => {
    const crl = await CrlBuilder.create()
      .thisUpdate(at(-1))
      .nextUpdate(at(6))
      .crlNumber(7)
      .revoke({ serial: 0x1001n, revocationDate: at(-2), reason: 'keyCompromise' })
      .sign(ca.signer, { issuerCertificate: ca.cert });
    write('v.crl.pem', crlToPem(crl));
    for (const [leaf, file] of [
      [revokedLeaf, 'revoked.pem'],
      [goodLeaf, 'good.pem'],
    ] as const) {
      const ours = checkRevocationSync(leaf, ca.cert, [crl], { time: NOW }).status;
      const r = openssl(['verify', '-crl_check', '-attime', epoch(NOW), '-CAfile', 'ca.pem', '-CRLfile', 'v.crl.pem', file]);
      const theirs = r.ok && /: OK/.test(r.out) ? 'good' : /certificate revoked/.test(r.out) ? 'revoked' : `other: ${r.out}`;
      expect(theirs).toBe(ours);
    }
    // Stale: both refuse (OpenSSL "CRL has expired", certkit unknown).
    const late = at(30);
    const r = openssl(['verify', '-crl_check', '-attime', epoch(late), '-CAfile', 'ca.pem', '-CRLfile', 'v.crl.pem', 'good.pem']);
    expect(r.ok).toBe(false);
    expect(r.out).toMatch(/CRL has expired/);
    expect(checkRevocationSync(goodLeaf, ca.cert, [crl], { time: late })).toMatchObject({ status: 'unknown', code: 'stale' });
  });
});

describe('certkit reads what openssl ca -gencrl makes', () => {
  it('reasons, invalidity dates and hold instructions come out the same', () => {
    write('ca.key', ca.key.toPem());
    // index.txt: status, expiry, revocation[,reason[,extra]], serial, file, subject (tab separated).
    // openssl ca writes keyCompromise with a compromise time as `keyTime,<time>`, cACompromise as
    // `CAkeyTime,<time>` and a hold as `holdInstruction,<oid>` (apps/ca.c make_revocation_str).
    const idx =
      [
        ['R', '310101000000Z', '300101000000Z,keyTime,20291231120000Z', '1001', 'unknown', '/CN=a'],
        ['R', '310101000000Z', '300102000000Z,superseded', '1005', 'unknown', '/CN=b'],
        ['R', '310101000000Z', '300103000000Z,holdInstruction,holdInstructionReject', '1006', 'unknown', '/CN=c'],
        ['R', '310101000000Z', '300104000000Z,CAkeyTime,20291230000000Z', '1007', 'unknown', '/CN=d'],
        ['R', '310101000000Z', '300105000000Z', '1008', 'unknown', '/CN=e'],
        ['V', '310101000000Z', '', '1002', 'unknown', '/CN=f'],
      ]
        .map((l) => l.join('\t'))
        .join('\n') + '\n';
    write('index.txt', idx);
    write('crlnumber', '1000\n');
    write(
      'ca.cnf',
      [
        '[ ca ]',
        'default_ca = test_ca',
        '[ test_ca ]',
        `dir = ${dir}`,
        'database = $dir/index.txt',
        'crlnumber = $dir/crlnumber',
        'certificate = $dir/ca.pem',
        'private_key = $dir/ca.key',
        'default_md = sha256',
        'crl_extensions = crl_ext',
        '[ crl_ext ]',
        'authorityKeyIdentifier = keyid:always',
      ].join('\n') + '\n',
    );
    const r = openssl(['ca', '-gencrl', '-config', 'ca.cnf', '-out', 'gen.crl.pem', '-crl_lastupdate', '300531000000Z', '-crl_nextupdate', '300607000000Z']);
    expect(r.ok, r.out).toBe(true);
    const crl = parseCrl(readFileSync(join(dir, 'gen.crl.pem'), 'utf8'));
    expect(verifyCrlSync(crl, ca.cert)).toBe(true);
    expect(getExtension(crl, crlNumberCodec)).toBe(0x1000n);
    expect(crl.thisUpdate.toISOString()).toBe('2030-05-31T00:00:00.000Z');
    expect(getExtension(crl, authorityKeyIdentifierCodec)?.keyIdentifier).toBeDefined();
    const got = [...crlEntries(crl)].map((e) => ({
      serial: e.serialNumberHex,
      date: e.revocationDate.toISOString(),
      reason: getExtension(e, reasonCodeCodec),
      invalidity: getExtension(e, invalidityDateCodec)?.toISOString(),
      hold: getExtension(e, holdInstructionCodeCodec),
    }));
    expect(got).toEqual([
      { serial: '1001', date: '2030-01-01T00:00:00.000Z', reason: 'keyCompromise', invalidity: '2029-12-31T12:00:00.000Z', hold: undefined },
      { serial: '1005', date: '2030-01-02T00:00:00.000Z', reason: 'superseded', invalidity: undefined, hold: undefined },
      { serial: '1006', date: '2030-01-03T00:00:00.000Z', reason: 'certificateHold', invalidity: undefined, hold: '1.2.840.10040.2.3' },
      { serial: '1007', date: '2030-01-04T00:00:00.000Z', reason: 'cACompromise', invalidity: '2029-12-30T00:00:00.000Z', hold: undefined },
      { serial: '1008', date: '2030-01-05T00:00:00.000Z', reason: undefined, invalidity: undefined, hold: undefined },
    ]);
    expect(crl.unusable).toBeUndefined();
    expect(checkRevocationSync(revokedLeaf, ca.cert, [crl], { time: NOW })).toMatchObject({ status: 'revoked', reason: 'keyCompromise' });
    expect(checkRevocationSync(goodLeaf, ca.cert, [crl], { time: NOW }).status).toBe('good');
    // certkit's text dump lists the same serials as openssl's.
    const text = openssl(['crl', '-in', 'gen.crl.pem', '-noout', '-text']).out;
    const serials = (t: string) => [...t.matchAll(/Serial Number: ([0-9A-F]+)/g)].map((m) => m[1]);
    expect(serials(formatCrl(crl))).toEqual(serials(text));
  });
});
