/** What a stream chunk means for the commit decision. */
export type ProbeResult = { type: 'content' } | { type: 'error'; error: unknown } | undefined;

/** How a committed stream ended. */
export interface StreamOutcome {
  status: 'success' | 'error' | 'aborted';
  error?: unknown;
}

export interface CommitStreamOptions<C> {
  /** Classifies a chunk: content (commits), an in-band error, or neither (role, metadata, …). */
  probe: (chunk: C) => ProbeResult;
  /** The attempt's signal: aborted by the caller or by the timeout. */
  signal: AbortSignal;
  /** Chunks to emit when the stream throws after commit, e.g. an error part and a finish. */
  onLateError: (error: unknown) => C[];
  /** Sees every chunk that reaches the consumer, e.g. to read usage. */
  onChunk?: (chunk: C) => void;
  /** Called once when the committed stream ends: done, failed, or cancelled by the consumer. */
  onEnd?: (outcome: StreamOutcome) => void;
}

/**
 * Reads `stream` until its first content part and only then hands it on. An error before that
 * point rejects (the caller then retries or falls back to the next target); the parts read so far
 * are dropped, so two models' outputs are never joined. After commit, an error is passed through
 * (`onLateError`) and the stream ends; nothing is retried.
 */
export async function commitStream<C>(
  stream: ReadableStream<C>,
  options: CommitStreamOptions<C>,
): Promise<ReadableStream<C>> {
  const reader = stream.getReader();
  const buffered: C[] = [];
  let done = false;
  try {
    while (true) {
      const next = await reader.read();
      if (next.done) {
        done = true;
        break;
      }
      const probe = options.probe(next.value);
      if (probe?.type === 'error') throw probe.error;
      buffered.push(next.value);
      if (probe?.type === 'content') break;
    }
  } catch (error) {
    reader.cancel(error).catch(() => {});
    throw error;
  }
  return committed(reader, buffered, done, options);
}

function committed<C>(
  reader: ReadableStreamDefaultReader<C>,
  buffered: C[],
  alreadyDone: boolean,
  options: CommitStreamOptions<C>,
): ReadableStream<C> {
  let ended = false;
  const end = (outcome: StreamOutcome) => {
    if (ended) return;
    ended = true;
    options.onEnd?.(outcome);
  };
  const emit = (controller: ReadableStreamDefaultController<C>, chunk: C) => {
    options.onChunk?.(chunk);
    controller.enqueue(chunk);
  };
  return new ReadableStream<C>({
    start(controller) {
      for (const chunk of buffered) emit(controller, chunk);
      if (alreadyDone) {
        controller.close();
        end({ status: 'success' });
      }
    },
    async pull(controller) {
      try {
        const next = await reader.read();
        if (next.done) {
          controller.close();
          end({ status: 'success' });
          return;
        }
        const probe = options.probe(next.value);
        emit(controller, next.value);
        if (probe?.type === 'error') end({ status: 'error', error: probe.error });
      } catch (error) {
        if (options.signal.aborted && isCallerAbort(options.signal)) {
          end({ status: 'aborted', error });
          controller.error(error);
          return;
        }
        for (const chunk of options.onLateError(error)) emit(controller, chunk);
        controller.close();
        end({ status: 'error', error });
      }
    },
    async cancel(reason) {
      end({ status: 'aborted', error: reason });
      await reader.cancel(reason).catch(() => {});
    },
  });
}

function isCallerAbort(signal: AbortSignal): boolean {
  return (signal.reason as Error | undefined)?.name !== 'AttemptTimeoutError';
}
