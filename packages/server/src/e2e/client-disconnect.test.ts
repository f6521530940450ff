import { describe, expect, it } from 'vitest';
import { useE2EServer } from '../testing/e2e-server';
import { chatBody } from '../testing/test-env';

/** A client that goes away mid-stream must not leave the upstream call running. */
const { server, upstream: up } = useE2EServer({
  env: { OPENAI_API_KEY: 'sk-openai-env-key-123', STEREOS_ALLOW_ANONYMOUS: 'true' },
});

async function postStream(signal: AbortSignal): Promise<Response> {
  return fetch(`${server.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(chatBody({ stream: true })),
    signal,
  });
}

describe('client disconnect', () => {
  it('mid-stream: aborts the upstream request and records an aborted event', async () => {
    up.enqueue({ kind: 'reply', text: 'a b c d e f g h i j k l m n o p', chunkDelayMs: 100 });
    const controller = new AbortController();
    const response = await postStream(controller.signal);
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toContain('chat.completion.chunk');
    controller.abort();

    const [upstreamRequest] = await up.waitForRequests(1);
    await upstreamRequest!.closed;
    expect(upstreamRequest!.aborted).toBe(true);
    const event = await server.app.events.waitFor((e) => e.status === 'aborted');
    expect(event).toMatchObject({
      stream: true,
      provider: 'openai',
      requestedModel: 'gpt-4o-mini',
    });
  });

  it('before the first byte: aborts the upstream request too', async () => {
    up.enqueue({ kind: 'hang' });
    const controller = new AbortController();
    const pending = postStream(controller.signal).catch((e: unknown) => e);
    const [upstreamRequest] = await up.waitForRequests(1);
    controller.abort();
    await pending;
    await upstreamRequest!.closed;
    expect(upstreamRequest!.aborted).toBe(true);
    await expect(server.app.events.waitFor((e) => e.status === 'aborted')).resolves.toMatchObject({
      attempts: 1,
    });
  });
});
