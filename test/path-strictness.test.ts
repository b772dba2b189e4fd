/**
 * Strictness decisions of issue 15, each under both profiles with the rule it follows:
 * - accepted before, rejected under `webpki` (and where RFC 5280 itself says MUST, under both):
 *   a CA without keyUsage, a non-critical basicConstraints in a CA, cA FALSE with a
 *   pathLenConstraint, a serverAuth leaf whose keyUsage does not allow TLS, a critical SAN next
 *   to a non-empty subject, GeneralizedTime before 2050, an empty permitted dNSName constraint,
 *   and what is checked on a trust anchor;
 * - rejected before where RFC 5280 asks for leniency: a 21-octet serial, an iPAddress constraint
 *   without a mask, a keyUsage BIT STRING with a trailing zero octet.
 * The decisions and their reasons are in docs/conformance.md ("Strictness decisions").
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DerReader, DerWriter } from '../src/der/index';
import { generateKeyPair, type KeyPair } from '../src/keys/index';
import { signerFromPrivateKey, type Signer } from '../src/sig/index';
import { EXTENSION } from '../src/oid/index';
import { CrlBuilder, type Crl } from '../src/crl/index';
import {
  CertificateBuilder,
  dns,
  encodeAuthorityKeyIdentifier,
  encodeIssuingDistributionPoint,
  encodeSubjectAltName,
  nameConstraintsCodec,
  parseCertificate,
  type Certificate,
  type GeneralName,
  type NameConstraints,
} from '../src/x509/index';
import { verifyChainSync, ValidationError, type ValidationOptions } from '../src/path/index';

const T0 = new Date('2025-01-01T00:00:00Z');
const NOW = new Date('2025-06-01T00:00:00Z');
const END = new Date('2030-01-01T00:00:00Z');

let rootKey: KeyPair, icaKey: KeyPair, leafKey: KeyPair;
let root: Certificate, ica: Certificate;
let rootSigner: Signer, icaSigner: Signer;

type Outcome = string; // 'valid' or a ValidationError code

function outcome(f: () => unknown): Outcome {
  try {
    f();
    return 'valid';
  } catch (e) {
    if (e instanceof ValidationError) return e.code;
    throw e;
  }
}

/** Outcome under each profile, for a TLS server validation of app.example.com. */
function both(leaf: Certificate, o: Partial<ValidationOptions> = {}): { rfc5280: Outcome; webpki: Outcome } {
  const base: ValidationOptions = { anchors: [root], intermediates: [ica], time: NOW, purposes: ['serverAuth'], hostname: 'app.example.com', ...o };
  return { rfc5280: outcome(() => verifyChainSync(leaf, { ...base, profile: 'rfc5280' })), webpki: outcome(() => verifyChainSync(leaf, { ...base, profile: 'webpki' })) };
}

function caBuilder(subject: string, key: KeyPair): CertificateBuilder {
  return CertificateBuilder.create().subject(subject).publicKey(key.publicKey).notBefore(T0).notAfter(END);
}

function leafBuilder(notAfter = END): CertificateBuilder {
  return CertificateBuilder.create().subject('CN=app.example.com').publicKey(leafKey.publicKey).notBefore(T0).notAfter(notAfter).subjectAltNames(dns('app.example.com')).extKeyUsage(['serverAuth']);
}

const signLeaf = (b: CertificateBuilder, issuer = ica, signer = icaSigner): Promise<Certificate> => b.sign(signer, { issuerCertificate: issuer, now: T0 });

/**
 * Re-signs `cert` after editing the elements of its TBSCertificate (version?, serial, signature,
 * issuer, validity, subject, spki, ... extensions), for encodings the builder refuses to make.
 */
async function resign(cert: Certificate, signer: Signer, edit: (parts: Uint8Array[]) => Uint8Array[], lenient = false): Promise<Certificate> {
  const r = new DerReader(cert.rawTbs).enter();
  const parts: Uint8Array[] = [];
  while (!r.atEnd) parts.push(r.readTlv().raw);
  const tbs = new DerWriter()
    .sequence((w) => {
      for (const p of edit(parts)) w.raw(p);
    })
    .finish();
  const sig = await signer.sign(tbs);
  const der = new DerWriter().sequence((w) => w.raw(tbs).raw(cert.rawSignatureAlgorithm).bitString(sig)).finish();
  return parseCertificate(der, { lenient });
}

/** Index of the serialNumber among the TBS elements (after the optional [0] version). */
const serialAt = (parts: Uint8Array[]): number => (parts[0]![0] === 0xa0 ? 1 : 0);

beforeAll(async () => {
  [rootKey, icaKey, leafKey] = await Promise.all([generateKeyPair('P-256'), generateKeyPair('P-256'), generateKeyPair('P-256')]);
  rootSigner = signerFromPrivateKey(rootKey.privateKey);
  icaSigner = signerFromPrivateKey(icaKey.privateKey);
  root = await CertificateBuilder.selfSignedCa('CN=Strict Root').notBefore(T0).notAfter(END).sign(rootSigner, { now: T0 });
  ica = await caBuilder('CN=Strict ICA', icaKey).basicConstraints({ cA: true }).keyUsage(['keyCertSign', 'cRLSign']).sign(rootSigner, { issuerCertificate: root, now: T0 });
});

describe('accepted before, rejected under webpki', () => {
  it('the baseline chain is valid under both profiles', async () => {
    expect(both(await signLeaf(leafBuilder()))).toEqual({ rfc5280: 'valid', webpki: 'valid' });
  });

  it('an intermediate without keyUsage: RFC 5280 §4.2.1.3 / CA/B BR 7.1.2.10.7 under webpki; §6.1.4 (n) checks it only when present', async () => {
    const noKu = await caBuilder('CN=Strict ICA', icaKey).basicConstraints({ cA: true }).sign(rootSigner, { issuerCertificate: root, now: T0 });
    const leaf = await signLeaf(leafBuilder(), noKu);
    expect(both(leaf, { intermediates: [noKu] })).toEqual({ rfc5280: 'valid', webpki: 'key-usage' });
  });

  it('an intermediate whose basicConstraints is not critical: RFC 5280 §4.2.1.9 MUST, under both (strictCriticality)', async () => {
    const nonCrit = await caBuilder('CN=Strict ICA', icaKey).basicConstraints({ cA: true }, false).keyUsage(['keyCertSign']).sign(rootSigner, { issuerCertificate: root, now: T0 });
    const leaf = await signLeaf(leafBuilder(), nonCrit);
    expect(both(leaf, { intermediates: [nonCrit] })).toEqual({ rfc5280: 'invalid-extension', webpki: 'invalid-extension' });
    // PKITS-style relaxation still available.
    expect(both(leaf, { intermediates: [nonCrit], strictCriticality: false })).toEqual({ rfc5280: 'valid', webpki: 'valid' });
  });

  it('an end entity with cA FALSE and a pathLenConstraint: RFC 5280 §4.2.1.9 MUST NOT, under both', async () => {
    // BasicConstraints ::= SEQUENCE { pathLenConstraint 0 } (cA DEFAULT FALSE omitted)
    const leaf = await signLeaf(leafBuilder().extension({ oid: EXTENSION.basicConstraints, critical: true, value: Uint8Array.of(0x30, 0x03, 0x02, 0x01, 0x00) }));
    expect(both(leaf)).toEqual({ rfc5280: 'invalid-extension', webpki: 'invalid-extension' });
  });

  it('a serverAuth leaf whose keyUsage has no TLS bit: RFC 5280 §4.2.1.12, CA/B BR 7.1.2.7.11 under webpki', async () => {
    const crlOnly = await signLeaf(leafBuilder().keyUsage(['cRLSign']));
    expect(both(crlOnly)).toEqual({ rfc5280: 'valid', webpki: 'key-usage' });
    // Each of the TLS bits is enough.
    for (const bit of ['digitalSignature', 'keyEncipherment', 'keyAgreement'] as const) {
      expect(both(await signLeaf(leafBuilder().keyUsage([bit])))).toEqual({ rfc5280: 'valid', webpki: 'valid' });
    }
    // clientAuth does not take keyEncipherment.
    const encOnly = await signLeaf(
      CertificateBuilder.create()
        .subject('CN=client')
        .publicKey(leafKey.publicKey)
        .notBefore(T0)
        .notAfter(END)
        .subjectAltNames(dns('client.example.com'))
        .extKeyUsage(['clientAuth'])
        .keyUsage(['keyEncipherment']),
    );
    expect(outcome(() => verifyChainSync(encOnly, { anchors: [root], intermediates: [ica], time: NOW, purposes: ['clientAuth'], profile: 'webpki' }))).toBe('key-usage');
    expect(outcome(() => verifyChainSync(encOnly, { anchors: [root], intermediates: [ica], time: NOW, purposes: ['clientAuth'], profile: 'rfc5280' }))).toBe('valid');
  });

  it('a critical subjectAltName beside a non-empty subject: CA/B BR 7.1.2.7.12 MUST NOT under webpki; RFC 5280 §4.2.1.6 SHOULD NOT', async () => {
    const leaf = await signLeaf(
      CertificateBuilder.create()
        .subject('CN=app.example.com')
        .publicKey(leafKey.publicKey)
        .notBefore(T0)
        .notAfter(END)
        .extension({ oid: EXTENSION.subjectAltName, critical: true, value: encodeSubjectAltName([dns('app.example.com')]) })
        .extKeyUsage(['serverAuth']),
    );
    expect(both(leaf)).toEqual({ rfc5280: 'valid', webpki: 'invalid-extension' });
  });

  it('GeneralizedTime before 2050: RFC 5280 §4.1.2.5, enforced by the webpki profile in the path layer', async () => {
    const gtValidity = new DerWriter().sequence((w) => w.generalizedTime(T0).generalizedTime(END)).finish();
    const leaf = await resign(await signLeaf(leafBuilder()), icaSigner, (p) => p.map((x, i) => (i === serialAt(p) + 3 ? gtValidity : x)));
    expect(leaf.notAfter.toISOString()).toBe(END.toISOString());
    expect(both(leaf)).toEqual({ rfc5280: 'valid', webpki: 'profile' });
    // In an intermediate too.
    const icaGt = await resign(ica, rootSigner, (p) => p.map((x, i) => (i === serialAt(p) + 3 ? gtValidity : x)));
    expect(both(await signLeaf(leafBuilder(), icaGt), { intermediates: [icaGt] })).toEqual({ rfc5280: 'valid', webpki: 'profile' });
    // From 2050 GeneralizedTime is the required encoding (the builder uses it).
    const late = await signLeaf(leafBuilder(new Date('2051-01-01T00:00:00Z')));
    expect(both(late)).toEqual({ rfc5280: 'valid', webpki: 'valid' });
  });

  it('an empty permitted dNSName constraint: every name under rfc5280 (§4.2.1.10), malformed under webpki (BR 7.1.2.10.8)', async () => {
    const nc: NameConstraints = { permitted: [{ base: { type: 'dns', value: '' } as GeneralName }] };
    const icaNc = await caBuilder('CN=Strict ICA', icaKey)
      .basicConstraints({ cA: true })
      .keyUsage(['keyCertSign'])
      .extension(nameConstraintsCodec, nc, true)
      .sign(rootSigner, { issuerCertificate: root, now: T0 });
    const leaf = await signLeaf(leafBuilder(), icaNc);
    expect(both(leaf, { intermediates: [icaNc] })).toEqual({ rfc5280: 'valid', webpki: 'name-constraints' });
  });
});

describe('trust anchors', () => {
  it('a v1 root: refused under webpki (BR 7.1.2.1: v3), trusted as given under rfc5280 (§6.1.1 (d))', async () => {
    // Drop the [0] version and the [3] extensions: a v1 certificate.
    const v1 = await resign(root, rootSigner, (p) => p.filter((x) => x[0] !== 0xa0 && x[0] !== 0xa3));
    expect(v1.version).toBe(1);
    const leaf = await signLeaf(leafBuilder());
    expect(both(leaf, { anchors: [v1] })).toEqual({ rfc5280: 'valid', webpki: 'profile' });
  });

  it('a root without keyUsage: accepted under both (anchors are trusted out of band; six Debian roots lack it)', async () => {
    const noKu = await CertificateBuilder.create().subject('CN=Strict Root').publicKey(rootKey.publicKey).notBefore(T0).notAfter(END).basicConstraints({ cA: true }).sign(rootSigner, { now: T0 });
    expect(both(await signLeaf(leafBuilder()), { anchors: [noKu] })).toEqual({ rfc5280: 'valid', webpki: 'valid' });
  });

  it('a root whose basicConstraints is not critical: refused under rfc5280 (§4.2.1.9), accepted under webpki (Go Daddy/Starfield Class 2)', async () => {
    const nonCrit = await CertificateBuilder.create()
      .subject('CN=Strict Root')
      .publicKey(rootKey.publicKey)
      .notBefore(T0)
      .notAfter(END)
      .basicConstraints({ cA: true }, false)
      .keyUsage(['keyCertSign'])
      .sign(rootSigner, { now: T0 });
    expect(both(await signLeaf(leafBuilder()), { anchors: [nonCrit] })).toEqual({ rfc5280: 'invalid-extension', webpki: 'valid' });
  });

  it('an id-RSASSA-PSS root key: refused under webpki (BR 7.1.3.1.1), accepted under rfc5280', { timeout: 30_000 }, async () => {
    const rsa = await generateKeyPair({ rsa: 2048 });
    // SubjectPublicKeyInfo with id-RSASSA-PSS and absent parameters (RFC 4055 §1.2).
    const spki = new DerReader(rsa.publicKey.spki).enter();
    spki.readTlv();
    const bits = spki.readTlv().raw;
    const pssSpki = new DerWriter().sequence((w) => w.sequence((a) => a.oid('1.2.840.113549.1.1.10')).raw(bits)).finish();
    const pssRoot = await CertificateBuilder.create()
      .subject('CN=PSS Root')
      .publicKey(pssSpki)
      .notBefore(T0)
      .notAfter(END)
      .basicConstraints({ cA: true })
      .keyUsage(['keyCertSign'])
      .sign(signerFromPrivateKey(rsa.privateKey, { pss: true }), { now: T0 });
    // Signed by name: the builder would compare the signer's rsaEncryption key with the root's SPKI.
    const pssIca = await caBuilder('CN=Strict ICA', icaKey)
      .issuer('CN=PSS Root')
      .basicConstraints({ cA: true })
      .keyUsage(['keyCertSign'])
      .sign(signerFromPrivateKey(rsa.privateKey, { pss: true }), { now: T0 });
    const leaf = await signLeaf(leafBuilder(), pssIca);
    expect(both(leaf, { anchors: [pssRoot], intermediates: [pssIca] })).toEqual({ rfc5280: 'valid', webpki: 'weak-algorithm' });
  });
});

describe('rejected before where RFC 5280 asks for leniency', () => {
  it('a 21-octet serial: the strict parser refuses it; parsed leniently, rfc5280 handles it (§4.1.2.2), webpki refuses it (BR: < 2^159)', async () => {
    const serial21 = new DerWriter().integerFromUnsigned(Uint8Array.from({ length: 21 }, (_, i) => i + 1)).finish();
    const good = await signLeaf(leafBuilder());
    await expect(resign(good, icaSigner, (p) => p.map((x, i) => (i === serialAt(p) ? serial21 : x)))).rejects.toMatchObject({ code: 'invalid-serial-number' });
    const leaf = await resign(good, icaSigner, (p) => p.map((x, i) => (i === serialAt(p) ? serial21 : x)), true);
    expect(leaf.rawSerial.length).toBe(21);
    expect(both(leaf)).toEqual({ rfc5280: 'valid', webpki: 'profile' });
  });

  it('an iPAddress constraint of 4 octets (no mask): the CA is refused under both (§4.2.1.10 needs 8; §4.2 critical and unprocessable)', async () => {
    // NameConstraints ::= SEQUENCE { permittedSubtrees [0] { GeneralSubtree { [7] c0000200 } } }
    const raw = Uint8Array.of(0x30, 0x0a, 0xa0, 0x08, 0x30, 0x06, 0x87, 0x04, 0xc0, 0x00, 0x02, 0x00);
    const icaIp = await caBuilder('CN=Strict ICA', icaKey)
      .basicConstraints({ cA: true })
      .keyUsage(['keyCertSign'])
      .extension({ oid: EXTENSION.nameConstraints, critical: true, value: raw })
      .sign(rootSigner, { issuerCertificate: root, now: T0 });
    const leaf = await signLeaf(leafBuilder(), icaIp);
    expect(both(leaf, { intermediates: [icaIp] })).toEqual({ rfc5280: 'malformed', webpki: 'malformed' });
  });

  it('a keyUsage BIT STRING with a trailing zero octet: not DER (X.690 §11.2.2), refused under both; a lenient parse accepts it', async () => {
    // BIT STRING, 0 unused bits, digitalSignature set, then a zero octet.
    const raw = Uint8Array.of(0x03, 0x03, 0x00, 0x80, 0x00);
    const leaf = await signLeaf(leafBuilder().extension({ oid: EXTENSION.keyUsage, critical: true, value: raw }));
    expect(both(leaf)).toEqual({ rfc5280: 'malformed', webpki: 'malformed' });
    const lenient = parseCertificate(leaf.raw, { lenient: true });
    expect(both(lenient)).toEqual({ rfc5280: 'valid', webpki: 'valid' });
  });
});

describe('CRL extensions with the wrong criticality (RFC 5280 §5.2)', () => {
  const crlOf = (issuer: Certificate, signer: Signer, edit: (b: CrlBuilder) => CrlBuilder = (b) => b): Promise<Crl> =>
    edit(CrlBuilder.create().thisUpdate(new Date('2025-05-01T00:00:00Z')).nextUpdate(new Date('2025-07-01T00:00:00Z')).crlNumber(1)).sign(signer, { issuerCertificate: issuer });

  async function outcomes(icaCrl: Crl): Promise<{ rfc5280: Outcome; webpki: Outcome }> {
    const leaf = await signLeaf(leafBuilder());
    return both(leaf, { revocation: { mode: 'require', crls: [await crlOf(root, rootSigner), icaCrl] } });
  }

  it('a conforming CRL says good under both profiles', async () => {
    expect(await outcomes(await crlOf(ica, icaSigner))).toEqual({ rfc5280: 'valid', webpki: 'valid' });
    expect(await outcomes(await crlOf(ica, icaSigner, (b) => b.issuingDistributionPoint({ onlyContainsUserCerts: true })))).toEqual({ rfc5280: 'valid', webpki: 'valid' });
  });

  it('a critical authorityKeyIdentifier (§5.2.1) or a non-critical issuingDistributionPoint (§5.2.5): not relied on', async () => {
    const akiCrit = await crlOf(ica, icaSigner, (b) =>
      b
        .authorityKeyIdentifier(false)
        .extension({ oid: EXTENSION.authorityKeyIdentifier, critical: true, value: encodeAuthorityKeyIdentifier({ keyIdentifier: icaKey.publicKey.subjectKeyIdentifier() }) }),
    );
    expect(await outcomes(akiCrit)).toEqual({ rfc5280: 'revocation-unknown', webpki: 'revocation-unknown' });
    const idpNonCrit = await crlOf(ica, icaSigner, (b) =>
      b.extension({ oid: EXTENSION.issuingDistributionPoint, critical: false, value: encodeIssuingDistributionPoint({ onlyContainsUserCerts: true }) }),
    );
    expect(await outcomes(idpNonCrit)).toEqual({ rfc5280: 'revocation-unknown', webpki: 'revocation-unknown' });
    // PKITS-style relaxation.
    const leaf = await signLeaf(leafBuilder());
    expect(both(leaf, { strictCriticality: false, revocation: { mode: 'require', crls: [await crlOf(root, rootSigner), idpNonCrit] } })).toEqual({ rfc5280: 'valid', webpki: 'valid' });
  });
});
