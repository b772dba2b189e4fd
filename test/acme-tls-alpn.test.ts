/**
 * certkit/node's tls-alpn-01 validator (RFC 8737, RFC 8738 §6) against a real node:tls server on
 * loopback that answers ALPN acme-tls/1 with certificates built by certkit: the right certificate
 * passes; a wrong digest, a non-critical or missing id-pe-acmeIdentifier, a second SAN, a wrong
 * name or a value that is not an OCTET STRING is `incorrect-response`; a server without
 * acme-tls/1 or a closed port is `connection`. The SNI the validator sends is recorded: the name,
 * or the reverse-mapping name for an IP address.
 */
import type * as net from 'node:net';
import * as tls from 'node:tls';
import { sha256 } from '@noble/hashes/sha2.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AcmeError } from '../src/acme/index';
import { encodeDer } from '../src/der/index';
import { generateKeyPair, type KeyPair } from '../src/keys/index';
import { checkTlsAlpn01Certificate, createTlsAlpn01Validator, tlsAlpn01ServerName } from '../src/node/index';
import { signerFromPrivateKey } from '../src/sig/index';
import { encodePem } from '../src/pem/index';
import { CertificateBuilder, dns, ip, type GeneralName } from '../src/x509/index';

const KA = 'token-abc.thumbprint-xyz';
const OID = '1.3.6.1.5.5.7.1.31';
let key: KeyPair;

async function challengeCert(names: GeneralName[], o: { digest?: Uint8Array; critical?: boolean; value?: Uint8Array; omit?: boolean } = {}): Promise<Uint8Array> {
  let b = CertificateBuilder.create()
    .subject({ CN: 'acme tls alpn' })
    .publicKey(key.publicKey)
    .validityDays(7)
    .subjectAltNames(...names);
  if (o.omit !== true) {
    const value = o.value ?? encodeDer((w) => w.octetString(o.digest ?? sha256(new TextEncoder().encode(KA))));
    b = b.extension({ oid: OID, critical: o.critical ?? true, value });
  }
  return (await b.sign(signerFromPrivateKey(key.privateKey))).raw;
}

const pem = (der: Uint8Array): string => encodePem('CERTIFICATE', der);

/** A TLS server on 127.0.0.1 serving `certs[sni]` with the given ALPN protocols; records the SNI. */
function alpnServer(certs: Map<string, Uint8Array>, protocols = ['acme-tls/1']): Promise<{ port: number; sni: string[]; close: () => Promise<void> }> {
  const sni: string[] = [];
  const ctx = (der: Uint8Array) => tls.createSecureContext({ cert: pem(der), key: key.privateKey.toPem() });
  const first = certs.values().next().value!;
  const server = tls.createServer(
    {
      ...{ cert: pem(first), key: key.privateKey.toPem() },
      ALPNProtocols: protocols,
      SNICallback: (name, cb) => {
        sni.push(name);
        const c = certs.get(name);
        cb(null, c === undefined ? undefined : ctx(c));
      },
    },
    (s) => s.end(),
  );
  server.on('tlsClientError', () => undefined);
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ port: (server.address() as net.AddressInfo).port, sni, close: () => new Promise<void>((r) => server.close(() => r())) })),
  );
}

beforeAll(async () => {
  key = await generateKeyPair('P-256');
});

describe('tlsAlpn01ServerName (RFC 8738 §6)', () => {
  it('is the name, or the in-addr.arpa / ip6.arpa name of an address', () => {
    expect(tlsAlpn01ServerName({ type: 'dns', value: 'www.example.org' })).toBe('www.example.org');
    expect(tlsAlpn01ServerName({ type: 'ip', value: '192.0.2.7' })).toBe('7.2.0.192.in-addr.arpa');
    expect(tlsAlpn01ServerName({ type: 'ip', value: '2001:db8::1' })).toBe('1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa');
  });
});

describe('checkTlsAlpn01Certificate (RFC 8737 §3)', () => {
  const id = { type: 'dns' as const, value: 'alpn.example' };
  const fails = (der: Uint8Array, re: RegExp, identifier: { type: 'dns' | 'ip'; value: string } = id): void => {
    let err: unknown;
    try {
      checkTlsAlpn01Certificate(der, identifier, KA);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AcmeError);
    expect((err as AcmeError).code).toBe('incorrect-response');
    expect((err as AcmeError).message).toMatch(re);
  };
  it('accepts the right certificate (dns and ip)', async () => {
    expect(() => checkTlsAlpn01Certificate(new Uint8Array(0), id, KA)).toThrow(/does not parse/);
    checkTlsAlpn01Certificate(await challengeCert([dns('alpn.example')]), id, KA);
    checkTlsAlpn01Certificate(await challengeCert([ip('192.0.2.7')]), { type: 'ip', value: '192.0.2.7' }, KA);
  });
  it('refuses each way of getting it wrong', async () => {
    fails(await challengeCert([dns('alpn.example')], { digest: sha256(new TextEncoder().encode('other')) }), /not SHA-256 of the key authorization/);
    fails(await challengeCert([dns('alpn.example')], { critical: false }), /must be critical/);
    fails(await challengeCert([dns('alpn.example')], { omit: true }), /no id-pe-acmeIdentifier/);
    fails(await challengeCert([dns('alpn.example'), dns('www.alpn.example')]), /exactly one subjectAltName, it has 2/);
    fails(await challengeCert([dns('other.example')]), /not the dns identifier alpn\.example/);
    fails(await challengeCert([dns('alpn.example')], { value: encodeDer((w) => w.utf8('x'.repeat(32))) }), /not an OCTET STRING/);
    fails(await challengeCert([dns('alpn.example')], { value: encodeDer((w) => w.octetString(new Uint8Array(31))) }), /31 bytes, not 32/);
    fails(await challengeCert([dns('192.0.2.7')]), /not the ip identifier/, { type: 'ip', value: '192.0.2.7' });
  });
});

describe('createTlsAlpn01Validator over node:tls', () => {
  let server: Awaited<ReturnType<typeof alpnServer>>;
  beforeAll(async () => {
    server = await alpnServer(
      new Map([
        ['alpn.example', await challengeCert([dns('alpn.example')])],
        ['bad.example', await challengeCert([dns('bad.example')], { critical: false })],
        ['7.2.0.192.in-addr.arpa', await challengeCert([ip('192.0.2.7')])],
      ]),
    );
  });
  afterAll(async () => server?.close());

  it('validates a name and an IP address through the address override, with the right SNI', async () => {
    const v = createTlsAlpn01Validator({ address: `127.0.0.1:${server.port}` });
    await v({ type: 'dns', value: 'alpn.example' }, KA);
    await v({ type: 'ip', value: '192.0.2.7' }, KA);
    expect(server.sni).toEqual(['alpn.example', '7.2.0.192.in-addr.arpa']);
    const e = await v({ type: 'dns', value: 'alpn.example' }, 'another-key-authorization').catch((x: unknown) => x);
    expect((e as AcmeError).code).toBe('incorrect-response');
    const e2 = await v({ type: 'dns', value: 'bad.example' }, KA).catch((x: unknown) => x);
    expect((e2 as AcmeError).message).toMatch(/must be critical/);
  });

  it('a server without acme-tls/1, or nothing listening, is a connection error', async () => {
    const h2 = await alpnServer(new Map([['alpn.example', await challengeCert([dns('alpn.example')])]]), ['h2']);
    try {
      const e = await createTlsAlpn01Validator({ address: `127.0.0.1:${h2.port}` })({ type: 'dns', value: 'alpn.example' }, KA).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(AcmeError);
      expect((e as AcmeError).code).toBe('connection');
    } finally {
      await h2.close();
    }
    const e = await createTlsAlpn01Validator({ address: `127.0.0.1:${h2.port}`, timeoutMs: 2000 })({ type: 'dns', value: 'alpn.example' }, KA).catch((x: unknown) => x);
    expect((e as AcmeError).code).toBe('connection');
    expect((e as AcmeError).message).toMatch(/ECONNREFUSED/);
  });

  it('refuses bad options', () => {
    expect(() => createTlsAlpn01Validator({ port: 0 })).toThrow(RangeError);
    expect(() => createTlsAlpn01Validator({ address: 'nope' })).toThrow(/host:port/);
  });
});
