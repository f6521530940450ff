import { describe, expect, it } from 'vitest';
import { createApp } from '../app';
import { loadConfig } from '../config/load-config';
import { chatBody, postChat } from '../testing/test-env';

describe('the event of a refused call', () => {
  it('carries the type and code the client was answered with, whoever refused', async () => {
    const app = createApp(
      loadConfig({
        LOG_EVENTS: 'false',
        OPENAI_API_KEY: 'sk-env-secret-key-1',
        STEREOS_ALLOW_ANONYMOUS: 'true',
        STEREOS_BUDGET_USD: '0.0000001',
      }),
    );
    const answers = [
      // Refused by the server before the engine ran: bad JSON, a schema error.
      await postChat(app, '{nope'),
      await postChat(app, chatBody({ messages: [] })),
      // Refused by the engine: too many models, an unknown provider, the budget.
      await postChat(app, chatBody({ models: ['a', 'b', 'c', 'd', 'e', 'f'] })),
      await postChat(app, chatBody({ model: 'nosuch/xyz' })),
      await postChat(app, chatBody({ model: 'gpt-4o' })),
    ];
    const answered = [];
    for (const answer of answers) {
      const { error } = (await answer.json()) as { error: { type: string; code: string } };
      answered.push({ status: answer.status, type: error.type, code: error.code });
    }
    expect(answered.map(({ code }) => code)).toEqual([
      'invalid_json',
      'invalid_value',
      'too_many_models',
      'unknown_provider',
      'budget_exceeded',
    ]);
    const recorded = app.events
      .events()
      .map(({ error }) => ({ status: error?.status, type: error?.type, code: error?.code }));
    expect(recorded).toEqual(answered);
  });
});
