import { describe, expect, it, vi } from 'vitest';
import { getProvider } from '../catalog/providers';
import { UpstreamHttpError } from '../errors/upstream-http-error';
import { listProviderModels } from './list-models';

function fakeFetch(status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return vi.fn(async (_url: string, _init: RequestInit) => new Response(text, { status, headers }));
}

function sent(fetchMock: ReturnType<typeof fakeFetch>) {
  const [url, init] = fetchMock.mock.calls[0]!;
  return { url, method: init.method, headers: new Headers(init.headers) };
}

describe('listProviderModels', () => {
  it('lists an OpenAI-style provider with bearer auth', async () => {
    const fetchMock = fakeFetch(200, {
      object: 'list',
      data: [
        { id: 'gpt-4o', object: 'model', created: 1715367049, owned_by: 'system' },
        { id: 'o3', object: 'model' },
        { object: 'model' },
      ],
    });
    const models = await listProviderModels({
      provider: getProvider('openai'),
      baseURL: 'https://api.openai.com/',
      apiKey: 'sk-test',
      fetch: fetchMock as unknown as typeof fetch,
    });
    expect(models).toEqual([
      { id: 'gpt-4o', object: 'model', created: 1715367049, owned_by: 'system' },
      { id: 'o3', object: 'model', created: 0, owned_by: 'openai' },
    ]);
    const req = sent(fetchMock);
    expect(req.url).toBe('https://api.openai.com/v1/models');
    expect(req.method).toBe('GET');
    expect(req.headers.get('authorization')).toBe('Bearer sk-test');
  });

  it('prefixes ids with the provider when asked', async () => {
    const fetchMock = fakeFetch(200, {
      data: [{ id: 'llama-3.3-70b-versatile', owned_by: 'Meta' }],
    });
    const models = await listProviderModels({
      provider: getProvider('groq'),
      baseURL: 'https://api.groq.com/openai/v1',
      apiKey: 'gsk',
      fetch: fetchMock as unknown as typeof fetch,
      prefixIds: true,
    });
    expect(models.map((m) => m.id)).toEqual(['groq/llama-3.3-70b-versatile']);
    expect(sent(fetchMock).url).toBe('https://api.groq.com/openai/v1/models');
  });

  it("normalises Anthropic's list and sends its auth and version headers", async () => {
    const fetchMock = fakeFetch(200, {
      data: [
        {
          type: 'model',
          id: 'claude-sonnet-4-5-20250929',
          display_name: 'Claude Sonnet 4.5',
          created_at: '2025-09-29T00:00:00Z',
        },
      ],
      has_more: false,
    });
    const models = await listProviderModels({
      provider: getProvider('anthropic'),
      baseURL: 'https://api.anthropic.com',
      apiKey: 'sk-ant-test',
      fetch: fetchMock as unknown as typeof fetch,
    });
    expect(models).toEqual([
      {
        id: 'claude-sonnet-4-5-20250929',
        object: 'model',
        created: Date.UTC(2025, 8, 29) / 1000,
        owned_by: 'anthropic',
      },
    ]);
    const req = sent(fetchMock);
    expect(req.url).toBe('https://api.anthropic.com/v1/models?limit=1000');
    expect(req.headers.get('x-api-key')).toBe('sk-ant-test');
    expect(req.headers.get('anthropic-version')).toBe('2023-06-01');
    expect(req.headers.get('authorization')).toBeNull();
  });

  it("strips Gemini's models/ prefix and uses Azure's api-key header", async () => {
    const gemini = fakeFetch(200, {
      data: [{ id: 'models/gemini-2.5-flash', owned_by: 'google' }],
    });
    const geminiModels = await listProviderModels({
      provider: getProvider('gemini'),
      baseURL: 'https://generativelanguage.googleapis.com/v1beta/openai',
      apiKey: 'AIza-test',
      fetch: gemini as unknown as typeof fetch,
    });
    expect(geminiModels[0]?.id).toBe('gemini-2.5-flash');

    const azure = fakeFetch(200, [{ id: 'my-deployment' }]);
    await listProviderModels({
      provider: getProvider('azure'),
      baseURL: 'https://res.openai.azure.com/openai/v1',
      apiKey: 'az-key',
      fetch: azure as unknown as typeof fetch,
    });
    expect(sent(azure).headers.get('api-key')).toBe('az-key');
    expect(sent(azure).headers.get('authorization')).toBeNull();
  });

  it('throws UpstreamHttpError with the status and a redacted message on non-2xx', async () => {
    const apiKey = 'sk-live-very-secret-0001';
    const fetchMock = fakeFetch(
      401,
      {
        error: { message: `Incorrect API key provided: ${apiKey}`, type: 'invalid_request_error' },
      },
      { 'content-type': 'application/json', 'x-request-id': 'req_1' },
    );
    const error = await listProviderModels({
      provider: getProvider('openai'),
      baseURL: 'https://api.openai.com',
      apiKey,
      fetch: fetchMock as unknown as typeof fetch,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamHttpError);
    const e = error as UpstreamHttpError;
    expect(e.status).toBe(401);
    expect(e.provider).toBe('openai');
    expect(e.headers['x-request-id']).toBe('req_1');
    expect(e.message).toContain('status 401');
    expect(e.message).toContain('[REDACTED]');
    expect(e.message).not.toContain(apiKey);
    expect(JSON.stringify(e.body)).not.toContain(apiKey);
  });

  it('keeps a non-JSON error body as redacted text', async () => {
    const fetchMock = fakeFetch(502, 'Bad gateway');
    const error = (await listProviderModels({
      provider: getProvider('deepseek'),
      baseURL: 'https://api.deepseek.com/v1',
      fetch: fetchMock as unknown as typeof fetch,
    }).catch((e: unknown) => e)) as UpstreamHttpError;
    expect(error.status).toBe(502);
    expect(error.body).toBe('Bad gateway');
    expect(error.message).toBe('DeepSeek model list failed with status 502: Bad gateway');
  });

  it('rejects a 2xx answer that is not a model list', async () => {
    const fetchMock = fakeFetch(200, '<html>');
    await expect(
      listProviderModels({
        provider: getProvider('xai'),
        baseURL: 'https://api.x.ai/v1',
        fetch: fetchMock as unknown as typeof fetch,
      }),
    ).rejects.toThrow(/unexpected model list/);
  });
});
