import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliProcess, startCli } from '../testing/cli-process';
import { useE2EServer } from '../testing/e2e-server';
import { rawExchange } from '../testing/raw-http';

/**
 * Bytes Node's HTTP parser refuses before the app sees them: the test server answers them as the
 * CLI does (`answerClientErrors` on the listener), with the OpenAI error shape, not Node's bare
 * 400. The built CLI answers the same bytes in the same test, so the two cannot drift apart.
 */
const { server } = useE2EServer();
let cli: CliProcess;
let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'stereos-malformed-'));
  cli = await startCli({ LOG_EVENTS: 'false', STEREOS_DATA_DIR: dataDir });
}, 30_000);
afterAll(async () => {
  cli?.child.kill('SIGKILL');
  await cli?.exited;
  await rm(dataDir, { recursive: true, force: true });
});

// `HTTX` where the request line needs `HTTP`: llhttp's HPE_INVALID_CONSTANT.
const MALFORMED_REQUEST_LINE = 'GET /v1/models HTTX/1.1\r\nhost: x\r\n\r\n';

describe('a malformed request line, over a raw socket', () => {
  it("answers 400 with the CLI's OpenAI-shaped JSON, then closes the connection", async () => {
    const raw = await rawExchange(server.url, MALFORMED_REQUEST_LINE);
    const [head = '', body = ''] = raw.split('\r\n\r\n');
    const [statusLine, ...headers] = head.split('\r\n');
    expect(statusLine).toBe('HTTP/1.1 400 Bad Request');
    expect(headers).toEqual([
      'content-type: application/json',
      `content-length: ${Buffer.byteLength(body)}`,
      'connection: close',
    ]);
    expect(JSON.parse(body)).toEqual({
      error: {
        message: 'Malformed HTTP request.',
        type: 'invalid_request_error',
        code: 'malformed_request',
      },
    });
    expect(await rawExchange(cli.url, MALFORMED_REQUEST_LINE)).toBe(raw);
    // No call was named, so no ledger event: counted on /metrics instead.
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toContain(
      'stereos_http_refusals_total{status="400",code="malformed_request"} 1',
    );
    const cliMetrics = await (await fetch(`${cli.url}/metrics`)).text();
    expect(cliMetrics).toContain(
      'stereos_http_refusals_total{status="400",code="malformed_request"} 1',
    );
  });
});

/** Status and JSON error of a raw answer (its Date header differs from one server to another). */
function statusAndError(raw: string) {
  const [head = '', body = ''] = raw.split('\r\n\r\n');
  return { status: head.split(' ')[1], error: (JSON.parse(body) as { error: unknown }).error };
}

describe('a request the HTTP adapter refuses (no Host, a bad Host, a backslash in the path)', () => {
  const cases = [
    ['GET /v1/models HTTP/1.1\r\nconnection: close\r\n\r\n', 'missing_host'],
    ['GET /v1/models HTTP/1.1\r\nhost: a/b@c\r\nconnection: close\r\n\r\n', 'invalid_host'],
    ['GET /v1\\models HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n', 'invalid_request_target'],
  ] as const;

  it('answers 400 with OpenAI-shaped JSON, as the CLI does, and counts it on /metrics', async () => {
    for (const [request, code] of cases) {
      const answer = statusAndError(await rawExchange(server.url, request));
      expect(answer).toEqual({
        status: '400',
        error: { message: expect.any(String), type: 'invalid_request_error', code },
      });
      expect(statusAndError(await rawExchange(cli.url, request))).toEqual(answer);
    }
    for (const url of [server.url, cli.url]) {
      const metrics = await (await fetch(`${url}/metrics`)).text();
      for (const [, code] of cases) {
        expect(metrics).toContain(`stereos_http_refusals_total{status="400",code="${code}"} 1`);
      }
    }
  });
});
