import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeUpstream, startFakeUpstream } from './start-fake-upstream.js';

let upstream: FakeUpstream;

beforeAll(async () => {
  upstream = await startFakeUpstream({ models: ['model-a', 'model-b'] });
});
afterAll(() => upstream.close());

describe('models', () => {
  it('lists the configured models in OpenAI shape', async () => {
    const client = new OpenAI({ baseURL: `${upstream.url}/v1`, apiKey: 'k', maxRetries: 0 });
    const page = await client.models.list();
    expect(page.data).toEqual([
      { id: 'model-a', object: 'model', created: expect.any(Number), owned_by: 'system' },
      { id: 'model-b', object: 'model', created: expect.any(Number), owned_by: 'system' },
    ]);
  });

  it('lists them in Anthropic shape for the Anthropic SDK', async () => {
    const client = new Anthropic({ baseURL: upstream.url, apiKey: 'k', maxRetries: 0 });
    const page = await client.models.list();
    expect(page.data.map((m) => m.id)).toEqual(['model-a', 'model-b']);
    expect(page.data[0]).toMatchObject({ type: 'model', display_name: 'model-a' });
    const res = await fetch(`${upstream.url}/v1/models`, { headers: { 'x-api-key': 'k' } });
    expect(await res.json()).toMatchObject({
      has_more: false,
      first_id: 'model-a',
      last_id: 'model-b',
    });
  });
});
