import type { ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { streamFail } from '@stereos/fake-upstream';
import { afterEach, describe, expect, it } from 'vitest';
import { startCli as startBuiltCli } from '../testing/cli-process';
import { useFakeUpstream } from '../testing/use-fake-upstream';

/** Shutdown of the built CLI (`dist/cli.js`), with a fake upstream that never finishes. */
const up = useFakeUpstream();

const running: ChildProcess[] = [];
afterEach(() => {
  for (const child of running.splice(0)) child.kill('SIGKILL');
});

/** The CLI in gateway mode, OpenAI at the fake upstream; killed after the test. */
async function startCli(env: Record<string, string>) {
  const cli = await startBuiltCli(
    {
      GATEWAY_API_KEYS: 'gw-key-1',
      OPENAI_API_KEY: 'sk-openai-env-1',
      OPENAI_BASE_URL: up.url,
      ...env,
    },
    { timeoutMs: 10_000 },
  );
  running.push(cli.child);
  return cli;
}

function post(url: string, body: unknown): Promise<{ status: number; text: string }> {
  return fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer gw-key-1' },
    body: JSON.stringify(body),
  }).then(async (r) => ({ status: r.status, text: await r.text() }));
}

const chat = (extra: Record<string, unknown> = {}) => ({
  model: 'gpt-4o-mini',
  messages: [{ role: 'user', content: 'hi' }],
  ...extra,
});

describe('shutdown', () => {
  it('cuts calls past the grace period with an error chunk or a 503, records each, exits 1', async () => {
    const cli = await startCli({ STEREOS_SHUTDOWN_GRACE_SECS: '0.3' });
    // A stream that sends a first part then stalls, and a JSON call that never answers.
    up.enqueue(streamFail('first part and then nothing', 'stall'));
    const stream = post(cli.url, chat({ stream: true }));
    await up.waitForRequests(1);
    up.enqueue({ kind: 'hang' });
    const json = post(cli.url, chat());
    await up.waitForRequests(2);
    cli.child.kill('SIGTERM');
    const [streamed, answered] = await Promise.all([stream, json]);
    expect(streamed.status).toBe(200);
    expect(streamed.text).toContain('first');
    expect(streamed.text).toContain('server_shutting_down');
    expect(answered.status).toBe(503);
    expect(JSON.parse(answered.text)).toMatchObject({ error: { code: 'server_shutting_down' } });
    expect(await cli.exited).toBe(1);
    const { stdout, stderr } = cli.output();
    expect(stderr).toContain('Cut 2 call(s)');
    const events = stdout
      .split('\n')
      .filter((line) => line.includes('"gateway_event"'))
      .map((line) => JSON.parse(line) as { status: string; stream: boolean });
    expect(events).toHaveLength(2);
    for (const event of events) expect(event.status).toBe('error');
  });

  it('lets calls finish within the grace period and exits 0', async () => {
    const cli = await startCli({ STEREOS_SHUTDOWN_GRACE_SECS: '5' });
    up.enqueue({ kind: 'reply', text: 'slow but in time', delayMs: 300 });
    const pending = post(cli.url, chat());
    await up.waitForRequests(1);
    cli.child.kill('SIGTERM');
    expect((await pending).status).toBe(200);
    expect(await cli.exited).toBe(0);
  });

  it('does not wait for an idle keep-alive connection', async () => {
    const cli = await startCli({ STEREOS_SHUTDOWN_GRACE_SECS: '30' });
    // A keep-alive connection that stays open, idle, after its answer.
    await new Promise<void>((resolve) => {
      const req = request(
        `${cli.url}/healthz`,
        { agent: new Agent({ keepAlive: true }) },
        (res) => {
          res.resume();
          res.on('end', resolve);
        },
      );
      req.end();
    });
    const started = Date.now();
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
