import { describe, expect, it } from 'vitest';
import { mergeKeySubject } from './merge-key-subject';

describe('mergeKeySubject', () => {
  const request = { user: 'caller', tags: ['a', 'b'], metadata: { team: 'x', run: '1' } };

  it('keeps the request as is without a key', () => {
    expect(mergeKeySubject(undefined, request)).toBe(request);
  });

  it("lets the key's values win: user, tags kept first, metadata on shared names", () => {
    expect(
      mergeKeySubject({ user: 'owner', tags: ['ci', 'a'], metadata: { team: 'search' } }, request),
    ).toEqual({ user: 'owner', tags: ['ci', 'a', 'b'], metadata: { team: 'search', run: '1' } });
    expect(mergeKeySubject({}, request)).toEqual(request);
  });

  it("never drops the key's tags to fit the caller's", () => {
    const many = Array.from({ length: 32 }, (_, i) => `t${i}`);
    const merged = mergeKeySubject({ tags: ['ci'] }, { ...request, tags: many });
    expect(merged.tags?.[0]).toBe('ci');
    expect(merged.tags).toHaveLength(32);
  });
});
