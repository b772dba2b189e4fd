/**
 * Hostile inputs for the path builder's cost bounds, shared by `test/path-hostile-cost.test.ts`
 * and `bench/path.bench.ts`: a pool of candidate issuers that all carry the leaf's issuer name,
 * each with an RSA key whose modulus and exponent the caller picks (random odd numbers: a
 * verifier does the whole modular exponentiation before it can tell the signature is wrong),
 * under a leaf whose RSA signature none of them made.
 */
import { DerWriter } from '../src/der/index';
import { generateKeyPair, type KeyPair } from '../src/keys/index';
import { signerFromPrivateKey } from '../src/sig/index';
import { CertificateBuilder, dns, parseCertificate, type Certificate } from '../src/x509/index';

const HOSTILE_T0 = new Date('2025-01-01T00:00:00Z');
export const HOSTILE_NOW = new Date('2025-06-01T00:00:00Z');
const END = new Date('2030-01-01T00:00:00Z');

/** An rsaEncryption SubjectPublicKeyInfo with a random odd modulus of `bits` bits and exponent `e`. */
export function randomRsaSpki(bits: number, e: bigint, seed: number): Uint8Array {
  const n = new Uint8Array(bits / 8);
  // xorshift32: deterministic and fast, nothing here needs to be secret.
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    n[i] = x & 0xff;
  }
  n[0]! |= 0x80;
  n[n.length - 1]! |= 1;
  const eb: number[] = [];
  for (let v = e; v > 0n; v >>= 8n) eb.unshift(Number(v & 0xffn));
  const rsaKey = new DerWriter().sequence((w) => w.integerFromUnsigned(n).integerFromUnsigned(Uint8Array.from(eb))).finish();
  return new DerWriter().sequence((w) => w.sequence((a) => a.oid('1.2.840.113549.1.1.1').null()).bitString(rsaKey)).finish();
}

/** The pool: `count` CAs named `CN=Hostile CA`, the root, and a leaf none of them signed. */
export interface HostilePool {
  readonly root: Certificate;
  readonly pool: Certificate[];
  readonly leaf: Certificate;
}

let _keys: Promise<{ root: KeyPair; rsa: KeyPair; leaf: KeyPair }> | undefined;

/**
 * Builds the pool (P-256 root; the leaf's signatureAlgorithm is sha256WithRSAEncryption and its
 * signature garbage of the moduli's length, so every candidate costs one RSA verification with
 * its own modulus and exponent).
 */
export async function hostilePool(o: { count: number; bits: number; exponent: bigint }): Promise<HostilePool> {
  _keys ??= Promise.all([generateKeyPair('P-256'), generateKeyPair({ rsa: 2048 }), generateKeyPair('P-256')]).then(([root, rsa, leaf]) => ({ root, rsa, leaf }));
  const k = await _keys;
  const rootSigner = signerFromPrivateKey(k.root.privateKey);
  const root = await CertificateBuilder.selfSignedCa('CN=Hostile Root').notBefore(HOSTILE_T0).notAfter(END).sign(rootSigner, { now: HOSTILE_T0 });
  const pool: Certificate[] = [];
  for (let i = 0; i < o.count; i++) {
    pool.push(
      await CertificateBuilder.create()
        .subject('CN=Hostile CA')
        .publicKey(randomRsaSpki(o.bits, o.exponent, 0x9e3779b9 + i))
        .notBefore(HOSTILE_T0)
        .notAfter(END)
        .basicConstraints({ cA: true })
        .keyUsage(['keyCertSign', 'cRLSign'])
        .subjectKeyIdentifier(Uint8Array.of(1, 2, 3, i & 0xff, i >> 8))
        .sign(rootSigner, { issuerCertificate: root, now: HOSTILE_T0 }),
    );
  }
  const signed = await CertificateBuilder.create()
    .subject('CN=hostile.example.com')
    .publicKey(k.leaf.publicKey)
    .issuer('CN=Hostile CA')
    .authorityKeyIdentifier(Uint8Array.of(9, 9, 9))
    .notBefore(HOSTILE_T0)
    .notAfter(END)
    .subjectAltNames(dns('hostile.example.com'))
    .extKeyUsage(['serverAuth'])
    .sign(signerFromPrivateKey(k.rsa.privateKey), { now: HOSTILE_T0 });
  // A garbage signature as long as the candidates' moduli (and below them), so that a verifier
  // cannot refuse it on its length and must exponentiate.
  const garbage = Uint8Array.from({ length: o.bits / 8 }, (_, i) => (i === 0 ? 0x01 : (i * 131 + 7) & 0xff));
  const leaf = parseCertificate(new DerWriter().sequence((w) => w.raw(signed.rawTbs).raw(signed.rawSignatureAlgorithm).bitString(garbage)).finish());
  return { root, pool, leaf };
}
