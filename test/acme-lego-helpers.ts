/**
 * Helpers of test/acme-lego-challenges.test.ts: a free loopback port, an asynchronous child
 * process runner (this process must keep answering while lego runs), and a stub recursive DNS
 * resolver on UDP for lego's own lookups.
 *
 * Why a stub resolver: lego's dns-01 solver asks a recursive resolver for a CNAME at
 * `_acme-challenge.<name>` and, even with `--dns.disable-cp`, once for the TXT record before it
 * tells the CA to validate; a sandbox without DNS would make it wait and fail. The stub answers
 * every query NOERROR with no records (RFC 1035 §4.1.1 header, the question echoed back), which
 * is what a resolver says for a name with nothing published. The CA never uses it: the server's
 * resolver reads the zone file that lego's exec script writes.
 */
import { spawn } from 'node:child_process';
import * as dgram from 'node:dgram';
import * as net from 'node:net';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

export function runAsync(cmd: string, args: string[], options: { cwd: string; env?: Record<string, string>; timeoutMs?: number }): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { cwd: options.cwd, env: { ...process.env, ...(options.env ?? {}) } });
    let out = '';
    p.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    p.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
    const timer = setTimeout(() => p.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    p.on('error', (e) => reject(new Error(`${cmd} is required for this test (apt-get install ${cmd}): ${e.message}`)));
    p.on('exit', (code) => (clearTimeout(timer), resolve({ code, out })));
  });
}

/** Query names seen by the stub, as `TYPE name` (lower-case, no final dot). */
export interface StubDns {
  readonly port: number;
  readonly queries: string[];
  close(): Promise<void>;
}

const _TYPES: Record<number, string> = { 1: 'A', 5: 'CNAME', 6: 'SOA', 16: 'TXT', 28: 'AAAA', 257: 'CAA' };

/** Starts the stub resolver on 127.0.0.1 (UDP, a free port). */
export function startStubDns(): Promise<StubDns> {
  const sock = dgram.createSocket('udp4');
  const queries: string[] = [];
  sock.on('message', (msg, rinfo) => {
    if (msg.length < 12) return;
    // The question: labels (length-prefixed) up to a zero octet, then QTYPE and QCLASS.
    let i = 12;
    const labels: string[] = [];
    while (i < msg.length && msg[i]! !== 0 && labels.length < 128) {
      labels.push(msg.subarray(i + 1, i + 1 + msg[i]!).toString('latin1'));
      i += 1 + msg[i]!;
    }
    const end = i + 5;
    if (end > msg.length) return;
    const qtype = msg.readUInt16BE(i + 1);
    queries.push(`${_TYPES[qtype] ?? qtype} ${labels.join('.').toLowerCase()}`);
    const out = Buffer.alloc(end);
    msg.copy(out, 0, 0, end);
    // QR=1, opcode and RD copied, RA=1, RCODE=0; one question, no answers.
    out[2] = 0x80 | (msg[2]! & 0x79);
    out[3] = 0x80;
    out.writeUInt16BE(1, 4);
    out.writeUInt32BE(0, 6);
    out.writeUInt16BE(0, 10);
    sock.send(out, rinfo.port, rinfo.address);
  });
  return new Promise((resolve) => sock.bind(0, '127.0.0.1', () => resolve({ port: sock.address().port, queries, close: () => new Promise<void>((r) => sock.close(() => r())) })));
}
