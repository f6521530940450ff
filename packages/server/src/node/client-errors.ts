import { maxHeaderSize, type Server, type ServerResponse, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { ApiError } from '../errors/api-error';
import { openAIErrorBody } from '../errors/openai-error-body';

/**
 * Gives the requests Node's HTTP parser rejects before the app sees them (oversized headers,
 * unknown methods, malformed requests, header timeouts) the same OpenAI-shaped JSON error as
 * everything else. Node's own answer has an empty body, which clients report as "no error".
 * Registering a `clientError` listener replaces Node's default handling, so every case ends
 * here: answered when the socket still can be, destroyed in all cases. `onRefused` hears of each
 * refusal (to record it): its status, code and message only, never the request's bytes.
 */
export function answerClientErrors(
  server: Server,
  onRefused?: (refusal: ClientErrorAnswer) => void,
): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    const answer = clientErrorAnswer(error.code);
    if (answer && socket.writable && !responseStarted(socket)) {
      // `end` then destroy: the answer is flushed before the socket goes (a keep-alive client
      // could otherwise hold a half-open socket).
      socket.end(rawResponse(answer), () => socket.destroy());
    } else {
      socket.destroy();
    }
    if (answer && onRefused) reportRefusal(onRefused, answer);
  });
}

/**
 * Tells `onRefused` of a refusal. Called from event listeners and the request path: a throw from
 * the hook must fail neither (in a listener it would be an uncaught exception).
 */
export function reportRefusal(
  onRefused: (refusal: ClientErrorAnswer) => void,
  answer: ClientErrorAnswer,
): void {
  try {
    onRefused({ ...answer });
  } catch (error) {
    console.error(
      `[stereos] recording a refused request failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** A refusal of Node's parser, as answered: nothing of the request but what was wrong. */
export interface ClientErrorAnswer {
  status: number;
  code: string;
  message: string;
}

/** The answer for a parser or socket error code; none for a connection that is gone. */
export function clientErrorAnswer(code: string | undefined): ClientErrorAnswer | undefined {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return {
        status: 431,
        code: 'request_header_fields_too_large',
        message: `Request headers are too large (the limit is ${maxHeaderSize} bytes in total).`,
      };
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return { status: 413, code: 'request_too_large', message: 'Chunk extensions are too large.' };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return {
        status: 408,
        code: 'request_timeout',
        message: 'The request was not received in time.',
      };
    case 'HPE_INVALID_METHOD':
      return { status: 400, code: 'invalid_method', message: 'Unknown HTTP method.' };
    default:
      if (code?.startsWith('HPE_')) {
        return { status: 400, code: 'malformed_request', message: 'Malformed HTTP request.' };
      }
      // ECONNRESET, EPIPE, …: the peer is gone, nobody would read an answer.
      return undefined;
  }
}

/** An HTTP/1.1 request without Host (RFC 9112 §3.2: a server must answer it with 400). */
export const MISSING_HOST: ClientErrorAnswer = {
  status: 400,
  code: 'missing_host',
  message: 'The request has no Host header (HTTP/1.1 requires one).',
};

/**
 * The answer for a request @hono/node-server's adapter refuses before the app sees it (its
 * `RequestError`s: a Host that is not a host name, a backslash in the path, a bad absolute URL).
 */
export function requestErrorAnswer(error: unknown): ClientErrorAnswer {
  // The adapter also hands over what the app's `fetch` throws synchronously (Hono never does).
  if (!(error instanceof Error) || error.name !== 'RequestError') {
    return {
      status: 500,
      code: 'server_error',
      message: 'The server failed to handle the request.',
    };
  }
  if (/host/i.test(error.message)) {
    return {
      status: 400,
      code: 'invalid_host',
      message: 'The Host header is not a valid host name (with an optional port).',
    };
  }
  return {
    status: 400,
    code: 'invalid_request_target',
    message:
      'The request target is not a valid path (no backslashes; an absolute URL must be valid).',
  };
}

/** The JSON error body of a refusal, as every other error of the gateway is shaped. */
function refusalBody({ status, code, message }: ClientErrorAnswer): string {
  const error = new ApiError({ status, message, type: 'invalid_request_error', code });
  return JSON.stringify(openAIErrorBody(error));
}

/** A refusal as a web `Response`. */
export function refusalResponse(answer: ClientErrorAnswer): Response {
  return new Response(refusalBody(answer), {
    status: answer.status,
    headers: { 'content-type': 'application/json' },
  });
}

/** Answers a refusal and closes the connection, as Node does for a request without Host. */
export function sendRefusal(response: ServerResponse, answer: ClientErrorAnswer): void {
  const body = refusalBody(answer);
  response.shouldKeepAlive = false;
  response
    .writeHead(answer.status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    })
    .end(body);
}

function rawResponse({ status, code, message }: ClientErrorAnswer): string {
  const body = refusalBody({ status, code, message });
  return (
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n` +
    'content-type: application/json\r\n' +
    `content-length: ${Buffer.byteLength(body)}\r\n` +
    'connection: close\r\n' +
    '\r\n' +
    body
  );
}

// A keep-alive socket may already carry a response that has begun: a second status line in
// the middle of it would corrupt what the client reads (Node's default checks the same).
function responseStarted(socket: Duplex): boolean {
  return (
    (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent === true
  );
}
