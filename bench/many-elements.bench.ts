/**
 * Inputs with many small elements (issue 14): a mutation fuzzer's 1.1–1.5 MB inputs with 100,000
 * children walk at about the speed of real certificates per element, or the parser has a
 * quadratic or allocation-heavy corner.
 *
 * Four hostile-but-valid inputs, each 100,000 children in one list, parsed with
 * `maxInputSize` raised (the 1 MiB default refuses them before walking, which is the point of
 * the default): a certificate with 100,000 extensions (`parseCertificate`: the list is walked for
 * shape and duplicates), a certificate whose subject has 100,000 RDNs (`parseCertificate` +
 * `cert.subject`: the name's walk, as the reference's names; not `rdns`, which makes an object per attribute), a certificate whose extKeyUsage holds 100,000 OIDs (`parseCertificate` +
 * `getExtension(cert, extKeyUsageCodec)`), and a SEQUENCE OF 100,000 AlgorithmIdentifiers
 * (`parseAlgorithmIdentifier` on each, through one `DerReader`). The reference is Node's root
 * store with everything decoded (`parseCertificate`, both names, `decodeAllExtensions`):
 * per element = time / DER elements in the certificate (every TLV, extension values included).
 * For the hostile inputs an element is one child (an extension is 4 TLVs, an RDN 4, an OID 1,
 * an AlgorithmIdentifier 2 or 3), so their per-element figure is if anything pessimistic.
 * @module
 */
import { X509Certificate } from 'node:crypto';
import { rootCertificates } from 'node:tls';
import { DerReader, encodeDer, next, derCursor, type DerWriter } from '../src/der/index';
import { parseAlgorithmIdentifier } from '../src/sig/index';
import { decodeAllExtensions, extKeyUsageCodec, getExtension, parseCertificate } from '../src/x509/index';
import { measureInterleaved, type BenchRow, type BenchSection } from './harness';

const N = 100_000;
const BIG = { maxInputSize: 4 << 20 };

/** A v3 certificate around the given subject and extensions writers (signature bytes are filler: nothing here verifies). */
function certificate(subject: (w: DerWriter) => void, extensions: (w: DerWriter) => void): Uint8Array {
  const alg = (w: DerWriter): void => {
    w.sequence((w) => w.oid('1.2.840.10045.4.3.2'));
  };
  return encodeDer((w) =>
    w.sequence((w) => {
      w.sequence((w) => {
        w.explicit(0, (w) => w.integer(2));
        w.integer(0x1234567n);
        alg(w);
        w.sequence((w) =>
          w.setOf((w) =>
            w.sequence((w) => {
              w.oid('2.5.4.3');
              w.utf8('Hostile Issuer');
            }),
          ),
        );
        w.sequence((w) => {
          w.utcTime(new Date('2025-01-01T00:00:00Z'));
          w.utcTime(new Date('2035-01-01T00:00:00Z'));
        });
        w.sequence(subject);
        w.sequence((w) => {
          w.sequence((w) => {
            w.oid('1.2.840.10045.2.1');
            w.oid('1.2.840.10045.3.1.7');
          });
          const point = new Uint8Array(65);
          point[0] = 4;
          w.bitString(point);
        });
        w.explicit(3, (w) => w.sequence(extensions));
      });
      alg(w);
      w.bitString(new Uint8Array(72));
    }),
  );
}

const cn = (w: DerWriter): void => {
  w.setOf((w) =>
    w.sequence((w) => {
      w.oid('2.5.4.3');
      w.utf8('x');
    }),
  );
};

/** 100,000 distinct private extensions (1.3.6.1.4.1.99999.i), each with a one-octet value. */
function manyExtensions(): Uint8Array {
  return certificate(cn, (w) => {
    for (let i = 0; i < N; i++)
      w.sequence((w) => {
        w.oid(`1.3.6.1.4.1.99999.${i}`);
        w.octetString(Uint8Array.of(5));
      });
  });
}

/** A subject of 100,000 single-attribute RDNs. */
function manyRdns(): Uint8Array {
  return certificate(
    (w) => {
      for (let i = 0; i < N; i++)
        w.setOf((w) =>
          w.sequence((w) => {
            w.oid('2.5.4.11');
            w.utf8(`u${i % 1000}`);
          }),
        );
    },
    (w) =>
      w.sequence((w) => {
        w.oid('2.5.29.19');
        w.octetString(Uint8Array.of(0x30, 0));
      }),
  );
}

/** An extKeyUsage of 100,000 distinct OIDs. */
function manyOids(): Uint8Array {
  const eku = encodeDer((w) =>
    w.sequence((w) => {
      for (let i = 0; i < N; i++) w.oid(`1.3.6.1.4.1.99999.3.${i}`);
    }),
  );
  return certificate(cn, (w) =>
    w.sequence((w) => {
      w.oid('2.5.29.37');
      w.octetString(eku);
    }),
  );
}

/** A SEQUENCE OF 100,000 AlgorithmIdentifiers (ECDSA without parameters, RSA with NULL, alternately). */
function manyAlgorithmIdentifiers(): Uint8Array {
  return encodeDer((w) =>
    w.sequence((w) => {
      for (let i = 0; i < N; i++) {
        if (i & 1)
          w.sequence((w) => {
            w.oid('1.2.840.113549.1.1.11');
            w.null();
          });
        else w.sequence((w) => w.oid('1.2.840.10045.4.3.2'));
      }
    }),
  );
}

/** DER elements (TLVs) in `der`, counting inside OCTET STRINGs and BIT STRINGs that hold DER. */
function countElements(der: Uint8Array, s = 0, e = der.length): number {
  const c = derCursor(der, s, e);
  let n = 0;
  while (c.pos < c.end) {
    const tag = next(c);
    n++;
    const vs = c.vs;
    const ve = c.ve;
    if (tag & 0x20) n += countElements(der, vs, ve);
    else if (tag === 0x04 || tag === 0x03) {
      const from = tag === 0x03 ? vs + 1 : vs;
      try {
        if (from < ve) n += countElements(der, from, ve);
      } catch {
        // Not DER inside (a key, a signature, raw octets): a leaf.
      }
    }
  }
  return n;
}

/** The section: rows are calls per CPU second; notes give µs per element. */
export async function bench(): Promise<BenchSection> {
  const all = rootCertificates.map((p) => new Uint8Array(new X509Certificate(p).raw));
  // The roots whose every extension decodes strictly (a few carry non-DER values, e.g. keyUsage
  // with trailing zero bits; the reference keeps to the ones that decode without an error).
  const roots = all.filter((d) => {
    try {
      decodeAllExtensions(parseCertificate(d));
      return true;
    } catch {
      return false;
    }
  });
  const rootElements = roots.reduce((n, d) => n + countElements(d), 0);
  const inputs = { extensions: manyExtensions(), rdns: manyRdns(), oids: manyOids(), algs: manyAlgorithmIdentifiers() };

  const full = (): unknown => {
    let last: unknown;
    for (const d of roots) {
      const c = parseCertificate(d);
      decodeAllExtensions(c);
      last = c;
    }
    return last;
  };
  const ext = (): unknown => parseCertificate(inputs.extensions, BIG); // the walk (extension objects are made on first read)
  const rdn = (): unknown => parseCertificate(inputs.rdns, BIG).subject; // the walk, as the reference's names
  const oid = (): unknown => getExtension(parseCertificate(inputs.oids, BIG), extKeyUsageCodec);
  const alg = (): unknown => {
    const r = new DerReader(inputs.algs).enter(0x30, 'algorithms');
    let last: unknown;
    while (!r.atEnd) last = parseAlgorithmIdentifier(r);
    return last;
  };
  // Checked before timing: every input parses and has its 100,000 children.
  if (parseCertificate(inputs.extensions, BIG).extensions.length !== N || parseCertificate(inputs.rdns, BIG).subject.rdns.length !== N || (oid() as unknown[]).length !== N)
    throw new Error('a hostile input did not parse to 100,000 children');

  const ms = await measureInterleaved([full, ext, rdn, oid, alg], { minTimeMs: 6000, warmupMs: 1000, rounds: 15 });
  const usRoot = 1e6 / (ms[0]!.opsPerSec * rootElements);
  const per = (m: number): number => 1e6 / (ms[m]!.opsPerSec * N);
  const row = (m: number, name: string, bytes: number): BenchRow => ({
    name,
    library: 'certkit',
    opsPerSec: ms[m]!.opsPerSec,
    spread: ms[m]!.spread,
    note: `${(bytes / 1e6).toFixed(2)} MB; ${per(m).toFixed(3)} µs per child, ${(per(m) / usRoot).toFixed(1)}x the roots' per-element cost`,
  });
  return {
    title: 'Many small elements: 100,000 children in one input',
    note: [
      'Four valid inputs of about 1.1–1.5 MB, each a list of 100,000 children, parsed with `maxInputSize` raised (the 1 MiB default refuses them before any walking).',
      'The reference row decodes everything of each Node root (`parseCertificate`, both names, `decodeAllExtensions`);',
      `its per-element cost is the time over the ${rootElements.toLocaleString('en-US')} DER elements of the ${roots.length} roots (of ${all.length}; the others have an extension value that does not decode strictly) (every TLV, extension values included): ${usRoot.toFixed(3)} µs.`,
      'A hostile child is counted as one element although it is 1–4 TLVs, so the ratios are pessimistic. Rates are per second of process CPU time, in interleaved rounds.',
    ].join(' '),
    rows: [
      {
        name: 'decode the root store fully (reference)',
        library: 'certkit',
        opsPerSec: ms[0]!.opsPerSec,
        spread: ms[0]!.spread,
        note: `${roots.length} certificates per op, ${usRoot.toFixed(3)} µs per element`,
      },
      row(1, 'certificate with 100,000 extensions: parse', inputs.extensions.length),
      row(2, 'subject of 100,000 RDNs: parse + subject', inputs.rdns.length),
      row(3, 'extKeyUsage of 100,000 OIDs: parse + getExtension', inputs.oids.length),
      row(4, '100,000 AlgorithmIdentifiers: parseAlgorithmIdentifier each', inputs.algs.length),
    ],
  };
}
