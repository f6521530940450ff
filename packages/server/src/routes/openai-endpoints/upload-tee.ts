import { UploadSpool } from './upload-spool';

/**
 * One uploaded file as it arrives, read by the call's attempts. The first read takes the bytes
 * live: each chunk is written to the spool, then handed on, so the first attempt streams the
 * upload through while it is kept for a retry; the client is read no faster than the slower of
 * the two (the source is pulled only when the attempt wants more and the spool has taken the
 * last chunk). When that attempt stops early (it failed before the answer), or when no attempt
 * reads live at all (`drain`), the rest goes to the spool alone. Every later read replays the
 * spool from the start once the file has arrived whole.
 */
export class UploadTee {
  readonly spool = new UploadSpool();
  readonly #source: AsyncIterator<Uint8Array>;
  #taken = false;
  readonly #complete: Promise<void>;
  #resolve!: () => void;
  #reject!: (error: unknown) => void;

  constructor(source: AsyncIterable<Uint8Array>) {
    this.#source = source[Symbol.asyncIterator]();
    this.#complete = new Promise<void>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    this.#complete.catch(() => {}); // surfaced to whoever awaits `complete`
  }

  /** Resolves once every byte of the file is in the spool; rejects with the upload's failure. */
  get complete(): Promise<void> {
    return this.#complete;
  }

  /** Bytes of the file once complete (undefined while it arrives). */
  get size(): number | undefined {
    return this.#done ? this.spool.size : undefined;
  }

  #done = false;
  #failed = false;

  /** The file's bytes from the start: live for the first read, from the spool after. */
  open(): AsyncIterable<Uint8Array> {
    if (this.#taken) return this.#replay();
    this.#taken = true;
    return this.#live();
  }

  /** Nobody reads live (the call starts after the form): the bytes go to the spool alone. */
  drain(): void {
    if (this.#taken) return;
    this.#taken = true;
    void this.#pumpRest();
  }

  async *#live(): AsyncGenerator<Uint8Array> {
    let handedOver = false;
    try {
      for (;;) {
        const next = await this.#read();
        if (next.done) break;
        await this.#keep(next.value);
        yield next.value;
      }
      await this.#finish();
      handedOver = true;
    } finally {
      // The attempt stopped before the end (it failed, or was cut): the spool takes the rest.
      if (!handedOver) void this.#pumpRest();
    }
  }

  async *#replay(): AsyncGenerator<Uint8Array> {
    await this.#complete;
    yield* this.spool.open();
  }

  async #pumpRest(): Promise<void> {
    if (this.#failed) return;
    try {
      for (;;) {
        const next = await this.#read();
        if (next.done) break;
        await this.#keep(next.value);
      }
      await this.#finish();
    } catch {
      // recorded by #read / #keep
    }
  }

  async #read(): Promise<IteratorResult<Uint8Array>> {
    try {
      return await this.#source.next();
    } catch (error) {
      this.#fail(error);
      throw error;
    }
  }

  async #keep(chunk: Uint8Array): Promise<void> {
    try {
      await this.spool.write(chunk);
    } catch (error) {
      this.#fail(error);
      throw error;
    }
  }

  async #finish(): Promise<void> {
    if (this.#done) return;
    try {
      await this.spool.end();
      this.#done = true;
      this.#resolve();
    } catch (error) {
      this.#fail(error);
      throw error;
    }
  }

  #fail(error: unknown): void {
    this.#failed = true;
    this.#reject(error);
  }
}
