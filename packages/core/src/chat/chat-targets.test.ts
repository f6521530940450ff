import { describe, expect, it } from 'vitest';
import { MissingProviderKeyError } from '../errors/missing-provider-key-error';
import { resolveProviderConfigs } from '../upstream/provider-config';
import { resolveChatTargets } from './chat-targets';

const models = ['gpt-4o', 'claude-sonnet-4-5'];
const configured = resolveProviderConfigs({
  OPENAI_API_KEY: 'sk-configured-openai',
  ANTHROPIC_API_KEY: 'sk-configured-anthropic',
  ANTHROPIC_BASE_URL: 'http://127.0.0.1:9/anthropic/',
});
const unconfigured = resolveProviderConfigs({});

describe('resolveChatTargets', () => {
  it('routes each model to its provider, upstream model and base URL', () => {
    const targets = resolveChatTargets(['gpt-4o', 'anthropic/claude-sonnet-4-5'], configured, {
      useConfiguredKeys: true,
    });
    expect(
      targets.map((t) => [t.requestedModel, t.provider.id, t.upstreamModel, t.baseURL, t.apiKey]),
    ).toEqual([
      ['gpt-4o', 'openai', 'gpt-4o', 'https://api.openai.com', 'sk-configured-openai'],
      [
        'anthropic/claude-sonnet-4-5',
        'anthropic',
        'claude-sonnet-4-5',
        'http://127.0.0.1:9/anthropic',
        'sk-configured-anthropic',
      ],
    ]);
    expect(targets.every((t) => t.missingKey === undefined)).toBe(true);
  });

  it("sends the caller's key only to the provider of the first model", () => {
    const [openai, anthropic] = resolveChatTargets(models, configured, {
      callerKey: 'sk-caller-openai',
      useConfiguredKeys: false,
    });
    expect(openai?.apiKey).toBe('sk-caller-openai');
    expect(openai?.missingKey).toBeUndefined();
    expect(anthropic?.apiKey).toBeUndefined();
    expect(MissingProviderKeyError.isInstance(anthropic?.missingKey)).toBe(true);
    expect(anthropic?.missingKey).toMatchObject({
      provider: 'anthropic',
      status: 503,
      code: 'provider_not_configured',
    });
    expect(anthropic?.missingKey?.message).toContain('x-stereos-key-anthropic');
    expect(anthropic?.missingKey?.message).not.toContain('sk-caller-openai');
  });

  it('also when the first model is Anthropic and the fallback is OpenAI', () => {
    const [anthropic, openai] = resolveChatTargets(['claude-sonnet-4-5', 'gpt-4o'], unconfigured, {
      callerKey: 'sk-ant-caller',
      useConfiguredKeys: false,
    });
    expect(anthropic?.apiKey).toBe('sk-ant-caller');
    expect(openai?.apiKey).toBeUndefined();
    expect(openai?.missingKey?.message).toContain('x-stereos-key-openai');
  });

  it("uses the caller's key for another provider when given for it", () => {
    const [openai, anthropic] = resolveChatTargets(models, configured, {
      callerKey: 'sk-caller-openai',
      providerKeys: { anthropic: 'sk-ant-caller' },
      useConfiguredKeys: false,
    });
    expect(openai?.apiKey).toBe('sk-caller-openai');
    expect(anthropic?.apiKey).toBe('sk-ant-caller');
    expect(anthropic?.missingKey).toBeUndefined();
  });

  it('uses a configured key for the other provider only with useConfiguredKeys', () => {
    const [openai, anthropic] = resolveChatTargets(models, configured, {
      callerKey: 'sk-caller-openai',
      useConfiguredKeys: true,
    });
    expect(openai?.apiKey).toBe('sk-caller-openai');
    expect(anthropic?.apiKey).toBe('sk-configured-anthropic');

    const [, none] = resolveChatTargets(models, unconfigured, {
      callerKey: 'sk-caller-openai',
      useConfiguredKeys: true,
    });
    expect(none?.apiKey).toBeUndefined();
    expect(none?.missingKey?.message).toContain('x-stereos-key-anthropic');
  });

  it('never uses configured keys without useConfiguredKeys', () => {
    const targets = resolveChatTargets(models, configured, { useConfiguredKeys: false });
    expect(targets.map((t) => t.apiKey)).toEqual([undefined, undefined]);
    expect(targets[0]?.missingKey?.message).toMatch(/bearer token/);
  });

  it('names the env variable to set when the gateway has no key', () => {
    const [openai] = resolveChatTargets(['gpt-4o'], unconfigured, { useConfiguredKeys: true });
    expect(openai?.missingKey?.message).toContain('OPENAI_API_KEY');
  });

  it('drops duplicate models, keeping the first', () => {
    const targets = resolveChatTargets(
      ['gpt-4o', 'claude-sonnet-4-5', 'gpt-4o', 'claude-sonnet-4-5'],
      configured,
      { useConfiguredKeys: true },
    );
    expect(targets.map((t) => t.requestedModel)).toEqual(['gpt-4o', 'claude-sonnet-4-5']);
  });

  it('throws for a model no provider serves', () => {
    expect(() =>
      resolveChatTargets(['gpt-4o', 'nope/model'], configured, { useConfiguredKeys: true }),
    ).toThrow(expect.objectContaining({ code: 'unknown_provider', status: 400 }));
  });
});
