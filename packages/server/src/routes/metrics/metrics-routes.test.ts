import type { FakeUpstream } from '@stereos/fake-upstream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../app';
import { createKey, MASTER_KEY } from '../../testing/governance';
import { chatBody, postChat, startUpstream, testConfig } from '../../testing/test-env';

let up: FakeUpstream;
beforeAll(async () => {
  up = await startUpstream();
});
afterAll(() => up.close());
beforeEach(() => up.reset());

const env = { GATEWAY_API_KEYS: 'gw-key-1', OPENAI_API_KEY: 'sk-openai-env-key-1' };
const key = { authorization: 'Bearer gw-key-1' };

describe('GET /metrics', () => {
  it('counts requests, errors, latency, tokens, cost and cache hits in Prometheus text', async () => {
    const app = createApp(testConfig(up, env));
    up.enqueue({ kind: 'reply', text: 'x', usage: { input: 10, output: 5 } });
    await postChat(app, chatBody(), { ...key, 'cf-aig-cache-ttl': '60' });
    await app.events.waitFor((e) => e.status === 'success');
    await postChat(app, chatBody(), { ...key, 'cf-aig-cache-ttl': '60' }); // cache hit
    await postChat(app, chatBody(), { authorization: 'Bearer wrong' }); // 401
    const response = await app.request('/metrics');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    const ok = 'provider="openai",model="gpt-4o-mini",status="success"';
    expect(text).toContain('# TYPE stereos_requests_total counter');
    expect(text).toContain(`stereos_requests_total{${ok}} 2`);
    expect(text).toContain(
      'stereos_request_errors_total{provider="none",model="none",status="unauthorized"} 1',
    );
    expect(text).toContain('# TYPE stereos_request_duration_seconds histogram');
    expect(text).toContain(`stereos_request_duration_seconds_count{${ok}} 2`);
    expect(text).toContain(
      'stereos_tokens_total{provider="openai",model="gpt-4o-mini",type="input"} 10',
    );
    expect(text).toContain(
      'stereos_tokens_total{provider="openai",model="gpt-4o-mini",type="output"} 5',
    );
    expect(text).toMatch(
      /stereos_cost_usd_total\{provider="openai",model="gpt-4o-mini"\} [0-9.e-]+/,
    );
    expect(text).toContain('stereos_cache_hits_total{provider="openai",model="gpt-4o-mini"} 1');
    expect(text).not.toContain('gw-key-1');
  });

  it('needs the master key when one is set', async () => {
    const app = createApp(testConfig(up, { ...env, STEREOS_MASTER_KEY: MASTER_KEY }));
    expect((await app.request('/metrics')).status).toBe(401);
    expect((await app.request('/metrics', { headers: key })).status).toBe(401);
    const ok = await app.request('/metrics', {
      headers: { authorization: `Bearer ${MASTER_KEY}` },
    });
    expect(ok.status).toBe(200);
  });

  it('caps the model label: random model ids cannot grow the series without bound', async () => {
    const app = createApp(testConfig(up, env));
    up.setDefault({ kind: 'error', status: 404 });
    await Promise.all(
      Array.from({ length: 210 }, (_, i) => postChat(app, chatBody({ model: `gpt-x-${i}` }), key)),
    );
    const text = await (await app.request('/metrics')).text();
    expect(text).toContain('model="other"');
    const models = new Set([...text.matchAll(/model="([^"]+)"/g)].map((m) => m[1]));
    expect(models.size).toBeLessThanOrEqual(202);
  });

  it("shows each key's budget left in its window", async () => {
    const app = createApp(testConfig(up, { ...env, STEREOS_MASTER_KEY: MASTER_KEY }));
    const { id, key: secret } = await createKey(app, { budget: { limit_usd: 1, period: 'day' } });
    up.enqueue({ kind: 'reply', text: 'x', usage: { input: 1_000_000, output: 0 } });
    expect((await postChat(app, chatBody(), { authorization: `Bearer ${secret}` })).status).toBe(
      200,
    );
    await new Promise((r) => setTimeout(r, 20));
    const text = await (
      await app.request('/metrics', { headers: { authorization: `Bearer ${MASTER_KEY}` } })
    ).text();
    // 1M input tokens of gpt-4o-mini cost $0.15: $0.85 left of $1.
    expect(text).toContain(`stereos_key_budget_remaining_usd{key="${id}"} 0.85`);
  });
});
