import { describe, expect, it } from 'vitest';
import { concatBytes } from './concat-bytes';

describe('concatBytes', () => {
  it('joins chunks in order and passes a single chunk through', () => {
    expect([
      ...concatBytes([new Uint8Array([1, 2]), new Uint8Array([]), new Uint8Array([3])]),
    ]).toEqual([1, 2, 3]);
    const one = new Uint8Array([7]);
    expect(concatBytes([one])).toBe(one);
    expect(concatBytes([]).byteLength).toBe(0);
  });

  it('joins views that lie back to back in one buffer without copying', () => {
    const bytes = new Uint8Array([1, 2, 3, 4, 5, 6]);
    const joined = concatBytes([bytes.subarray(1, 3), bytes.subarray(3, 4), bytes.subarray(4, 6)]);
    expect([...joined]).toEqual([2, 3, 4, 5, 6]);
    expect(joined.buffer).toBe(bytes.buffer);
    expect(joined.byteOffset).toBe(1);
  });

  it('copies views with a gap between them, or of different buffers', () => {
    const bytes = new Uint8Array([1, 2, 3, 4]);
    const gap = concatBytes([bytes.subarray(0, 1), bytes.subarray(2, 4)]);
    expect([...gap]).toEqual([1, 3, 4]);
    expect(gap.buffer).not.toBe(bytes.buffer);
    const other = concatBytes([bytes.subarray(0, 2), new Uint8Array([9])]);
    expect([...other]).toEqual([1, 2, 9]);
    expect(other.buffer).not.toBe(bytes.buffer);
  });
});
