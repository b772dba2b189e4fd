/**
 * Writes `test/pyca-edge-cases.md`: what certkit does with each certificate of pyca/cryptography's
 * X.509 vectors (`test/vectors/pyca-x509/`), strict and lenient, with the RFC 5280 reason for
 * each decision and pyca/cryptography 50's own behaviour beside it as a reference.
 *
 * `npx tsx scripts/gen-pyca-edge-cases.ts` regenerates the table from the current code and the
 * justifications below; `test/pyca-edge-cases.test.ts` recomputes every outcome and fails when
 * the table and the code disagree, so the table is a checked contract, not documentation that
 * drifts. Non-goals: CSRs and CRLs (their own tables), pyca's private-key vectors.
 * @module
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CertkitError } from '../src/der/index';
import { parseCertificate, type Certificate } from '../src/x509/index';
import { certificatePublicKey, certificateSignatureAlgorithm, getDecodedExtension } from '../src/x509/index';

export const VECTORS = join(fileURLToPath(new URL('.', import.meta.url)), '..', 'test', 'vectors', 'pyca-x509');
export const REFERENCE = 'pyca-parse-reference-cryptography-50.0.2.json';
export const TABLE = join(fileURLToPath(new URL('.', import.meta.url)), '..', 'test', 'pyca-edge-cases.md');

/** pyca's recorded behaviour for one file. */
export interface PycaResult {
  kind: string;
  load?: string;
  deep?: string;
}

/** The certificate files of the reference, in its order. */
export function certificateFiles(): Array<[string, PycaResult]> {
  const ref = JSON.parse(readFileSync(join(VECTORS, REFERENCE), 'utf8')) as { results: Record<string, PycaResult> };
  return Object.entries(ref.results).filter(([, r]) => r.kind === 'cert');
}

function describeError(e: unknown): string {
  if (e instanceof CertkitError) return e.code;
  return `THROWS ${(e as Error)?.name ?? typeof e}`;
}

/** Every lazily decoded part of a parsed certificate, each on its own, as `part: code` failures. */
function deep(c: Certificate): string {
  const fails: string[] = [];
  const part = (name: string, fn: () => unknown): void => {
    try {
      fn();
    } catch (e) {
      fails.push(`${name}: ${describeError(e)}`);
    }
  };
  part('issuer', () => c.issuer.toString());
  part('subject', () => c.subject.toString());
  part('signatureAlgorithm', () => certificateSignatureAlgorithm(c));
  part('key', () => certificatePublicKey(c));
  c.extensions.forEach((e, i) => part(`ext[${i}] ${e.oid}`, () => getDecodedExtension(c, e.oid)));
  return fails.length === 0 ? 'ok' : fails.join('; ');
}

/** certkit's outcome for one input: `ok` or `code @ path` for the parse, then the deep column. */
export function outcome(bytesOrPem: Uint8Array | string, lenient: boolean): { parse: string; deep: string } {
  let c: Certificate;
  try {
    c = parseCertificate(bytesOrPem, { lenient });
  } catch (e) {
    const path = e instanceof CertkitError && e.path ? ` @ ${e.path}` : '';
    return { parse: `${describeError(e)}${path}`, deep: '-' };
  }
  return { parse: 'ok', deep: deep(c) };
}

/** The file's bytes as the parser takes them (PEM as text, DER as bytes). */
export function input(file: string): Uint8Array | string {
  const raw = readFileSync(join(VECTORS, file));
  return file.endsWith('.der') ? new Uint8Array(raw) : raw.toString('latin1');
}

/** pyca's columns, shortened to the exception name and the essential words. */
export function pycaCell(s: string | undefined): string {
  if (s === undefined) return '-';
  if (s === 'ok') return 'ok';
  const m = /^(\w+): (.*)$/.exec(s);
  const text = (m ? `${m[1]}: ${m[2]}` : s).replace(/\|/g, '/').replace(/\s+/g, ' ');
  return text.length > 90 ? text.slice(0, 87) + '...' : text;
}

// Why certkit does what it does. Files not listed are conforming certificates that parse and
// decode fully in both modes ("Conforming; every part decodes.").
const WHY: Record<string, string> = {
  'x509-head-additions/custom/dsa_null_alg_params.pem':
    'RFC 5758 §3.1 wants dsa-with-SHA* parameters absent; here they are NULL, in both signature fields (so §4.1.1.2 holds). The structure is valid, so parsing succeeds; DSA is not supported, so its key cannot be read and its parameters are not judged. pyca refuses at load.',
  'x509-head-additions/custom/ecdsa_null_alg.pem':
    'RFC 5758 §3.2: ecdsa-with-SHA* parameters MUST be absent; here they are NULL. Refused when the signature algorithm is read; lenient mode accepts NULL (early ECDSA certificates). Both signatureAlgorithm fields carry the same NULL, so §4.1.1.2 holds.',
  'x509-head-additions/custom/empty-eku.pem': 'RFC 5280 §4.2.1.12: `ExtKeyUsageSyntax ::= SEQUENCE SIZE (1..MAX)`; an empty list is refused when decoded. pyca agrees on deep access.',
  'x509-head-additions/custom/empty-ian.pem': 'RFC 5280 §4.2.1.7 with `GeneralNames ::= SEQUENCE SIZE (1..MAX)`: an empty issuerAltName is malformed. pyca accepts it.',
  'x509-head-additions/custom/empty-san.pem': 'RFC 5280 §4.2.1.6, `GeneralNames ::= SEQUENCE SIZE (1..MAX)`: an empty subjectAltName is malformed. pyca accepts it.',
  'x509-head-additions/custom/malformed-ian.pem': 'A UTF8String where a GeneralName CHOICE is expected (RFC 5280 §4.2.1.7): not a GeneralName tag. pyca agrees on deep access.',
  'x509-head-additions/custom/malformed-san.pem': 'A UTF8String where a GeneralName CHOICE is expected (RFC 5280 §4.2.1.6). pyca agrees on deep access.',
  'x509-head-additions/custom/name_attribute_unsupported_tag.pem':
    'RFC 5280 §4.1.2.4: `AttributeValue ::= ANY -- DEFINED BY AttributeType`; an [APPLICATION 9] value for an unknown attribute is kept raw (shown as #hex), not refused. pyca refuses on deep access.',
  'x509/badasn1time.pem': 'RFC 5280 §4.1.2.5.1: UTCTime MUST be `YYMMDDHHMMSSZ` (seconds present); this notAfter is not. No leniency: the instant is ambiguous.',
  'x509/badssl-sct-anonymous-sig.der':
    'The SCT list is kept raw with a summary per SCT (RFC 6962 §3.3); judging SCT signature algorithms is CT policy, outside certificate parsing. pyca fails on deep access.',
  'x509/badssl-sct-none-hash.der': 'As above: the SCT hash algorithm is not judged when parsing. pyca fails on deep access.',
  'x509/cryptography-scts-tbs-precert.der': 'A bare TBSCertificate, not a Certificate: the first element of the outer SEQUENCE is `[0]` version, not the TBSCertificate SEQUENCE (RFC 5280 §4.1).',
  'x509/cryptography.io.with_garbage.pem': 'RFC 7468 §2 allows text around PEM blocks; the CERTIFICATE block is found among others.',
  'x509/custom/alternate-rsa-sha1-oid.der':
    'The keyUsage BIT STRING keeps trailing zero bits, which DER forbids for named bit lists (X.690 §11.2.2); strict mode refuses it when keyUsage is decoded, lenient mode accepts it. The OIW sha1WithRSA signature OID itself is recognised. pyca accepts.',
  'x509/custom/cp_invalid.pem': 'RFC 5280 §4.2.1.4: a CPS qualifier (id-qt-cps) must hold an IA5String; here its structure is wrong. pyca agrees on deep access.',
  'x509/custom/cp_invalid2.der': 'RFC 5280 §4.2.1.4: a userNotice qualifier must hold a UserNotice SEQUENCE; the qualifier does not match its id. pyca agrees on deep access.',
  'x509/custom/dsa_selfsigned_ca.pem': 'Parses; DSA keys (and DSA signatures) are not supported by certkit, so reading the key fails with `unsupported-algorithm` while the rest stays readable.',
  'x509/custom/ec_no_named_curve.pem': 'RFC 5480 §2.1.1: id-ecPublicKey parameters MUST be a namedCurve (specifiedCurve is forbidden in PKIX); refused when the key is read.',
  'x509/custom/inhibit_any_policy_negative.pem': 'RFC 5280 §4.2.1.14: `SkipCerts ::= INTEGER (0..MAX)`; a negative value is refused. pyca agrees on deep access.',
  'x509/custom/invalid-sct-length.der': 'The SCT list length prefix disagrees with the data (RFC 6962 §3.3 TLS encoding); refused when the extension is decoded. pyca agrees.',
  'x509/custom/invalid-sct-version.der':
    'An SCT with a version certkit does not know is summarised, not refused: SCTs are kept raw and judging them is CT policy (RFC 6962 §3.2 leaves unknown versions to the client). pyca fails on deep access.',
  'x509/custom/invalid_utf8_common_name.pem':
    'A UTF8String that is not valid UTF-8 (X.680 §41, RFC 3629) in issuer and subject: refused when a name is read, in both modes (no guess at the text). pyca agrees on deep access.',
  'x509/custom/invalid_version.pem': 'RFC 5280 §4.1.2.1: Version is v1(0), v2(1) or v3(2); 7 is refused at parse, in both modes. pyca agrees.',
  'x509/custom/long-form-name-attribute.pem': 'The attribute value uses a high-tag-number form; `AttributeValue ::= ANY` (RFC 5280 §4.1.2.4), so it is kept raw. pyca refuses on deep access.',
  'x509/custom/nc_invalid_ip4_netmask.der':
    'RFC 5280 §4.2.1.10 defines the iPAddress constraint as address plus mask (8 or 32 octets) without requiring a CIDR-contiguous mask; the name is decoded and matching applies the mask bitwise. pyca refuses on deep access.',
  'x509/custom/nc_invalid_ip_netmask.pem': 'As above (IPv6): non-contiguous masks are decoded, not refused. pyca refuses on deep access.',
  'x509/custom/nc_ip_invalid_length.pem': 'RFC 5280 §4.2.1.10: an iPAddress constraint has 8 (IPv4) or 32 (IPv6) octets; 33 is refused. pyca agrees.',
  'x509/custom/negative_serial.pem':
    'RFC 5280 §4.1.2.2: the serial number MUST be positive; refused in strict mode. Lenient mode accepts it, as §4.1.2.2 asks users to "gracefully handle" such certificates.',
  'x509/custom/san_empty_hostname.pem':
    'RFC 5280 §4.2.1.6: "MUST NOT issue certificates with subjectAltNames containing empty GeneralName fields"; strict mode refuses the empty dNSName, lenient mode accepts it. pyca accepts.',
  'x509/custom/two_basic_constraints.pem':
    'RFC 5280 §4.2: "A certificate MUST NOT include more than one instance of a particular extension"; refused at parse in both modes (a second basicConstraints could contradict the first). pyca refuses only on deep access.',
  'x509/custom/unsupported_extension_2.pem':
    'sha256WithRSAEncryption with absent parameters: RFC 4055 §5 says they MUST be NULL but also that implementations MUST accept them absent. The signature layer refuses absent parameters in strict mode (lenient accepts): a deviation from RFC 4055 §5 reported to the signature layer.',
  'x509/custom/unsupported_subject_public_key_info.pem': 'An unknown key algorithm: the key cannot be read (`unsupported-algorithm`), everything else can.',
  'x509/e-trust.ru.der': 'A GOST R 34.10-2001 key: not supported, so the key cannot be read; the rest of the certificate can.',
  'x509/ed25519/ed25519-rfc8410.pem': 'X.690 §11.5: a DEFAULT value (critical FALSE) must be omitted in DER; strict mode refuses, lenient mode accepts (common in older certificates). pyca refuses.',
  'x509/san_edipartyname.der': 'ediPartyName is kept raw (RFC 5280 §4.2.1.6 allows it); the DSA key is not supported. pyca refuses the name type on deep access.',
  'x509/san_x400address.der': 'x400Address is kept raw; the DSA key is not supported. pyca refuses the name type on deep access.',
  'x509/utf8-dnsname.pem': 'RFC 5280 §4.2.1.6: dNSName is an IA5String; non-ASCII octets are refused when the SAN is read, in both modes (an IDN must be in A-label form). pyca accepts.',
  'x509/v1_cert.pem':
    'RFC 5280 §4.1.1.2: signatureAlgorithm MUST equal tbsCertificate.signature; here md5WithRSAEncryption inside and the bare md5 OID outside. Refused at parse in both modes: a mismatch lets two parties verify different things. pyca accepts.',
  'x509/verisign_md2_root.pem': 'Parses and decodes; MD2 signatures cannot be verified (not supported), which does not stop reading.',
  'x509/wosign-bc-invalid.pem':
    'basicConstraints with pathLenConstraint but cA FALSE: RFC 5280 §4.2.1.9 makes that a rule for CAs ("MUST NOT include"), and path validation ignores pathLenConstraint when cA is FALSE, so it is decoded as is. pyca refuses on deep access.',
  'x509/unique_identifier.pem': 'v3 with unique identifiers (RFC 5280 §4.1.2.8): read as BIT STRINGs.',
};

/** The justification of a file (conforming ones share one line). */
export function why(file: string): string {
  return WHY[file] ?? 'Conforming; every part decodes.';
}

/** The whole markdown document. */
export function render(): string {
  const rows = certificateFiles().map(([file, ref]) => {
    const s = outcome(input(file), false);
    const l = outcome(input(file), true);
    return `| \`${file}\` | ${s.parse} | ${s.deep} | ${l.parse} | ${l.deep} | ${pycaCell(ref.load)} | ${pycaCell(ref.deep)} | ${why(file)} |`;
  });
  const tally = certificateFiles().map(([file]) => outcome(input(file), false));
  const parsed = tally.filter((t) => t.parse === 'ok').length;
  const full = tally.filter((t) => t.deep === 'ok').length;
  return `# pyca/cryptography X.509 certificate vectors in certkit

What certkit does with each certificate of pyca/cryptography's X.509 test vectors
(\`test/vectors/pyca-x509/\`, Apache-2.0 OR BSD-3-Clause), in strict mode (the default) and in
lenient mode, with the reason for each decision from RFC 5280 and the standards it cites.
pyca/cryptography 50.0.2's own behaviour (\`${REFERENCE}\`) is recorded beside it as a reference,
not as the truth.

- **parse**: \`parseCertificate(input, { lenient })\`: \`ok\`, or the error \`code @ path\`.
- **deep**: every lazily decoded part read on its own (issuer, subject, signatureAlgorithm, key, each
  extension): \`ok\`, or \`part: code\` for each part that fails; \`-\` when the parse failed.
- **pyca load / deep**: \`x509.load_*_certificate\` and pyca's access to every field.

Tally (strict): ${tally.length} certificates, ${parsed} parse, ${full} decode completely;
${tally.length - parsed} are refused at parse.

Generated by \`npx tsx scripts/gen-pyca-edge-cases.ts\`; \`test/pyca-edge-cases.test.ts\` fails when
this table and the code disagree.

| file | strict parse | strict deep | lenient parse | lenient deep | pyca load | pyca deep | why |
| --- | --- | --- | --- | --- | --- | --- | --- |
${rows.join('\n')}
`;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeFileSync(TABLE, render());
  console.log(`wrote ${TABLE}`);
}
