import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { nodeByteReader } from './node-byte-reader';

const text = (value: Uint8Array | undefined) => Buffer.from(value ?? []).toString();

describe('nodeByteReader', () => {
  it('reads what is buffered in one piece, then waits for more, then ends', async () => {
    const body = new PassThrough();
    body.write('data: 1\n\n');
    body.write('data: 2\n\n');
    const reader = nodeByteReader(body);
    await new Promise((r) => setImmediate(r));
    expect(text((await reader.read()).value)).toBe('data: 1\n\ndata: 2\n\n');
    const pending = reader.read();
    body.end('data: 3\n\n');
    expect(text((await pending).value)).toBe('data: 3\n\n');
    expect(await reader.read()).toEqual({ done: true, value: undefined });
    expect(await reader.read()).toEqual({ done: true, value: undefined });
  });

  it('rejects a pending read when the stream fails or is cut off', async () => {
    const failing = new PassThrough();
    const pending = nodeByteReader(failing).read();
    failing.destroy(new Error('socket hang up'));
    await expect(pending).rejects.toThrow('socket hang up');

    const cut = new PassThrough();
    const reader = nodeByteReader(cut);
    const waiting = reader.read();
    cut.destroy();
    await expect(waiting).rejects.toThrow('cut off');
    await expect(reader.read()).rejects.toThrow('cut off');
  });

  it('cancel destroys the stream (releasing the upstream connection)', async () => {
    const body = Readable.from(['a', 'b'], { objectMode: false });
    const reader = nodeByteReader(body);
    await reader.cancel(new Error('client gone'));
    expect(body.destroyed).toBe(true);
  });
});
