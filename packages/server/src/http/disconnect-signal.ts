import type { Context } from 'hono';
import { nodeBindingsOf } from './node-bindings';

/**
 * A signal that aborts when the client goes away before the response is done, so the upstream
 * call is cancelled with it. On Node it listens to the response's `close` directly; reading
 * `c.req.raw.signal` there would build a full web `Request` for every request.
 */
export function disconnectSignal(c: Context): AbortSignal {
  const node = nodeBindingsOf(c.env);
  if (!node) return c.req.raw.signal;
  const controller = new AbortController();
  node.outgoing.once('close', () => {
    if (!node.outgoing.writableFinished) controller.abort(new Error('Client disconnected'));
  });
  return controller.signal;
}
