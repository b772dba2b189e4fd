/**
 * Helpers shared by the portable test files: gunzip through `DecompressionStream('gzip')` (every
 * target runtime has it), JSON and text vectors, PEM-or-DER loading, error classification.
 * Web standards only. Non-goals: anything a single test file needs alone.
 * @module
 */
import { CertkitError } from './certkit';
import type { PortableEnv } from './harness';

/**
 * Gunzips with the Compression Streams API.
 * @example
 * ```ts
 * const json = new TextDecoder().decode(await gunzip(bytes));
 * ```
 */
export async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * Loads a vector as text, gunzipping `.gz` files.
 * @example
 * ```ts
 * const text = await loadText(env, 'x509-limbo/limbo-dev.json.gz');
 * ```
 */
export async function loadText(env: PortableEnv, name: string): Promise<string> {
  const raw = await env.load(name);
  return new TextDecoder().decode(name.endsWith('.gz') ? await gunzip(raw) : raw);
}

/**
 * Loads a `.json` or `.json.gz` vector.
 * @example
 * ```ts
 * const file = await loadJson<WycheproofFile>(env, 'wycheproof/testvectors_v1/ed25519_test.json.gz');
 * ```
 */
export async function loadJson<T>(env: PortableEnv, name: string): Promise<T> {
  return JSON.parse(await loadText(env, name)) as T;
}

/**
 * Loads a certificate-like vector the way the parsers take it: `.pem` files (and anything not
 * starting like DER) as text (latin1, so stray bytes around the armor survive), DER as bytes.
 * @example
 * ```ts
 * const cert = parseCertificate(await loadPemOrDer(env, 'pyca-x509/x509/v1_cert.pem'));
 * ```
 */
export async function loadPemOrDer(env: PortableEnv, name: string): Promise<string | Uint8Array> {
  const raw = await env.load(name);
  if (!name.endsWith('.pem') && raw[0] === 0x30) return raw;
  return new TextDecoder('latin1').decode(raw);
}

/**
 * What an attempt gave: `ok`, `error <code>` for a CertkitError, or `crash <Name>` for anything
 * else (a crash is always a failure of the library).
 * @example
 * ```ts
 * const o = outcome(() => parseCertificate(der)); // 'ok' | 'error invalid-version' | 'crash TypeError'
 * ```
 */
export function outcome(fn: () => unknown): string {
  try {
    fn();
    return 'ok';
  } catch (e) {
    return classify(e);
  }
}

/**
 * The outcome text of a thrown value (see {@link outcome}).
 * @example
 * ```ts
 * classify(new TypeError('x')) // 'crash TypeError: x'
 * ```
 */
export function classify(e: unknown): string {
  if (e instanceof CertkitError) return `error ${e.code}`;
  return `crash ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`;
}

/**
 * The vectors under a folder (relative to `test/vectors/`) whose names end with one of `exts`.
 * @example
 * ```ts
 * const wp = vectorsUnder(env, 'wycheproof/testvectors_v1/', ['.json.gz']);
 * ```
 */
export function vectorsUnder(env: PortableEnv, prefix: string, exts: readonly string[]): string[] {
  return env.files.filter((f) => f.startsWith(prefix) && exts.some((e) => f.endsWith(e)));
}
