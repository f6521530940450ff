import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Files up to this size stay in memory; larger ones go to a temporary file. */
export const SPOOL_MEMORY_BYTES = 1024 * 1024;

/**
 * Where an uploaded file waits while the call runs: in memory up to `SPOOL_MEMORY_BYTES`, then
 * in a temporary file (mode 0600) removed by `dispose()`. Each `open()` reads it again from the
 * start, so a retry or a fallback sends the same bytes.
 */
export class UploadSpool {
  #chunks: Uint8Array[] = [];
  #size = 0;
  #dir: string | undefined;
  #path: string | undefined;
  #file: WriteStream | undefined;
  #disposed = false;

  get size(): number {
    return this.#size;
  }

  /** Appends bytes, waiting for the disk when it lags (backpressure). */
  async write(chunk: Uint8Array): Promise<void> {
    if (this.#disposed) throw new Error('The upload spool was disposed');
    this.#size += chunk.byteLength;
    if (!this.#file && this.#size <= SPOOL_MEMORY_BYTES) {
      this.#chunks.push(chunk);
      return;
    }
    if (!this.#file) await this.#toDisk();
    const file = this.#file as WriteStream;
    if (!file.write(chunk)) await waitDrain(file);
  }

  /** All bytes written: the file is flushed and closed. */
  async end(): Promise<void> {
    const file = this.#file;
    if (!file) return;
    await new Promise<void>((resolve, reject) => {
      file.once('error', reject);
      file.end(() => resolve());
    });
  }

  /** A fresh read from the start. */
  open(): AsyncIterable<Uint8Array> {
    if (this.#path) return createReadStream(this.#path, { highWaterMark: 64 * 1024 });
    return iterate(this.#chunks);
  }

  /** Removes the temporary file (idempotent). */
  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#chunks = [];
    this.#file?.destroy();
    if (this.#dir) await rm(this.#dir, { recursive: true, force: true }).catch(() => {});
  }

  async #toDisk(): Promise<void> {
    const dir = await mkdtemp(join(tmpdir(), 'stereos-upload-'));
    if (this.#disposed) {
      // Disposed while the directory was being made: it goes at once.
      await rm(dir, { recursive: true, force: true });
      throw new Error('The upload spool was disposed');
    }
    this.#dir = dir;
    this.#path = join(this.#dir, 'file');
    const file = createWriteStream(this.#path, { mode: 0o600 });
    this.#file = file;
    file.on('error', () => {}); // surfaced by `end()` or the next write's drain
    for (const chunk of this.#chunks) if (!file.write(chunk)) await waitDrain(file);
    this.#chunks = [];
  }
}

function waitDrain(file: WriteStream): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = () => {
      file.off('error', fail);
      resolve();
    };
    const fail = (error: Error) => {
      file.off('drain', done);
      reject(error);
    };
    file.once('drain', done);
    file.once('error', fail);
  });
}

async function* iterate(chunks: readonly Uint8Array[]): AsyncIterable<Uint8Array> {
  for (const chunk of chunks) yield chunk;
}
