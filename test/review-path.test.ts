/**
 * Review findings on the path layer, each a case that was silently accepted before its fix:
 * - a uniformResourceIdentifier whose authority holds a backslash (`http://evil.com\@good.test/`)
 *   passed a URI name constraint on `good.test`, while WHATWG URL parsers (browsers, Node's URL)
 *   read its host as `evil.com`; RFC 3986 allows no backslash in a URI, so the name is malformed;
 * - an IPv4-mapped IPv6 iPAddress SAN (`::ffff:10.0.0.1`, RFC 4291 §2.5.5.2) escaped an excluded
 *   IPv4 subtree (`10.0.0.0/8`) although it names the same IPv4 host;
 * - a reference host name with a non-ASCII character that `toLowerCase` folds into ASCII (KELVIN
 *   SIGN U+212A → `k`) matched the dNSName SAN of a different host.
 *
 * Non-goals: the rules already covered by path-validation.test.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair, type KeyPair } from '../src/keys/index';
import { signerFromPrivateKey } from '../src/sig/index';
import { CertificateBuilder, dns, email, ip, nameConstraintsCodec, parseIpAddress, uri, type Certificate, type GeneralName, type NameConstraints } from '../src/x509/index';
import { matchesEmail, matchesHostname, verifyChainSync, ValidationError, type ValidationOptions } from '../src/path/index';

const T0 = new Date('2025-01-01T00:00:00Z');
const NOW = new Date('2025-06-01T00:00:00Z');
const END = new Date('2030-01-01T00:00:00Z');

let rootKey: KeyPair, icaKey: KeyPair, leafKey: KeyPair;
let root: Certificate;

beforeAll(async () => {
  [rootKey, icaKey, leafKey] = await Promise.all([generateKeyPair('P-256'), generateKeyPair('P-256'), generateKeyPair('P-256')]);
  root = await CertificateBuilder.selfSignedCa('CN=Review Root').notBefore(T0).notAfter(END).sign(signerFromPrivateKey(rootKey.privateKey), { now: T0 });
});

function constrainedCa(nc: NameConstraints): Promise<Certificate> {
  return CertificateBuilder.create().subject('CN=Review ICA').publicKey(icaKey.publicKey).notBefore(T0).notAfter(END)
    .basicConstraints({ cA: true }).keyUsage(['keyCertSign', 'cRLSign'])
    .extension(nameConstraintsCodec, nc, true)
    .sign(signerFromPrivateKey(rootKey.privateKey), { issuerCertificate: root, now: T0 });
}

function leafOf(ica: Certificate, sans: GeneralName[]): Promise<Certificate> {
  return CertificateBuilder.create().subject('CN=leaf').publicKey(leafKey.publicKey).notBefore(T0).notAfter(END)
    .subjectAltNames(...sans).extKeyUsage(['serverAuth'])
    .sign(signerFromPrivateKey(icaKey.privateKey), { issuerCertificate: ica, now: T0 });
}

function outcome(f: () => unknown): string {
  try {
    f();
    return 'valid';
  } catch (e) {
    if (e instanceof ValidationError) return e.code;
    throw e;
  }
}

const opts = (ica: Certificate, o: Partial<ValidationOptions> = {}): ValidationOptions => ({ anchors: [root], intermediates: [ica], time: NOW, profile: 'rfc5280', ...o });

describe('name constraints: URI with a backslash in its authority', () => {
  it('a URI SAN whose WHATWG host differs from its RFC 3986 host fails a permitted URI subtree', async () => {
    const ica = await constrainedCa({ permitted: [{ base: { type: 'uri', value: 'good.example.com' } }] });
    const bad = await leafOf(ica, [uri('http://evil.com\\@good.example.com/')]);
    expect(new URL('http://evil.com\\@good.example.com/').hostname).toBe('evil.com');
    expect(outcome(() => verifyChainSync(bad, opts(ica)))).toBe('NAME_CONSTRAINTS');
    // A well-formed URI on the permitted host, with userinfo, still passes.
    const good = await leafOf(ica, [uri('http://user@good.example.com:8443/a?b#c')]);
    expect(outcome(() => verifyChainSync(good, opts(ica)))).toBe('valid');
  });

  it('the same URI is caught by an excluded subtree on the host WHATWG sees', async () => {
    const ica = await constrainedCa({ excluded: [{ base: { type: 'uri', value: 'evil.com' } }] });
    const bad = await leafOf(ica, [uri('http://evil.com\\@good.example.com/')]);
    expect(outcome(() => verifyChainSync(bad, opts(ica)))).toBe('NAME_CONSTRAINTS');
  });
});

describe('name constraints: IPv4-mapped IPv6 addresses', () => {
  const v4net = (addr: string, mask: string): GeneralName => ({ type: 'ip', value: parseIpAddress(addr), mask: parseIpAddress(mask), text: `${addr}/${mask}` }) as GeneralName;

  it('::ffff:10.0.0.1 is in an excluded 10.0.0.0/8 subtree', async () => {
    const ica = await constrainedCa({ excluded: [{ base: v4net('10.0.0.0', '255.0.0.0') }] });
    const mapped = await leafOf(ica, [ip('::ffff:10.0.0.1')]);
    expect(outcome(() => verifyChainSync(mapped, opts(ica, { purposes: ['serverAuth'], hostname: '::ffff:10.0.0.1' })))).toBe('NAME_CONSTRAINTS');
    // Outside the excluded network, and a plain IPv6 address, still pass.
    const other = await leafOf(ica, [ip('::ffff:192.0.2.1'), ip('2001:db8::1')]);
    expect(outcome(() => verifyChainSync(other, opts(ica)))).toBe('valid');
  });
});

describe('identity checks: only ASCII case folding', () => {
  it('KELVIN SIGN in the reference host does not fold into a matching k', async () => {
    const ica = await constrainedCa({ permitted: [{ base: dns('example.com') }] });
    const cert = await leafOf(ica, [dns('key.example.com'), email('k@key.example.com')]);
    expect(matchesHostname(cert, 'KEY.example.com')).toBe(true);
    expect(matchesHostname(cert, '\u212Aey.example.com')).toBe(false);
    expect(matchesEmail(cert, 'k@KEY.example.com')).toBe(true);
    expect(matchesEmail(cert, 'k@\u212Aey.example.com')).toBe(false);
    expect(outcome(() => verifyChainSync(cert, opts(ica, { purposes: ['serverAuth'], hostname: '\u212Aey.example.com' })))).toBe('HOSTNAME_MISMATCH');
  });
});
