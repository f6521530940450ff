import type { FakeUpstream } from '@stereos/fake-upstream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp, type StereosApp } from '../../app';
import { startUpstream, testConfig } from '../../testing/test-env';

/**
 * Requests in the shape Claude Code 2.1 sends them (recorded from `claude -p` against the
 * server; packages/agent-tests runs the real binary): `?beta=true`, beta headers, a
 * mid-conversation `role: "system"` message after the first user turn, tools with
 * `defer_loading`, adaptive thinking, `context_management` and `output_config`.
 */
let up: FakeUpstream;
let app: StereosApp;

beforeAll(async () => {
  up = await startUpstream();
  app = createApp(
    testConfig(up, {
      GATEWAY_API_KEYS: 'gw-claude-code-key-1',
      OPENAI_API_KEY: 'sk-openai-env-key-123',
      ANTHROPIC_API_KEY: 'sk-ant-env-key-123',
    }),
  );
});
afterAll(() => up.close());
beforeEach(() => {
  up.reset();
  app.events.clear();
});

function claudeCodeBody(model: string): Record<string, unknown> {
  return {
    model,
    max_tokens: 32000,
    stream: true,
    system: [
      { type: 'text', text: 'x-anthropic-billing-header: cc_version=2.1.330;' },
      { type: 'text', text: 'You are Claude Code.', cache_control: { type: 'ephemeral' } },
    ],
    messages: [
      {
        role: 'user',
        content: [
          { type: 'text', text: '<system-reminder>context</system-reminder>' },
          { type: 'text', text: 'Say hi' },
        ],
      },
      {
        role: 'system',
        content: [{ type: 'text', text: '# Environment\nPlatform: linux' }],
      },
    ],
    tools: [
      {
        name: 'Bash',
        description: 'Runs a command',
        input_schema: { type: 'object', properties: { command: { type: 'string' } } },
      },
      {
        name: 'WebFetch',
        description: 'Fetches a URL',
        input_schema: { type: 'object', properties: { url: { type: 'string' } } },
        defer_loading: true,
      },
    ],
    metadata: { user_id: '{"device_id":"abc","session_id":"s-1"}' },
    thinking: { type: 'adaptive', display: 'omitted' },
    context_management: { edits: [{ type: 'clear_thinking_20251015', keep: 'all' }] },
    output_config: { effort: 'medium' },
  };
}

/** The text of a Messages event stream (its `text_delta`s joined). */
function textOf(sse: string): string {
  return sse
    .split('\n')
    .filter((line) => line.startsWith('data: '))
    .map((line) => JSON.parse(line.slice(6)) as { delta?: { type?: string; text?: string } })
    .map((event) => (event.delta?.type === 'text_delta' ? event.delta.text : ''))
    .join('');
}

const headers = {
  'content-type': 'application/json',
  authorization: 'Bearer gw-claude-code-key-1',
  'anthropic-version': '2023-06-01',
  'anthropic-beta': 'claude-code-20250219,interleaved-thinking-2025-05-14',
  'x-app': 'cli',
};

describe('Claude Code request shapes', () => {
  it('serves a mid-conversation system message through an Anthropic upstream (hoisted)', async () => {
    up.enqueue({ kind: 'reply', text: 'Hi there' });
    const response = await app.request('/v1/messages?beta=true', {
      method: 'POST',
      headers,
      body: JSON.stringify(claudeCodeBody('claude-sonnet-4-6')),
    });
    expect(response.status).toBe(200);
    expect(textOf(await response.text())).toBe('Hi there');
    const sent = up.requests[0]!;
    expect(sent.path).toBe('/v1/messages');
    expect(sent.body.system).toEqual([
      { type: 'text', text: 'x-anthropic-billing-header: cc_version=2.1.330;' },
      { type: 'text', text: 'You are Claude Code.', cache_control: { type: 'ephemeral' } },
      { type: 'text', text: '# Environment\nPlatform: linux' },
    ]);
    expect((sent.body.messages as { role: string }[]).map((m) => m.role)).toEqual(['user']);
    const event = await app.events.waitFor((e) => e.status === 'success');
    expect(event).toMatchObject({ provider: 'anthropic', model: 'claude-sonnet-4-6' });
  });

  it('keeps the system message in place for an OpenAI upstream', async () => {
    up.enqueue({ kind: 'reply', text: 'Hi from GPT' });
    const response = await app.request('/v1/messages?beta=true', {
      method: 'POST',
      headers,
      body: JSON.stringify(claudeCodeBody('gpt-4o-mini')),
    });
    expect(response.status).toBe(200);
    expect(textOf(await response.text())).toBe('Hi from GPT');
    const sent = up.requests[0]!;
    expect(sent.path).toBe('/v1/chat/completions');
    const messages = sent.body.messages as { role: string; content: unknown }[];
    expect(messages.map((m) => m.role)).toEqual(['system', 'user', 'system']);
    expect(messages[2]!.content).toBe('# Environment\nPlatform: linux');
    const event = await app.events.waitFor((e) => e.status === 'success');
    expect(event).toMatchObject({ provider: 'openai', model: 'gpt-4o-mini', stream: true });
  });

  it('count_tokens accepts the same body (?beta=true)', async () => {
    const { max_tokens: _, stream: __, ...body } = claudeCodeBody('claude-sonnet-4-6');
    const response = await app.request('/v1/messages/count_tokens?beta=true', {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(200);
    const { input_tokens } = (await response.json()) as { input_tokens: number };
    expect(input_tokens).toBeGreaterThan(10);
    expect(up.requests).toHaveLength(0);
  });

  it('refuses a system message with an image, naming the block', async () => {
    const body = claudeCodeBody('claude-sonnet-4-6');
    (body.messages as unknown[])[1] = {
      role: 'system',
      content: [{ type: 'image', source: { type: 'url', url: 'https://example.com/a.png' } }],
    };
    const response = await app.request('/v1/messages', {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(400);
    const json = (await response.json()) as { type: string; error: { message: string } };
    expect(json.type).toBe('error');
    expect(json.error.message).toBe('System messages hold text blocks only.');
    expect(up.requests).toHaveLength(0);
  });
});
