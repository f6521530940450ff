import type { Context } from 'hono';
import { nodeBindingsOf } from './node-bindings';

/** Reads request headers by lower-case name; `Headers` is one. */
export interface HeaderReader {
  get(name: string): string | null | undefined;
}

/**
 * The request's headers. On Node they are read from the parsed Node request: `c.req.header()`
 * builds a web `Headers` object from the raw headers for every request.
 */
export function requestHeaders(c: Context): HeaderReader {
  const node = nodeBindingsOf(c.env);
  if (!node) return c.req.raw.headers;
  const raw = node.incoming.headers;
  return {
    get(name) {
      const value = raw[name];
      return Array.isArray(value) ? value.join(', ') : value;
    },
  };
}
