/**
 * Child process of test/ca-fs-store.test.ts (bundled by the test, run with node): performs one
 * CA operation on a CA directory, optionally killing itself (SIGKILL) at the k-th write step of
 * the file store, or runs a workload for the two-process concurrency test. Prints JSON results.
 *
 *   node child.mjs <caDir> <now> issue <csrFile> <profile> [killAt]
 *   node child.mjs <caDir> <now> revoke <serial> [killAt]
 *   node child.mjs <caDir> <now> crl [killAt]
 *   node child.mjs <caDir> <now> worker <count> <sharedCsrFile>
 */
import * as fs from 'node:fs';
import { CaError } from '../src/ca/index';
import { openCaDir } from '../src/cli/ca-dir';
import { CsrBuilder, generateKeyPair, signerFromPrivateKey } from '../src/index';
import { crlNumberCodec, getExtension } from '../src/x509/index';

const [dir, nowIso, op, ...rest] = process.argv.slice(2);
const now = new Date(nowIso!);
const clock = (): Date => new Date(now.getTime());
let armed = false;
let seen = 0;
const killAt = op === 'issue' ? rest[2] : op === 'revoke' ? rest[1] : op === 'crl' ? rest[0] : undefined;
const faults = (): void => {
  if (!armed || killAt === undefined) return;
  if (seen++ === Number(killAt)) process.kill(process.pid, 'SIGKILL');
};

const ca = await openCaDir(dir!, { loadKeys: true, clock, store: { faults } });
armed = true;
const out = (v: unknown): void => void process.stdout.write(JSON.stringify(v) + '\n');

if (op === 'issue') {
  const r = await ca.intermediate.issue(fs.readFileSync(rest[0]!, 'utf8'), { profile: rest[1]! });
  out({ serial: r.serial });
} else if (op === 'revoke') {
  await ca.intermediate.revoke(rest[0]!, 'keyCompromise');
  out({ revoked: rest[0] });
} else if (op === 'crl') {
  const crl = await ca.intermediate.generateCrl({ days: 7 });
  out({ crlNumber: String(getExtension(crl, crlNumberCodec)) });
} else if (op === 'worker') {
  const count = Number(rest[0]);
  const serials: string[] = [];
  const crlNumbers: string[] = [];
  let unique = 'not-tried';
  for (let i = 0; i < count; i++) {
    if (i === 1) {
      // Both workers ask for a code-signing certificate (uniqueKey) for the same key at about the same time.
      try {
        await ca.intermediate.issue(fs.readFileSync(rest[1]!, 'utf8'), { profile: 'code-signing' });
        unique = 'issued';
      } catch (e) {
        unique = e instanceof CaError ? e.findings.map((f) => f.code).join(',') || e.code : String(e);
      }
    }
    const { privateKey } = await generateKeyPair('P-256');
    const csr = await CsrBuilder.create()
      .subject({ CN: `worker ${process.pid} #${i}` })
      .sign(signerFromPrivateKey(privateKey));
    const r = await ca.intermediate.issue(csr, { profile: 'tls-client' });
    serials.push(r.serial);
    if (i % 3 === 0) await ca.intermediate.revoke(r.serial, 'superseded');
    const crl = await ca.intermediate.generateCrl({ days: 1 });
    crlNumbers.push(String(getExtension(crl, crlNumberCodec)));
  }
  out({ serials, crlNumbers, unique });
} else {
  process.stderr.write(`unknown op ${op}\n`);
  process.exit(2);
}
