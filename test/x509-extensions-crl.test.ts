/**
 * Proves the CRL and CRL entry extension codecs against a CRL OpenSSL builds (`openssl ca
 * -gencrl` with authorityKeyIdentifier, issuingDistributionPoint, issuerAltName, cRLNumber, and
 * entries with reasonCode, invalidityDate, holdInstructionCode): decoded values, byte-identical
 * re-encoding, and the text `openssl crl -text` prints.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DerReader, Tag, bytesEqual, contextTag } from '../src/der/index';
import { HOLD_INSTRUCTION } from '../src/oid/index';
import { decodeExtension, encodeExtensionValue, extensionCodec, formatExtension, getExtensionValue, parseExtensions, type Extension } from '../src/x509/extensions/index';

const CNF = `
[ca]
default_ca = CA_default
[CA_default]
dir = .
database = ./index.txt
crlnumber = ./crlnumber
default_md = sha256
default_crl_days = 30
crl_extensions = crl_ext
[crl_ext]
authorityKeyIdentifier = keyid:always
issuingDistributionPoint = critical, @idp
issuerAltName = URI:http://ca.example/
[idp]
fullname = URI:http://crl.example/ca.crl
onlysomereasons = keyCompromise, CACompromise
onlyuser = TRUE
`;

function run(dir: string, args: string[]): string {
  return execFileSync('openssl', args, { cwd: dir, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
}

function buildCrl(): string {
  const dir = mkdtempSync(join(tmpdir(), 'certkit-crl-'));
  writeFileSync(join(dir, 'ca.cnf'), CNF);
  writeFileSync(join(dir, 'index.txt'), '');
  writeFileSync(join(dir, 'crlnumber'), '1000\n');
  const self = (name: string): void => {
    run(dir, ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.pem`, '-subj', `/CN=${name}`, '-days', '10']);
  };
  self('ca');
  self('leaf1');
  self('leaf2');
  const ca = ['-config', 'ca.cnf', '-cert', 'ca.pem', '-keyfile', 'ca.key'];
  run(dir, ['ca', ...ca, '-revoke', 'leaf1.pem', '-crl_reason', 'keyCompromise', '-crl_compromise', '20260101120000Z']);
  run(dir, ['ca', ...ca, '-revoke', 'leaf2.pem', '-crl_reason', 'certificateHold', '-crl_hold', 'holdInstructionCallIssuer']);
  run(dir, ['ca', ...ca, '-gencrl', '-out', 'crl.pem']);
  return readFileSync(join(dir, 'crl.pem'), 'utf8');
}

/** CertificateList → TBSCertList: the crlExtensions and each entry's extensions (a test-local walk). */
function crlExtensions(der: Uint8Array): { crl: Extension[]; entries: Extension[][] } {
  const tbs = new DerReader(der).enter().enter();
  if (tbs.peekTag() === Tag.INTEGER) tbs.skip(); // version
  tbs.skip(); // signature
  tbs.skip(); // issuer
  tbs.skip(); // thisUpdate
  if (tbs.peekTag() === Tag.UTC_TIME || tbs.peekTag() === Tag.GENERALIZED_TIME) tbs.skip();
  const entries: Extension[][] = [];
  if (tbs.peekTag() === Tag.SEQUENCE) {
    const list = tbs.enter();
    while (!list.atEnd) {
      const e = list.enter();
      e.skip();
      e.skip();
      entries.push(e.atEnd ? [] : parseExtensions(e));
    }
  }
  const crl = parseExtensions(tbs.enter(contextTag(0, true)));
  return { crl, entries };
}

/** `openssl crl -text` blocks: heading → body (whitespace collapsed), for CRL and entry extensions. */
function opensslText(pem: string): Map<string, string[]> {
  const text = execFileSync('openssl', ['crl', '-noout', '-text'], { input: pem, encoding: 'utf8' });
  const out = new Map<string, string[]>();
  let cur: string | undefined;
  let body: string[] = [];
  const flush = (): void => {
    if (cur === undefined) return;
    out.set(cur, [...(out.get(cur) ?? []), body.join(' ').replace(/\s+/g, ' ').trim()]);
  };
  for (const line of text.split('\n')) {
    if (/^ {12}\S/.test(line) && /:( critical)?\s*$/.test(line)) {
      flush();
      cur = line.trim();
      body = [];
    } else if (/^ {0,8}\S/.test(line)) {
      flush();
      cur = undefined;
    } else if (cur !== undefined) body.push(line.trim());
  }
  flush();
  return out;
}

describe('OpenSSL-built CRL', () => {
  const pem = buildCrl();
  const der = new Uint8Array(Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64'));
  const { crl, entries } = crlExtensions(der);
  const text = opensslText(pem);

  it('decodes the CRL extensions to the values OpenSSL was asked for', () => {
    expect(getExtensionValue(crl, 'cRLNumber')).toBe(0x1000n);
    const idp = getExtensionValue(crl, 'issuingDistributionPoint')!;
    expect(idp).toMatchObject({ onlyContainsUserCerts: true, onlyContainsCACerts: false, indirectCRL: false, onlySomeReasons: ['keyCompromise', 'cACompromise'] });
    expect(idp.distributionPoint).toEqual({ type: 'fullName', names: [{ type: 'uri', value: 'http://crl.example/ca.crl' }] });
    expect(crl.find((e) => e.oid === extensionCodec('issuingDistributionPoint').oid)?.critical).toBe(true);
    expect(getExtensionValue(crl, 'authorityKeyIdentifier')?.keyIdentifier?.length).toBe(20);
  });

  it('decodes the entry extensions', () => {
    expect(entries.length).toBe(2);
    // OpenSSL sorts entries by (random) serial number: find each by its extensions.
    const hold = entries.find((e) => e.length === 2 && getExtensionValue(e, 'holdInstructionCode') !== undefined)!;
    const key = entries.find((e) => e !== hold)!;
    expect(getExtensionValue(key, 'reasonCode')).toBe('keyCompromise');
    expect(getExtensionValue(key, 'invalidityDate')?.toISOString()).toBe('2026-01-01T12:00:00.000Z');
    expect(getExtensionValue(hold, 'reasonCode')).toBe('certificateHold');
    expect(getExtensionValue(hold, 'holdInstructionCode')).toBe(HOLD_INSTRUCTION.callIssuer);
  });

  it('re-encodes every extension byte-identically and prints what openssl crl -text prints', () => {
    let n = 0;
    for (const e of [...crl, ...entries.flat()]) {
      const d = decodeExtension(e);
      expect(d.name).not.toBe('unknown');
      if (d.name === 'unknown') continue;
      expect(bytesEqual(encodeExtensionValue(extensionCodec(d.name)!, d.value as never), e.value), d.name).toBe(true);
      const [heading, ...body] = formatExtension(e);
      expect(text.get(heading!), heading).toContain(body.join(' ').replace(/\s+/g, ' ').trim());
      n++;
    }
    expect(n).toBe(8);
  });
});
