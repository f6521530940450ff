import { describe, expect, it } from 'vitest';
import { getProvider, isProviderId, PROVIDER_IDS, PROVIDERS } from './providers';

describe('PROVIDERS', () => {
  it('lists the 14 providers and Cloudflare AI Gateway in table order', () => {
    expect(PROVIDERS.map((p) => p.id)).toEqual([...PROVIDER_IDS]);
    expect(PROVIDERS).toHaveLength(15);
  });

  it('uses the documented env names and default base URLs', () => {
    const rows = PROVIDERS.map((p) => [p.id, p.baseUrlEnv, p.apiKeyEnv, p.defaultBaseURL]);
    expect(rows).toEqual([
      ['openai', 'OPENAI_BASE_URL', 'OPENAI_API_KEY', 'https://api.openai.com'],
      ['anthropic', 'ANTHROPIC_BASE_URL', 'ANTHROPIC_API_KEY', 'https://api.anthropic.com'],
      [
        'gemini',
        'GEMINI_BASE_URL',
        'GEMINI_API_KEY',
        'https://generativelanguage.googleapis.com/v1beta/openai',
      ],
      ['kimi', 'KIMI_BASE_URL', 'KIMI_API_KEY', 'https://api.kimi.com/coding/v1'],
      ['openrouter', 'OPENROUTER_BASE_URL', 'OPENROUTER_API_KEY', 'https://openrouter.ai/api/v1'],
      [
        'vercel',
        'VERCEL_AI_GATEWAY_BASE_URL',
        'VERCEL_AI_GATEWAY_API_KEY',
        'https://ai-gateway.vercel.sh/v1',
      ],
      ['groq', 'GROQ_BASE_URL', 'GROQ_API_KEY', 'https://api.groq.com/openai/v1'],
      ['deepseek', 'DEEPSEEK_BASE_URL', 'DEEPSEEK_API_KEY', 'https://api.deepseek.com/v1'],
      ['xai', 'XAI_BASE_URL', 'XAI_API_KEY', 'https://api.x.ai/v1'],
      ['mistral', 'MISTRAL_BASE_URL', 'MISTRAL_API_KEY', 'https://api.mistral.ai/v1'],
      ['cohere', 'COHERE_BASE_URL', 'COHERE_API_KEY', 'https://api.cohere.com/compatibility/v1'],
      [
        'azure',
        'AZURE_OPENAI_BASE_URL',
        'AZURE_OPENAI_API_KEY',
        'https://example-resource.openai.azure.com/openai/v1',
      ],
      [
        'bedrock',
        'AWS_BEDROCK_BASE_URL',
        'AWS_BEDROCK_API_KEY',
        'https://bedrock-runtime.us-east-1.amazonaws.com/openai/v1',
      ],
      [
        'vertex',
        'VERTEX_AI_BASE_URL',
        'VERTEX_AI_API_KEY',
        'https://us-central1-aiplatform.googleapis.com/v1/projects/PROJECT/locations/us-central1/endpoints/openapi',
      ],
      [
        'cloudflare',
        'CLOUDFLARE_AI_GATEWAY_BASE_URL',
        'CF_AIG_TOKEN',
        'https://gateway.ai.cloudflare.com/v1/ACCOUNT_ID/GATEWAY_ID/compat',
      ],
    ]);
  });

  it('gives every provider a forcing prefix named after its id', () => {
    for (const p of PROVIDERS) expect(p.prefixes).toContain(`${p.id}/`);
  });

  it('describes paths and auth per provider', () => {
    expect(getProvider('openai')).toMatchObject({
      chatPath: '/v1/chat/completions',
      modelsPath: '/v1/models',
      auth: 'bearer',
      wire: 'openai',
    });
    expect(getProvider('anthropic')).toMatchObject({
      chatPath: '/v1/messages',
      auth: 'x-api-key',
      wire: 'anthropic',
    });
    expect(getProvider('azure').auth).toBe('api-key');
    expect(getProvider('cloudflare').auth).toBe('cf-aig');
    expect(getProvider('kimi')).toMatchObject({
      forcedModel: 'kimi-for-coding',
      headers: { 'User-Agent': 'KimiCLI/1.3' },
    });
    for (const p of PROVIDERS.filter((p) => !['openai', 'anthropic'].includes(p.id))) {
      expect(p).toMatchObject({ chatPath: '/chat/completions', modelsPath: '/models' });
    }
  });

  it('looks providers up by id', () => {
    expect(getProvider('groq').name).toBe('Groq');
    expect(getProvider('nope')).toBeUndefined();
    expect(isProviderId('xai')).toBe(true);
    expect(isProviderId('cloudflare')).toBe(true);
    expect(isProviderId('workers-ai')).toBe(false);
  });
});
