import { describe, expect, it } from 'vitest';
import { PROVIDERS } from '../catalog/providers';
import { configuredProviders, resolveProviderConfigs } from './provider-config';

describe('resolveProviderConfigs', () => {
  it('uses the default base URLs and no keys for an empty env', () => {
    const configs = resolveProviderConfigs({});
    for (const p of PROVIDERS) expect(configs[p.id]).toEqual({ baseURL: p.defaultBaseURL });
    expect(configuredProviders(configs)).toEqual([]);
  });

  it('reads the documented env names, strips trailing slashes and treats empty as unset', () => {
    const configs = resolveProviderConfigs({
      OPENAI_BASE_URL: 'http://localhost:8080/',
      OPENAI_API_KEY: 'sk-openai',
      ANTHROPIC_API_KEY: '',
      VERCEL_AI_GATEWAY_API_KEY: 'vk',
      AZURE_OPENAI_BASE_URL: 'https://res.openai.azure.com/openai/v1//',
      AZURE_OPENAI_API_KEY: ' az-key\n',
      AWS_BEDROCK_API_KEY: 'bedrock-key',
      VERTEX_AI_BASE_URL: '   ',
      VERTEX_AI_API_KEY: 'ya29.token',
    });
    expect(configs.openai).toEqual({ baseURL: 'http://localhost:8080', apiKey: 'sk-openai' });
    expect(configs.anthropic).toEqual({ baseURL: 'https://api.anthropic.com' });
    expect(configs.azure).toEqual({
      baseURL: 'https://res.openai.azure.com/openai/v1',
      apiKey: 'az-key',
    });
    expect(configs.vertex.baseURL).toBe(PROVIDERS.find((p) => p.id === 'vertex')!.defaultBaseURL);
    expect(configuredProviders(configs)).toEqual([
      'openai',
      'vercel',
      'azure',
      'bedrock',
      'vertex',
    ]);
  });

  it('reads the key variable of every provider', () => {
    const env = Object.fromEntries(PROVIDERS.map((p) => [p.apiKeyEnv, `key-${p.id}`]));
    const configs = resolveProviderConfigs(env);
    expect(configuredProviders(configs)).toEqual(PROVIDERS.map((p) => p.id));
    expect(configs.kimi.apiKey).toBe('key-kimi');
  });

  it("builds Cloudflare AI Gateway's unified endpoint from the account and gateway ids", () => {
    const configs = resolveProviderConfigs({
      CLOUDFLARE_ACCOUNT_ID: 'acct-1',
      CLOUDFLARE_GATEWAY_ID: 'gw-1',
      CF_AIG_TOKEN: 'cf-token-1',
    });
    expect(configs.cloudflare).toEqual({
      baseURL: 'https://gateway.ai.cloudflare.com/v1/acct-1/gw-1/compat',
      apiKey: 'cf-token-1',
    });
  });

  it("takes Vercel's AI_GATEWAY_API_KEY when VERCEL_AI_GATEWAY_API_KEY is unset", () => {
    expect(resolveProviderConfigs({ AI_GATEWAY_API_KEY: 'vck-1' }).vercel.apiKey).toBe('vck-1');
    const both = { AI_GATEWAY_API_KEY: 'vck-1', VERCEL_AI_GATEWAY_API_KEY: 'vck-2' };
    expect(resolveProviderConfigs(both).vercel.apiKey).toBe('vck-2');
  });
});
