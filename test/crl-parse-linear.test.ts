/**
 * Findings from review on the CRL parser: duplicate detection among crlExtensions and among an
 * entry's crlEntryExtensions was quadratic, so a 0.4 MB CRL with 40,000 distinct extensions (in
 * the list or in one entry) took over 20 seconds to parse. A parse must stay linear; the
 * duplicate rule keeps its code and offset.
 *
 * Non-goals: the parser's other rules (crl-parse.test.ts), revocation (crl-revocation.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { type CertkitError, DerWriter } from '../src/der/index';
import { parseCrl } from '../src/crl/index';
import { crlEntry } from '../src/crl/index';

type Body = (w: DerWriter) => void;

/** A v2 CertificateList (Ed25519-shaped, zero signature) with optional entries and extensions. */
function crl(entries: Body | undefined, extensions: Body | undefined): Uint8Array {
  return new DerWriter()
    .sequence((w) => {
      w.sequence((w) => {
        w.integer(1);
        w.sequence((w) => w.oid('1.3.101.112'));
        w.sequence(() => {});
        w.time(new Date('2030-01-01T00:00:00Z'));
        if (entries) w.sequence(entries);
        if (extensions) w.explicit(0, (w) => w.sequence(extensions));
      });
      w.sequence((w) => w.oid('1.3.101.112'));
      w.bitString(new Uint8Array(64));
    })
    .finish();
}

const manyExtensions =
  (n: number): Body =>
  (w) => {
    for (let i = 0; i < n; i++) w.sequence((w) => w.oid(`1.2.3.${i}`).octetString(new Uint8Array(0)));
  };

describe('CRL parsing stays linear in the number of extensions', () => {
  it('40,000 crlExtensions parse', { timeout: 15_000 }, () => {
    const der = crl(undefined, manyExtensions(40_000));
    expect(der.length).toBeGreaterThan(400_000);
    expect(parseCrl(der).extensions).toHaveLength(40_000);
  });

  it('an entry with 40,000 crlEntryExtensions parses', { timeout: 15_000 }, () => {
    const der = crl(
      (w) =>
        w.sequence((w) => {
          w.integer(5);
          w.time(new Date('2029-01-01T00:00:00Z'));
          w.sequence(manyExtensions(40_000));
        }),
      undefined,
    );
    expect(crlEntry(parseCrl(der), 0).extensions).toHaveLength(40_000);
  });

  it('duplicates are still refused, at the second occurrence, naming the first', () => {
    const one = (w: DerWriter, oid: string): void => void w.sequence((w) => w.oid(oid).octetString(new Uint8Array(0)));
    const der = crl(undefined, (w) => {
      one(w, '1.2.3.4');
      one(w, '1.2.3.5');
      one(w, '1.2.3.4');
    });
    let e: CertkitError | undefined;
    try {
      parseCrl(der);
    } catch (x) {
      e = x as CertkitError;
    }
    expect(e?.code).toBe('duplicate-extension');
    // The third Extension SEQUENCE (each is 9 bytes: 30 07 06 03 2a 03 04 04 00) ends the input's TBS.
    const first = e!.message.match(/first at offset (\d+)/)?.[1];
    expect(first).toBeDefined();
    expect(e!.offset! - Number(first)).toBe(18);
    expect(der[e!.offset!]).toBe(0x30);
  });
});
