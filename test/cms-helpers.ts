/**
 * Shared fixtures of the CMS tests: a P-256 root and intermediate at the fixed clock of the CRL
 * tests, and S/MIME-style signer certificates for any key algorithm certkit generates.
 * Not a test file itself (vitest runs `*.test.ts` only).
 */
import { generateKeyPair, type KeyPairAlgorithm, type PrivateKey } from '../src/keys/index';
import { signerFromPrivateKey, type Signer, type SignerOptions } from '../src/sig/index';
import { CertificateBuilder, type Certificate } from '../src/x509/index';
import { at, makeCa, type Ca } from './crl-fixtures';

export { NOW, at, makeCa, type Ca } from './crl-fixtures';

export interface SignerFixture {
  cert: Certificate;
  key: PrivateKey;
  signer: Signer;
}

let serial = 0x5000n;

/** A signer certificate (digitalSignature, emailProtection) under `ca` for a key of `alg`. */
export async function makeSigner(ca: Ca, alg: KeyPairAlgorithm, options: SignerOptions = {}, cn = `signer ${String(alg)}`): Promise<SignerFixture> {
  const { privateKey, publicKey } = await generateKeyPair(alg);
  const cert = await CertificateBuilder.create()
    .subject({ CN: cn, O: 'certkit tests' })
    .publicKey(publicKey)
    .serialNumber(serial++)
    .notBefore(at(-30))
    .notAfter(at(365))
    .keyUsage(['digitalSignature'])
    .extKeyUsage(['emailProtection'])
    .sign(ca.signer, { issuerCertificate: ca.cert });
  return { cert, key: privateKey, signer: signerFromPrivateKey(privateKey, options) };
}

/** Root and intermediate. */
export async function makeHierarchy(): Promise<{ root: Ca; inter: Ca }> {
  const root = await makeCa('CMS Test Root');
  const inter = await makeCa('CMS Test Intermediate', { parent: root });
  return { root, inter };
}
