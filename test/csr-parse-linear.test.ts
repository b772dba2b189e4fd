/**
 * Findings from review on the CSR parser: duplicate detection among attributes and among requested
 * extensions was quadratic (every new item compared with all earlier ones), so a 0.4 MB request
 * with 40,000 distinct attributes or extensions took over 20 seconds to parse. A parse must stay
 * linear; the duplicate rules themselves keep their codes and offsets.
 *
 * Non-goals: the parser's other rules (csr-parse.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { type CertkitError, DerWriter } from '../src/der/index';
import { parseCsr } from '../src/csr/index';

type Body = (w: DerWriter) => void;

/** A CertificationRequest (Ed25519-shaped key, zero signature) with the given [0] attributes. */
function csr(attributes: Body): Uint8Array {
  return new DerWriter()
    .sequence((w) => {
      w.sequence((w) => {
        w.integer(0);
        w.sequence(() => {});
        w.sequence((w) => {
          w.sequence((w) => w.oid('1.3.101.112'));
          w.bitString(new Uint8Array(32));
        });
        w.constructed(0xa0, attributes);
      });
      w.sequence((w) => w.oid('1.3.101.112'));
      w.bitString(new Uint8Array(64));
    })
    .finish();
}

const extensionRequest =
  (exts: Body): Body =>
  (w) =>
    w.sequence((w) => {
      w.oid('1.2.840.113549.1.9.14');
      w.setOf((w) => w.sequence(exts));
    });

function manyExtensions(n: number): Uint8Array {
  return csr(
    extensionRequest((w) => {
      for (let i = 0; i < n; i++) w.sequence((w) => w.oid(`1.2.3.${i}`).octetString(new Uint8Array(0)));
    }),
  );
}

function manyAttributes(n: number): Uint8Array {
  return csr((w) => {
    for (let i = 0; i < n; i++) w.sequence((w) => w.oid(`1.2.3.${i}`).setOf((w) => w.null()));
  });
}

describe('CSR parsing stays linear in the number of attributes and extensions', () => {
  it('40,000 requested extensions parse', { timeout: 15_000 }, () => {
    const der = manyExtensions(40_000);
    expect(der.length).toBeGreaterThan(400_000);
    expect(parseCsr(der).extensions).toHaveLength(40_000);
  });

  it('40,000 attributes are walked', { timeout: 15_000 }, () => {
    const der = manyAttributes(40_000);
    expect(parseCsr(der).attributes).toHaveLength(40_000);
  });

  it('duplicates are still refused, at the second occurrence', () => {
    const ext = (w: DerWriter): void => void w.sequence((w) => w.oid('1.2.3.4').octetString(new Uint8Array(0)));
    const der = csr(
      extensionRequest((w) => {
        ext(w);
        w.sequence((w) => w.oid('1.2.3.5').octetString(new Uint8Array(0)));
        ext(w);
      }),
    );
    let e: CertkitError | undefined;
    try {
      parseCsr(der);
    } catch (x) {
      e = x as CertkitError;
    }
    expect(e?.code).toBe('duplicate-extension');
    expect(e?.message).toContain('first at offset');
    const second = der.lastIndexOf(0x30, der.length - 70);
    expect(e?.offset).toBeGreaterThan(0);
    expect(der[e!.offset!]).toBe(0x30);
    expect(second).toBeGreaterThan(0);

    const attr = (w: DerWriter): void => void w.sequence((w) => w.oid('1.2.3.4').setOf((w) => w.null()));
    const der2 = csr((w) => {
      attr(w);
      attr(w);
    });
    let e2: CertkitError | undefined;
    try {
      parseCsr(der2);
    } catch (x) {
      e2 = x as CertkitError;
    }
    expect(e2?.code).toBe('duplicate-attribute');
    expect(der2[e2!.offset!]).toBe(0x30);
    expect(e2!.offset).toBeGreaterThan(der2.indexOf(0xa0));
  });
});
