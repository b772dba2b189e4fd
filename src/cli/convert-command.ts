/**
 * `certkit convert`: certificates and CRLs between PEM, DER and PKCS#7 bundles (`.p7b`/`.p7c`,
 * the certs-only CMS SignedData of RFC 5652 that Windows, Java and EST use).
 *
 * Scope: reading any number of inputs (PEM with any number of blocks, DER, PKCS#7 in DER or PEM),
 * writing all their certificates and CRLs as one PKCS#7 bundle (DER or PEM `PKCS7`), as PEM
 * blocks, or one of them as DER. The output format is `--to`, or follows the `--out` extension.
 * Non-goals: keys and CSRs (they do not go into a bundle; `pkcs12` handles keys), signed CMS.
 * @module
 */
import { encodeCertsOnly, signedDataToPem } from '../cms/index';
import { crlToPem } from '../crl/index';
import { certificateToPem } from '../x509/index';
import { _str, type _Command } from './command';
import { CliError, kindName, readObjects, writeFileAtomic, type CliObject } from './io';

type _Target = 'pem' | 'der' | 'p7b' | 'p7b-pem';
const TARGETS: readonly _Target[] = ['pem', 'der', 'p7b', 'p7b-pem'];

function _target(to: string | undefined, out: string | undefined): _Target {
  if (to !== undefined) {
    if (!TARGETS.includes(to as _Target)) throw new CliError(2, `--to must be one of ${TARGETS.join(', ')}, got '${to}'`);
    return to as _Target;
  }
  const ext = out?.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1];
  if (ext === 'p7b' || ext === 'p7c') return 'p7b';
  if (ext === 'der' || ext === 'cer' || ext === 'crl') return 'der';
  if (ext === 'pem' || ext === 'crt' || ext === undefined) return 'pem';
  throw new CliError(2, `cannot tell the output format from '.${ext}'; give --to ${TARGETS.join('|')}`);
}

/**
 * The `convert` subcommand.
 * @example
 * ```ts
 * await run(['convert', 'chain.pem', '--out', 'chain.p7b']);
 * ```
 */
export const convert: _Command = {
  usage: 'certkit convert FILE... [--out FILE] [--to pem|der|p7b|p7b-pem]',
  summary: 'convert certificates and CRLs between PEM, DER and PKCS#7 bundles (.p7b)',
  help: `Reads certificates and CRLs from each FILE (PEM, DER, or a PKCS#7 / CMS bundle such as a
.p7b, .p7c or .p7s, in DER or PEM) and writes them all:
  p7b      one PKCS#7 certs-only bundle, DER (RFC 5652; what Windows, Java and EST use)
  p7b-pem  the same bundle as PEM ('-----BEGIN PKCS7-----')
  pem      PEM blocks, certificates then CRLs, in input order
  der      DER; only when there is exactly one certificate or CRL
The bundle is DER: its certificates are sorted by encoding (X.690 SET OF rule), so their order
is not kept; chain order does not matter to readers of bundles.

Options:
  --out FILE   where to write (default standard output; DER and p7b need a file)
  --to FORMAT  ${TARGETS.join(', ')} (default: from the --out extension: .p7b/.p7c p7b,
               .der/.cer/.crl der, otherwise pem)`,
  options: { out: { type: 'string' }, to: { type: 'string' } },
  positionals: [1, 1000],
  async run(v, files, io) {
    const out = _str(v, 'out');
    const target = _target(_str(v, 'to'), out);
    const objs: CliObject[] = [];
    for (const f of files) {
      for (const o of readObjects(f)) {
        if (o.kind !== 'certificate' && o.kind !== 'crl') {
          throw new CliError(2, `${f} holds a ${kindName(o.kind)}; convert handles certificates and CRLs only`);
        }
        objs.push(o);
      }
    }
    const certs = objs.flatMap((o) => (o.kind === 'certificate' ? [o.value] : []));
    const crls = objs.flatMap((o) => (o.kind === 'crl' ? [o.value] : []));
    let data: string | Uint8Array;
    switch (target) {
      case 'p7b':
      case 'p7b-pem': {
        const der = encodeCertsOnly(
          certs.map((c) => c.raw),
          crls.map((c) => c.raw),
        );
        data = target === 'p7b' ? der : signedDataToPem(der);
        break;
      }
      case 'pem':
        if (objs.length === 0) throw new CliError(2, 'the input holds no certificate or CRL');
        data = [...certs.map((c) => certificateToPem(c)), ...crls.map((c) => crlToPem(c))].join('');
        break;
      case 'der': {
        if (objs.length !== 1) throw new CliError(2, `DER holds one object and the input has ${objs.length}; use --to pem or --to p7b`);
        data = certs.length === 1 ? certs[0]!.raw : crls[0]!.raw;
        break;
      }
    }
    if (out === undefined) {
      if (typeof data !== 'string') throw new CliError(2, `${target} output is binary; give --out FILE (or --to pem / p7b-pem for text)`);
      io.stdout(data);
    } else {
      writeFileAtomic(out, data);
    }
    io.stderr(`${certs.length} certificate${certs.length === 1 ? '' : 's'} and ${crls.length} CRL${crls.length === 1 ? '' : 's'} -> ${out ?? 'standard output'} (${target})\n`);
    return 0;
  },
};
