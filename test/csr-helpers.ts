/**
 * Helpers for the CSR tests: hand-made CertificationRequest encodings (to reach every rule the
 * builder would never break), and the pyca vector paths. Not a test file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DerWriter, compareEncodings } from '../src/der/index';
import { PKCS9 } from '../src/oid/index';
import type { Signer } from '../src/sig/index';

export const PYCA = join(__dirname, 'vectors', 'pyca-x509');

/** A pyca vector: PEM as text, DER as bytes. */
export function pyca(rel: string): string | Uint8Array {
  const buf = readFileSync(join(PYCA, rel));
  return rel.endsWith('.pem') ? buf.toString('latin1') : new Uint8Array(buf);
}

/** One Attribute: SEQUENCE { type, SET OF values } (values sorted unless told). */
export function attr(oid: string, values: Uint8Array[], sortValues = true): Uint8Array {
  const vals = sortValues ? [...values].sort(compareEncodings) : values;
  const w = new DerWriter();
  w.sequence((w) => {
    w.oid(oid);
    w.constructed(0x31, (w) => {
      for (const v of vals) w.raw(v);
    });
  });
  return w.finish();
}

/** An Extensions SEQUENCE as one value. */
export function extensions(exts: Array<{ oid: string; critical?: boolean; value: Uint8Array; explicitFalse?: boolean }>): Uint8Array {
  const w = new DerWriter();
  w.sequence((w) => {
    for (const e of exts) {
      w.sequence((w) => {
        w.oid(e.oid);
        if (e.critical === true) w.boolean(true);
        else if (e.explicitFalse === true) w.boolean(false);
        w.octetString(e.value);
      });
    }
  });
  return w.finish();
}

/** An extensionRequest attribute (or the Microsoft alias). */
export function extReq(exts: Parameters<typeof extensions>[0], oid: string = PKCS9.extensionRequest): Uint8Array {
  return attr(oid, [extensions(exts)]);
}

export interface InfoParts {
  version?: number;
  subject?: Uint8Array;
  spki: Uint8Array;
  /** `null` omits the [0] field. */
  attributes?: Uint8Array[] | null;
  sortAttributes?: boolean;
}

/** A CertificationRequestInfo. */
export function info(p: InfoParts): Uint8Array {
  const w = new DerWriter();
  w.sequence((w) => {
    w.integer(p.version ?? 0);
    w.raw(p.subject ?? Uint8Array.of(0x30, 0x00));
    w.raw(p.spki);
    if (p.attributes !== null) {
      const list = p.attributes ?? [];
      const items = p.sortAttributes === false ? list : [...list].sort(compareEncodings);
      w.constructed(0xa0, (w) => {
        for (const a of items) w.raw(a);
      });
    }
  });
  return w.finish();
}

/** A CertificationRequest around an info, with the given algorithm and signature bytes. */
export function wrap(infoDer: Uint8Array, sigAlg: Uint8Array, signature: Uint8Array, unusedBits = 0): Uint8Array {
  const w = new DerWriter();
  w.sequence((w) => {
    w.raw(infoDer);
    w.raw(sigAlg);
    w.bitString({ bytes: signature, unusedBits });
  });
  return w.finish();
}

/** AlgorithmIdentifier DER. */
export function algId(oid: string, nullParams = false): Uint8Array {
  const w = new DerWriter();
  w.sequence((w) => {
    w.oid(oid);
    if (nullParams) w.null();
  });
  return w.finish();
}

/** Signs `infoDer` with a signer (so the request verifies) and wraps it. */
export async function signed(signer: Signer, parts: Omit<InfoParts, 'spki'>): Promise<Uint8Array> {
  const i = info({ ...parts, spki: signer.publicKey });
  const sig = await signer.sign(i);
  const w = new DerWriter();
  w.sequence((w) => {
    w.raw(i);
    w.sequence((w) => {
      w.oid(signer.algorithm.oid);
      if (signer.algorithm.parameters) w.raw(signer.algorithm.parameters);
    });
    w.bitString(sig);
  });
  return w.finish();
}

/** A DER string element. */
export function str(tag: number, s: string): Uint8Array {
  return new DerWriter().string(tag, s).finish();
}
