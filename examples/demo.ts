/**
 * The certkit demo (`npm run demo`). For now: decode and inspect a certificate with the DER
 * engine. It grows into the full lifecycle demo as the layers land.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DerError, DerReader, Tag, decodePem, dumpDer, oidName } from '../src/index';

const file = process.argv[2] ?? fileURLToPath(new URL('./data/example-cert.pem', import.meta.url));
const { der } = decodePem(readFileSync(file, 'utf8'), 'CERTIFICATE');

console.log(`# ${file}: ${der.length} bytes of DER\n`);
console.log(dumpDer(der));

// Walk the TBSCertificate by hand with the cursor API.
const cert = new DerReader(der).enter(Tag.SEQUENCE, 'Certificate');
const tbs = cert.enter(Tag.SEQUENCE, 'tbsCertificate');
const version = tbs.enterOptional(0xa0)?.readSmallInteger() ?? 0;
const serial = tbs.readInteger();
const sigAlg = tbs.enter().readOid();
console.log(`\nversion v${version + 1}, serial 0x${serial.toString(16)}, signed with ${oidName(sigAlg) ?? sigAlg}`);

// Strictness: a length in the long form where the short form fits is refused, with code and offset.
try {
  new DerReader(Uint8Array.of(0x02, 0x81, 0x01, 0x05)).readInteger();
} catch (e) {
  if (e instanceof DerError) console.log(`strict DER: ${e.code} at offset ${e.offset}: ${e.message}`);
}
