import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import {
  answerClientErrors,
  type ClientErrorAnswer,
  MISSING_HOST,
  refusalResponse,
  reportRefusal,
  requestErrorAnswer,
  sendRefusal,
} from './client-errors';

/** What `serveNode` serves: a web-standard fetch handler, such as the app `createApp` returns. */
export interface NodeServable {
  fetch: Parameters<typeof getRequestListener>[0];
  /** Hears of requests the parser refused (the Stereos app counts them on `/metrics`). */
  countRefusal?: ((refusal: ClientErrorAnswer) => void) | undefined;
}

/** Where and how `serveNode` listens. */
export interface ServeNodeOptions {
  /** Bind address, e.g. `127.0.0.1`, `0.0.0.0`, `::`. All interfaces when absent (Node's default). */
  hostname?: string | undefined;
  /** Port; `0` asks for a free one (read it in `onListening`). */
  port: number;
  /** Called once the server listens, with the address and port actually bound. */
  onListening?: ((info: AddressInfo) => void) | undefined;
  /**
   * Hears of each request Node's parser refused (answered before the app saw it), e.g. to record
   * it: its status, code and message, nothing of the request. Default: the app's `countRefusal`.
   */
  onClientError?: ((refusal: ClientErrorAnswer) => void) | undefined;
}

/**
 * Serves `app` on Node as `stereos-server` does: a `node:http` server from `@hono/node-server`
 * (Node's own keep-alive and header timeouts), with `answerClientErrors` installed, so requests
 * Node's HTTP parser refuses (oversized headers, malformed request lines) get the same
 * OpenAI-shaped JSON error as everything else. Returns the server at once; it is listening once
 * `onListening` runs, and a bind failure (port in use, unknown host) is its `error` event.
 *
 * The CLI and the tests' listener both serve through this function, so they cannot drift apart;
 * an embedder on Node should call it too:
 *
 * ```ts
 * const app = createApp(loadConfig(process.env), { fetch: createUndiciFetch() });
 * const server = serveNode(app, { hostname: '127.0.0.1', port: 3000 });
 * ```
 */
export function serveNode(app: NodeServable, options: ServeNodeOptions): Server {
  const onRefused = options.onClientError ?? app.countRefusal;
  // @hono/node-server's listener, with its refusals (a bad Host, a backslash in the path) answered
  // in JSON here: its own answer is a bare 400 the app never hears of.
  const listener = getRequestListener(app.fetch, {
    // The URL's host when a request has none (HTTP/1.0): any name, routes do not read it.
    hostname: options.hostname || 'localhost',
    errorHandler: (error) => {
      const answer = requestErrorAnswer(error);
      if (onRefused && answer.status < 500) reportRefusal(onRefused, answer);
      return refusalResponse(answer);
    },
  });
  // Node answers an HTTP/1.1 request without Host with an empty 400 itself; checked here instead,
  // so the answer is the same JSON as every other refusal.
  const server = createServer(
    { requireHostHeader: false },
    (request: IncomingMessage, response: ServerResponse) => {
      if (request.headers.host === undefined && request.httpVersion === '1.1') {
        if (onRefused) reportRefusal(onRefused, MISSING_HOST);
        return sendRefusal(response, MISSING_HOST);
      }
      return listener(request, response);
    },
  );
  answerClientErrors(server, onRefused);
  server.listen(options.port, options.hostname, () => {
    options.onListening?.(server.address() as AddressInfo);
  });
  return server;
}
