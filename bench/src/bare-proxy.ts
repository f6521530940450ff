import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pipeline } from 'node:stream/promises';
import { type Dispatcher, Pool } from 'undici';
import { announce } from './child-service';

/**
 * The baseline: the least a proxy can do. Streams the request body to the upstream and the
 * response body back, touching neither. Run as a child process by `server-throughput.ts` with
 * `UPSTREAM_URL` set; what the Stereos server costs beyond this is its own work.
 */

// Headers about one hop's connection, not the message; undici also refuses some of them.
const HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'host', 'expect']);
const forwardable = (headers: IncomingHttpHeaders) =>
  Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP.has(name))) as Record<
    string,
    string | string[]
  >;

// Like the global fetch the Stereos server uses: keep-alive, no cap on connections.
const upstream = new Pool(process.env['UPSTREAM_URL'] ?? 'http://127.0.0.1:4010');

const server = createServer(async (req, res) => {
  try {
    const answer = await upstream.request({
      method: req.method as Dispatcher.HttpMethod,
      path: req.url ?? '/',
      headers: forwardable(req.headers),
      body: req.method === 'GET' || req.method === 'HEAD' ? null : req,
    });
    res.writeHead(answer.statusCode, forwardable(answer.headers));
    await pipeline(answer.body, res);
  } catch (error) {
    if (res.headersSent) res.destroy();
    else res.writeHead(502, { 'content-type': 'text/plain' }).end(String(error));
  }
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  announce(`http://127.0.0.1:${port}`, () => upstream.close());
});
