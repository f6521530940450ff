import { describe, expect, it } from 'vitest';
import { PROVIDERS } from './providers';
import { createModelRouter, routeModel } from './route-model';
import { InvalidModelError, UnknownProviderError } from './routing-errors';

function route(model: string) {
  const r = routeModel(model);
  return [r.provider.id, r.upstreamModel, r.forced];
}

describe('routeModel', () => {
  it('routes by name: claude* → anthropic, gemini* → gemini, kimi* → kimi', () => {
    expect(route('claude-sonnet-4-5')).toEqual(['anthropic', 'claude-sonnet-4-5', false]);
    expect(route('claude-3-haiku-20240307')).toEqual([
      'anthropic',
      'claude-3-haiku-20240307',
      false,
    ]);
    expect(route('gemini-2.5-flash')).toEqual(['gemini', 'gemini-2.5-flash', false]);
    expect(route('kimi-for-coding')).toEqual(['kimi', 'kimi-for-coding', false]);
  });

  it('sends everything else to openai', () => {
    expect(route('gpt-4o-mini')).toEqual(['openai', 'gpt-4o-mini', false]);
    expect(route('o3')).toEqual(['openai', 'o3', false]);
    expect(route('ft:gpt-4o-mini:org:custom:abc123')).toEqual([
      'openai',
      'ft:gpt-4o-mini:org:custom:abc123',
      false,
    ]);
    // Name rules are prefixes, not substrings.
    expect(route('my-claude')).toEqual(['openai', 'my-claude', false]);
  });

  it('forces every provider with its prefix and strips it', () => {
    for (const p of PROVIDERS) {
      const r = routeModel(`${p.id}/some-model`);
      expect(r.provider.id).toBe(p.id);
      expect(r.forced).toBe(true);
      expect(r.upstreamModel).toBe(p.id === 'kimi' ? 'kimi-for-coding' : 'some-model');
    }
  });

  it('keeps the rest of a forced id whole', () => {
    expect(route('anthropic/claude-sonnet-4-5')).toEqual(['anthropic', 'claude-sonnet-4-5', true]);
    expect(route('openrouter/meta-llama/llama-3')).toEqual([
      'openrouter',
      'meta-llama/llama-3',
      true,
    ]);
    expect(route('vercel/anthropic/claude-sonnet-4.5')).toEqual([
      'vercel',
      'anthropic/claude-sonnet-4.5',
      true,
    ]);
    expect(route('openai/gpt-4o')).toEqual(['openai', 'gpt-4o', true]);
    expect(route('gemini/gemini-2.5-pro')).toEqual(['gemini', 'gemini-2.5-pro', true]);
    expect(route('bedrock/openai.gpt-oss-120b-1:0')).toEqual([
      'bedrock',
      'openai.gpt-oss-120b-1:0',
      true,
    ]);
    expect(route('vertex/google/gemini-2.0-flash')).toEqual([
      'vertex',
      'google/gemini-2.0-flash',
      true,
    ]);
  });

  it('lets a prefix beat the name rules', () => {
    expect(route('openrouter/claude-3-opus')).toEqual(['openrouter', 'claude-3-opus', true]);
    expect(route('openai/claude-proxy')).toEqual(['openai', 'claude-proxy', true]);
  });

  it('always sends kimi-for-coding to Kimi', () => {
    expect(route('kimi-k2')).toEqual(['kimi', 'kimi-for-coding', false]);
    expect(route('kimi/anything')).toEqual(['kimi', 'kimi-for-coding', true]);
  });

  it('throws UnknownProviderError for an unknown prefix, naming it and the known ones', () => {
    let error: unknown;
    try {
      routeModel('meta-llama/llama-3');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UnknownProviderError);
    const e = error as UnknownProviderError;
    expect(e.code).toBe('unknown_provider');
    expect(e.prefix).toBe('meta-llama');
    expect(e.message).toContain("'meta-llama/'");
    expect(e.message).toContain('openrouter/');
    expect(e.knownPrefixes).toHaveLength(15);
    // A name rule is not a provider prefix.
    expect(() => routeModel('claude/x')).toThrow(UnknownProviderError);
  });

  it('throws InvalidModelError for empty ids and empty sides', () => {
    expect(() => routeModel('')).toThrow(InvalidModelError);
    expect(() => routeModel('openai/')).toThrow(InvalidModelError);
    expect(() => routeModel('/gpt-4o')).toThrow(InvalidModelError);
  });

  it('builds routers over custom tables', () => {
    const router = createModelRouter(
      PROVIDERS.filter((p) => p.id !== 'kimi'),
      'groq',
    );
    expect(router('llama-3.3-70b').provider.id).toBe('groq');
    expect(router('kimi-k2').provider.id).toBe('groq');
    expect(() => router('kimi/x')).toThrow(UnknownProviderError);
    expect(() => createModelRouter([], 'openai')).toThrow(/not in the table/);
  });
});
