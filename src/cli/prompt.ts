/**
 * Interactive prompts: the subject fields of `certkit csr new` run in a terminal without subject
 * flags, then the subjectAltNames, the way `openssl req` asks; and passwords, read with the
 * terminal's echo off when no `--pass` is given ({@link readHiddenLine}).
 *
 * Scope: reading answers line by line from any stream (a terminal, or piped answers for
 * `--prompt` in scripts and tests), defaults in brackets, `.` for "leave empty"; a password only
 * from a real terminal (raw mode, so nothing typed is echoed). Non-goals: line editing beyond
 * Backspace and Ctrl-U, asking for a password when standard input is not a terminal (the
 * commands then require `--pass`).
 * @module
 */
import * as readline from 'node:readline';
import { StringDecoder } from 'node:string_decoder';

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
  return v
    .replace(/[\\,+"<>;=]/g, (c) => '\\' + c)
    .replace(/^[ #]/, (c) => '\\' + c)
    .replace(/ $/, '\\ ');
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
      'You are about to be asked for the information that goes into your certificate request.\n' + "Press Enter to take the default in brackets; enter '.' to leave a field empty.\n-----\n",
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
    const sans = sanText
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    return { subject: parts.join(','), sans, emails: [] };
  } finally {
    rl.close();
  }
}

/**
 * A terminal to ask a password on: standard input (put in raw mode while the answer is typed,
 * so the terminal does not echo it) and a writer for the question (standard error).
 * @example
 * ```ts
 * const t: PasswordTerminal = { stdin: process.stdin, stdinIsTTY: process.stdin.isTTY === true, stderr: (s) => process.stderr.write(s) };
 * ```
 */
export interface PasswordTerminal {
  stdin: NodeJS.ReadableStream;
  stdinIsTTY: boolean;
  stderr: (text: string) => void;
}

/**
 * Whether `t` can be asked for a password without echo: standard input is a terminal that can be
 * put in raw mode.
 * @example
 * ```ts
 * if (!canAskPassword(io)) throw new Error('give --pass');
 * ```
 */
export function canAskPassword(t: PasswordTerminal | undefined): t is PasswordTerminal {
  return t !== undefined && t.stdinIsTTY && typeof (t.stdin as { setRawMode?: unknown }).setRawMode === 'function';
}

/**
 * Writes `question` and reads one line from the terminal with echo off (raw mode: nothing typed
 * is written back, not even stars). Backspace deletes a character, Ctrl-U the whole line; Enter
 * ends the answer; Ctrl-C and Ctrl-D on an empty line abandon it. The terminal's mode is restored
 * in every case.
 * @throws Error when standard input is not a terminal, or the answer is abandoned.
 * @example
 * ```ts
 * const pw = await readHiddenLine(io, 'Enter Import Password:');
 * ```
 */
export async function readHiddenLine(t: PasswordTerminal, question: string): Promise<string> {
  if (!canAskPassword(t)) throw new Error('standard input is not a terminal');
  const tty = t.stdin as NodeJS.ReadableStream & { setRawMode(raw: boolean): unknown; isRaw?: boolean };
  const wasRaw = tty.isRaw === true;
  const decoder = new StringDecoder('utf8'); // a character may arrive split across two reads
  tty.setRawMode(true); // before the question: an answer typed at once is not echoed either
  t.stderr(question);
  return await new Promise<string>((resolve, reject) => {
    let answer = '';
    const finish = (err?: Error): void => {
      tty.removeListener('data', onData);
      tty.setRawMode(wasRaw);
      tty.pause(); // let the process exit: a flowing terminal stream keeps it alive
      t.stderr('\n'); // the Enter the user typed was not echoed either
      if (err !== undefined) reject(err);
      else resolve(answer);
    };
    const onData = (chunk: Uint8Array | string): void => {
      const text = typeof chunk === 'string' ? chunk : decoder.write(Buffer.from(chunk));
      for (const ch of text) {
        if (ch === '\r' || ch === '\n') return finish();
        if (ch === '\u0003') return finish(new Error('interrupted (Ctrl-C)'));
        if (ch === '\u0004') {
          if (answer === '') return finish(new Error('no answer (Ctrl-D)'));
          continue;
        }
        if (ch === '\u007f' || ch === '\b') answer = Array.from(answer).slice(0, -1).join('');
        else if (ch === '\u0015') answer = '';
        else if (ch >= ' ') answer += ch; // other control characters (arrows' escapes) are dropped
      }
    };
    tty.on('data', onData);
    tty.resume();
  });
}
