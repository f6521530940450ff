import { describe, expect, it } from 'vitest';
import { splitArguments, splitText } from './split-text.js';

describe('splitText', () => {
  it('splits into word-sized pieces that rejoin to the text', () => {
    expect(splitText('echo: hello  world ')).toEqual(['echo: ', 'hello  ', 'world ']);
    expect(splitText(' lead')).toEqual([' lead']);
    expect(splitText('   ')).toEqual(['   ']);
    expect(splitText('')).toEqual([]);
  });

  it('splits into exactly N pieces without breaking surrogate pairs', () => {
    expect(splitText('abcdefg', 3)).toEqual(['abc', 'de', 'fg']);
    expect(splitText('ab', 5)).toEqual(['a', 'b']);
    expect(splitText('😀😀😀😀', 2)).toEqual(['😀😀', '😀😀']);
  });

  it('splits tool arguments into at most four pieces', () => {
    const pieces = splitArguments('{"city":"Paris"}');
    expect(pieces).toHaveLength(4);
    expect(pieces.join('')).toBe('{"city":"Paris"}');
  });
});
