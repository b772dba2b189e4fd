/**
 * Child process of test/pg-concurrency.test.ts (bundled by the test, run with node): one CA
 * process on a shared PostgreSQL store. Issues certificates until `count`, revokes every 4th and
 * publishes a CRL every 10th, printing one line per acknowledged operation the moment it is
 * acknowledged (the parent may SIGKILL it at any point):
 *
 *   I <serial>              an issued certificate was returned
 *   R <serial>              a revocation was acknowledged
 *   C <crlNumber> <missing> a CRL was published; <missing> = this process's acknowledged revocations absent from it
 *   E <code>                a typed error (the loop carries on)
 *
 *   node child.mjs <url> <caCertPem> <caKeyPem> <count>
 */
import * as fs from 'node:fs';
import { CaError, CertificateAuthority } from '../src/ca/index';
import { crlEntries } from '../src/crl/index';
import { CsrBuilder, generateKeyPair, importPrivateKey, parseCertificate, signerFromPrivateKey } from '../src/index';
import { PostgresCaStore } from '../src/store/postgres/index';
import { crlNumberCodec, getExtension } from '../src/x509/index';

const [url, certFile, keyFile, countArg] = process.argv.slice(2);
/** Synchronous, so a line is out before the next step; waits while the pipe is full (EAGAIN). */
function line(s: string): void {
  const buf = new TextEncoder().encode(s + '\n');
  for (let off = 0; off < buf.length;) {
    try {
      off += fs.writeSync(1, buf, off);
    } catch (e) {
      if ((e as { code?: string }).code !== 'EAGAIN') throw e;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
    }
  }
}
// A process started while the database restarts waits for it, as a supervised service would.
async function open(): Promise<PostgresCaStore> {
  for (let i = 0; ; i++) {
    try {
      return await PostgresCaStore.open(url!, { max: 2 });
    } catch (e) {
      if (!(e instanceof CaError) || e.code !== 'store-unavailable' || i >= 300) throw e;
      line(`E ${e.code}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
const store = await open();
const ca = new CertificateAuthority({ certificate: parseCertificate(fs.readFileSync(certFile!, 'utf8')), signer: signerFromPrivateKey(importPrivateKey(fs.readFileSync(keyFile!, 'utf8'))), store });
const key = (await generateKeyPair('P-256')).privateKey;
const csr = await CsrBuilder.create()
  .subject({ CN: `worker ${process.pid}` })
  .sign(signerFromPrivateKey(key));
const myRevocations: string[] = [];
for (let i = 0; i < Number(countArg); i++) {
  try {
    const r = await ca.issue(csr, { profile: 'tls-client', requester: { principal: `p${process.pid}`, method: 'api' } });
    line(`I ${r.serial}`);
    if (i % 4 === 0) {
      await ca.revoke(r.serial, 'superseded');
      myRevocations.push(r.serial);
      line(`R ${r.serial}`);
    }
    if (i % 10 === 9) {
      const crl = await ca.generateCrl({ days: 1 });
      const listed = new Set([...crlEntries(crl)].map((e) => e.serialNumber.toString(16)));
      line(`C ${getExtension(crl, crlNumberCodec)} ${myRevocations.filter((s) => !listed.has(s)).length}`);
    }
  } catch (e) {
    if (!(e instanceof CaError)) throw e;
    line(`E ${e.code}`);
    await new Promise((r) => setTimeout(r, 50)); // back off while the database recovers
  }
}
await store.close();
