/**
 * Interactive prompts for `certkit csr new` run in a terminal without subject flags: the subject
 * fields one by one, then the subjectAltNames, the way `openssl req` asks.
 *
 * Scope: reading answers line by line from any stream (a terminal, or piped answers for
 * `--prompt` in scripts and tests), defaults in brackets, `.` for "leave empty". Non-goals:
 * hidden input (passphrases come from `--pass`).
 * @module
 */
import * as readline from 'node:readline';

/**
 * The answers.
 * @example
 * ```ts
 * const { subject, sans } = await promptSubject(process.stdin, process.stderr);
 * ```
 */
export interface PromptedSubject {
  /** RFC 4514 subject string, most specific first (`CN=...,O=...,C=...`). */
  subject: string;
  /** DNS names and IP addresses for subjectAltName. */
  sans: string[];
  /** Email addresses for subjectAltName (none from the prompt: the Email Address answer goes into the subject, as with `openssl req`). */
  emails: string[];
}

const FIELDS: ReadonlyArray<[key: string, question: string, def: string]> = [
  ['C', 'Country Name (2 letter code)', ''],
  ['ST', 'State or Province Name (full name)', ''],
  ['L', 'Locality Name (eg, city)', ''],
  ['O', 'Organization Name (eg, company)', ''],
  ['OU', 'Organizational Unit Name (eg, section)', ''],
  ['CN', 'Common Name (e.g. server FQDN or YOUR name)', ''],
];

/** RFC 4514 §2.4 escaping of one attribute value. */
function _escape(v: string): string {
  return v.replace(/[\\,+"<>;=]/g, (c) => '\\' + c).replace(/^[ #]/, (c) => '\\' + c).replace(/ $/, '\\ ');
}

/**
 * Asks for the subject and names on `output`, reading answers from `input` (with `echo`, each
 * answer is written back, for input that is not a terminal).
 * @throws Error when the input ends before the questions do.
 * @example
 * ```ts
 * const { subject, sans } = await promptSubject(process.stdin, process.stderr);
 * ```
 */
export async function promptSubject(input: NodeJS.ReadableStream, output: NodeJS.WritableStream, options: { echo?: boolean } = {}): Promise<PromptedSubject> {
  const rl = readline.createInterface({ input, terminal: false });
  const lines = rl[Symbol.asyncIterator]();
  const ask = async (q: string, def: string): Promise<string> => {
    output.write(`${q} [${def}]:`);
    const r = await lines.next();
    if (r.done) throw new Error('the input ended before every question was answered');
    const a = String(r.value).trim();
    if (options.echo) output.write(`${a}\n`); // piped answers: show them, one per line
    if (a === '.') return '';
    return a === '' ? def : a;
  };
  try {
    output.write(
      'You are about to be asked for the information that goes into your certificate request.\n' +
        "Press Enter to take the default in brackets; enter '.' to leave a field empty.\n-----\n",
    );
    const parts: string[] = [];
    let cn = '';
    for (const [key, q, def] of FIELDS) {
      const v = await ask(q, def);
      if (key === 'CN') cn = v;
      if (v !== '') parts.unshift(`${key}=${_escape(v)}`); // RFC 4514: most specific first
    }
    // As `openssl req` does, the address stays in the subject (PKCS#9 emailAddress): a TLS server
    // profile refuses email subjectAltNames, and the user asked for a subject field.
    const mail = await ask('Email Address', '');
    if (mail !== '') parts.unshift(`emailAddress=${_escape(mail)}`);
    const sanDefault = cn !== '' && !cn.includes(' ') ? cn : '';
    const sanText = await ask('Subject alternative names: DNS names and IP addresses, comma-separated', sanDefault);
    const sans = sanText.split(',').map((s) => s.trim()).filter((s) => s !== '');
    return { subject: parts.join(','), sans, emails: [] };
  } finally {
    rl.close();
  }
}
