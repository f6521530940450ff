import { describe, expect, it } from 'vitest';
import { globToRegExp, modelAllowed } from './model-globs';

describe('modelAllowed', () => {
  it('allows everything without globs', () => {
    expect(modelAllowed(undefined, 'anything')).toBe(true);
    expect(modelAllowed([], 'gpt-4o')).toBe(false);
  });

  it('matches * and ? and nothing else as patterns', () => {
    expect(modelAllowed(['gpt-4o*'], 'gpt-4o-mini')).toBe(true);
    expect(modelAllowed(['gpt-4o*'], 'gpt-4.1')).toBe(false);
    expect(modelAllowed(['claude-*', 'gpt-4o*'], 'claude-sonnet-4-5')).toBe(true);
    expect(modelAllowed(['o?-mini'], 'o3-mini')).toBe(true);
    expect(globToRegExp('gpt-4.1').test('gpt-401')).toBe(false);
    expect(modelAllowed(['GPT-4o*'], 'gpt-4o')).toBe(false);
  });

  it('matches the routed provider/model, and a prefix that routes where the bare id does', () => {
    expect(modelAllowed(['openai/*'], 'gpt-4o')).toBe(true);
    expect(modelAllowed(['anthropic/*'], 'gpt-4o')).toBe(false);
    expect(modelAllowed(['gpt-4o*'], 'openai/gpt-4o')).toBe(true);
    expect(modelAllowed(['gpt-4o*'], 'openrouter/gpt-4o')).toBe(false);
    expect(modelAllowed(['openrouter/*'], 'openrouter/openai/gpt-4o')).toBe(true);
    expect(modelAllowed(['gpt-4o*'], 'nope/gpt-4o')).toBe(false);
  });
});
