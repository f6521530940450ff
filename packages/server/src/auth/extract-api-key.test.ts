import { describe, expect, it } from 'vitest';
import { extractApiKey } from './extract-api-key';

describe('extractApiKey', () => {
  it('prefers x-stereos-virtual-key, then Authorization: Bearer, then x-api-key', () => {
    const all = new Headers({
      'x-stereos-virtual-key': 'virtual',
      authorization: 'Bearer bearer',
      'x-api-key': 'api',
    });
    expect(extractApiKey(all)).toBe('virtual');
    expect(extractApiKey(new Headers({ authorization: 'Bearer bearer', 'x-api-key': 'api' }))).toBe(
      'bearer',
    );
    expect(extractApiKey(new Headers({ 'x-api-key': 'api' }))).toBe('api');
  });

  it('accepts any case of "Bearer" and trims', () => {
    expect(extractApiKey(new Headers({ authorization: 'bearer   k-1  ' }))).toBe('k-1');
  });

  it('ignores blank headers and non-bearer authorization', () => {
    expect(extractApiKey(new Headers({ 'x-stereos-virtual-key': ' ', 'x-api-key': 'api' }))).toBe(
      'api',
    );
    expect(extractApiKey(new Headers({ authorization: 'Basic dXNlcjpwYXNz' }))).toBeUndefined();
    expect(extractApiKey(new Headers())).toBeUndefined();
  });
});
