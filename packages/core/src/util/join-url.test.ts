import { describe, expect, it } from 'vitest';
import { joinUrl, stripTrailingSlashes } from './join-url';

describe('joinUrl', () => {
  it('joins with exactly one slash', () => {
    expect(joinUrl('https://api.x.ai/v1', '/chat/completions')).toBe(
      'https://api.x.ai/v1/chat/completions',
    );
    expect(joinUrl('https://api.x.ai/v1//', '/models')).toBe('https://api.x.ai/v1/models');
    expect(joinUrl('https://api.openai.com', 'v1/models')).toBe('https://api.openai.com/v1/models');
  });

  it('strips only trailing slashes', () => {
    expect(stripTrailingSlashes('http://h:1/a/b///')).toBe('http://h:1/a/b');
    expect(stripTrailingSlashes('http://h:1')).toBe('http://h:1');
  });
});

describe('joinUrl with a query on the base URL', () => {
  it('keeps the query after the path', () => {
    expect(joinUrl('https://x.example/v1?api-version=2025-01-01', '/chat/completions')).toBe(
      'https://x.example/v1/chat/completions?api-version=2025-01-01',
    );
  });
});
