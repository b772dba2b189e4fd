/**
 * A root and an issuing intermediate in one call ({@link createHierarchy}).
 *
 * Scope: a self-signed root whose own serial is reserved in its store, and an intermediate
 * issued by it under `sub-ca`. Non-goals: deeper hierarchies, cross-certification.
 * @module
 */
import { CsrBuilder } from '../csr/index';
import { generateKeyPair, type KeyPairAlgorithm, type PrivateKey } from '../keys/index';
import { signerFromPrivateKey } from '../sig/index';
import { CertificateBuilder, type Name, type NameInit } from '../x509/index';
import { CertificateAuthority } from './authority';
import { CaError } from './errors';
import { generateSerial } from './issuance';
import type { CertificateProfile } from './profiles';
import { MemoryCaStore, type CaStore } from './store';

const _DAY = 86_400_000;

/**
 * One level of {@link createHierarchy}.
 * @example
 * ```ts
 * const root: HierarchyLevel = { subject: { CN: 'Example Root CA' }, keyType: 'P-384', validityDays: 3650 };
 * ```
 */
export interface HierarchyLevel {
  /** The CA's subject. */
  readonly subject: Name | NameInit | string;
  /** Its key (default: a new key of `keyType`). */
  readonly key?: PrivateKey;
  /** Type of the new key; default `P-256`. */
  readonly keyType?: KeyPairAlgorithm;
  /** Validity in days; default 3650 for the root, 1825 for the intermediate. */
  readonly validityDays?: number;
  /** Its store; default a new {@link MemoryCaStore}. */
  readonly store?: CaStore;
}

/**
 * What {@link createHierarchy} returns.
 * @example
 * ```ts
 * const { root, intermediate, rootKey } = await createHierarchy({ root: { subject: 'CN=Root' }, intermediate: { subject: 'CN=Issuing' } });
 * ```
 */
export interface Hierarchy {
  /** The root CA (self-signed); its store records the intermediate. */
  readonly root: CertificateAuthority;
  /** The issuing CA, certified by the root under `sub-ca`. */
  readonly intermediate: CertificateAuthority;
  /** The root's private key (keep it offline). */
  readonly rootKey: PrivateKey;
  /** The intermediate's private key. */
  readonly intermediateKey: PrivateKey;
}

/**
 * Sets up a root CA and an issuing intermediate in one call: a self-signed root
 * (basicConstraints cA, keyCertSign + cRLSign, both critical), and an intermediate whose CSR the
 * root issues under the `sub-ca` profile (pathLenConstraint 0), recorded in the root's store.
 *
 * @throws whatever key generation, signing or the stores throw; CaError `issuance-refused` when
 * the intermediate breaks `sub-ca` (e.g. it would outlive the root).
 * @example
 * ```ts
 * const { root, intermediate } = await createHierarchy({
 *   root: { subject: { CN: 'Example Root CA', O: 'Example' } },
 *   intermediate: { subject: { CN: 'Example Issuing CA', O: 'Example' } },
 * });
 * const leaf = await intermediate.issue(csr, { profile: 'tls-server' });
 * ```
 */
export async function createHierarchy(options: {
  root: HierarchyLevel;
  intermediate: HierarchyLevel;
  profiles?: readonly CertificateProfile[];
  clock?: () => Date;
  random?: (length: number) => Uint8Array;
}): Promise<Hierarchy> {
  if (options === null || typeof options !== 'object' || options.root === undefined || options.intermediate === undefined) {
    throw new TypeError('createHierarchy expects { root: { subject }, intermediate: { subject } }');
  }
  const clock = options.clock ?? (() => new Date());
  const now = new Date(Math.floor(clock().getTime() / 1000) * 1000);
  const rootKey = options.root.key ?? (await generateKeyPair(options.root.keyType ?? 'P-256')).privateKey;
  const interKey = options.intermediate.key ?? (await generateKeyPair(options.intermediate.keyType ?? 'P-256')).privateKey;
  const rootSigner = signerFromPrivateKey(rootKey);
  const rootDays = options.root.validityDays ?? 3650;
  const rootStore = options.root.store ?? new MemoryCaStore();
  // The root's own serial is claimed in its store like any other, so nothing it issues reuses it.
  let rootSerial = generateSerial(options.random);
  for (let i = 0; !(await rootStore.reserveSerial(rootSerial)); i++) {
    if (i >= 7) throw new CaError('serial-exhausted', 'eight fresh random serials in a row were already taken: the random number generator is broken');
    rootSerial = generateSerial(options.random);
  }
  const rootCert = await CertificateBuilder.selfSignedCa(options.root.subject)
    .serialNumber(rootSerial)
    .notBefore(now)
    .notAfter(new Date(now.getTime() + rootDays * _DAY - 1000))
    .sign(rootSigner, { now });
  const common = { clock, ...(options.random ? { random: options.random } : {}), ...(options.profiles ? { profiles: options.profiles } : {}) };
  const root = new CertificateAuthority({ certificate: rootCert, signer: rootSigner, store: rootStore, ...common });
  const csr = await CsrBuilder.create().subject(options.intermediate.subject).sign(signerFromPrivateKey(interKey));
  const issued = await root.issue(csr, { profile: 'sub-ca', validity: options.intermediate.validityDays ?? 1825 });
  const intermediate = new CertificateAuthority({
    certificate: issued.certificate,
    signer: signerFromPrivateKey(interKey),
    store: options.intermediate.store ?? new MemoryCaStore(),
    chain: [rootCert],
    ...common,
  });
  return { root, intermediate, rootKey, intermediateKey: interKey };
}
