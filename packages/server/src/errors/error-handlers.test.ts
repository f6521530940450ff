import { describe, expect, it, vi } from 'vitest';
import { createApp } from '../app';
import { loadConfig } from '../config/load-config';
import { chatBody, postChat } from '../testing/test-env';

const config = (env: Record<string, string> = {}) =>
  loadConfig({
    LOG_EVENTS: 'false',
    OPENAI_API_KEY: 'sk-env-secret-key-1',
    STEREOS_ALLOW_ANONYMOUS: 'true',
    ...env,
  });

describe('error responses', () => {
  it('answers unknown routes and methods with JSON 404', async () => {
    const app = createApp(config());
    for (const [method, path] of [
      ['GET', '/nope'],
      ['GET', '/v1/chat/completions'],
      ['POST', '/v1/responses/unknown'],
    ] as const) {
      const response = await app.request(path, { method });
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(await response.json()).toEqual({
        error: {
          message: `Unknown route: ${method} ${path}`,
          type: 'invalid_request_error',
          code: 'not_found',
        },
      });
    }
    expect(app.events.events()).toEqual([]);
  });

  it('answers 413 for a body over MAX_BODY_BYTES, and records the refusal', async () => {
    const app = createApp(config({ MAX_BODY_BYTES: '200' }));
    const response = await postChat(
      app,
      chatBody({ messages: [{ role: 'user', content: 'x'.repeat(500) }] }),
    );
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({
      error: { type: 'invalid_request_error', code: 'request_too_large' },
    });
    expect(app.events.events()).toEqual([expect.objectContaining({ status: 'invalid_request' })]);
  });

  it('answers 413 for a chunked body without content-length', async () => {
    const app = createApp(config({ MAX_BODY_BYTES: '200' }));
    const bytes = new TextEncoder().encode(JSON.stringify(chatBody({ pad: 'x'.repeat(500) })));
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes);
        controller.close();
      },
    });
    const response = await app.request('/v1/chat/completions', {
      method: 'POST',
      headers: { 'transfer-encoding': 'chunked' },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
  });

  it('answers unexpected errors with a generic 500 and logs them redacted', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const app = createApp(config());
    app.get('/boom', () => {
      throw new Error('kaboom with sk-env-secret-key-1');
    });
    const response = await app.request('/boom');
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({
      error: {
        message: 'The gateway failed unexpectedly. Please try again.',
        type: 'server_error',
        code: 'internal_error',
      },
    });
    expect(text).not.toContain('kaboom');
    const logged = String(error.mock.calls[0]?.[0]);
    expect(logged).toContain('kaboom');
    expect(logged).not.toContain('sk-env-secret-key-1');
    error.mockRestore();
  });
});
