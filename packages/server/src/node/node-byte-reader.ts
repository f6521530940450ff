import type { Readable } from 'node:stream';
import type { ByteReader } from '@stereos/core';

/**
 * Reads a Node stream (undici's response body, fed by the upstream socket) like a web stream's
 * reader, without a web stream: `Readable.toWeb` costs a stream, its controller and a promise
 * hop per chunk. Each `read()` takes everything buffered so far in one piece (paused mode), so
 * the SSE parser gets the bytes of a socket read at once; it waits only when nothing is there.
 */
export function nodeByteReader(body: Readable): ByteReader {
  return new NodeByteReader(body);
}

/** One object per answer (it lives as long as the answer), not a closure per step. */
class NodeByteReader implements ByteReader {
  readonly #body: Readable;
  #waiting:
    | {
        resolve: (result: ReadableStreamReadResult<Uint8Array>) => void;
        reject: (error: unknown) => void;
      }
    | undefined;
  #ended = false;
  #failed: { error: unknown } | undefined;

  constructor(body: Readable) {
    this.#body = body;
    const settle = () => this.#settle();
    body.on('readable', settle);
    body.once('end', () => {
      this.#ended = true;
      this.#settle();
    });
    body.once('error', (error) => {
      this.#failed = { error };
      this.#settle();
    });
    // Destroyed without an error or an end (the request was aborted): a cut, not the end.
    body.once('close', () => {
      if (!this.#ended && !this.#failed) {
        this.#failed = { error: new Error('The upstream response was cut off') };
      }
      this.#settle();
    });
  }

  read(): Promise<ReadableStreamReadResult<Uint8Array>> {
    const next = this.#take();
    if (next instanceof Error) return Promise.reject(next);
    if (next !== undefined) return Promise.resolve(next);
    return new Promise((resolve, reject) => {
      this.#waiting = { resolve, reject };
    });
  }

  cancel(reason?: unknown): Promise<void> {
    if (!this.#ended) this.#body.destroy(reason instanceof Error ? reason : undefined);
    return Promise.resolve();
  }

  #settle(): void {
    const waiter = this.#waiting;
    if (!waiter) return;
    const next = this.#take();
    if (next === undefined) return;
    this.#waiting = undefined;
    if (next instanceof Error) waiter.reject(next);
    else waiter.resolve(next);
  }

  // A result now, an error to throw, or undefined when the next bytes are still to come.
  #take(): ReadableStreamReadResult<Uint8Array> | Error | undefined {
    const chunk = this.#body.read() as Uint8Array | null;
    if (chunk !== null) return { done: false, value: chunk };
    if (this.#failed) return this.#failed.error as Error;
    if (this.#ended) return { done: true, value: undefined };
    return undefined;
  }
}
