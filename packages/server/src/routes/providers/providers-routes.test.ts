import { PROVIDERS } from '@stereos/core';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../app';
import { loadConfig } from '../../config/load-config';

describe('GET /providers', () => {
  it('lists all 15 providers (14 and Cloudflare AI Gateway), with prefixes and key status, never a key', async () => {
    const app = createApp(
      loadConfig({
        LOG_EVENTS: 'false',
        GATEWAY_API_KEYS: 'gw-secret-key',
        OPENAI_API_KEY: 'sk-openai-very-secret',
        KIMI_API_KEY: 'sk-kimi-very-secret',
        GROQ_BASE_URL: 'http://groq.internal/openai/v1',
      }),
    );
    // No key needed, even in gateway mode.
    const response = await app.request('/providers');
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).not.toContain('very-secret');
    expect(text).not.toContain('gw-secret-key');

    const { object, data } = JSON.parse(text);
    expect(object).toBe('list');
    expect(data).toHaveLength(15);
    expect(data.map((p: { id: string }) => p.id)).toEqual(PROVIDERS.map((p) => p.id));
    const byId = Object.fromEntries(data.map((p: { id: string }) => [p.id, p]));
    expect(byId.openai).toMatchObject({
      key_configured: true,
      base_url: 'https://api.openai.com',
      model_prefixes: ['openai/'],
    });
    expect(byId.anthropic).toMatchObject({
      key_configured: false,
      wire: 'anthropic',
      auth: 'x-api-key',
      model_prefixes: ['anthropic/', 'claude'],
      api_key_env: 'ANTHROPIC_API_KEY',
    });
    expect(byId.kimi).toMatchObject({ key_configured: true, forced_model: 'kimi-for-coding' });
    expect(byId.groq.base_url).toBe('http://groq.internal/openai/v1');
    expect(byId.azure).toMatchObject({ auth: 'api-key', base_url_env: 'AZURE_OPENAI_BASE_URL' });
  });

  it('hides credentials written into a base URL (userinfo, ?key=)', async () => {
    const app = createApp(
      loadConfig({
        LOG_EVENTS: 'false',
        OPENAI_BASE_URL: 'https://u:p@host/v1?key=abc',
        GROQ_BASE_URL: 'https://proxy.internal/openai/v1?api-version=1&X-Api-Key=groq-secret-77',
      }),
    );
    const response = await app.request('/providers');
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).not.toContain('u:p');
    expect(text).not.toContain('abc');
    expect(text).not.toContain('groq-secret-77');
    const byId = Object.fromEntries(
      (JSON.parse(text).data as { id: string; base_url: string }[]).map((p) => [p.id, p]),
    );
    expect(byId.openai?.base_url).toBe('https://***@host/v1?key=***');
    expect(byId.groq?.base_url).toBe(
      'https://proxy.internal/openai/v1?api-version=1&X-Api-Key=***',
    );
  });
});
