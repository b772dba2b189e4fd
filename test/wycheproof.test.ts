/**
 * Proves verification and SPKI parsing on all 47 C2SP/wycheproof `testvectors_v1` files (copied,
 * gzip-compressed, under test/vectors/wycheproof/): every `valid` vector verifies on both the pure
 * and the WebCrypto path, every `invalid` one is rejected, and `acceptable` decisions are pinned.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateWycheproofFile, readWycheproofFile } from '../scripts/conformance/wycheproof';

const DIR = join(__dirname, 'vectors/wycheproof/testvectors_v1');
const FILES = readdirSync(DIR)
  .filter((n) => n.endsWith('_test.json.gz'))
  .sort();

describe('wycheproof', () => {
  it('has all 47 files', () => {
    expect(FILES).toHaveLength(47);
  });

  for (const name of FILES) {
    it(
      name,
      async () => {
        const file = readWycheproofFile(join(DIR, name));
        const r = await evaluateWycheproofFile(name, file);
        expect(r.failures).toEqual([]);
        const total = file.testGroups.reduce((n, g) => n + g.tests.length, 0);
        expect(r.summary.total).toBe(total);
        expect(r.summary.passed + r.summary.skipped).toBe(total);
        // Only the two XDH "MissingOctetString" cases (about the private key encoding) are skipped.
        expect(r.summary.skipped).toBe(name.startsWith('x') ? 1 : 0);
        // Pinned decisions on `acceptable` vectors.
        const c = r.summary.counts;
        if (name.startsWith('rsa_signature_')) expect(c['acceptable rejected']).toBe(1); // MissingNull: DigestInfo without NULL is refused
        if (name === 'rsa_pkcs1_2048_sig_gen_test.json') {
          expect(c['acceptable rejected']).toBe(8); // WeakHash: SHA-1 refused by the default policy
          expect(c['acceptable accepted']).toBe(3); // SmallPublicKey: small signature values are valid signatures
        }
        if (name.startsWith('ecdh_')) expect(c['acceptable accepted'] ?? 0).toBe(0); // compressed, explicit curves, BER: all refused
        if (name.startsWith('x')) expect(c['acceptable rejected'] ?? 0).toBe(0); // twist / low-order u: well-formed SPKI
      },
      60_000,
    );
  }
});
