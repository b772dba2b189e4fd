/**
 * parseCsr: every structural rule of RFC 2986 / RFC 2985 with its error code, path and offset,
 * the documented leniencies, PEM input (including the legacy label), lazy getters and their
 * errors, the text and JSON views, and properties: round trips, and "any bytes give a Csr or a
 * CertkitError, never anything else".
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { CsrBuilder, CsrError, parseCsr, verifyCsrSync, type Csr } from '../src/csr/index';
import { CertkitError, DerError, Tag, bytesEqual, compareEncodings } from '../src/der/index';
import { generateKeyPair } from '../src/keys/index';
import { PKCS9 } from '../src/oid/index';
import { PemError } from '../src/pem/index';
import { signerFromPrivateKey, type Signer } from '../src/sig/index';
import { encodeBasicConstraints, email, ip, upn } from '../src/x509/index';
import { algId, attr, extReq, info, pyca, signed, str, wrap } from './csr-helpers';
import { csrChallengePassword, csrDnsNames, csrEmailAddresses, csrFingerprint, csrIpAddresses, csrPublicKey, csrToJson, csrToPem, csrUnstructuredNames, formatCsr } from '../src/csr/index';
import { basicConstraintsCodec, getExtension, subjectAltNameCodec } from '../src/x509/index';

let signer: Signer;
let good: Csr;

beforeAll(async () => {
  signer = signerFromPrivateKey((await generateKeyPair('P-256')).privateKey);
  good = await CsrBuilder.create()
    .subject({ CN: 'example.com', O: 'Acme' })
    .subjectAltNames('example.com', 'www.example.com', ip('192.0.2.7'), email('ops@example.com'), upn('svc@corp.example'))
    .challengePassword('pa55word')
    .unstructuredName('unit 7')
    .sign(signer);
});

function expectError(fn: () => unknown, cls: new (...args: any[]) => CertkitError, code: string): CertkitError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(cls);
    expect((e as CertkitError).code).toBe(code);
    return e as CertkitError;
  }
  throw new Error(`expected ${cls.name} ${code}`);
}

const ECDSA_SHA256 = algId('1.2.840.10045.4.3.2');
const BC = { oid: '2.5.29.19', value: encodeBasicConstraints({ cA: false }) };

describe('structure (RFC 2986 §4.1)', () => {
  it('reads a well-formed request and keeps views of the received bytes', () => {
    const der = good.raw.slice();
    const c = parseCsr(der);
    expect(c.version).toBe(1);
    expect(c.subject.toString()).toBe('CN=example.com,O=Acme');
    expect(csrDnsNames(c)).toEqual(['example.com', 'www.example.com']);
    expect(csrIpAddresses(c)).toEqual(['192.0.2.7']);
    expect(csrEmailAddresses(c)).toEqual(['ops@example.com']);
    expect(getExtension(c, subjectAltNameCodec)?.find((g) => g.type === 'otherName')).toMatchObject({ upn: 'svc@corp.example' });
    expect(csrChallengePassword(c)).toBe('pa55word');
    expect(csrUnstructuredNames(c)).toEqual(['unit 7']);
    expect(c.extensionRequestOid).toBe(PKCS9.extensionRequest);
    expect(verifyCsrSync(c)).toBe(true);
    // zero-copy: the raw views alias the input buffer
    expect(c.raw.buffer).toBe(der.buffer);
    expect(c.rawSpki.buffer).toBe(der.buffer);
    expect(bytesEqual(c.rawSpki, signer.publicKey)).toBe(true);
    expect(csrPublicKey(c).curve).toBe('P-256');
  });

  it('refuses a version other than v1 (pyca bad-version.pem), pointing at the INTEGER', () => {
    const input = pyca('x509/requests/bad-version.pem');
    const e = expectError(() => parseCsr(input), CsrError, 'invalid-version');
    expect(e.path).toBe('certificationRequestInfo.version');
    const der = parseCsr(csrToPem(good)).raw; // any request: the version INTEGER follows two headers
    expect(der[8]).toBe(Tag.INTEGER);
    expect(e.offset).toBe(5); // bad-version.pem has a one-octet length on the outer SEQUENCE
    expectError(() => parseCsr(input, { lenient: true }), CsrError, 'invalid-version');
  });

  it('requires the [0] attributes field unless lenient', () => {
    const der = wrap(info({ spki: signer.publicKey, attributes: null }), ECDSA_SHA256, new Uint8Array(8));
    const e = expectError(() => parseCsr(der), CsrError, 'missing-attributes');
    expect(e.offset).toBe(der.length - 2 - 8 - ECDSA_SHA256.length - 1); // just after the SPKI, at the end of the info
    expect(parseCsr(der, { lenient: true }).attributes).toEqual([]);
  });

  it('refuses an attribute with no values (pyca zero-element-attribute.pem) unless lenient', () => {
    const e = expectError(() => parseCsr(pyca('x509-head-additions/requests/zero-element-attribute.pem')), CsrError, 'empty-attribute');
    expect(e.offset).toBe(366);
    expect(e.path).toBe('certificationRequestInfo.attributes[0]');
    const c = parseCsr(pyca('x509-head-additions/requests/zero-element-attribute.pem'), { lenient: true });
    expect(c.attributes[0]!.values).toHaveLength(0);
    expect(c.extensions).toHaveLength(0);
  });

  it('refuses several values for a single-valued attribute (pyca challenge-multi-valued.der), even lenient', () => {
    const e = expectError(() => parseCsr(pyca('x509/requests/challenge-multi-valued.der')), CsrError, 'multi-valued-attribute');
    expect(e.offset).toBe(352);
    expectError(() => parseCsr(pyca('x509/requests/challenge-multi-valued.der'), { lenient: true }), CsrError, 'multi-valued-attribute');
    // unstructuredName may hold several values (RFC 2985 §5.2.2 has no SINGLE VALUE)
    const der = wrap(info({ spki: signer.publicKey, attributes: [attr(PKCS9.unstructuredName, [str(Tag.IA5_STRING, 'a'), str(Tag.IA5_STRING, 'b')])] }), ECDSA_SHA256, new Uint8Array(8));
    expect(csrUnstructuredNames(parseCsr(der))).toEqual(['a', 'b']);
  });

  it('refuses a duplicate attribute type, and extensionRequest together with the Microsoft alias', () => {
    const a1 = attr(PKCS9.challengePassword, [str(Tag.UTF8_STRING, 'x')]);
    const a2 = attr(PKCS9.challengePassword, [str(Tag.UTF8_STRING, 'y')]);
    const der = wrap(info({ spki: signer.publicKey, attributes: [a1, a2] }), ECDSA_SHA256, new Uint8Array(8));
    const e = expectError(() => parseCsr(der), CsrError, 'duplicate-attribute');
    expect(der.subarray(e.offset!, e.offset! + a2.length)).toEqual(a2 < a1 ? a1 : a2);
    const both = wrap(info({ spki: signer.publicKey, attributes: [extReq([BC]), extReq([BC], PKCS9.msExtensionRequest)] }), ECDSA_SHA256, new Uint8Array(8));
    expectError(() => parseCsr(both, { lenient: true }), CsrError, 'duplicate-attribute');
  });

  it('reads the Microsoft extension request alias (1.3.6.1.4.1.311.2.1.14)', () => {
    const der = wrap(info({ spki: signer.publicKey, attributes: [extReq([BC], PKCS9.msExtensionRequest)] }), ECDSA_SHA256, new Uint8Array(8));
    const c = parseCsr(der);
    expect(c.extensionRequestOid).toBe(PKCS9.msExtensionRequest);
    expect(getExtension(c, basicConstraintsCodec)).toEqual({ cA: false });
  });

  it('checks the DER order of the attributes and of values (X.690 §11.6) unless lenient', () => {
    const a = attr(PKCS9.challengePassword, [str(Tag.UTF8_STRING, 'x')]);
    const b = attr(PKCS9.unstructuredName, [str(Tag.IA5_STRING, 'y')]);
    const [lo, hi] = [a, b].sort(compareEncodings);
    const der = wrap(info({ spki: signer.publicKey, attributes: [hi!, lo!], sortAttributes: false }), ECDSA_SHA256, new Uint8Array(8));
    const e0 = expectError(() => parseCsr(der), DerError, 'set-order');
    expect(e0.path).toBe('certificationRequestInfo.attributes');
    expect(der.subarray(e0.offset!, e0.offset! + lo!.length)).toEqual(lo);
    expect(parseCsr(der, { lenient: true }).attributes).toHaveLength(2);
    const vals = attr(PKCS9.unstructuredName, [str(Tag.IA5_STRING, 'b'), str(Tag.IA5_STRING, 'a')], false);
    const der2 = wrap(info({ spki: signer.publicKey, attributes: [vals] }), ECDSA_SHA256, new Uint8Array(8));
    const e = expectError(() => parseCsr(der2), DerError, 'set-order');
    expect(e.path).toBe('certificationRequestInfo.attributes[0].values');
    expect(csrUnstructuredNames(parseCsr(der2, { lenient: true }))).toEqual(['b', 'a']);
  });

  it('refuses duplicate requested extensions (pyca two_basic_constraints.pem), even lenient', () => {
    const e = expectError(() => parseCsr(pyca('x509/requests/two_basic_constraints.pem')), CsrError, 'duplicate-extension');
    expect(e.offset).toBe(427);
    expect(e.path).toBe('certificationRequestInfo.attributes[0].values[0][1]');
    expectError(() => parseCsr(pyca('x509/requests/two_basic_constraints.pem'), { lenient: true }), CsrError, 'duplicate-extension');
  });

  it('refuses an empty Extensions list unless lenient, and a non-SEQUENCE extension request', () => {
    const empty = wrap(info({ spki: signer.publicKey, attributes: [attr(PKCS9.extensionRequest, [Uint8Array.of(0x30, 0)])] }), ECDSA_SHA256, new Uint8Array(8));
    expectError(() => parseCsr(empty), CsrError, 'empty-extensions');
    expect(parseCsr(empty, { lenient: true }).extensions).toEqual([]);
    const notSeq = wrap(info({ spki: signer.publicKey, attributes: [attr(PKCS9.extensionRequest, [Uint8Array.of(0x05, 0)])] }), ECDSA_SHA256, new Uint8Array(8));
    const e = expectError(() => parseCsr(notSeq), DerError, 'unexpected-tag');
    expect(e.path).toBe('certificationRequestInfo.attributes[0].values[0]');
  });

  it('refuses an explicit critical FALSE (pyca freeipa-bad-critical.pem) unless lenient', () => {
    const e = expectError(() => parseCsr(pyca('x509/requests/freeipa-bad-critical.pem')), DerError, 'explicit-default');
    expect(e.path).toBe('certificationRequestInfo.attributes[1].values[0][0].critical');
    expect(e.offset).toBe(426);
    const c = parseCsr(pyca('x509/requests/freeipa-bad-critical.pem'), { lenient: true });
    expect(verifyCsrSync(c)).toBe(true);
    expect(csrDnsNames(c)).toEqual(['replica1.ipa.test']);
  });

  it('refuses a signature BIT STRING with unused bits unless lenient', () => {
    const der = wrap(info({ spki: signer.publicKey }), ECDSA_SHA256, Uint8Array.of(1, 2, 0x80), 7);
    const e = expectError(() => parseCsr(der), CsrError, 'invalid-signature-value');
    expect(e.path).toBe('signature');
    expect(der[e.offset!]).toBe(7);
    expect(parseCsr(der, { lenient: true }).rawSignatureValue).toEqual(Uint8Array.of(1, 2, 0x80));
  });

  it('refuses trailing data after the request and inside it', () => {
    const der = good.raw.slice();
    const plus = new Uint8Array(der.length + 1);
    plus.set(der);
    const e = expectError(() => parseCsr(plus), DerError, 'trailing-data');
    expect(e.offset).toBe(der.length);
  });

  it('refuses garbage, truncation and wrong input types with typed errors', () => {
    expect(() => parseCsr(42 as unknown as string)).toThrow(TypeError);
    expectError(() => parseCsr(new Uint8Array(0)), DerError, 'truncated');
    expectError(() => parseCsr(Uint8Array.of(0x02, 0x01, 0x00)), DerError, 'unexpected-tag');
    const der = good.raw.slice();
    for (const n of [1, 2, 10, der.length >> 1, der.length - 1]) {
      expect(() => parseCsr(der.subarray(0, n))).toThrow(CertkitError);
    }
  });

  it('reports a challengePassword that is not a DirectoryString (pyca challenge-invalid.der) when read', () => {
    const c = parseCsr(pyca('x509/requests/challenge-invalid.der'));
    const e = expectError(() => csrChallengePassword(c), CsrError, 'invalid-attribute');
    expect(e.path).toBe('certificationRequestInfo.attributes[0].values[0]');
    expect(e.offset).toBe(337);
    // a long-form (application 32) value is refused the same way (pyca long-form-attribute.pem)
    const lf = parseCsr(pyca('x509/requests/long-form-attribute.pem'));
    expectError(() => csrChallengePassword(lf), CsrError, 'invalid-attribute');
  });
});

describe('PEM input', () => {
  it('accepts CERTIFICATE REQUEST and the legacy NEW CERTIFICATE REQUEST label (RFC 7468 §7)', () => {
    const a = parseCsr(pyca('x509/requests/ec_sha256.pem'));
    const b = parseCsr(pyca('x509/requests/ec_sha256_old_header.pem'));
    expect(bytesEqual(a.raw, b.raw)).toBe(true);
    expect(verifyCsrSync(b)).toBe(true);
    expect(csrFingerprint(parseCsr(csrToPem(good)))).toBe(csrFingerprint(good));
    expect(csrToPem(good)).toMatch(/^-----BEGIN CERTIFICATE REQUEST-----\n/);
  });

  it('refuses another label with a PemError', () => {
    const cert = csrToPem(good).replace(/CERTIFICATE REQUEST/g, 'CERTIFICATE');
    expectError(() => parseCsr(cert), PemError, 'unexpected-label');
  });
});

describe('views', () => {
  it('prints like openssl req -text, with the fingerprint and the signature check', () => {
    const s = formatCsr(good);
    expect(s).toContain('Certificate Request:\n    Data:\n        Version: 1 (0x0)\n        Subject: O = Acme, CN = example.com\n');
    expect(s).toContain('            challengePassword        :pa55word\n');
    expect(s).toContain('            unstructuredName         :unit 7\n');
    expect(s).toContain('DNS:example.com, DNS:www.example.com, IP Address:192.0.2.7, email:ops@example.com, othername: UPN::svc@corp.example');
    expect(s).toContain(`SPKI SHA-256 Fingerprint: ${csrPublicKey(good).fingerprint256()}`);
    expect(s).toContain('    Signature Algorithm: ecdsa-with-SHA256\n');
    expect(s).toContain('Self-signature: verify OK');
  });

  it('gives JSON with the decoded parts, and errors instead of throwing', () => {
    const j = csrToJson(good);
    expect(j.subject).toEqual({ string: 'CN=example.com,O=Acme', openssl: 'O = Acme, CN = example.com' });
    expect(j.publicKey).toMatchObject({ algorithm: 'ECDSA', bits: 256, curve: 'P-256' });
    expect(j.signatureValid).toBe(true);
    expect(j.extensions[0]).toMatchObject({ oid: '2.5.29.17', name: 'X509v3 Subject Alternative Name', critical: false });
    expect(j.attributes.map((a) => a.name).sort()).toEqual(['challengePassword', 'extensionRequest', 'unstructuredName']);
    const bad = csrToJson(parseCsr(pyca('x509/requests/challenge-invalid.der')));
    expect(bad.attributes[0]!.error).toMatch(/DirectoryString/);
    expect(bad.signatureValid).toBe(false);
    const dsa = parseCsr(pyca('x509/requests/dsa_sha1.pem'));
    expect(csrToJson(dsa).publicKey).toHaveProperty('error');
    expect(csrToJson(dsa).signatureValid).toBe(null);
    expect(formatCsr(dsa)).toContain('Unable to load Public Key');
  });
});

describe('properties', () => {
  it('round trip: parse(toDer()) and parse(toPem()) give the same bytes', async () => {
    const der = await signed(signer, { subject: good.rawSubject, attributes: [attr(PKCS9.challengePassword, [str(Tag.PRINTABLE_STRING, 'p')])] });
    const c = parseCsr(der);
    expect(verifyCsrSync(c)).toBe(true);
    expect(bytesEqual(parseCsr(csrToPem(c)).raw, der)).toBe(true);
    expect(bytesEqual(parseCsr(c.raw.slice()).raw, der)).toBe(true);
  });

  it('any bytes give a Csr or a CertkitError, and getters never throw anything else', () => {
    const base = good.raw.slice();
    const touch = (c: Csr): void => {
      for (const f of [
        () => c.subject,
        () => csrPublicKey(c),
        () => csrChallengePassword(c),
        () => csrUnstructuredNames(c),
        () => getExtension(c, subjectAltNameCodec),
        () => verifyCsrSync(c, { allowSha1: true }),
        () => formatCsr(c),
        () => JSON.stringify(csrToJson(c)),
      ]) {
        try {
          f();
        } catch (e) {
          if (!(e instanceof CertkitError)) throw e;
        }
      }
    };
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        try {
          touch(parseCsr(bytes));
        } catch (e) {
          if (!(e instanceof CertkitError)) throw e;
        }
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.nat(base.length - 1), fc.integer({ min: 1, max: 255 }), (i, x) => {
        const m = base.slice();
        m[i] = m[i]! ^ x;
        try {
          const c = parseCsr(m);
          touch(c);
        } catch (e) {
          if (!(e instanceof CertkitError)) throw e;
        }
      }),
      { numRuns: 300 },
    );
  });
});
