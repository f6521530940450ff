import { describe, expect, it } from 'vitest';
import { UpstreamHttpError } from '../errors/upstream-http-error';
import {
  type ChunkSource,
  commitStream,
  openCommittedStream,
  type ProbeResult,
  type StreamOutcome,
  takeCommittedReader,
} from './commit-stream';

type Part = { type: 'meta' | 'text' | 'finish' | 'error' | 'late-error'; value?: string };

function streamOf(parts: Part[], failAfter?: Error): ReadableStream<Part> {
  const queue = [...parts];
  return new ReadableStream({
    pull(controller) {
      const next = queue.shift();
      if (next) controller.enqueue(next);
      else if (failAfter) controller.error(failAfter);
      else controller.close();
    },
  });
}

const probe = (part: Part): ProbeResult =>
  part.type === 'text'
    ? { type: 'content' }
    : part.type === 'error'
      ? { type: 'error', error: new Error(part.value) }
      : part.type === 'finish'
        ? { type: 'finish' }
        : undefined;

async function readAll(stream: ReadableStream<Part>): Promise<Part[]> {
  const out: Part[] = [];
  for await (const part of stream as unknown as AsyncIterable<Part>) out.push(part);
  return out;
}

const options = (outcomes: StreamOutcome[] = []) => ({
  probe,
  signal: new AbortController().signal,
  onLateError: (error: unknown): Part[] => [
    { type: 'late-error', value: (error as Error).message },
  ],
  onEnd: (outcome: StreamOutcome) => outcomes.push(outcome),
});

describe('commitStream', () => {
  it('rejects on an error part before content', async () => {
    await expect(
      commitStream(streamOf([{ type: 'meta' }, { type: 'error', value: 'boom' }]), options()),
    ).rejects.toThrow('boom');
  });

  it('rejects when the stream throws before content', async () => {
    await expect(
      commitStream(streamOf([{ type: 'meta' }], new Error('reset')), options()),
    ).rejects.toThrow('reset');
  });

  it('passes buffered and later parts through after the first content part', async () => {
    const outcomes: StreamOutcome[] = [];
    const stream = await commitStream(
      streamOf([{ type: 'meta' }, { type: 'text', value: 'a' }, { type: 'text', value: 'b' }]),
      options(outcomes),
    );
    expect(await readAll(stream)).toEqual([
      { type: 'meta' },
      { type: 'text', value: 'a' },
      { type: 'text', value: 'b' },
    ]);
    expect(outcomes).toEqual([{ status: 'success' }]);
  });

  it('passes an error after commit through and ends the stream', async () => {
    const outcomes: StreamOutcome[] = [];
    const stream = await commitStream(
      streamOf([{ type: 'text', value: 'partial' }], new Error('reset')),
      options(outcomes),
    );
    expect(await readAll(stream)).toEqual([
      { type: 'text', value: 'partial' },
      { type: 'late-error', value: 'reset' },
    ]);
    expect(outcomes[0]?.status).toBe('error');
  });

  it('commits an empty answer that finishes properly, at its end', async () => {
    const outcomes: StreamOutcome[] = [];
    const stream = await commitStream(
      streamOf([{ type: 'meta' }, { type: 'finish' }]),
      options(outcomes),
    );
    expect(await readAll(stream)).toEqual([{ type: 'meta' }, { type: 'finish' }]);
    expect(outcomes).toEqual([{ status: 'success' }]);
  });

  it('rejects a stream that ends before any content without a finish, as a 502', async () => {
    const outcomes: StreamOutcome[] = [];
    const error = await commitStream(streamOf([{ type: 'meta' }]), options(outcomes)).catch(
      (e: unknown) => e,
    );
    expect(UpstreamHttpError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 502 });
    expect((error as Error).message).toContain('ended before any content');
    expect(outcomes).toEqual([]);
    await expect(commitStream(streamOf([]), options())).rejects.toThrow(/ended before any content/);
  });

  it('reports a consumer cancel as aborted and cancels the source', async () => {
    let cancelled = false;
    const source = new ReadableStream<Part>({
      start(controller) {
        controller.enqueue({ type: 'text', value: 'a' });
      },
      cancel() {
        cancelled = true;
      },
    });
    const outcomes: StreamOutcome[] = [];
    const stream = await commitStream(source, options(outcomes));
    const reader = stream.getReader();
    await reader.read();
    await reader.cancel('bye');
    expect(cancelled).toBe(true);
    expect(outcomes[0]?.status).toBe('aborted');
  });
});

describe('commitStream with a map', () => {
  it('maps chunks and keeps reading past dropped ones', async () => {
    const stream = await commitStream(
      streamOf([
        { type: 'text', value: 'a' },
        { type: 'meta' },
        { type: 'meta' },
        { type: 'text', value: 'b' },
      ]),
      {
        ...options(),
        map: (part: Part) => (part.type === 'meta' ? undefined : part.value?.toUpperCase()),
      },
    );
    const out: unknown[] = [];
    for await (const chunk of stream as unknown as AsyncIterable<string>) out.push(chunk);
    expect(out).toEqual(['A', 'B']);
  });
});

describe('commitStream idle timeout', () => {
  it('ends a stream that stalls after the commit point with an error, and cancels the source', async () => {
    let cancelled: unknown;
    const source = new ReadableStream<Part>({
      start(controller) {
        controller.enqueue({ type: 'text', value: 'a' });
      },
      cancel(reason) {
        cancelled = reason;
      },
    });
    const outcomes: StreamOutcome[] = [];
    const stream = await commitStream(source, { ...options(outcomes), idleTimeoutMs: 50 });
    const parts = await readAll(stream);
    expect(parts[0]).toEqual({ type: 'text', value: 'a' });
    expect(parts[1]?.type).toBe('late-error');
    expect(parts[1]?.value).toContain('stalled');
    expect(outcomes[0]?.status).toBe('error');
    expect((cancelled as Error).name).toBe('AttemptTimeoutError');
  });

  it('does not count time the consumer takes between reads', async () => {
    const stream = await commitStream(
      streamOf([
        { type: 'text', value: 'a' },
        { type: 'text', value: 'b' },
      ]),
      { ...options(), idleTimeoutMs: 30 },
    );
    const reader = stream.getReader();
    await reader.read();
    await new Promise((r) => setTimeout(r, 80));
    expect(await reader.read()).toEqual({ done: false, value: { type: 'text', value: 'b' } });
  });
});

describe('takeCommittedReader', () => {
  const drainReader = async (reader: { read(): Promise<ReadableStreamReadResult<Part>> }) => {
    const out: Part[] = [];
    for (let next = await reader.read(); !next.done; next = await reader.read()) {
      out.push(next.value);
    }
    return out;
  };

  it('reads the committed stream without its web stream: same parts, same outcome', async () => {
    const outcomes: StreamOutcome[] = [];
    const seen: Part[] = [];
    const stream = await commitStream(
      streamOf([{ type: 'meta' }, { type: 'text', value: 'a' }, { type: 'text', value: 'b' }]),
      { ...options(outcomes), onChunk: (part: Part) => seen.push(part) },
    );
    const reader = takeCommittedReader(stream)!;
    expect(await drainReader(reader)).toEqual([
      { type: 'meta' },
      { type: 'text', value: 'a' },
      { type: 'text', value: 'b' },
    ]);
    expect(await reader.read()).toEqual({ done: true, value: undefined });
    expect(seen).toHaveLength(3);
    expect(outcomes).toEqual([{ status: 'success' }]);
  });

  it('locks the stream to the one reader, and gives nothing for other streams', async () => {
    const stream = await commitStream(streamOf([{ type: 'text', value: 'a' }]), options());
    expect(takeCommittedReader(stream)).toBeDefined();
    expect(stream.locked).toBe(true);
    expect(takeCommittedReader(stream)).toBeUndefined();
    expect(takeCommittedReader(streamOf([]))).toBeUndefined();

    const read = await commitStream(streamOf([{ type: 'text', value: 'a' }]), options());
    read.getReader();
    expect(takeCommittedReader(read)).toBeUndefined();
  });

  it('joins the outputs of one read with combine, and passes a late error on', async () => {
    const outcomes: StreamOutcome[] = [];
    const source: ChunkSource<Part> = (() => {
      const ready: Part[] = [];
      let reads = 0;
      return {
        async read() {
          reads += 1;
          if (reads === 1) return { done: false, value: { type: 'text', value: 'a' } };
          if (reads === 2) {
            ready.push({ type: 'text', value: 'c' });
            return { done: false, value: { type: 'text', value: 'b' } };
          }
          throw new Error('reset');
        },
        cancel: async () => {},
        takeBuffered: () => ready.shift(),
      };
    })();
    const stream = await commitStream(source, {
      ...options(outcomes),
      map: (part: Part) => part.value ?? part.type,
      combine: (outputs: string[]) => outputs.join('+'),
    });
    const reader = takeCommittedReader(stream)!;
    const out: string[] = [];
    for (let next = await reader.read(); !next.done; next = await reader.read()) {
      out.push(next.value);
    }
    expect(out).toEqual(['a', 'b+c', 'reset']);
    expect(outcomes[0]).toMatchObject({ status: 'error' });
  });

  it('rejects a read when the caller aborted, and reports aborted', async () => {
    const controller = new AbortController();
    const outcomes: StreamOutcome[] = [];
    let fail: (error: Error) => void = () => {};
    const source: ChunkSource<Part> = {
      read: (() => {
        let reads = 0;
        return () =>
          reads++ === 0
            ? Promise.resolve({ done: false as const, value: { type: 'text' as const } })
            : new Promise<never>((_, reject) => {
                fail = reject;
              });
      })(),
      cancel: async () => {},
    };
    const stream = await commitStream(source, {
      ...options(outcomes),
      signal: controller.signal,
    });
    const reader = takeCommittedReader(stream)!;
    expect(await reader.read()).toEqual({ done: false, value: { type: 'text' } });
    const pending = reader.read();
    controller.abort();
    fail(new Error('aborted'));
    await expect(pending).rejects.toThrow('aborted');
    expect(outcomes).toEqual([{ status: 'aborted', error: expect.any(Error) }]);
  });

  it('cancel ends the stream as aborted and cancels the source once', async () => {
    let cancels = 0;
    const outcomes: StreamOutcome[] = [];
    const source = new ReadableStream<Part>({
      start(c) {
        c.enqueue({ type: 'text', value: 'a' });
      },
      cancel() {
        cancels += 1;
      },
    });
    const reader = takeCommittedReader(await commitStream(source, options(outcomes)))!;
    await reader.read();
    await reader.cancel(new Error('client gone'));
    expect(cancels).toBe(1);
    expect(outcomes).toEqual([{ status: 'aborted', error: new Error('client gone') }]);
    expect(await reader.read()).toEqual({ done: true, value: undefined });
  });

  it('ends at the last chunk as a success without waiting for the source, and drains it', async () => {
    const outcomes: StreamOutcome[] = [];
    let release: () => void = () => {};
    let reads = 0;
    let drained = false;
    const source: ChunkSource<Part> = {
      async read() {
        reads += 1;
        if (reads === 1) return { done: false, value: { type: 'text', value: 'a' } };
        if (reads === 2) return { done: false, value: { type: 'finish' } };
        // The upstream body ends only later (its connection closes after the last event).
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        drained = true;
        return { done: true, value: undefined };
      },
      cancel: async () => {
        throw new Error('a drained source is never cancelled');
      },
    };
    const committed = await openCommittedStream(source, {
      ...options(outcomes),
      isLast: (part: Part) => part.type === 'finish',
    });
    const reader = committed.takeReader()!;
    expect(await reader.read()).toEqual({ done: false, value: { type: 'text', value: 'a' } });
    expect(reader.isEnded()).toBe(false);
    expect(await reader.read()).toEqual({ done: false, value: { type: 'finish' } });
    // Over with the last chunk: the writer can end its answer together with it.
    expect(reader.isEnded()).toBe(true);
    expect(outcomes).toEqual([{ status: 'success' }]);
    expect(await reader.read()).toEqual({ done: true, value: undefined });
    // The rest of the source is still read to its end (its connection goes back to the pool).
    expect(drained).toBe(false);
    release();
    await new Promise((resolve) => setImmediate(resolve));
    expect(drained).toBe(true);
  });

  it('closes the web stream with the last chunk', async () => {
    const outcomes: StreamOutcome[] = [];
    const stream = await commitStream(
      streamOf([
        { type: 'text', value: 'a' },
        { type: 'finish' },
        { type: 'text', value: 'never' },
      ]),
      { ...options(outcomes), isLast: (part: Part) => part.type === 'finish' },
    );
    expect(await readAll(stream)).toEqual([{ type: 'text', value: 'a' }, { type: 'finish' }]);
    expect(outcomes).toEqual([{ status: 'success' }]);
  });
});

describe('openCommittedStream', () => {
  it('hands out the reader without a web stream, or the web stream, once', async () => {
    const taken = await openCommittedStream(streamOf([{ type: 'text', value: 'a' }]), options());
    const reader = taken.takeReader()!;
    expect(taken.takeReader()).toBeUndefined();
    expect(await readAll(taken.stream)).toEqual([]);
    expect(await reader.read()).toEqual({ done: false, value: { type: 'text', value: 'a' } });

    const web = await openCommittedStream(streamOf([{ type: 'text', value: 'b' }]), options());
    const stream = web.stream;
    expect(web.stream).toBe(stream);
    // Until the web stream is read, its reader can still be taken (the server's Node path).
    expect(takeCommittedReader(stream)).toBeDefined();
    expect(web.takeReader()).toBeUndefined();
  });
});
