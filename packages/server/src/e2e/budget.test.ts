import { createStereos } from '@stereos/ai';
import { generateText } from 'ai';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { createApp } from '../app';
import { startE2EServer } from '../testing/e2e-server';
import {
  chatBody,
  postChat,
  type RunningServer,
  startServer,
  testConfig,
} from '../testing/test-env';
import { useFakeUpstream } from '../testing/use-fake-upstream';

const up = useFakeUpstream();

// gpt-4o-mini: $0.15 / $0.60 per million tokens. With max_tokens 1000 a call reserves about
// $0.0006 (and a little input), so $0.0121 affords about 20 calls held at once.
const LIMIT = 0.0121;
const BUDGET_ENV = {
  GATEWAY_API_KEYS: 'gw-key-1,gw-key-2',
  OPENAI_API_KEY: 'sk-openai-env-key-1',
  STEREOS_BUDGET_USD: String(LIMIT),
  STEREOS_BUDGET_PERIOD: 'day',
};
const budgetEnv = (extra: Record<string, string> = {}) =>
  testConfig(up, { ...BUDGET_ENV, ...extra });
const auth = { authorization: 'Bearer gw-key-1' };

describe('server budget (STEREOS_BUDGET_USD)', () => {
  it('refuses with 402, the limit, the spend and the reset time, before any upstream call', async () => {
    const app = createApp(budgetEnv({ STEREOS_BUDGET_USD: '0.0001' }));
    const response = await postChat(app, chatBody({ max_tokens: 1000 }), auth);
    expect(response.status).toBe(402);
    const { error } = (await response.json()) as { error: Record<string, any> };
    expect(error).toMatchObject({
      type: 'insufficient_quota',
      code: 'budget_exceeded',
      budget: { scope: 'global', limit_usd: 0.0001, used_usd: 0, max_output_tokens: 1000 },
    });
    expect(error.budget.reset_at).toMatch(/^\d{4}-\d{2}-\d{2}T00:00:00Z$/);
    expect(error.message).toMatch(/max_tokens/);
    expect(up.requests).toHaveLength(0);
    expect(app.events.events()).toEqual([
      expect.objectContaining({ status: 'budget_exceeded', attempts: 0, costUsd: 0 }),
    ]);
  });

  it('never overspends under 200 concurrent requests: the rest get 402, one event each', async () => {
    const server: RunningServer = await startServer(budgetEnv());
    try {
      const results = await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          fetch(`${server.url}/v1/chat/completions`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...auth },
            body: JSON.stringify(
              chatBody({ max_tokens: 1000, messages: [{ role: 'user', content: `q${i}` }] }),
            ),
          }).then(async (r) => ({ status: r.status, body: await r.text() })),
        ),
      );
      const ok = results.filter((r) => r.status === 200).length;
      const refused = results.filter((r) => r.status === 402).length;
      expect(ok + refused).toBe(200);
      expect(ok).toBeGreaterThanOrEqual(20);
      expect(up.requests).toHaveLength(ok);
      const events = server.app.events.events();
      expect(events).toHaveLength(200);
      expect(events.filter((e) => e.status === 'budget_exceeded')).toHaveLength(refused);
      const spent = events.reduce((sum, e) => sum + (e.costUsd ?? 0), 0);
      expect(spent).toBeGreaterThan(0);
      expect(spent).toBeLessThanOrEqual(LIMIT);
    } finally {
      await server.close();
    }
  });

  it('keeps one limit per gateway key with STEREOS_BUDGET_SCOPE=key', async () => {
    const app = createApp(budgetEnv({ STEREOS_BUDGET_USD: '0.0007', STEREOS_BUDGET_SCOPE: 'key' }));
    // One call of ~$0.0006 fits each key's limit; the second of the same key does not.
    up.setDefault({ kind: 'hang' });
    const body = chatBody({ max_tokens: 1000 });
    const first = postChat(app, body, auth);
    await up.waitForRequests(1);
    expect((await postChat(app, body, auth)).status).toBe(402);
    // The other key has its own limit: its call reaches the upstream.
    const other = postChat(app, body, { authorization: 'Bearer gw-key-2' });
    expect(await up.waitForRequests(2)).toHaveLength(2);
    up.reset();
    void first.catch(() => {});
    void other.catch(() => {});
  });

  it('refuses a model without a known price unless STEREOS_BUDGET_UNPRICED=allow', async () => {
    const denied = await postChat(
      createApp(budgetEnv()),
      chatBody({ model: 'my-finetune-v1' }),
      auth,
    );
    expect(denied.status).toBe(402);
    expect(await denied.json()).toMatchObject({ error: { code: 'unpriced_model' } });
    const allowed = createApp(budgetEnv({ STEREOS_BUDGET_UNPRICED: 'allow' }));
    expect((await postChat(allowed, chatBody({ model: 'my-finetune-v1' }), auth)).status).toBe(200);
  });

  it('prices models of STEREOS_PRICES for the event and the budget', async () => {
    up.enqueue({ kind: 'reply', text: 'ok', usage: { input: 1000, output: 500 } });
    const app = createApp(
      budgetEnv({
        STEREOS_PRICES: '{"openai/my-finetune-v1":{"inputPerMTok":2,"outputPerMTok":8}}',
      }),
    );
    const body = chatBody({ model: 'my-finetune-v1', max_tokens: 500 });
    expect((await postChat(app, body, auth)).status).toBe(200);
    expect(app.events.events()[0]?.costUsd).toBeCloseTo((1000 * 2 + 500 * 8) / 1e6, 12);
  });
});

describe('library budget through the server (createStereos → Stereos server)', () => {
  it('never overspends under 200 concurrent calls; refused calls reach no upstream', async () => {
    const server = await startServer(
      testConfig(up, { GATEWAY_API_KEYS: 'gw-key-1', OPENAI_API_KEY: 'sk-openai-env-key-1' }),
    );
    try {
      const events: { status: string; costUsd: number | undefined }[] = [];
      const stereos = createStereos({
        baseURL: `${server.url}/v1`,
        apiKey: 'gw-key-1',
        budget: { limitUsd: LIMIT, period: 'day' },
        onUsage: (e) => {
          events.push(e);
        },
      });
      const model = stereos('gpt-4o-mini');
      const results = await Promise.allSettled(
        Array.from({ length: 200 }, (_, i) =>
          generateText({ model, prompt: `q${i}`, maxOutputTokens: 1000, maxRetries: 0 }),
        ),
      );
      const ok = results.filter((r) => r.status === 'fulfilled').length;
      expect(ok).toBeGreaterThanOrEqual(20);
      expect(up.requests).toHaveLength(ok);
      expect(events).toHaveLength(200);
      expect(events.filter((e) => e.status === 'budget_exceeded')).toHaveLength(200 - ok);
      const spent = events.reduce((sum, e) => sum + (e.costUsd ?? 0), 0);
      expect(spent).toBeLessThanOrEqual(LIMIT);
    } finally {
      await server.close();
    }
  });
});

describe('through the openai SDK', () => {
  it('surfaces the 402 as the SDK error with the budget fields', async () => {
    const server = await startE2EServer({
      upstream: up,
      env: { ...BUDGET_ENV, STEREOS_BUDGET_USD: '0.0001' },
    });
    try {
      const openai = server.openai('gw-key-1');
      const error = await openai.chat.completions
        .create({
          model: 'gpt-4o-mini',
          max_tokens: 1000,
          messages: [{ role: 'user', content: 'x' }],
        })
        .catch((e) => e);
      expect(error).toBeInstanceOf(OpenAI.APIError);
      expect(error.status).toBe(402);
      expect(error.code).toBe('budget_exceeded');
    } finally {
      await server.close();
    }
  });
});

describe('budget alerts (STEREOS_BUDGET_ALERT_PERCENT)', () => {
  it('warn once, in the log and to onBudgetAlert, when spend passes the threshold', async () => {
    const alerts: unknown[] = [];
    const lines: string[] = [];
    // $0.00001 at 1 %: the first call's real cost passes it.
    const app = createApp(
      budgetEnv({ STEREOS_BUDGET_USD: '0.001', STEREOS_BUDGET_ALERT_PERCENT: '1' }),
      {
        onBudgetAlert: (a) => alerts.push(a),
        logLine: (l) => lines.push(l),
      },
    );
    up.enqueue({ kind: 'reply', text: 'ok', usage: { input: 100, output: 100 } });
    expect((await postChat(app, chatBody({ max_tokens: 100 }), auth)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 20));
    expect(alerts).toEqual([expect.objectContaining({ scope: 'global', limitUsd: 0.001 })]);
    expect(lines.filter((l) => l.includes('"budget_alert"'))).toHaveLength(1);
    expect((await postChat(app, chatBody({ max_tokens: 100 }), auth)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 20));
    expect(alerts).toHaveLength(1);
  });
});
