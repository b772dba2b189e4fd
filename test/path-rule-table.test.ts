/**
 * The rule table of docs/conformance.md (`scripts/conformance/rule-table.ts`), from both sides:
 * for every row marked `rule-table`, a chain (root → intermediate → leaf, P-256) that breaks
 * only that rule gives the row's outcome under each profile, and the same chain without the
 * break is valid under both. A row marked `rule-table` without a generator here fails the test,
 * so the published table cannot claim a test that does not exist.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair, type KeyPair } from '../src/keys/index';
import { dns, type Certificate } from '../src/x509/index';
import { verifyChainSync, ValidationError, type Profile } from '../src/path/index';
import { CERTIFICATE_RULES } from '../scripts/conformance/rule-table';
import { at, baseSpec, CLIENT_AUTH, encode, HOST, NOW, SERVER_AUTH, type Spec } from './path-chain-specs';

interface Chain {
  root: Spec;
  icas: Spec[];
  leaf: Spec;
}

/** Each generator breaks exactly one rule of a valid chain. */
const BREAK: Readonly<Record<string, (c: Chain) => void>> = {
  'serial-positive': (c) => {
    c.leaf.serialZero = true;
  },
  'issuer-nonempty': (c) => {
    c.leaf.emptyIssuer = true;
  },
  'utctime-before-2050': (c) => {
    c.leaf.generalizedTime = true;
  },
  validity: (c) => {
    c.leaf.notBefore = at(-400);
    c.leaf.notAfter = at(-1);
  },
  signature: (c) => {
    c.leaf.wrongSigner = true;
  },
  'unknown-critical-leaf': (c) => {
    c.leaf.unknownCritical = true;
  },
  'unknown-critical-ca': (c) => {
    c.icas[0]!.unknownCritical = true;
  },
  'aki-noncritical': (c) => {
    c.leaf.akiCritical = true;
  },
  'aki-keyid': (c) => {
    c.leaf.aki = false;
  },
  'ski-ca': (c) => {
    c.icas[0]!.ski = false;
  },
  'ski-noncritical': (c) => {
    c.icas[0]!.skiCritical = true;
  },
  'ku-in-ca': (c) => {
    c.icas[0]!.ku = null;
  },
  'ku-keycertsign': (c) => {
    c.icas[0]!.ku = { bits: ['cRLSign', 'digitalSignature'], critical: true };
  },
  'anchor-ku-keycertsign': (c) => {
    c.root.ku = { bits: ['cRLSign', 'digitalSignature'], critical: true };
  },
  'san-noncritical-with-subject': (c) => {
    c.leaf.san!.critical = true;
  },
  'bc-critical-ca': (c) => {
    c.icas[0]!.bc!.critical = false;
  },
  'bc-critical-anchor': (c) => {
    c.root.bc!.critical = false;
  },
  'pathlen-needs-ca': (c) => {
    c.leaf.bc = { cA: false, critical: true, rawPathLenNoCa: true };
  },
  'issuer-is-ca': (c) => {
    c.icas[0]!.bc = { cA: false, critical: true };
  },
  'issuer-has-bc': (c) => {
    c.icas[0]!.bc = null;
  },
  pathlen: (c) => {
    c.icas.push(baseSpec('ica', 'CN=Rule ICA 2'));
    c.icas[0]!.bc!.pathLen = 0;
  },
  'nc-only-in-ca': (c) => {
    c.leaf.nc = { permitted: [{ base: dns('example.com') }] };
  },
  'nc-critical': (c) => {
    c.icas[0]!.nc = { permitted: [{ base: dns('example.com') }] };
    c.icas[0]!.ncCritical = false;
  },
  'nc-permitted': (c) => {
    c.icas[0]!.nc = { permitted: [{ base: dns('example.org') }] };
  },
  'nc-excluded': (c) => {
    c.icas[0]!.nc = { excluded: [{ base: dns(HOST) }] };
  },
  'pc-critical': (c) => {
    c.icas[0]!.policyConstraints = { critical: false };
  },
  'iap-critical': (c) => {
    c.icas[0]!.inhibitAnyPolicy = { critical: false };
  },
  'eku-purpose': (c) => {
    c.leaf.eku = { oids: [CLIENT_AUTH], critical: false };
  },
  'eku-required': (c) => {
    c.leaf.eku = null;
  },
  'eku-noncritical': (c) => {
    c.leaf.eku!.critical = true;
  },
  'eku-ca-chaining': (c) => {
    c.icas[0]!.eku = { oids: [CLIENT_AUTH], critical: false };
  },
  'leaf-not-ca': (c) => {
    c.leaf.bc = { cA: true, critical: true };
  },
  'leaf-no-keycertsign': (c) => {
    c.leaf.ku = { bits: ['digitalSignature', 'keyCertSign'], critical: true };
  },
  'leaf-ku-purpose': (c) => {
    c.leaf.ku = { bits: ['cRLSign'], critical: true };
  },
  'leaf-san-required': (c) => {
    c.leaf.san = null;
  },
  'root-no-eku': (c) => {
    c.root.eku = { oids: [SERVER_AUTH], critical: false };
  },
  'anchor-v3': (c) => {
    c.root.v1 = true;
  },
};

/** What "keeping" the rule looks like where the unbroken chain alone would not exercise it. */
const KEEP: Readonly<Record<string, (c: Chain) => void>> = {
  pathlen: (c) => {
    c.icas.push(baseSpec('ica', 'CN=Rule ICA 2'));
    c.icas[0]!.bc!.pathLen = 1;
  },
  'nc-critical': (c) => {
    c.icas[0]!.nc = { permitted: [{ base: dns('example.com') }] };
  },
  'nc-permitted': (c) => {
    c.icas[0]!.nc = { permitted: [{ base: dns('example.com') }] };
  },
  'nc-excluded': (c) => {
    c.icas[0]!.nc = { excluded: [{ base: dns('other.example.com') }] };
  },
  'pc-critical': (c) => {
    c.icas[0]!.policyConstraints = { critical: true };
  },
  'iap-critical': (c) => {
    c.icas[0]!.inhibitAnyPolicy = { critical: true };
  },
  'eku-ca-chaining': (c) => {
    c.icas[0]!.eku = { oids: [SERVER_AUTH], critical: false };
  },
  'leaf-ku-purpose': (c) => {
    c.leaf.ku = { bits: ['keyEncipherment'], critical: true };
  },
  'ku-keycertsign': (c) => {
    c.icas[0]!.ku = { bits: ['keyCertSign'], critical: true };
  },
};

let keys: KeyPair[];

function fresh(): Chain {
  return { root: baseSpec('root', 'CN=Rule Root'), icas: [baseSpec('ica', 'CN=Rule ICA')], leaf: baseSpec('leaf', `CN=${HOST}`) };
}

async function build(c: Chain): Promise<{ root: Certificate; intermediates: Certificate[]; leaf: Certificate }> {
  const root = await encode(c.root, keys[0]!, undefined);
  let parent = { cert: root, key: keys[0]! };
  const intermediates: Certificate[] = [];
  for (let i = 0; i < c.icas.length; i++) {
    const cert = await encode(c.icas[i]!, keys[1 + i]!, parent);
    intermediates.push(cert);
    parent = { cert, key: keys[1 + i]! };
  }
  const leaf = await encode(c.leaf, keys[3]!, parent);
  return { root, intermediates, leaf };
}

function outcome(b: { root: Certificate; intermediates: Certificate[]; leaf: Certificate }, profile: Profile): string {
  try {
    verifyChainSync(b.leaf, { anchors: [b.root], intermediates: b.intermediates, time: NOW, purposes: ['serverAuth'], hostname: HOST, profile });
    return 'valid';
  } catch (e) {
    if (e instanceof ValidationError) return e.code;
    throw e;
  }
}

beforeAll(async () => {
  keys = await Promise.all(Array.from({ length: 4 }, () => generateKeyPair('P-256')));
});

describe('rule table (docs/conformance.md), both sides', () => {
  const rows = CERTIFICATE_RULES.filter((r) => r.test === 'rule-table');

  it('every rule-table row has a generator', () => {
    expect(rows.filter((r) => BREAK[r.id] === undefined).map((r) => r.id)).toEqual([]);
    expect(Object.keys(BREAK).filter((id) => !rows.some((r) => r.id === id))).toEqual([]);
  });

  for (const row of rows) {
    it(`${row.id} (${row.source}): breaking it gives ${row.rfc5280} / ${row.webpki}; keeping it is valid`, async () => {
      const broken = fresh();
      BREAK[row.id]!(broken);
      const kept = fresh();
      KEEP[row.id]?.(kept);
      const [b, k] = await Promise.all([build(broken), build(kept)]);
      expect({ rfc5280: outcome(b, 'rfc5280'), webpki: outcome(b, 'webpki') }).toEqual({ rfc5280: row.rfc5280, webpki: row.webpki });
      expect({ rfc5280: outcome(k, 'rfc5280'), webpki: outcome(k, 'webpki') }).toEqual({ rfc5280: 'valid', webpki: 'valid' });
    });
  }
});
