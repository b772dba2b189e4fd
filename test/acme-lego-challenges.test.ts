/**
 * dns-01, tls-alpn-01 and CAA proven with a real client: Debian's lego against `certkit serve`
 * over HTTPS (the bundled CLI on a free port, ACME on).
 *
 * - dns-01: lego's `exec` DNS provider runs a script written here that appends
 *   `<fqdn> TXT "<value>"` to a zone file; the server's `acme.dnsFile` resolver reads that file,
 *   so the TXT value the server accepts is lego's own dns-01 computation. Also a wildcard.
 * - tls-alpn-01: lego's `--tls` server on a free port; `acme.tlsAlpn01Address` sends the server's
 *   validations (certkit/node's validator) there, with the name in SNI.
 * - CAA: the same zone file holds `acme.test CAA 0 issue "certkit.test; validationmethods=dns-01,tls-alpn-01"`
 *   (the CA's `acme.caaIdentities` is certkit.test; names under acme.test climb to it) and
 *   `refused.acme.test CAA 0 issue "other-ca.example"`, which lego must report as a failure; an
 *   http-01 validation under acme.test succeeds but is refused by the validationmethods parameter.
 *
 * Every certificate must pass `openssl verify` against the certkit root. lego and openssl are
 * required (`.ci/run` installs them): a missing binary fails the test.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundle, runNodeAsync, scratch } from './cli-test-helpers';
import { opensslBin, startServe, type Served } from './serve-test-helpers';
import { freePort, runAsync, startStubDns, type StubDns } from './acme-lego-helpers';
import { _dnsFileLookup, _loadConfig } from '../src/cli/serve-commands';

let bin: string;
let dir: string;
let ca: string;
let zone: string;
let execLog: string;
let served: Served;
let alpnPort: number;
let httpPort: number;
let stub: StubDns;

function verify(file: string): string {
  const r = opensslBin(['verify', '-CAfile', path.join(ca, 'root', 'cert.pem'), '-untrusted', path.join(ca, 'chain.pem'), file], { cwd: dir });
  return r.stdout.toString('utf8') + r.stderr;
}

function sans(file: string): string {
  return opensslBin(['x509', '-noout', '-ext', 'subjectAltName', '-in', file], { cwd: dir }).stdout.toString('utf8');
}

function lego(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; out: string }> {
  return runAsync('lego', ['--server', `${served.url}/acme/directory`, '--accept-tos', '--email', 'ops@example.com', '--path', path.join(dir, 'lego'), ...args], {
    cwd: dir,
    env: { LEGO_CA_CERTIFICATES: path.join(ca, 'root', 'cert.pem'), ...env },
  });
}

/**
 * lego's exec provider settings: the script, short propagation and sequence waits (lego solves
 * two challenges at one TXT name one after the other, 60 s apart by default), the stub resolver.
 */
function dnsArgs(): { args: string[]; env: Record<string, string> } {
  return {
    args: ['--dns', 'exec', '--dns.disable-cp', '--dns.resolvers', `127.0.0.1:${stub.port}`],
    env: { EXEC_PATH: path.join(dir, 'exec-dns.sh'), EXEC_PROPAGATION_TIMEOUT: '20', EXEC_POLLING_INTERVAL: '1', EXEC_SEQUENCE_INTERVAL: '1' },
  };
}

beforeAll(async () => {
  expect(opensslBin(['version']).stdout.toString()).toMatch(/^OpenSSL 3\./);
  bin = (await bundle({ certkit: 'src/cli/main.ts' })).certkit!;
  dir = scratch('acme-lego-challenges');
  ca = path.join(dir, 'ca');
  const init = await runNodeAsync(bin, ['ca', 'init', ca], { cwd: dir });
  expect(init.code, init.stderr).toBe(0);
  zone = path.join(dir, 'dns.zone');
  execLog = path.join(dir, 'exec.log');
  fs.writeFileSync(
    zone,
    [
      '# CAA: names under acme.test climb to this record; refused.acme.test has its own.',
      'acme.test. CAA 0 issue "certkit.test; validationmethods=dns-01,tls-alpn-01"',
      'refused.acme.test. CAA 0 issue "other-ca.example"',
      '',
    ].join('\n'),
  );
  // lego's exec provider: `EXEC_PATH present|cleanup <fqdn> <value>`.
  fs.writeFileSync(
    path.join(dir, 'exec-dns.sh'),
    [
      '#!/bin/sh',
      `ZONE='${zone}'`,
      `echo "$@" >> '${execLog}'`,
      'case "$1" in',
      '  present) printf \'%s TXT "%s"\\n\' "$2" "$3" >> "$ZONE" ;;',
      '  cleanup) grep -v -F "\\"$3\\"" "$ZONE" > "$ZONE.tmp"; mv "$ZONE.tmp" "$ZONE" ;;',
      'esac',
      '',
    ].join('\n'),
    { mode: 0o755 },
  );
  alpnPort = await freePort();
  httpPort = await freePort();
  stub = await startStubDns();
  fs.writeFileSync(
    path.join(dir, 'serve.json'),
    JSON.stringify({ acme: { profile: 'tls-server', http01Address: `127.0.0.1:${httpPort}`, tlsAlpn01Address: `127.0.0.1:${alpnPort}`, dnsFile: 'dns.zone', caaIdentities: ['certkit.test'] } }),
  );
  served = await startServe(bin, ['--ca', ca, '--listen', '127.0.0.1:0', '--config', path.join(dir, 'serve.json')], dir);
  expect(served.stdout()).toContain(`ACME directory ${served.url}/acme/directory`);
}, 120_000);

afterAll(async () => {
  await served?.stop('SIGKILL');
  await stub?.close();
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(path.dirname(bin), { recursive: true, force: true });
});

describe('lego against certkit serve: dns-01, tls-alpn-01, CAA', () => {
  it('the directory advertises caaIdentities', async () => {
    const r = await runAsync('curl', ['-sS', '--cacert', path.join(ca, 'root', 'cert.pem'), `${served.url}/acme/directory`], { cwd: dir });
    expect(r.code, r.out).toBe(0);
    expect((JSON.parse(r.out) as { meta: { caaIdentities: string[] } }).meta.caaIdentities).toEqual(['certkit.test']);
  });

  it('dns-01 with the exec provider: a name and its wildcard, the TXT values written by lego', async () => {
    const d = dnsArgs();
    const r = await lego([...d.args, '--domains', 'dns.acme.test', '--domains', '*.dns.acme.test', 'run'], d.env);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain('acme: use dns-01 solver');
    expect(r.out).toContain('The server validated our request');
    // lego presented two TXT values at the same name (one per authorization), then cleaned up.
    const calls = fs
      .readFileSync(execLog, 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split(' '));
    const presents = calls.filter((c) => c[0] === 'present');
    expect(presents.map((c) => c[1])).toEqual(['_acme-challenge.dns.acme.test.', '_acme-challenge.dns.acme.test.']);
    for (const p of presents) expect(p[2]).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(presents[0]![2]).not.toBe(presents[1]![2]);
    expect(calls.filter((c) => c[0] === 'cleanup')).toHaveLength(2);
    expect(fs.readFileSync(zone, 'utf8')).not.toContain('TXT');
    // lego asked its resolver (the stub) about the challenge name; the CA never did.
    expect(stub.queries.some((q) => q.endsWith('_acme-challenge.dns.acme.test'))).toBe(true);
    const crt = path.join(dir, 'lego', 'certificates', 'dns.acme.test.crt');
    expect(verify(crt)).toContain(': OK');
    expect(sans(crt)).toMatch(/DNS:\*\.dns\.acme\.test, DNS:dns\.acme\.test|DNS:dns\.acme\.test, DNS:\*\.dns\.acme\.test/);
  }, 180_000);

  it("tls-alpn-01 with lego --tls: the server connects to lego's port with ALPN acme-tls/1", async () => {
    const r = await lego(['--tls', '--tls.port', `127.0.0.1:${alpnPort}`, '--domains', 'alpn.acme.test', 'run']);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain('acme: use tls-alpn-01 solver');
    expect(r.out).toContain('The server validated our request');
    const crt = path.join(dir, 'lego', 'certificates', 'alpn.acme.test.crt');
    expect(verify(crt)).toContain(': OK');
    expect(sans(crt)).toContain('DNS:alpn.acme.test');
  }, 180_000);

  it('CAA naming another CA: lego reports the caa error and nothing is issued', async () => {
    const d = dnsArgs();
    const r = await lego([...d.args, '--domains', 'refused.acme.test', 'run'], d.env);
    expect(r.code, r.out).not.toBe(0);
    expect(r.out).toContain('urn:ietf:params:acme:error:caa');
    expect(r.out).toContain('CAA issue names other-ca.example, not this CA (certkit.test)');
    expect(fs.existsSync(path.join(dir, 'lego', 'certificates', 'refused.acme.test.crt'))).toBe(false);
    const list = await runNodeAsync(bin, ['ca', 'list', ca, '--json'], { cwd: dir });
    const subjects = (JSON.parse(list.stdout) as { subject: string }[]).map((x) => x.subject);
    expect(subjects).not.toContain('CN=refused.acme.test');
    expect(subjects).toContain('CN=alpn.acme.test');
  }, 180_000);

  it('CAA validationmethods (RFC 8657): http-01 passes but is not a method acme.test allows, so lego fails with caa', async () => {
    const r = await lego(['--http', '--http.port', `127.0.0.1:${httpPort}`, '--domains', 'http.acme.test', 'run']);
    expect(r.code, r.out).not.toBe(0);
    expect(r.out).toContain('urn:ietf:params:acme:error:caa');
    expect(r.out).toContain('validationmethods dns-01,tls-alpn-01 does not allow http-01');
    expect(fs.existsSync(path.join(dir, 'lego', 'certificates', 'http.acme.test.crt'))).toBe(false);
  }, 180_000);
});

describe('certkit serve config: acme.tlsAlpn01Address, acme.dnsFile, acme.caaIdentities', () => {
  it('checks the new keys and resolves dnsFile against the config file', () => {
    const d = scratch('acme-serve-config');
    try {
      const write = (o: unknown): string => {
        const f = path.join(d, 'c.json');
        fs.writeFileSync(f, JSON.stringify(o));
        return f;
      };
      const c = _loadConfig(write({ acme: { tlsAlpn01Address: '127.0.0.1:5001', dnsFile: 'z.txt', caaIdentities: ['ca.example'] } }));
      expect(c.acme).toEqual({ tlsAlpn01Address: '127.0.0.1:5001', dnsFile: path.join(d, 'z.txt'), caaIdentities: ['ca.example'] });
      expect(() => _loadConfig(write({ acme: { tlsAlpn01Address: 'nope' } }))).toThrow(/acme\.tlsAlpn01Address: 'nope' is not host:port/);
      expect(() => _loadConfig(write({ acme: { caaIdentities: ['ca.example'] } }))).toThrow(/caaIdentities needs acme\.dnsFile/);
      expect(() => _loadConfig(write({ acme: { caaIdentities: [], dnsFile: 'z' } }))).toThrow(/non-empty array of domain names/);
      expect(() => _loadConfig(write({ acme: { tlsAlpn01: 'yes' } }))).toThrow(/tlsAlpn01 must be true or false/);
      expect(() => _loadConfig(write({ acme: { dns: 'system' } }))).toThrow(/unknown key 'dns'/);
    } finally {
      fs.rmSync(d, { recursive: true, force: true });
    }
  });

  it('the dnsFile lookup: TXT and CAA lines by name (case, final dot), comments skipped', () => {
    const d = scratch('acme-dns-file');
    try {
      const f = path.join(d, 'zone');
      fs.writeFileSync(
        f,
        [
          '_acme-challenge.Example.test. TXT "abc"',
          '_acme-challenge.example.test TXT def',
          '# example.test CAA 0 issue "commented.example"',
          'example.test. CAA 128 issue "ca.example; validationmethods=dns-01"',
          'example.test CAA 0 iodef "mailto:sec@example.test"',
          'other.test TXT "x"',
          '',
        ].join('\n'),
      );
      expect(_dnsFileLookup(f, '_acme-challenge.example.test').txt).toEqual(['abc', 'def']);
      expect(_dnsFileLookup(f, 'EXAMPLE.test.').caa).toEqual([
        { flags: 128, tag: 'issue', value: 'ca.example; validationmethods=dns-01' },
        { flags: 0, tag: 'iodef', value: 'mailto:sec@example.test' },
      ]);
      expect(_dnsFileLookup(f, 'nothing.test')).toEqual({ txt: [], caa: [] });
    } finally {
      fs.rmSync(d, { recursive: true, force: true });
    }
  });
});
