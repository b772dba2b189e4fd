/**
 * How an x509-limbo case becomes certkit validation options: the one definition shared by the
 * Node conformance runner (`limbo.ts`) and the portable suite (`test/portable/limbo.ts`), so the
 * two can never drift apart. Pure: no Node APIs, so it bundles for every runtime.
 *
 * - Profile per family: `webpki::`, `bettertls::` and `online::` under `webpki`; the
 *   RFC-semantics families (`rfc5280::`, `pathlen::`, `pathological::`, `crl::`, `cve::`,
 *   `invalid::`) under `rfc5280`.
 * - The CA/B BR 7.1.4.3 commonName-in-SAN rule only for `webpki::` (its `cn::` cases need it;
 *   BetterTLS expects clients to ignore the CN).
 * - limbo's EKU names mapped to certkit's; an empty list means serverAuth (SERVER) or clientAuth.
 * - CRLs with revocation mode `prefer`; a `null` validation time is "now".
 * - Certificates that do not parse are left out of the anchors and the pool, as a TLS client
 *   would: that can only make a valid case fail.
 * @module
 */
import { parseCertificate, type Certificate, type ValidationOptions } from '../../src/index';

/** A limbo test case (the fields the runners read; see limbo-schema.json). */
export interface LimboCase {
  id: string;
  features: string[];
  description: string;
  validation_kind: 'SERVER' | 'CLIENT';
  trusted_certs: string[];
  untrusted_intermediates: string[];
  peer_certificate: string;
  validation_time: string | null;
  key_usage: string[];
  extended_key_usage: string[];
  expected_result: 'SUCCESS' | 'FAILURE';
  expected_peer_name: { kind: 'DNS' | 'IP' | 'RFC822'; value: string } | null;
  expected_peer_names: Array<{ kind: string; value: string }>;
  max_chain_depth: number | null;
  crls: string[];
}

const EKU: Record<string, string> = {
  serverAuth: 'serverAuth',
  clientAuth: 'clientAuth',
  codeSigning: 'codeSigning',
  emailProtection: 'emailProtection',
  timeStamping: 'timeStamping',
  ocspSigning: 'OCSPSigning',
  anyExtendedKeyUsage: '2.5.29.37.0',
};

function _parseAll(pems: readonly string[]): Certificate[] {
  const out: Certificate[] = [];
  for (const p of pems) {
    try {
      out.push(parseCertificate(p));
    } catch {
      // left out (see the module comment)
    }
  }
  return out;
}

/** The profile a case runs under (see the module comment). */
export function profileFor(id: string): 'rfc5280' | 'webpki' {
  const family = id.split('::')[0];
  return family === 'webpki' || family === 'bettertls' || family === 'online' ? 'webpki' : 'rfc5280';
}

/** The validation options for a case (the leaf is parsed by the caller, which reports its errors). */
export function limboOptions(tc: LimboCase): ValidationOptions {
  const purposes = tc.extended_key_usage.length > 0 ? tc.extended_key_usage.map((e) => EKU[e] ?? e) : [tc.validation_kind === 'SERVER' ? 'serverAuth' : 'clientAuth'];
  return {
    anchors: _parseAll(tc.trusted_certs),
    intermediates: _parseAll(tc.untrusted_intermediates),
    time: tc.validation_time === null ? new Date() : new Date(tc.validation_time),
    profile: profileFor(tc.id),
    commonNameInSan: tc.id.startsWith('webpki::'),
    purposes,
    keyUsage: tc.key_usage as ValidationOptions['keyUsage'],
    ...(tc.max_chain_depth !== null ? { maxIntermediates: tc.max_chain_depth } : {}),
    ...(tc.validation_kind === 'SERVER' && tc.expected_peer_name !== null ? { hostname: tc.expected_peer_name.value } : {}),
    ...(tc.validation_kind === 'CLIENT' ? { emails: tc.expected_peer_names.filter((n) => n.kind === 'RFC822').map((n) => n.value) } : {}),
    ...(tc.crls.length > 0 ? { revocation: { mode: 'prefer' as const, crls: tc.crls } } : {}),
  };
}
