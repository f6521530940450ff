import { describe, expect, it } from 'vitest';
import { createApp } from '../../app';
import { loadConfig } from '../../config/load-config';

describe('GET /doc', () => {
  it('is an OpenAPI 3 document generated from the route schemas', async () => {
    const app = createApp(loadConfig({ LOG_EVENTS: 'false', GATEWAY_API_KEYS: 'gw-secret' }));
    const response = await app.request('/doc');
    expect(response.status).toBe(200);
    const doc = (await response.json()) as any;
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/admin/keys',
      '/admin/keys/{id}',
      '/admin/keys/{id}/rotate',
      '/healthz',
      '/metrics',
      '/providers',
      '/v1/audio/speech',
      '/v1/audio/transcriptions',
      '/v1/audio/translations',
      '/v1/chat/completions',
      '/v1/embeddings',
      '/v1/images/edits',
      '/v1/images/generations',
      '/v1/messages',
      '/v1/messages/count_tokens',
      '/v1/models',
      '/v1/moderations',
      '/v1/responses',
      '/v1/usage',
      '/v1/usage/events',
    ]);

    const chat = doc.paths['/v1/chat/completions'].post;
    expect(chat.requestBody.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/ChatCompletionRequest',
    });
    expect(Object.keys(chat.responses)).toEqual(
      expect.arrayContaining(['200', '400', '401', '413', '429', '502', '503', '504']),
    );
    expect(chat.responses['200'].content['text/event-stream']).toBeDefined();

    const request = doc.components.schemas.ChatCompletionRequest;
    expect(request.required).toEqual(expect.arrayContaining(['model', 'messages']));
    expect(doc.components.schemas.ChatCompletionChunk).toBeDefined();
    expect(doc.components.schemas.OpenAIErrorBody).toBeDefined();
    expect(doc.components.securitySchemes.virtualKey).toMatchObject({
      in: 'header',
      name: 'x-stereos-virtual-key',
    });

    const models = doc.paths['/v1/models'].get;
    expect(models.parameters).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'provider', in: 'query' })]),
    );
  });
});
