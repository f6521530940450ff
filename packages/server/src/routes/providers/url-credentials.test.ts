import type { FakeUpstream } from '@stereos/fake-upstream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../app';
import { chatBody, postChat, startUpstream, testConfig } from '../../testing/test-env';

let up: FakeUpstream;
beforeAll(async () => {
  up = await startUpstream();
});
afterAll(() => up.close());
beforeEach(() => up.reset());

describe('credentials in URLs never reach a client or the event log', () => {
  it('an upstream error quoting a URL with ?key= and user:pass@', async () => {
    const lines: string[] = [];
    const server = createApp(
      testConfig(up, {
        OPENAI_API_KEY: 'sk-openai-test-123456',
        STEREOS_ALLOW_ANONYMOUS: 'true',
        UPSTREAM_MAX_RETRIES: '0',
        LOG_EVENTS: 'true',
      }),
      { logLine: (line) => lines.push(line) },
    );
    up.enqueue({
      kind: 'error',
      status: 400,
      message:
        'Upstream https://admin:hunter2@proxy.internal/v1?key=leak-abc-123&alt=sse refused ' +
        'the call (see https://x.blob/c?sig=leak-sig-456)',
    });
    const response = await postChat(server, chatBody());
    expect(response.status).toBe(400);
    const text = await response.text();
    const event = await server.events.waitFor((e) => e.status !== 'success');
    const logged = lines.join('\n');
    expect(logged).toContain('proxy.internal');
    for (const secret of ['hunter2', 'admin:', 'leak-abc-123', 'leak-sig-456']) {
      expect(text).not.toContain(secret);
      expect(JSON.stringify(event)).not.toContain(secret);
      expect(logged).not.toContain(secret);
    }
    expect(text).toContain('https://***@proxy.internal/v1?key=***&alt=sse');
  });

  /** An app whose OpenAI base URL carries credentials; the fetch refuses such a URL. */
  function appWithCredentialedBaseUrl(lines: string[]) {
    const base = up.url.replace('http://', 'http://user:pw-secret-789@');
    return createApp(
      testConfig(up, {
        OPENAI_BASE_URL: `${base}/v1?key=key-secret-012`,
        OPENAI_API_KEY: 'sk-openai-test-123456',
        STEREOS_ALLOW_ANONYMOUS: 'true',
        UPSTREAM_MAX_RETRIES: '0',
        LOG_EVENTS: 'true',
      }),
      { logLine: (line) => lines.push(line) },
    );
  }
  const SECRETS = ['pw-secret-789', 'key-secret-012'];

  it('a failing call to a base URL with user:pass@ and ?key=: the event and log', async () => {
    const lines: string[] = [];
    const server = appWithCredentialedBaseUrl(lines);
    await postChat(server, chatBody());
    const event = await server.events.waitFor(() => true);
    expect(event.error?.message).toContain('http://***@');
    expect(lines).toHaveLength(1);
    for (const secret of SECRETS) {
      expect(JSON.stringify(event)).not.toContain(secret);
      expect(lines.join('\n')).not.toContain(secret);
    }
  });

  // undici throws "Request cannot be constructed from a URL that includes credentials: …": the
  // client's error must not quote it with the credentials.
  it('a failing call to a base URL with user:pass@ and ?key=: the client error', async () => {
    const response = await postChat(appWithCredentialedBaseUrl([]), chatBody());
    expect(response.status).toBe(502);
    const text = await response.text();
    for (const secret of SECRETS) expect(text).not.toContain(secret);
  });
});
