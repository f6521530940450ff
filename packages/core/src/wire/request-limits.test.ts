import { describe, expect, it } from 'vitest';
import {
  hasControlChars,
  isPrintableAscii,
  isValidRequestId,
  MAX_JSON_DEPTH,
  MAX_METADATA_KEYS,
  MAX_TAGS,
  metadataProblem,
  modelIdProblem,
  scanJsonText,
  tagsProblem,
  userProblem,
} from './request-limits';

describe('modelIdProblem', () => {
  it('accepts ordinary model ids, forced prefixes included', () => {
    for (const id of ['gpt-4o-mini', 'groq/llama-3.3-70b', 'claude-3-5-sonnet@20240620', 'x']) {
      expect(modelIdProblem(id)).toBeUndefined();
    }
    expect(modelIdProblem('m'.repeat(256))).toBeUndefined();
  });

  it('refuses empty, overlong, spaced, control and non-ASCII ids without echoing them', () => {
    expect(modelIdProblem('')).toMatch(/empty/);
    expect(modelIdProblem('m'.repeat(257))).toMatch(/got 257 characters/);
    expect(modelIdProblem('gpt 4o')).toMatch(/character 4 is a space/);
    expect(modelIdProblem('gpt-4o\r\nx-evil: 1')).toMatch(/character 7 is U\+000D/);
    expect(modelIdProblem('gpt\u0000')).toMatch(/U\+0000/);
    const message = modelIdProblem('gpt-4o-模型');
    expect(message).toMatch(/character 8 is U\+6A21/);
    expect(message).not.toContain('模型');
  });
});

describe('userProblem', () => {
  it('accepts up to 256 characters, non-ASCII included', () => {
    expect(userProblem('alice@example.com')).toBeUndefined();
    expect(userProblem('Zoë 山田')).toBeUndefined();
    expect(userProblem('u'.repeat(256))).toBeUndefined();
  });

  it('refuses longer ones and control characters', () => {
    expect(userProblem('u'.repeat(257))).toMatch(/at most 256/);
    expect(userProblem('alice\nINFO forged log line')).toMatch(/control characters.*U\+000A/);
    expect(userProblem('a\u0085b')).toMatch(/U\+0085/);
    expect(userProblem('a\u2028b')).toMatch(/U\+2028/);
  });
});

describe('tagsProblem', () => {
  it('accepts up to 32 printable tags', () => {
    expect(tagsProblem(Array.from({ length: MAX_TAGS }, (_, i) => `tag ${i}`))).toBeUndefined();
  });

  it('refuses too many, too long and unprintable tags, naming which', () => {
    expect(tagsProblem(Array.from({ length: MAX_TAGS + 1 }, () => 't'))).toMatch(/got 33/);
    expect(tagsProblem(['ok', 't'.repeat(129)])).toMatch(/^tag 2 .*128/);
    expect(tagsProblem(['ok', 'a\u0001b'])).toMatch(/^tag 2 .*U\+0001/);
    expect(tagsProblem(['Ã©quipe'])).toMatch(/printable ASCII/);
  });
});

describe('metadataProblem', () => {
  it('accepts small string maps', () => {
    expect(metadataProblem({ team: 'search', env: 'prod' })).toBeUndefined();
  });

  it('refuses too many keys, long keys or values, control characters', () => {
    const many = Object.fromEntries(
      Array.from({ length: MAX_METADATA_KEYS + 1 }, (_, i) => [`k${i}`, 'v']),
    );
    expect(metadataProblem(many)).toMatch(/at most 32 keys/);
    expect(metadataProblem({ ['k'.repeat(65)]: 'v' })).toMatch(/keys must be 1–64/);
    expect(metadataProblem({ '': 'v' })).toMatch(/keys must be 1–64/);
    expect(metadataProblem({ k: 'v'.repeat(513) })).toMatch(/at most 512/);
    expect(metadataProblem({ k: 'a\u0000b' })).toMatch(/control/);
    expect(metadataProblem({ 'a\nb': 'v' })).toMatch(/control/);
  });
});

describe('character classes', () => {
  it('isPrintableAscii and hasControlChars', () => {
    expect(isPrintableAscii('abc-~!')).toBe(true);
    expect(isPrintableAscii('a b')).toBe(false);
    expect(isPrintableAscii('é')).toBe(false);
    expect(hasControlChars('tab\there')).toBe(true);
    expect(hasControlChars('del\u007f')).toBe(true);
    expect(hasControlChars('plain text é')).toBe(false);
  });

  it('isValidRequestId: 1–128 printable ASCII', () => {
    expect(isValidRequestId('req-abc_123')).toBe(true);
    expect(isValidRequestId('r'.repeat(128))).toBe(true);
    expect(isValidRequestId('r'.repeat(129))).toBe(false);
    expect(isValidRequestId('')).toBe(false);
    expect(isValidRequestId('a b')).toBe(false);
    expect(isValidRequestId('id\u0001')).toBe(false);
  });
});

/** The duplicate key `scanJsonText` finds. */
function findDuplicateJsonKey(text: string): string | undefined {
  return scanJsonText(text).duplicateKey;
}

describe('scanJsonText: nesting depth', () => {
  const nested = (depth: number) => `{"a":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`;

  it('accepts up to MAX_JSON_DEPTH levels of objects and arrays', () => {
    expect(scanJsonText(nested(MAX_JSON_DEPTH))).toEqual({
      duplicateKey: undefined,
      tooDeep: false,
    });
    expect(scanJsonText('[{"a":[{"b":{}}]}]', 5).tooDeep).toBe(false);
  });

  it('flags deeper texts, which JSON.parse takes but JSON.stringify cannot write back', () => {
    expect(scanJsonText(nested(MAX_JSON_DEPTH + 1)).tooDeep).toBe(true);
    expect(scanJsonText('[{"a":[{"b":{}}]}]', 4).tooDeep).toBe(true);
    const deep = nested(200_000);
    expect(() => JSON.stringify(JSON.parse(deep))).toThrow(RangeError);
    expect(scanJsonText(deep).tooDeep).toBe(true);
  });

  it('does not count brackets inside strings', () => {
    expect(scanJsonText(`{"a":"${'['.repeat(1000)}"}`).tooDeep).toBe(false);
  });

  it('reports a duplicate found before the depth limit too', () => {
    expect(scanJsonText(`{"a":1,"a":${nested(MAX_JSON_DEPTH + 1)}}`)).toEqual({
      duplicateKey: 'a',
      tooDeep: true,
    });
  });
});

describe('scanJsonText: duplicate keys', () => {
  it('finds a duplicate at the top level (JSON.parse keeps the last)', () => {
    const text = '{"model":"o1-pro","messages":[],"model":"gpt-4o-mini"}';
    expect(findDuplicateJsonKey(text)).toBe('model');
  });

  it('finds duplicates at any depth, escaped spellings included', () => {
    expect(findDuplicateJsonKey('{"a":[{"b":1},{"c":{"d":1,"d":2}}]}')).toBe('d');
    expect(findDuplicateJsonKey('{"model":"a","mod\\u0065l":"b"}')).toBe('model');
    expect(findDuplicateJsonKey('[{"x":1,"y":{},"x":2}]')).toBe('x');
  });

  it('keeps keys of sibling and nested objects apart', () => {
    expect(findDuplicateJsonKey('{"a":{"a":{"a":1}},"b":{"a":2}}')).toBeUndefined();
    expect(findDuplicateJsonKey('[{"role":"user"},{"role":"assistant"}]')).toBeUndefined();
  });

  it('is not fooled by strings that look like JSON', () => {
    const text = JSON.stringify({
      content: '{"model":"x","model":"y"} \\" ", "model": [',
      model: 'gpt-4o',
      tricky: 'ends with a backslash \\',
      after: '"model"',
    });
    expect(findDuplicateJsonKey(text)).toBeUndefined();
  });

  it('handles scalars, empty containers and whitespace', () => {
    for (const text of ['1', '"s"', 'null', '[]', '{}', ' { "a" : [ ] , "b" : { } } ']) {
      expect(findDuplicateJsonKey(text)).toBeUndefined();
    }
    expect(findDuplicateJsonKey(' { "a" : [ ] , "a" : { } } ')).toBe('a');
  });

  it('stays linear on objects with very many keys', () => {
    const wide = Array.from({ length: 100_000 }, (_, i) => `"k${i}":${i}`);
    expect(scanJsonText(`{${wide.join(',')}}`).duplicateKey).toBeUndefined();
    expect(findDuplicateJsonKey(`{"a":{${wide.join(',')}},"b":1}`)).toBeUndefined();
    expect(findDuplicateJsonKey(`{"a":{${wide.join(',')},"k5":0}}`)).toBe('k5');
    expect(findDuplicateJsonKey(`{${wide.join(',')},"x":{"k5":0},"x":1}`)).toBe('x');
  });

  it('agrees with a reference implementation on generated documents', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const text = randomJson(seed);
      expect(findDuplicateJsonKey(text) !== undefined, text).toBe(hasDuplicate(text));
    }
  });
});

/** Reference: JSON.parse loses duplicates, so count each object's keys from a regex tokenizer. */
function hasDuplicate(text: string): boolean {
  let found = false;
  const tokens = tokenize(text);
  const stack: (string[] | null)[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as string;
    if (t === '{') stack.push([]);
    else if (t === '[') stack.push(null);
    else if (t === '}' || t === ']') stack.pop();
    else if (t.startsWith('"') && tokens[i + 1] === ':') {
      const keys = stack[stack.length - 1];
      const key = JSON.parse(t) as string;
      if (keys?.includes(key)) found = true;
      keys?.push(key);
    }
  }
  return found;
}

function tokenize(text: string): string[] {
  const re = /"(?:[^"\\]|\\.)*"|[{}[\]:,]|[^\s{}[\]:,"]+/g;
  return text.match(re) ?? [];
}

/** A small deterministic JSON text with few distinct keys, so duplicates happen. */
function randomJson(seed: number): string {
  let state = seed;
  const next = (n: number) => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % n;
  };
  const keys = ['a', 'b', 'mod\\u0065l', 'model', '"q"', 'x\\\\'];
  const value = (depth: number): string => {
    const kind = depth > 3 ? next(3) : next(6);
    if (kind === 0) return String(next(100));
    if (kind === 1) return JSON.stringify(`s${'\\"{,['.slice(next(5))}`);
    if (kind === 2) return 'null';
    if (kind === 3) return `[${Array.from({ length: next(3) }, () => value(depth + 1)).join(',')}]`;
    const n = next(4);
    const parts = Array.from({ length: n }, () => {
      const key = keys[next(keys.length)] as string;
      const quoted = key === '"q"' ? '"\\"q\\""' : `"${key}"`;
      return `${quoted} : ${value(depth + 1)}`;
    });
    return `{ ${parts.join(' , ')} }`;
  };
  const text = value(0);
  JSON.parse(text); // valid by construction
  return text;
}
