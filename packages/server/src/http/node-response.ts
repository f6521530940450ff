import type { ServerResponse } from 'node:http';
import { type CommittedReader, takeCommittedReader } from '@stereos/core';
import type { Context } from 'hono';
import { nodeBindingsOf } from './node-bindings';

// `@hono/node-server`'s marker for "the handler wrote the response itself"
// (https://github.com/honojs/node-server#direct-response-from-nodejs-api).
const ALREADY_SENT_HEADER = 'x-hono-already-sent';
let alreadySent: Response | undefined;

/** The marker answer, made once (its global `Response` is node-server's by then). */
function sentMarker(): Response {
  alreadySent ??= new Response(null, { headers: { [ALREADY_SENT_HEADER]: 'true' } });
  return alreadySent;
}

/**
 * On Node, writes a 200 text answer (a completion's JSON) to the client's socket in one write
 * with its headers (`headers` gets its `content-length`: pass an object of this answer's own);
 * undefined elsewhere, where the caller returns a web `Response`. Saves node-server's response
 * object and its header conversion on every JSON answer.
 */
export function sendNodeText(
  c: Context,
  text: string,
  headers: Record<string, string>,
): Response | undefined {
  const node = nodeBindingsOf(c.env);
  if (!node || node.outgoing.headersSent) return undefined;
  headers['content-length'] = String(Buffer.byteLength(text));
  node.outgoing.writeHead(200, headers);
  node.outgoing.end(text);
  return sentMarker();
}

/**
 * On Node, writes a committed stream from core straight to the client's socket and answers
 * `@hono/node-server`'s "already sent" marker; undefined elsewhere (other runtimes, a stream that
 * is not core's committed stream), where the caller returns a web `Response` instead.
 *
 * The web path puts two stream stages between the engine and the socket (the `Response` body
 * and node-server's reader loop), each with a promise hop per chunk. Here each output (the SSE
 * events of one upstream read) is one `write`, the first one together with the headers.
 */
export function sendNodeStream(
  c: Context,
  answer: {
    body: ReadableStream<Uint8Array>;
    takeReader?: (() => CommittedReader<Uint8Array> | undefined) | undefined;
  },
  headers: Record<string, string>,
): Response | undefined {
  const node = nodeBindingsOf(c.env);
  if (!node || node.outgoing.headersSent) return undefined;
  // The reader itself when the answer offers it (no web stream is made at all).
  const reader = answer.takeReader ? answer.takeReader() : takeCommittedReader(answer.body);
  if (!reader) return undefined;
  void pump(reader, node.outgoing, headers);
  return sentMarker();
}

async function pump(
  reader: CommittedReader<Uint8Array>,
  out: ServerResponse,
  headers: Record<string, string>,
): Promise<void> {
  out.writeHead(200, headers);
  // The client went away: cancelling ends the call as aborted and releases the upstream.
  const onClose = () => {
    if (!out.writableFinished) reader.cancel(new Error('Client disconnected')).catch(() => {});
  };
  out.once('close', onClose);
  try {
    while (true) {
      const next = await reader.read();
      if (out.destroyed) return;
      if (next.done) {
        out.end();
        return;
      }
      // The last output and the end of the answer in one write (one syscall, not two).
      if (reader.isEnded()) {
        out.end(next.value);
        return;
      }
      if (!out.write(next.value)) await drained(out);
    }
  } catch {
    // Only the consumer's own abort rejects a read (every other failure ends the stream with
    // an error event): the connection is gone or going.
    out.destroy();
  } finally {
    out.off('close', onClose);
  }
}

/** Waits until the client has taken the written bytes, or is gone. */
function drained(out: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      out.off('drain', done);
      out.off('close', done);
      resolve();
    };
    out.on('drain', done);
    out.on('close', done);
  });
}
