import { maxHeaderSize, type Server, STATUS_CODES } from 'node:http';
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
    if (answer && onRefused) report(onRefused, answer);
  });
}

// Called from an event listener: a throw here would be an uncaught exception.
function report(onRefused: (refusal: ClientErrorAnswer) => void, answer: ClientErrorAnswer): void {
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

function rawResponse({ status, code, message }: ClientErrorAnswer): string {
  const error = new ApiError({ status, message, type: 'invalid_request_error', code });
  const body = JSON.stringify(openAIErrorBody(error));
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
