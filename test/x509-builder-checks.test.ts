/**
 * Findings from review on the certificate builder ("values checked when set"):
 * - a GeneralName object made by hand (`{ type: 'dns', value: 'bad name!' }`) skipped the checks
 *   its constructor makes, so the builder issued a certificate with a malformed dNSName, an
 *   rfc822Name that is no mailbox, or an iPAddress SAN carrying a name-constraint mask;
 * - `validityDays(1e9)` was accepted and failed only at signing.
 *
 * Non-goals: the builder's other rules (x509-builder.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { CertkitError } from '../src/der/index';
import { generateKeyPair } from '../src/keys/index';
import { signerFromPrivateKey } from '../src/sig/index';
import { CertificateBuilder, dns, email, ip, parseIpAddress, type GeneralName } from '../src/x509/index';
import { certificateDnsNames, certificateEmailAddresses } from '../src/x509/index';

describe('CertificateBuilder.subjectAltNames: hand-made GeneralName objects are checked when set', () => {
  const b = CertificateBuilder.create();
  const cases: Array<[string, GeneralName]> = [
    ['a dNSName with a space', { type: 'dns', value: 'bad name.example.com' }],
    ['an empty dNSName', { type: 'dns', value: '' }],
    ['a non-ASCII dNSName', { type: 'dns', value: 'bücher.example' }],
    ['an rfc822Name without a local part', { type: 'email', value: 'example.com' }],
    ['an rfc822Name with two @', { type: 'email', value: 'a@b@example.com' }],
    ['a relative URI', { type: 'uri', value: '/path' }],
    ['an iPAddress with a mask', { type: 'ip', value: parseIpAddress('10.0.0.0'), mask: parseIpAddress('255.0.0.0'), text: '10.0.0.0/8' }],
  ];
  for (const [what, g] of cases) {
    it(`refuses ${what} with a RangeError`, () => {
      expect(() => b.subjectAltNames(g)).toThrow(RangeError);
    });
  }

  it('still takes well-formed objects and the constructors’ values', async () => {
    const k = await generateKeyPair('P-256');
    const c = await CertificateBuilder.create()
      .subject('CN=x')
      .publicKey(k.publicKey)
      .notBefore(new Date('2025-01-01T00:00:00Z'))
      .validityDays(30)
      .subjectAltNames({ type: 'dns', value: 'App.Example.com' }, { type: 'email', value: 'a@example.com' }, dns('*.example.com'), email('b@example.com'), ip('192.0.2.1'), {
        type: 'ip',
        value: parseIpAddress('::1'),
        text: '::1',
      })
      .sign(signerFromPrivateKey(k.privateKey), { now: new Date('2025-01-01T00:00:00Z') });
    expect(certificateDnsNames(c)).toEqual(['App.Example.com', '*.example.com']);
    expect(certificateEmailAddresses(c)).toEqual(['a@example.com', 'b@example.com']);
  });
});

describe('CertificateBuilder.validityDays', () => {
  it('refuses more days than 1950-01-01..9999-12-31 when set', () => {
    expect(() => CertificateBuilder.create().validityDays(1e9)).toThrow(RangeError);
    expect(() => CertificateBuilder.create().validityDays(2_940_202)).toThrow(RangeError);
    expect(() => CertificateBuilder.create().validityDays(2_940_201)).not.toThrow();
  });

  it('a validity that ends after 9999 from a late notBefore is still refused at signing', async () => {
    const k = await generateKeyPair('P-256');
    const b = CertificateBuilder.create().subject('CN=x').publicKey(k.publicKey).notBefore(new Date('9000-01-01T00:00:00Z')).validityDays(400_000);
    await expect(b.sign(signerFromPrivateKey(k.privateKey))).rejects.toThrow(RangeError);
    await expect(b.sign(signerFromPrivateKey(k.privateKey))).rejects.not.toBeInstanceOf(CertkitError);
  });
});
