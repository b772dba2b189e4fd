/**
 * `readStreamLimited`: the one capped reader of request and response bodies (the service, ACME,
 * the online revocation client).
 */
import { describe, expect, it } from 'vitest';
import { readStreamLimited } from '../src/der/index';

function streamOf(chunks: number[][], onCancel?: () => void): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(c) {
      if (i < chunks.length) c.enqueue(new Uint8Array(chunks[i++]!));
      else c.close();
    },
    cancel() {
      onCancel?.();
    },
  });
}

describe('readStreamLimited', () => {
  it('joins the chunks up to the limit exactly; null is empty', async () => {
    expect(await readStreamLimited(streamOf([[1, 2], [3], [4, 5]]), 5)).toEqual(new Uint8Array([1, 2, 3, 4, 5]));
    expect(await readStreamLimited(streamOf([[9, 8, 7]]), 3)).toEqual(new Uint8Array([9, 8, 7]));
    expect(await readStreamLimited(null, 0)).toEqual(new Uint8Array(0));
  });

  it('past the limit: undefined, and the stream is cancelled before the rest is read', async () => {
    let cancelled = false;
    const pulled: number[] = [];
    const chunks = [
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
    ];
    let i = 0;
    const s = new ReadableStream<Uint8Array>(
      {
        pull(c) {
          if (i < chunks.length) (pulled.push(i), c.enqueue(new Uint8Array(chunks[i++]!)));
          else c.close();
        },
        cancel() {
          cancelled = true;
        },
      },
      { highWaterMark: 0 },
    );
    expect(await readStreamLimited(s, 5)).toBeUndefined();
    expect(cancelled).toBe(true);
    expect(pulled).toEqual([0, 1]);
    expect(
      await readStreamLimited(
        streamOf([[1], [2]], () => undefined),
        1,
      ),
    ).toBeUndefined();
  });
});
