/**
 * The service's body reader and EST base64 decoder on hostile framing: a Content-Length that is
 * not a number or is over the limit is refused before any byte is read; a body that streams past
 * the limit without a Content-Length is cut off; EST base64 with bytes outside it, or nothing, is
 * refused as bad input.
 */
import { describe, expect, it } from 'vitest';
import { ServerError, decodeEstBase64, readBody } from '../src/server/index';

function request(body: BodyInit | null, headers: Record<string, string> = {}): Request {
  return new Request('https://ca.example/x', { method: 'POST', body, headers, ...(body instanceof ReadableStream ? { duplex: 'half' } : {}) } as RequestInit);
}

async function refusal(p: Promise<unknown>): Promise<[string, number]> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ServerError) return [e.code, e.status];
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('readBody', () => {
  it('refuses a Content-Length that is not a decimal number (400), before reading', async () => {
    for (const cl of ['abc', '-1', '1e3', '0x10', '12 34']) {
      const r = new Request('https://ca.example/x', { method: 'POST', body: 'x', headers: { 'content-length': cl } });
      expect(await refusal(readBody(r, 1024)), cl).toEqual(['bad-request', 400]);
    }
  });
  it('refuses a declared length over the limit (413) without pulling the stream', async () => {
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({ pull: (c) => void (pulled++, c.enqueue(new Uint8Array(10))) });
    const r = request(stream, { 'content-length': '1000000' });
    expect(await refusal(readBody(r, 1024))).toEqual(['body-too-large', 413]);
    expect(pulled).toBeLessThanOrEqual(1); // a stream may be primed once; nothing is read from it
  });
  it('cuts off a body that streams past the limit with no Content-Length (413), and reads one at the limit', async () => {
    let sent = 0;
    const endless = new ReadableStream<Uint8Array>({ pull: (c) => void ((sent += 100), c.enqueue(new Uint8Array(100))) });
    expect(await refusal(readBody(request(endless), 1024))).toEqual(['body-too-large', 413]);
    expect(sent).toBeLessThan(4096);
    expect((await readBody(request(new Uint8Array(1024)), 1024)).length).toBe(1024);
  });
});

describe('decodeEstBase64', () => {
  it('refuses bytes outside base64 text and an empty body, and reads line-wrapped base64', () => {
    const code = (f: () => unknown): string => {
      try {
        f();
      } catch (e) {
        return (e as { code?: string }).code ?? 'untyped';
      }
      return 'accepted';
    };
    expect(code(() => decodeEstBase64(new Uint8Array([0x4d, 0x49, 0xff, 0x49])))).toBe('bad-base64');
    expect(code(() => decodeEstBase64(new Uint8Array(0)))).toBe('bad-base64');
    expect(code(() => decodeEstBase64(new TextEncoder().encode('AAEC\r\nAwQF\r\n')))).toBe('accepted');
    expect(Array.from(decodeEstBase64(new TextEncoder().encode('AAEC\r\nAwQF\r\n')))).toEqual([0, 1, 2, 3, 4, 5]);
  });
});
