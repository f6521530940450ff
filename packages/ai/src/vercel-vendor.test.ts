import { afterEach, describe, expect, it, vi } from 'vitest';
import { VERCEL_GATEWAY_BASE_URL, vercelBaseURL } from './vercel-endpoint';
import { describeVercelSlug, vercelReportedCost } from './vercel-vendor';

afterEach(() => vi.unstubAllEnvs());

describe('describeVercelSlug', () => {
  it.each([
    ['anthropic/claude-sonnet-4-5', 'anthropic', 'claude-sonnet-4-5'],
    ['google/gemini-2.5-flash', 'gemini', 'gemini-2.5-flash'],
    ['xai/grok-4', 'xai', 'grok-4'],
    ['openai/gpt-4o', 'openai', 'gpt-4o'],
    ['moonshotai/kimi-k2', 'kimi', 'kimi-k2'],
    ['meta/llama-4-scout', 'meta', 'llama-4-scout'],
    ['gpt-4o', 'vercel', 'gpt-4o'],
    ['constructor/x', 'constructor', 'x'],
  ])('%s → provider %s, model %s', (slug, provider, modelId) => {
    expect(describeVercelSlug(slug)).toEqual({ provider, modelId });
  });
});

describe('vercelReportedCost', () => {
  it.each([
    [{ gateway: { cost: '0.0045405' } }, 0.0045405],
    [{ gateway: { cost: '0' } }, 0],
    [{ gateway: { cost: 0.25 } }, 0.25],
    [{ gateway: { cost: '-1' } }, undefined],
    [{ gateway: { cost: 'n/a' } }, undefined],
    [{ gateway: {} }, undefined],
    [undefined, undefined],
  ])('%j → %s', (metadata, cost) => {
    expect(vercelReportedCost(metadata)).toBe(cost);
  });
});

describe('vercelBaseURL', () => {
  it.each([
    [undefined, VERCEL_GATEWAY_BASE_URL],
    ['https://ai-gateway.vercel.sh/v1/ai/', 'https://ai-gateway.vercel.sh/v1/ai'],
    ['https://ai-gateway.vercel.sh', 'https://ai-gateway.vercel.sh/v1/ai'],
    ['https://ai-gateway.vercel.sh/v1', 'https://ai-gateway.vercel.sh/v1/ai'],
    ['https://ai-gateway.vercel.sh/v1/chat/completions', 'https://ai-gateway.vercel.sh/v1/ai'],
    ['http://proxy.internal/gateway', 'http://proxy.internal/gateway'],
  ])('%s → %s', (given, expected) => {
    vi.stubEnv('AI_GATEWAY_URL', undefined);
    expect(vercelBaseURL(given)).toBe(expected);
  });

  it('uses AI_GATEWAY_URL unless baseURL is given', () => {
    vi.stubEnv('AI_GATEWAY_URL', 'https://ai-gateway.vercel.sh/v1/chat/completions');
    expect(vercelBaseURL(undefined)).toBe('https://ai-gateway.vercel.sh/v1/ai');
    expect(vercelBaseURL('http://localhost:4010/v1/ai')).toBe('http://localhost:4010/v1/ai');
  });
});
