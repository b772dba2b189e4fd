/**
 * The CLI's CA directory: a root and an issuing intermediate, their keys, certificates,
 * file-system stores and CRLs, in one directory that `certkit ca init` creates.
 *
 * ```text
 * DIR/certkit-ca.json            marker and metadata
 * DIR/chain.pem                  intermediate + root certificates (what servers send after their own)
 * DIR/root/cert.pem              the root certificate (what relying parties trust)
 * DIR/root/key.pem               its key (PKCS#8; encrypted with --pass)
 * DIR/root/store/                the root's FsCaStore (records the intermediate)
 * DIR/root/crl.pem               the root's latest CRL
 * DIR/intermediate/...           the same for the issuing CA
 * DIR/profiles.json              optional: user-defined profiles (a JSON array of CertificateProfile)
 * ```
 *
 * Scope: creating the directory atomically (built beside it, then renamed into place) and
 * opening it as two {@link CertificateAuthority} objects. Keys are only read (and decrypted)
 * when the command signs. Non-goals: HSM-held keys, several intermediates.
 * @module
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CertificateAuthority, MemoryCaStore, createHierarchy, defineProfile, type CaStore, type CertificateProfile } from '../ca/index';
import type { KeyPairAlgorithm, PrivateKey } from '../keys/index';
import { encryptPrivateKey } from '../pkcs12/index';
import { signerFromPrivateKey, type Signer } from '../sig/index';
import type { Certificate } from '../x509/index';
import { FsCaStore, type FsCaStoreOptions } from '../node/index';
import { CliError, askPassword, loadPrivateKey, readKind, writeFileAtomic } from './io';
import { canAskPassword, type PasswordTerminal } from './prompt';
import { certificateToPem } from '../x509/index';

/**
 * An opened CA directory.
 * @example
 * ```ts
 * const { root, intermediate } = await openCaDir('my-ca');
 * ```
 */
export interface CaDir {
  readonly dir: string;
  readonly root: CertificateAuthority;
  readonly intermediate: CertificateAuthority;
}

const MARKER = 'certkit-ca.json';

/**
 * Options of {@link initCaDir}.
 * @example
 * ```ts
 * await initCaDir('my-ca', { rootSubject: 'CN=Root', subject: 'CN=Issuing', keyType: 'P-256', rootDays: 3650, days: 1825 });
 * ```
 */
export interface InitCaDirOptions {
  rootSubject: string;
  subject: string;
  keyType: KeyPairAlgorithm;
  rootDays: number;
  days: number;
  passphrase?: string;
  clock?: () => Date;
}

async function _keyPem(key: PrivateKey, passphrase: string | undefined): Promise<string> {
  return passphrase === undefined ? key.toPem('pkcs8') : encryptPrivateKey(key, passphrase, { format: 'pem' });
}

/**
 * Creates a CA directory with a new root and intermediate. The directory is built beside `dir`
 * and renamed into place, so a failure leaves nothing half-made.
 * @throws CliError 2 when `dir` exists and is not empty.
 * @example
 * ```ts
 * const ca = await initCaDir('my-ca', { rootSubject: 'CN=Root', subject: 'CN=Issuing', keyType: 'P-256', rootDays: 3650, days: 1825 });
 * ```
 */
export async function initCaDir(dir: string, o: InitCaDirOptions): Promise<CaDir> {
  const target = path.resolve(dir);
  if (fs.existsSync(target)) {
    if (!fs.statSync(target).isDirectory() || fs.readdirSync(target).length > 0) throw new CliError(2, `${dir} exists and is not an empty directory; choose a new one`);
  }
  const parent = path.dirname(target);
  if (!fs.existsSync(parent)) throw new CliError(2, `the parent directory of ${dir} does not exist`);
  const tmp = path.join(parent, `.${path.basename(target)}.init-${randomBytes(4).toString('hex')}`);
  fs.mkdirSync(tmp, { mode: 0o700 });
  try {
    for (const d of ['root', 'intermediate']) fs.mkdirSync(path.join(tmp, d), { mode: 0o700 });
    const rootStore = await FsCaStore.open(path.join(tmp, 'root', 'store'));
    const interStore = await FsCaStore.open(path.join(tmp, 'intermediate', 'store'));
    const h = await createHierarchy({
      root: { subject: o.rootSubject, keyType: o.keyType, validityDays: o.rootDays, store: rootStore },
      intermediate: { subject: o.subject, keyType: o.keyType, validityDays: o.days, store: interStore },
      ...(o.clock ? { clock: o.clock } : {}),
    });
    writeFileAtomic(path.join(tmp, 'root', 'key.pem'), await _keyPem(h.rootKey, o.passphrase), { secret: true });
    writeFileAtomic(path.join(tmp, 'intermediate', 'key.pem'), await _keyPem(h.intermediateKey, o.passphrase), { secret: true });
    writeFileAtomic(path.join(tmp, 'root', 'cert.pem'), certificateToPem(h.root.certificate));
    writeFileAtomic(path.join(tmp, 'intermediate', 'cert.pem'), certificateToPem(h.intermediate.certificate));
    writeFileAtomic(path.join(tmp, 'chain.pem'), certificateToPem(h.intermediate.certificate) + certificateToPem(h.root.certificate));
    writeFileAtomic(
      path.join(tmp, MARKER),
      JSON.stringify({ format: 'certkit-ca', version: 1, created: new Date().toISOString(), keyType: o.keyType, encrypted: o.passphrase !== undefined }, null, 2) + '\n',
    );
    fs.renameSync(tmp, target); // replaces an empty directory atomically (rename(2))
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  return openCaDir(dir, { loadKeys: true, ...(o.passphrase !== undefined ? { passphrase: o.passphrase } : {}), ...(o.clock ? { clock: o.clock } : {}) });
}

/** A signer that loads (and decrypts) the key on first use, so commands that do not sign never need the passphrase. */
function _lazySigner(cert: Certificate, keyFile: string, passphrase: string | undefined, ask?: (file: string) => Promise<string>): Signer & { load(): Promise<void> } {
  let real: Signer | undefined;
  const load = async (): Promise<void> => {
    if (real !== undefined) return;
    const key = await loadPrivateKey(keyFile, passphrase, ask);
    real = signerFromPrivateKey(key);
    if (Buffer.compare(Buffer.from(real.publicKey), Buffer.from(cert.rawSpki)) !== 0) {
      throw new CliError(2, `${keyFile} is not the key of ${path.join(path.dirname(keyFile), 'cert.pem')}`);
    }
  };
  return {
    get algorithm() {
      if (real === undefined) throw new Error('the CA key is not loaded; call load() first');
      return real.algorithm;
    },
    publicKey: cert.rawSpki,
    async sign(data: Uint8Array) {
      await load();
      return real!.sign(data);
    },
    load,
  };
}

/**
 * Opens a CA directory. Keys are read (and decrypted) with `loadKeys: true`, which commands
 * that sign pass; the others never need the passphrase.
 * @throws CliError 2 when `dir` is not a certkit CA directory, or its files are damaged.
 * @example
 * ```ts
 * const ca = await openCaDir('my-ca', { loadKeys: true, passphrase: 'secret' });
 * await ca.intermediate.issue(csr, { profile: 'tls-server' });
 * ```
 */
function _noKeySigner(cert: Certificate, why: string): Signer & { load(): Promise<void> } {
  const fail = (): never => {
    throw new CliError(2, why);
  };
  return {
    get algorithm(): never {
      return fail();
    },
    publicKey: cert.rawSpki,
    sign: async () => fail(),
    load: async () => fail(),
  };
}

export interface ImportCaDirOptions {
  /** The issuing CA's certificate and key. */
  cert: Certificate;
  key: PrivateKey;
  /** Its issuers, nearest first, up to the root (empty for a self-signed CA). */
  chain: Certificate[];
  passphrase?: string;
  clock?: () => Date;
}

/**
 * Brings an existing CA (any certificate with cA TRUE and keyCertSign, and its key) under
 * management in a new directory of the `ca init` layout: the CA becomes `intermediate/` (the
 * issuing CA), the top of its chain becomes `root/` with no key (root operations are refused),
 * and `chain.pem` keeps the whole chain. Nothing is written when a check fails.
 */
export async function importCaDir(dir: string, o: ImportCaDirOptions): Promise<CaDir> {
  const target = path.resolve(dir);
  if (fs.existsSync(target) && (!fs.statSync(target).isDirectory() || fs.readdirSync(target).length > 0)) throw new CliError(2, `${dir} exists and is not an empty directory; choose a new one`);
  const parent = path.dirname(target);
  if (!fs.existsSync(parent)) throw new CliError(2, `the parent directory of ${dir} does not exist`);
  if (Buffer.compare(Buffer.from(o.key.publicKey.spki), Buffer.from(o.cert.rawSpki)) !== 0) throw new CliError(2, "the key is not the certificate's key");
  // The CA's own checks (cA TRUE, keyCertSign, the chain's order) before anything is written.
  new CertificateAuthority({ certificate: o.cert, signer: signerFromPrivateKey(o.key), store: new MemoryCaStore(), chain: o.chain });
  const top = o.chain.length > 0 ? o.chain[o.chain.length - 1]! : o.cert;
  const tmp = path.join(parent, `.${path.basename(target)}.import-${randomBytes(4).toString('hex')}`);
  fs.mkdirSync(tmp, { mode: 0o700 });
  try {
    for (const d of ['root', 'intermediate']) fs.mkdirSync(path.join(tmp, d), { mode: 0o700 });
    await FsCaStore.open(path.join(tmp, 'root', 'store'));
    await FsCaStore.open(path.join(tmp, 'intermediate', 'store'));
    writeFileAtomic(path.join(tmp, 'intermediate', 'key.pem'), await _keyPem(o.key, o.passphrase), { secret: true });
    writeFileAtomic(path.join(tmp, 'intermediate', 'cert.pem'), certificateToPem(o.cert));
    writeFileAtomic(path.join(tmp, 'root', 'cert.pem'), certificateToPem(top));
    writeFileAtomic(path.join(tmp, 'chain.pem'), [o.cert, ...o.chain].map((c) => certificateToPem(c)).join(''));
    writeFileAtomic(
      path.join(tmp, MARKER),
      JSON.stringify({ format: 'certkit-ca', version: 1, created: new Date().toISOString(), imported: true, chainLength: o.chain.length, encrypted: o.passphrase !== undefined }, null, 2) + '\n',
    );
    fs.renameSync(tmp, target);
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  return openCaDir(dir, { loadKeys: true, ...(o.passphrase !== undefined ? { passphrase: o.passphrase } : {}), ...(o.clock ? { clock: o.clock } : {}) });
}

export async function openCaDir(
  dir: string,
  o: { passphrase?: string; clock?: () => Date; store?: FsCaStoreOptions; loadKeys?: boolean; intermediateStore?: CaStore; terminal?: PasswordTerminal } = {},
): Promise<CaDir> {
  const root = path.resolve(dir);
  if (!fs.existsSync(path.join(root, MARKER))) {
    throw new CliError(2, `${dir} is not a certkit CA directory (no ${MARKER}); create one with: certkit ca init ${dir}`);
  }
  let profiles: CertificateProfile[] = [];
  const pf = path.join(root, 'profiles.json');
  if (fs.existsSync(pf)) {
    try {
      const list = JSON.parse(fs.readFileSync(pf, 'utf8')) as unknown;
      if (!Array.isArray(list)) throw new Error('expected a JSON array of profiles');
      profiles = list.map((p) => defineProfile(p as CertificateProfile));
    } catch (e) {
      throw new CliError(2, `${pf}: ${(e as Error).message}`, { cause: e });
    }
  }
  const rootCert = readKind(path.join(root, 'root', 'cert.pem'), 'certificate')[0]!.value;
  const interCert = readKind(path.join(root, 'intermediate', 'cert.pem'), 'certificate')[0]!.value;
  // chain.pem: the issuing CA first, then its issuers up to the root (one issuer for `ca init`,
  // any number, or none for a self-signed CA, for `ca import`).
  const chainFile = path.join(root, 'chain.pem');
  const issuers = fs.existsSync(chainFile)
    ? readKind(chainFile, 'certificate')
        .map((x) => x.value)
        .slice(1)
    : [rootCert];
  const rootKeyFile = path.join(root, 'root', 'key.pem');
  const hasRootKey = fs.existsSync(rootKeyFile);
  // Encrypted keys without --pass: one question on the terminal for both keys (`ca init --pass`
  // encrypts them with the same passphrase), asked only when a key is first needed.
  let asked: Promise<string> | undefined;
  const t = o.terminal;
  const ask = canAskPassword(t) ? (): Promise<string> => (asked ??= askPassword(t, `Enter pass phrase for the CA keys in ${dir}:`, '--pass')) : undefined;
  const rootSigner = hasRootKey
    ? _lazySigner(rootCert, rootKeyFile, o.passphrase, ask)
    : _noKeySigner(rootCert, `${dir} was imported without the root's key (certkit ca import): operations at the root (--root) are not available`);
  const interSigner = _lazySigner(interCert, path.join(root, 'intermediate', 'key.pem'), o.passphrase, ask);
  if (o.loadKeys) {
    if (hasRootKey) await rootSigner.load();
    await interSigner.load();
  }
  const common = { profiles, ...(o.clock ? { clock: o.clock } : {}) };
  return {
    dir: root,
    root: new CertificateAuthority({ certificate: rootCert, signer: rootSigner, store: await FsCaStore.open(path.join(root, 'root', 'store'), o.store), ...common }),
    intermediate: new CertificateAuthority({
      certificate: interCert,
      signer: interSigner,
      store: o.intermediateStore ?? (await FsCaStore.open(path.join(root, 'intermediate', 'store'), o.store)),
      chain: issuers,
      ...common,
    }),
  };
}
