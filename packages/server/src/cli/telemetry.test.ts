import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type FakeUpstream, startFakeUpstream } from '@stereos/fake-upstream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** The built CLI exporting spans to an OTLP/HTTP collector (a local capture server). */
const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

let up: FakeUpstream;
let collector: Server;
let collectorUrl: string;
const received: { path: string; body: string }[] = [];

beforeAll(async () => {
  up = await startFakeUpstream();
  collector = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => {
      body += d;
    });
    req.on('end', () => {
      received.push({ path: req.url ?? '', body });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => collector.listen(0, '127.0.0.1', r));
  collectorUrl = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await up.close();
  collector.close();
});

async function runOnce(env: Record<string, string>): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'stereos-otel-'));
  const child = spawn(process.execPath, [CLI, '--port', '0', '--host', '127.0.0.1'], {
    env: {
      PATH: process.env['PATH'] ?? '',
      STEREOS_DATA_DIR: dataDir,
      GATEWAY_API_KEYS: 'gw-key-1',
      OPENAI_API_KEY: 'sk-openai-env-1',
      OPENAI_BASE_URL: up.url,
      LOG_EVENTS: 'false',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  child.stdout?.on('data', (d) => {
    stdout += d;
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  while (!/listening on http:\/\/[^:]+:(\d+)/.test(stdout))
    await new Promise((r) => setTimeout(r, 20));
  const url = `http://127.0.0.1:${/listening on http:\/\/[^:]+:(\d+)/.exec(stdout)?.[1]}`;
  const response = await fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer gw-key-1' },
    body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }),
  });
  expect(response.status).toBe(200);
  child.kill('SIGTERM');
  await exited;
  await rm(dataDir, { recursive: true, force: true });
}

describe('OpenTelemetry export from the CLI', () => {
  it('sends the call and attempt spans to OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, flushed at exit', async () => {
    received.length = 0;
    await runOnce({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${collectorUrl}/v1/traces` });
    expect(received.length).toBeGreaterThan(0);
    const body = received.map((r) => r.body).join('\n');
    expect(received[0]?.path).toBe('/v1/traces');
    expect(body).toContain('chat gpt-4o-mini');
    expect(body).toContain('attempt 1');
    expect(body).toContain('gen_ai.usage.input_tokens');
    expect(body).toContain('stereos-server');
    expect(body).not.toContain('sk-openai-env-1');
  });

  it('exports nothing when no OTLP endpoint is set', async () => {
    received.length = 0;
    await runOnce({});
    expect(received).toHaveLength(0);
  });
});
