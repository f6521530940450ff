import type { Readable } from 'node:stream';
import type { ByteReader } from '@stereos/core';

/**
 * Reads a Node stream (undici's response body, fed by the upstream socket) like a web stream's
 * reader, without a web stream: `Readable.toWeb` costs a stream, its controller and a promise
 * hop per chunk. Each `read()` takes everything buffered so far in one piece (paused mode), so
 * the SSE parser gets the bytes of a socket read at once; it waits only when nothing is there.
 */
export function nodeByteReader(body: Readable): ByteReader {
  let waiting:
    | {
        resolve: (result: ReadableStreamReadResult<Uint8Array>) => void;
        reject: (error: unknown) => void;
      }
    | undefined;
  let ended = false;
  let failed: { error: unknown } | undefined;

  const settle = () => {
    const waiter = waiting;
    if (!waiter) return;
    const next = take();
    if (next === undefined) return;
    waiting = undefined;
    if (next instanceof Error) waiter.reject(next);
    else waiter.resolve(next);
  };
  // A result now, an error to throw, or undefined when the next bytes are still to come.
  const take = (): ReadableStreamReadResult<Uint8Array> | Error | undefined => {
    const chunk = body.read() as Uint8Array | null;
    if (chunk !== null) return { done: false, value: chunk };
    if (failed) return failed.error as Error;
    if (ended) return { done: true, value: undefined };
    return undefined;
  };
  body.on('readable', settle);
  body.once('end', () => {
    ended = true;
    settle();
  });
  body.once('error', (error) => {
    failed = { error };
    settle();
  });
  // Destroyed without an error or an end (the request was aborted): a cut, not the end.
  body.once('close', () => {
    if (!ended && !failed) failed = { error: new Error('The upstream response was cut off') };
    settle();
  });

  return {
    read() {
      const next = take();
      if (next instanceof Error) return Promise.reject(next);
      if (next !== undefined) return Promise.resolve(next);
      return new Promise((resolve, reject) => {
        waiting = { resolve, reject };
      });
    },
    cancel(reason) {
      if (!ended) body.destroy(reason instanceof Error ? reason : undefined);
      return Promise.resolve();
    },
  };
}
