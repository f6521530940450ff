import { StereosError } from '../errors/stereos-error';
import { AttemptTimeoutError } from '../errors/timeout-error';
import { UpstreamHttpError } from '../errors/upstream-http-error';

/**
 * What a stream chunk means for the commit decision: content (commits), an in-band error, a
 * proper end of the answer (`finish`: a finish reason, `[DONE]`), or nothing of note.
 */
export type ProbeResult =
  | { type: 'content' }
  | { type: 'error'; error: unknown }
  | { type: 'finish' }
  | undefined;

/** How a committed stream ended. */
export interface StreamOutcome {
  status: 'success' | 'error' | 'aborted';
  error?: unknown;
}

/** Where chunks come from: a `ReadableStream` or anything read like its reader. */
export interface ChunkSource<C> {
  read(): Promise<ReadableStreamReadResult<C>>;
  cancel(reason?: unknown): Promise<void>;
  /**
   * Takes a chunk that is ready now (parsed from the same upstream read), without a promise;
   * undefined when the next chunk needs a `read()`.
   */
  takeBuffered?(): C | undefined;
}

export interface CommitStreamOptions<C, O = C> {
  /** Classifies a chunk: content (commits), an in-band error, or neither (role, metadata, …). */
  probe: (chunk: C) => ProbeResult;
  /** Probe for chunks after the commit point, where only errors matter. Default: `probe`. */
  probeCommitted?: (chunk: C) => ProbeResult;
  /** The attempt's signal: aborted by the caller or by the timeout. */
  signal: AbortSignal;
  /**
   * After the commit point, the longest wait for the next chunk; a stream that stalls longer
   * is ended with an error (`AttemptTimeoutError`) instead of hanging its client. Off when unset.
   */
  idleTimeoutMs?: number;
  /** Chunks to emit when the stream throws after commit, e.g. an error part and a finish. */
  onLateError: (error: unknown) => C[];
  /** Sees every chunk that reaches the consumer, e.g. to read usage. */
  onChunk?: (chunk: C) => void;
  /** Called once when the committed stream ends: done, failed, or cancelled by the consumer. */
  onEnd?: (outcome: StreamOutcome) => void;
  /**
   * Turns a chunk into what the consumer gets (undefined drops it), in the same step: the server
   * encodes SSE here rather than in another stream stage.
   */
  map?: (chunk: C) => O | undefined;
  /**
   * Joins outputs that are ready together into one (e.g. the SSE events of one upstream read
   * into one write to the client, instead of a write each).
   */
  combine?: (outputs: O[]) => O;
  /**
   * The protocol's last chunk (chat's `[DONE]`): the stream ends with it, as a success, without
   * waiting for the upstream body's own end (read to its end in the background, so the
   * connection is kept). Lets a writer send the last bytes and the end of the answer together.
   */
  isLast?: (chunk: C) => boolean;
}

/**
 * Reads `source` until its first content part and only then hands it on. An error before that
 * point rejects (the caller then retries or falls back to the next target); the parts read so far
 * are dropped, so two models' outputs are never joined. A stream that ends before any content
 * without a proper finish (cut off, or a 200 that was not a stream at all) is a failed attempt
 * too (502); one that finishes with no content (an empty answer) commits. After commit, an error
 * is passed through (`onLateError`) and the stream ends; nothing is retried.
 */
export async function commitStream<C, O = C>(
  source: ReadableStream<C> | ChunkSource<C>,
  options: CommitStreamOptions<C, O>,
): Promise<ReadableStream<O>> {
  return (await openCommittedStream(source, options)).stream;
}

/** A committed stream: read as a web stream, or by a writer that needs none. */
export interface CommittedStream<O> {
  /** The stream as a web stream, made when first asked for. */
  readonly stream: ReadableStream<O>;
  /**
   * The reader itself, for a writer that needs no web stream (the server's Node response path):
   * no web stream is made at all. Undefined once the stream or the reader was taken.
   */
  takeReader(): CommittedReader<O> | undefined;
}

/**
 * `commitStream`, without making the web stream up front: on Node 20 `new ReadableStream` costs
 * ~10 µs (`makeTransferable`), a writer that takes the reader never pays it.
 */
export async function openCommittedStream<C, O = C>(
  source: ReadableStream<C> | ChunkSource<C>,
  options: CommitStreamOptions<C, O>,
): Promise<CommittedStream<O>> {
  const reader: ChunkSource<C> = source instanceof ReadableStream ? source.getReader() : source;
  const buffered: C[] = [];
  let done = false;
  let finished = false;
  try {
    while (true) {
      const next = await reader.read();
      if (next.done) {
        if (!finished) throw endedEarly();
        done = true;
        break;
      }
      const probe = options.probe(next.value);
      if (probe?.type === 'error') throw probe.error;
      buffered.push(next.value);
      if (probe?.type === 'content') break;
      if (probe?.type === 'finish') finished = true;
    }
  } catch (error) {
    reader.cancel(error).catch(() => {});
    throw error;
  }
  return committed(committedReader(reader, buffered, done, options));
}

function endedEarly(): UpstreamHttpError {
  return new UpstreamHttpError({
    status: 502,
    message: 'The upstream stream ended before any content (it was cut off or not a stream)',
  });
}

/** Reads a committed stream without a web stream in between (see `takeCommittedReader`). */
export interface CommittedReader<O> {
  /** The next output; rejects when the consumer's own abort cut the stream. */
  read(): Promise<ReadableStreamReadResult<O>>;
  /** The consumer is gone: ends the stream as aborted and cancels the source. */
  cancel(reason?: unknown): Promise<void>;
  /**
   * True once the stream has ended well and every output was handed out (the next read is
   * done): a writer may end its answer together with the output it just read.
   */
  isEnded(): boolean;
}

// The reader behind each committed web stream, until a writer takes it.
const readers = new WeakMap<ReadableStream<unknown>, CommittedReader<unknown>>();

/**
 * The reader behind a stream from `commitStream`, for a writer that needs no web stream (the
 * server's Node response path): every output, outcome and cancellation is the same, without a
 * web stream's queue and promise hops per chunk. The stream is locked to it, so it is read once.
 * Undefined for any other stream, or one that is already being read.
 */
export function takeCommittedReader<O>(stream: ReadableStream<O>): CommittedReader<O> | undefined {
  const reader = readers.get(stream) as CommittedReader<O> | undefined;
  if (!reader || stream.locked) return undefined;
  readers.delete(stream);
  stream.getReader();
  return reader;
}

function committed<O>(reader: CommittedReader<O> & { takeReady(): O | undefined }) {
  let stream: ReadableStream<O> | undefined;
  let taken = false;
  return {
    get stream(): ReadableStream<O> {
      stream ??= webStreamOf(taken ? emptyReader<O>() : reader);
      if (!taken) readers.set(stream, reader);
      taken = true;
      return stream;
    },
    takeReader(): CommittedReader<O> | undefined {
      if (taken) return stream ? takeCommittedReader(stream) : undefined;
      taken = true;
      return reader;
    },
  } satisfies CommittedStream<O>;
}

/** A reader whose stream was taken by a writer: nothing to read. */
function emptyReader<O>(): CommittedReader<O> & { takeReady(): O | undefined } {
  return {
    read: async () => ({ done: true, value: undefined }),
    cancel: async () => {},
    isEnded: () => true,
    takeReady: () => undefined,
  };
}

function webStreamOf<O>(
  reader: CommittedReader<O> & { takeReady(): O | undefined },
): ReadableStream<O> {
  // Pulled only when read (no read-ahead), so the reader can be taken before anything moves.
  return new ReadableStream<O>(
    {
      async pull(controller) {
        const next = await reader.read();
        if (next.done) {
          controller.close();
          return;
        }
        controller.enqueue(next.value);
        // Whatever else the same upstream read produced, without another pull.
        for (let more = reader.takeReady(); more !== undefined; more = reader.takeReady()) {
          controller.enqueue(more);
        }
        if (reader.isEnded()) controller.close();
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  );
}

function committedReader<C, O>(
  source: ChunkSource<C>,
  buffered: C[],
  alreadyDone: boolean,
  options: CommitStreamOptions<C, O>,
): CommittedReader<O> & { takeReady(): O | undefined } {
  return new LiveReader(source, buffered, alreadyDone, options);
}

/**
 * The committed stream's reader: one object per stream, not a closure per step (an open stream
 * lives as long as its answer, and 1,000 of them hold 1,000 of whatever it keeps).
 */
class LiveReader<C, O> implements CommittedReader<O> {
  readonly #source: ChunkSource<C>;
  readonly #options: CommitStreamOptions<C, O>;
  readonly #probe: (chunk: C) => ProbeResult;
  readonly #watchdog: IdleWatchdog;
  /** Outputs ready to hand out; `#closed` once the last of them is the end. */
  readonly #ready: O[] = [];
  #closed = false;
  #cancelled = false;
  #ended = false;
  #failure: { error: unknown } | undefined;

  constructor(
    source: ChunkSource<C>,
    buffered: C[],
    alreadyDone: boolean,
    options: CommitStreamOptions<C, O>,
  ) {
    this.#source = source;
    this.#options = options;
    this.#probe = options.probeCommitted ?? options.probe;
    this.#watchdog = new IdleWatchdog(options.idleTimeoutMs, source);
    const first: O[] = [];
    for (const chunk of buffered) this.#collect(first, chunk);
    this.#deliver(first);
    if (alreadyDone) {
      this.#closed = true;
      this.#end({ status: 'success' });
    }
  }

  async read(): Promise<ReadableStreamReadResult<O>> {
    const now = this.#take();
    if (now) return now;
    await this.#pull();
    return this.#take() ?? { done: true, value: undefined };
  }

  takeReady(): O | undefined {
    return this.#ready.shift();
  }

  isEnded(): boolean {
    return (
      this.#closed && this.#ready.length === 0 && this.#failure === undefined && !this.#cancelled
    );
  }

  async cancel(reason?: unknown): Promise<void> {
    this.#watchdog.stop();
    this.#closed = true;
    this.#cancelled = true;
    this.#ready.length = 0;
    this.#end({ status: 'aborted', error: reason });
    await this.#source.cancel(reason).catch(() => {});
  }

  #end(outcome: StreamOutcome): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#options.onEnd?.(outcome);
  }

  #deliver(outputs: O[]): void {
    if (outputs.length === 0) return;
    const { combine } = this.#options;
    if (combine && outputs.length > 1) this.#ready.push(combine(outputs));
    else for (const output of outputs) this.#ready.push(output);
  }

  #collect(outputs: O[], chunk: C): void {
    const { onChunk, map } = this.#options;
    onChunk?.(chunk);
    const output = map ? map(chunk) : (chunk as unknown as O);
    if (output !== undefined) outputs.push(output);
  }

  #finish(): void {
    this.#watchdog.stop();
    this.#closed = true;
  }

  #take(): ReadableStreamReadResult<O> | undefined {
    if (this.#ready.length > 0) return { done: false, value: this.#ready.shift() as O };
    if (this.#failure) throw this.#failure.error;
    if (this.#closed) return { done: true, value: undefined };
    return undefined;
  }

  // Reads until something gets through, taking whatever else is ready in the same step (the
  // events of one upstream read become one output: one write to the client, no awaits).
  async #pull(): Promise<void> {
    const source = this.#source;
    const options = this.#options;
    const outputs: O[] = [];
    try {
      while (outputs.length === 0) {
        this.#watchdog.begin();
        const next = await source.read();
        this.#watchdog.end();
        if (next.done) {
          this.#finish();
          this.#deliver(outputs);
          this.#end({ status: 'success' });
          return;
        }
        for (let chunk: C | undefined = next.value; chunk !== undefined; ) {
          const found = this.#probe(chunk);
          this.#collect(outputs, chunk);
          if (found?.type === 'error') this.#end({ status: 'error', error: found.error });
          if (options.isLast?.(chunk)) {
            this.#finish();
            this.#deliver(outputs);
            this.#end({ status: 'success' });
            drain(source);
            return;
          }
          chunk = source.takeBuffered?.();
        }
      }
      this.#deliver(outputs);
    } catch (thrown) {
      this.#finish();
      if (this.#cancelled) return;
      if (options.signal.aborted && isCallerAbort(options.signal)) {
        this.#end({ status: 'aborted', error: thrown });
        this.#failure = { error: thrown };
        return;
      }
      this.#deliver(outputs);
      // Cut by the gateway itself (timeout, shutdown): that reason is the failure.
      const error = options.signal.aborted ? options.signal.reason : thrown;
      const late: O[] = [];
      for (const chunk of options.onLateError(error)) this.#collect(late, chunk);
      this.#deliver(late);
      this.#end({ status: 'error', error });
    }
  }
}

/**
 * Reads what is left of a source whose answer is complete (after the protocol's last chunk), so
 * its connection goes back to the pool; nothing read is used, a failure does not matter.
 */
function drain<C>(source: ChunkSource<C>): void {
  const step = (next: ReadableStreamReadResult<C>): void => {
    if (next.done) return;
    while (source.takeBuffered?.() !== undefined);
    source.read().then(step, () => {});
  };
  source.read().then(step, () => {});
}

/**
 * Fails a read of the upstream that waits longer than `timeoutMs` (then cancels the source, so
 * the pending read settles and `end` throws). Only time spent waiting on a pending read counts,
 * so a client that reads slowly (backpressure) never trips it. One timer per stream that
 * re-arms itself, rather than a timer and a promise per chunk (hot path).
 */
class IdleWatchdog {
  readonly #timeoutMs: number | undefined;
  readonly #source: { cancel(reason?: unknown): Promise<void> };
  #pendingSince: number | undefined;
  #stalled: Error | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(timeoutMs: number | undefined, source: { cancel(reason?: unknown): Promise<void> }) {
    this.#timeoutMs = timeoutMs;
    this.#source = source;
  }

  /** A read of the upstream starts waiting. */
  begin(): void {
    if (!this.#timeoutMs) return;
    this.#pendingSince = performance.now();
    this.#timer ??= setTimeout(() => this.#check(), this.#timeoutMs);
  }

  /** The read settled; throws if it was cut short for stalling. */
  end(): void {
    this.#pendingSince = undefined;
    if (this.#stalled) throw this.#stalled;
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#pendingSince = undefined;
  }

  #check(): void {
    this.#timer = undefined;
    const timeoutMs = this.#timeoutMs;
    if (this.#pendingSince === undefined || timeoutMs === undefined) return;
    const waited = performance.now() - this.#pendingSince;
    if (waited < timeoutMs) {
      this.#timer = setTimeout(() => this.#check(), timeoutMs - waited);
      return;
    }
    this.#stalled = new AttemptTimeoutError(timeoutMs, 'stall');
    this.#source.cancel(this.#stalled).catch(() => {});
  }
}

/**
 * The consumer went away (a plain abort). An abort whose reason is a Stereos error (the attempt's
 * timeout, the server shutting down) is a failure the consumer must still be told about.
 */
function isCallerAbort(signal: AbortSignal): boolean {
  return !StereosError.isInstance(signal.reason);
}
