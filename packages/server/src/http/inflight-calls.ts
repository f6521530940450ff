import type { Context } from 'hono';
import { nodeBindingsOf } from './node-bindings';

/**
 * The chat calls in flight, each with its own signal: it aborts when the client goes away
 * before the response is done (so the upstream call is cancelled with it), or when the server
 * cuts the call at shutdown. On Node it listens to the response's `close` directly; reading
 * `c.req.raw.signal` there would build a full web `Request` for every request.
 */
export interface InflightCalls {
  /** A new call's signal; the call counts as in flight until its response is done. */
  signal(c: Context): AbortSignal;
  /** Calls still in flight. */
  readonly size: number;
  /** Aborts every call in flight with `reason`; returns how many there were. */
  abortAll(reason: Error): number;
}

export function createInflightCalls(): InflightCalls {
  const live = new Set<AbortController>();
  return {
    signal(c) {
      const controller = new AbortController();
      const node = nodeBindingsOf(c.env);
      if (node) {
        live.add(controller);
        node.outgoing.once('close', () => {
          live.delete(controller);
          if (!node.outgoing.writableFinished) controller.abort(new Error('Client disconnected'));
        });
        return controller.signal;
      }
      // Other runtimes: the request's own signal says when the client went away.
      const raw = c.req.raw.signal;
      raw.addEventListener('abort', () => controller.abort(raw.reason), { once: true });
      return controller.signal;
    },
    get size() {
      return live.size;
    },
    abortAll(reason) {
      const count = live.size;
      for (const controller of live) controller.abort(reason);
      return count;
    },
  };
}
