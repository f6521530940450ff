import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawExchange as rawExchangeAt } from '../testing/raw-http';
import type { ClientErrorAnswer } from './client-errors';
import { serveNode } from './serve-node';

// Served as the CLI serves (`serveNode` installs `answerClientErrors`), over a trivial app.
let server: Server;
let url: string;
const refusals: ClientErrorAnswer[] = [];
beforeAll(async () => {
  await new Promise<void>((resolve) => {
    server = serveNode(
      { fetch: () => new Response('ok') },
      {
        hostname: '127.0.0.1',
        port: 0,
        onClientError: (refusal) => refusals.push(refusal),
        onListening: (info) => {
          url = `http://127.0.0.1:${info.port}`;
          resolve();
        },
      },
    );
  });
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Sends raw bytes and reads until the server closes the connection. */
const rawExchange = (request: string) => rawExchangeAt(url, request);

function parse(raw: string) {
  const [head = '', body = ''] = raw.split('\r\n\r\n');
  const [statusLine = '', ...headerLines] = head.split('\r\n');
  const headers = Object.fromEntries(
    headerLines.map((line) => {
      const at = line.indexOf(':');
      return [line.slice(0, at).toLowerCase(), line.slice(at + 1).trim()];
    }),
  );
  return { status: Number(statusLine.split(' ')[1]), headers, body };
}

describe('answerClientErrors', () => {
  it('answers headers over the limit with 431 and an OpenAI-shaped JSON error', async () => {
    const raw = await rawExchange(
      `GET /healthz HTTP/1.1\r\nhost: x\r\nx-big: ${'a'.repeat(20_000)}\r\n\r\n`,
    );
    const { status, headers, body } = parse(raw);
    expect(status).toBe(431);
    expect(headers['content-type']).toBe('application/json');
    expect(headers['connection']).toBe('close');
    expect(Number(headers['content-length'])).toBe(Buffer.byteLength(body));
    expect(JSON.parse(body)).toEqual({
      error: {
        message: expect.stringContaining('headers are too large'),
        type: 'invalid_request_error',
        code: 'request_header_fields_too_large',
      },
    });
  });

  it('answers an unknown method with 400 and JSON', async () => {
    const { status, headers, body } = parse(
      await rawExchange('FROB /healthz HTTP/1.1\r\nhost: x\r\n\r\n'),
    );
    expect(status).toBe(400);
    expect(headers['content-type']).toBe('application/json');
    expect(JSON.parse(body).error).toMatchObject({
      type: 'invalid_request_error',
      code: 'invalid_method',
    });
  });

  it('answers a malformed header line with 400 and JSON', async () => {
    const { status, body } = parse(
      await rawExchange('GET / HTTP/1.1\r\nhost: x\r\nno colon here\r\n\r\n'),
    );
    expect(status).toBe(400);
    expect(JSON.parse(body).error).toMatchObject({ code: 'malformed_request' });
  });

  it('keeps serving well-formed requests', async () => {
    const { status, body } = parse(
      await rawExchange('GET / HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n'),
    );
    expect(status).toBe(200);
    expect(body).toBe('ok');
  });

  // Refused by the request adapter (or Node's Host rule) before the app: JSON too, counted too.
  it('answers an HTTP/1.1 request without Host with 400 and JSON (RFC 9112 §3.2)', async () => {
    const { status, headers, body } = parse(
      await rawExchange('GET / HTTP/1.1\r\nconnection: close\r\n\r\n'),
    );
    expect(status).toBe(400);
    expect(headers['content-type']).toBe('application/json');
    expect(JSON.parse(body).error).toMatchObject({
      type: 'invalid_request_error',
      code: 'missing_host',
      message: expect.stringContaining('Host header'),
    });
  });

  it('serves an HTTP/1.0 request without Host (it is optional there)', async () => {
    const { status, body } = parse(await rawExchange('GET / HTTP/1.0\r\n\r\n'));
    expect(status).toBe(200);
    expect(body).toBe('ok');
  });

  it('answers an invalid Host header with 400 and JSON', async () => {
    const { status, headers, body } = parse(
      await rawExchange('GET / HTTP/1.1\r\nhost: a/b@c\r\nconnection: close\r\n\r\n'),
    );
    expect(status).toBe(400);
    expect(headers['content-type']).toBe('application/json');
    expect(JSON.parse(body).error).toMatchObject({ code: 'invalid_host' });
  });

  it('answers a backslash in the path with 400 and JSON', async () => {
    const { status, body } = parse(
      await rawExchange('GET /v1\\models HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n'),
    );
    expect(status).toBe(400);
    expect(JSON.parse(body).error).toMatchObject({ code: 'invalid_request_target' });
  });

  it("tells `onClientError` of the adapter's refusals too", async () => {
    refusals.length = 0;
    await rawExchange('GET /secret-path HTTP/1.1\r\nconnection: close\r\n\r\n');
    await rawExchange('GET /secret-path HTTP/1.1\r\nhost: a/b@c\r\nconnection: close\r\n\r\n');
    expect(refusals).toEqual([
      { status: 400, code: 'missing_host', message: expect.any(String) },
      { status: 400, code: 'invalid_host', message: expect.any(String) },
    ]);
    expect(JSON.stringify(refusals)).not.toContain('secret-path');
  });

  it('tells `onClientError` of each refusal: status, code and message, none of the request', async () => {
    refusals.length = 0;
    await rawExchange(
      `GET /secret-path HTTP/1.1\r\nhost: x\r\nx-big: ${'k'.repeat(20_000)}\r\n\r\n`,
    );
    await rawExchange('FROB /secret-path HTTP/1.1\r\nhost: x\r\n\r\n');
    // Well-formed: the app answers it, nothing is reported.
    await rawExchange('GET / HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n');
    expect(refusals).toEqual([
      {
        status: 431,
        code: 'request_header_fields_too_large',
        message: expect.stringContaining('headers are too large'),
      },
      { status: 400, code: 'invalid_method', message: 'Unknown HTTP method.' },
    ]);
    expect(JSON.stringify(refusals)).not.toContain('secret-path');
  });
});
