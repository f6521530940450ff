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
});
