/**
 * EST (RFC 7030) under `/.well-known/est/` and `/.well-known/est/<label>/`: `cacerts` (§4.1),
 * `simpleenroll` and `simplereenroll` (§4.2), `serverkeygen` (§4.4) and `csrattrs` (§4.5).
 *
 * Scope: authentication (HTTP Basic against the AuthStore, §3.2.3; or a TLS client certificate
 * this CA issued, validated here with `certkit/path` because the adapter does not, §3.3.2),
 * the exact media types and base64 bodies of the RFC, and the re-enrollment rules: the client
 * presents the certificate it renews, which must be this CA's, valid and not revoked, and not
 * already renewed; the new request's subject and subjectAltNames must equal the certificate's
 * unless the label allows a change (§4.2.2). "Not already renewed" is checked in the store and
 * against renewals in flight in this process; two service processes sharing one store could each
 * renew the same certificate once at the same instant. Non-goals: full CMC (§4.3), encrypted server-side
 * keys (§4.4.2's asymmetric/symmetric key wrapping: the key is sent in the clear inside TLS),
 * 202 + Retry-After (every request is decided at once), channel binding (§3.5).
 * @module
 */
import { bytesEqual, encodeDer } from '../der/index';
import { encodeCertsOnly } from '../cms/index';
import { CsrBuilder, csrPublicKey, parseCsr, type Csr } from '../csr/index';
import { generateKeyPair, type KeyPairAlgorithm } from '../keys/index';
import { ATTRIBUTE, EXTENSION, NAMED_CURVE, PUBLIC_KEY_ALGORITHM, SIGNATURE_ALGORITHM } from '../oid/index';
import { verifyChain } from '../path/index';
import { signerFromPrivateKey } from '../sig/index';
import { getExtension, nameEquals, parseCertificate, subjectAltNameCodec, formatIpAddress, type Certificate, type GeneralName } from '../x509/index';
import type { CertificateProfile, CertificateRecord } from '../ca/index';
import { ServerError } from './errors';
import { decodeEstBase64, estBase64, estResponse, readBody, requireMediaType } from './http';
import type { _Call, _Core, _Label } from './_core';

const _CERTS_ONLY = 'application/pkcs7-mime; smime-type=certs-only';

/** Who the EST client is. */
interface _EstClient {
  readonly principal: string;
  /** The validated client certificate and its record, when it authenticated with one. */
  readonly certificate?: Certificate;
  readonly record?: CertificateRecord;
}

function _label(core: _Core, name: string | undefined): _Label {
  if (name === undefined) return core.defaultLabel;
  const l = core.labels.get(name);
  if (l === undefined) throw new ServerError('unknown-label', `no EST label '${name.slice(0, 64)}' here; this service has ${[...core.labels.keys()].join(', ') || 'none'}`);
  return l;
}

/**
 * RFC 7030 §3.3.2: a client certificate is accepted when it chains to this CA (validated now,
 * signatures and validity checked), was issued by this CA, is in its store and is not revoked.
 */
async function _clientCertificate(core: _Core, call: _Call): Promise<{ certificate: Certificate; record: CertificateRecord } | undefined> {
  if (call.clientCertificates.length === 0) return undefined;
  let leaf: Certificate;
  try {
    leaf = parseCertificate(call.clientCertificates[0]!);
  } catch (e) {
    throw new ServerError('unauthorized', `the TLS client certificate does not parse: ${(e as Error).message}`, { cause: e });
  }
  const ca = core.ca;
  const anchors = ca.chain.length > 0 ? [ca.chain[ca.chain.length - 1]!] : [ca.certificate];
  const intermediates = ca.chain.length > 0 ? [ca.certificate, ...ca.chain.slice(0, -1)] : [];
  let chain: readonly Certificate[];
  try {
    chain = (await verifyChain(leaf, { anchors, intermediates, time: core.now() })).chain;
  } catch (e) {
    throw new ServerError('unauthorized', `the TLS client certificate does not validate against this CA: ${(e as Error).message}`, { cause: e });
  }
  if (chain.length < 2 || !bytesEqual(chain[1]!.raw, ca.certificate.raw)) throw new ServerError('unauthorized', 'the TLS client certificate was not issued by this CA');
  const record = await core.store.get(leaf.serialNumberHex);
  if (record === undefined || !bytesEqual(record.der, leaf.raw)) throw new ServerError('unauthorized', "the TLS client certificate is not in this CA's records");
  if (record.revocation !== undefined) throw new ServerError('unauthorized', `the TLS client certificate was revoked (${record.revocation.reason})`);
  return { certificate: leaf, record };
}

function _basic(call: _Call): { user: string; password: string } | undefined {
  const h = call.request.headers.get('authorization');
  if (h === null || h.trim() === '') return undefined;
  const m = /^Basic[ ]+([A-Za-z0-9+/=]+)\s*$/i.exec(h);
  if (m === null) throw new ServerError('unauthorized', 'EST takes HTTP Basic credentials (or a TLS client certificate)');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(decodeEstBase64(new TextEncoder().encode(m[1]!)));
  } catch {
    throw new ServerError('unauthorized', 'the Basic credentials are not base64 of UTF-8');
  }
  const i = text.indexOf(':');
  if (i < 0) throw new ServerError('unauthorized', 'the Basic credentials have no ":"');
  return { user: text.slice(0, i), password: text.slice(i + 1) };
}

/**
 * RFC 7030 §3.2.3 / §3.3.2: HTTP Basic against the AuthStore, or the TLS client certificate.
 * With Basic credentials the certificate is not looked at (a client may present one from
 * elsewhere), except for re-enrollment (`needCertificate`), where it is required and validated
 * whatever else is given.
 */
async function _authenticate(core: _Core, call: _Call, needCertificate = false): Promise<_EstClient> {
  const basic = _basic(call);
  const cert = needCertificate || basic === undefined ? await _clientCertificate(core, call) : undefined;
  if (needCertificate && cert === undefined) throw new ServerError('unauthorized', 'simplereenroll needs the TLS client certificate being renewed (RFC 7030 §4.2.2)');
  if (basic !== undefined) {
    const user = await core.passwords.verify(core.auth, basic.user, basic.password);
    if (user === undefined) {
      call.principal = basic.user.slice(0, 128);
      throw new ServerError('unauthorized', 'wrong user name or password');
    }
    call.principal = user.name;
    return { principal: user.name, ...(cert ? cert : {}) };
  }
  if (cert !== undefined) {
    call.principal = `cert:${cert.record.serial}`;
    return { principal: call.principal, ...cert };
  }
  throw new ServerError('unauthorized', 'EST enrollment needs HTTP Basic credentials or a TLS client certificate issued by this CA');
}

async function _readCsr(core: _Core, call: _Call): Promise<Csr> {
  requireMediaType(call.request, ['application/pkcs10']);
  const der = decodeEstBase64(await readBody(call.request, core.maxBodyBytes));
  try {
    return parseCsr(der);
  } catch (e) {
    throw new ServerError('bad-csr', `the body is not a PKCS#10 request: ${(e as Error).message}`, { cause: e });
  }
}

function _requester(call: _Call, client: _EstClient, renewalOf?: string) {
  return {
    principal: client.principal,
    method: 'est' as const,
    ...(call.address !== undefined ? { address: call.address } : {}),
    ...(call.userAgent !== undefined ? { userAgent: call.userAgent } : {}),
    ...(renewalOf !== undefined ? { renewalOf } : {}),
  };
}

function _sanStrings(names: readonly GeneralName[] | undefined): string[] {
  return (names ?? [])
    .map((g) => {
      switch (g.type) {
        case 'dns':
          return `dns:${g.value.toLowerCase()}`;
        case 'email':
          return `email:${g.value.toLowerCase()}`;
        case 'ip':
          return `ip:${formatIpAddress(g.value)}`;
        case 'uri':
          return `uri:${g.value}`;
        default:
          return `${g.type}:?`;
      }
    })
    .sort();
}

async function _enroll(core: _Core, call: _Call, label: _Label, reenroll: boolean): Promise<Response> {
  // RFC 7030 §4.2.2: a re-enrolling client authenticates with the certificate it renews.
  const client = await _authenticate(core, call, reenroll);
  let profile = label.profile;
  let renewalOf: string | undefined;
  if (reenroll && client.record !== undefined) {
    profile = client.record.profile;
    renewalOf = client.record.serial;
  }
  call.profile = profile;
  const csr = await _readCsr(core, call);
  if (reenroll) {
    const old = client.certificate!;
    if (!label.allowNameChange) {
      let same: boolean;
      try {
        same = nameEquals(csr.subject, old.subject) && _sanStrings(getExtension(csr, subjectAltNameCodec)).join('\n') === _sanStrings(getExtension(old, subjectAltNameCodec)).join('\n');
      } catch (e) {
        throw new ServerError('bad-csr', `the request's names cannot be read: ${(e as Error).message}`, { cause: e });
      }
      if (!same) throw new ServerError('reenroll-mismatch', `the request's subject and subjectAltNames must be those of certificate ${renewalOf} (RFC 7030 §4.2.2)`);
    }
    // One renewal per certificate: an earlier one in the store, or one in flight in this process.
    if (core.renewing.has(renewalOf!)) throw new ServerError('reenroll-replay', `certificate ${renewalOf} is being renewed by another request`);
    core.renewing.add(renewalOf!);
    try {
      const before = await core.store.query({ filters: { renewalOf: renewalOf! }, limit: 1 });
      if (before.records.length > 0) throw new ServerError('reenroll-replay', `certificate ${renewalOf} was already renewed (serial ${before.records[0]!.serial}); re-enroll with the new one`);
      const issued = await core.ca.issue(csr, { profile, requester: _requester(call, client, renewalOf) });
      return estResponse(encodeCertsOnly([issued.certificate.raw]), _CERTS_ONLY);
    } finally {
      core.renewing.delete(renewalOf!);
    }
  }
  const issued = await core.ca.issue(csr, { profile, requester: _requester(call, client) });
  return estResponse(encodeCertsOnly([issued.certificate.raw]), _CERTS_ONLY);
}

/** The key type the server generates for a serverkeygen request: the request's own type. */
function _keyType(csr: Csr): KeyPairAlgorithm {
  let key;
  try {
    key = csrPublicKey(csr);
  } catch {
    return 'P-256';
  }
  switch (key.algorithm) {
    case 'ECDSA':
      return key.curve === 'P-384' || key.curve === 'P-521' ? key.curve : 'P-256';
    case 'RSA':
      return key.bits >= 4096 ? 'RSA-4096' : key.bits >= 3072 ? 'RSA-3072' : 'RSA-2048';
    case 'Ed25519':
      return 'Ed25519';
    default:
      return 'P-256';
  }
}

async function _serverKeygen(core: _Core, call: _Call, label: _Label): Promise<Response> {
  const client = await _authenticate(core, call);
  call.profile = label.profile;
  const req = await _readCsr(core, call);
  // RFC 7030 §4.4.1: the server ignores the request's key and signature; it uses its names.
  let sans: readonly GeneralName[];
  try {
    sans = getExtension(req, subjectAltNameCodec) ?? [];
  } catch (e) {
    throw new ServerError('bad-csr', `the request's subjectAltName cannot be read: ${(e as Error).message}`, { cause: e });
  }
  const { privateKey } = await generateKeyPair(_keyType(req));
  let builder = CsrBuilder.create().subject(req.subject);
  if (sans.length > 0) builder = builder.subjectAltNames(...sans);
  const csr = await builder.sign(signerFromPrivateKey(privateKey));
  const issued = await core.ca.issue(csr, { profile: label.profile, requester: _requester(call, client) });
  // RFC 7030 §4.4.2: multipart/mixed, the key (application/pkcs8) then the certificate.
  const boundary = `certkit-${Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join('')}`;
  const body = [
    `--${boundary}`,
    'Content-Type: application/pkcs8',
    'Content-Transfer-Encoding: base64',
    '',
    estBase64(privateKey.toPkcs8()).trimEnd(),
    `--${boundary}`,
    `Content-Type: ${_CERTS_ONLY}`,
    'Content-Transfer-Encoding: base64',
    '',
    estBase64(encodeCertsOnly([issued.certificate.raw])).trimEnd(),
    `--${boundary}--`,
    '',
  ].join('\r\n');
  return new Response(body, { status: 200, headers: { 'content-type': `multipart/mixed; boundary=${boundary}`, 'cache-control': 'no-store' } });
}

/**
 * RFC 7030 §4.5.2: `CsrAttrs ::= SEQUENCE SIZE (0..MAX) OF AttrOrOID`, `AttrOrOID ::= CHOICE {
 * oid OBJECT IDENTIFIER, attribute Attribute }`. What the profile wants: the signature
 * algorithm (ecdsa-with-SHA256 when it takes P-256), the curve as an id-ecPublicKey attribute
 * (the RFC's own example form), commonName when required, subjectAltName when required.
 */
function _csrAttrs(profile: CertificateProfile): Uint8Array {
  return encodeDer((w) =>
    w.sequence((w) => {
      const curves = profile.keys.ecdsa ?? [];
      if (curves.length > 0) {
        const curve = curves.includes('P-256') ? 'P-256' : curves[0]!;
        w.oid(curve === 'P-384' ? SIGNATURE_ALGORITHM.ecdsaWithSHA384 : curve === 'P-521' ? SIGNATURE_ALGORITHM.ecdsaWithSHA512 : SIGNATURE_ALGORITHM.ecdsaWithSHA256);
        w.sequence((w) => {
          w.oid(PUBLIC_KEY_ALGORITHM.ecPublicKey);
          w.setOf((w) => w.oid(curve === 'P-384' ? NAMED_CURVE.secp384r1 : curve === 'P-521' ? NAMED_CURVE.secp521r1 : NAMED_CURVE.secp256r1));
        });
      } else if (profile.keys.rsa !== undefined) {
        w.oid(SIGNATURE_ALGORITHM.sha256WithRSAEncryption);
      }
      if (profile.subject.requireCommonName) w.oid(ATTRIBUTE.commonName);
      if (profile.san.required) w.oid(EXTENSION.subjectAltName);
    }),
  );
}

/** @internal The EST route: /.well-known/est/[<label>/]<operation>. */
export async function _estRoute(core: _Core, call: _Call, m: RegExpExecArray): Promise<Response> {
  call.method = 'est';
  const label = _label(core, m[1]);
  const op = m[2]!;
  const method = call.request.method;
  const want = op === 'cacerts' || op === 'csrattrs' ? 'GET' : 'POST';
  if (method !== want && !(want === 'GET' && method === 'HEAD')) {
    throw new ServerError('method-not-allowed', `${op} takes ${want}`, { headers: { allow: want === 'GET' ? 'GET, HEAD' : 'POST' } });
  }
  call.profile = label.profile;
  switch (op) {
    case 'cacerts':
      // RFC 7030 §4.1.3: the CA certificate and what a client needs to reach its root.
      return estResponse(encodeCertsOnly([core.ca.certificate.raw, ...core.ca.chain.map((c) => c.raw)]), _CERTS_ONLY);
    case 'csrattrs':
      return estResponse(_csrAttrs(core.ca.profile(label.profile)), 'application/csrattrs');
    case 'simpleenroll':
      return _enroll(core, call, label, false);
    case 'simplereenroll':
      return _enroll(core, call, label, true);
    default:
      return _serverKeygen(core, call, label);
  }
}
