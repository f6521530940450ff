import type { IncomingMessage, ServerResponse } from 'node:http';

/** What `@hono/node-server` passes as `c.env`: the raw Node request and response. */
export interface NodeBindings {
  incoming: IncomingMessage;
  outgoing: ServerResponse;
}

/** The Node request/response behind a Hono context, when the app runs on `@hono/node-server`. */
export function nodeBindingsOf(env: unknown): NodeBindings | undefined {
  const bindings = env as Partial<NodeBindings> | undefined;
  return bindings?.incoming && bindings.outgoing ? (bindings as NodeBindings) : undefined;
}
