import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';

/** A successful answer as the gateway stored it. */
export interface CachedResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** The gateway's response cache: in memory, entries expire after their TTL. */
export class ResponseCache {
  private readonly entries = new Map<string, { response: CachedResponse; expires: number }>();

  get(key: string, now = Date.now()): CachedResponse | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expires > now) return entry.response;
    this.entries.delete(key);
    return undefined;
  }

  set(key: string, response: CachedResponse, ttlSeconds: number, now = Date.now()): void {
    this.entries.set(key, { response, expires: now + ttlSeconds * 1000 });
  }

  clear(): void {
    this.entries.clear();
  }
}

/**
 * The cache key: `cf-aig-cache-key` when given, else a SHA-256 of what Cloudflare hashes (the
 * provider and endpoint, i.e. the path, the provider's auth header and the body)
 * (https://developers.cloudflare.com/ai-gateway/features/caching/). Scoped to the gateway.
 */
export function cacheKeyOf(
  gateway: string,
  request: { path: string; headers: Record<string, string>; rawBody: string },
  customKey: string | undefined,
): string {
  const { path, headers, rawBody } = request;
  const hash = createHash('sha256');
  hash.update(
    customKey === undefined ? `${path}\n${authOf(headers)}\n${rawBody}` : `key:${customKey}`,
  );
  return `${gateway}:${hash.digest('hex')}`;
}

function authOf(headers: Record<string, string>): string {
  return headers.authorization ?? headers['x-api-key'] ?? '';
}

/** Collects what is written to `res`, to store it once the answer has finished. */
export function captureBody(res: ServerResponse): () => Buffer {
  const chunks: Buffer[] = [];
  const keep = (chunk: unknown) => {
    if (typeof chunk === 'string' || chunk instanceof Uint8Array) chunks.push(Buffer.from(chunk));
  };
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  res.write = ((chunk: unknown, ...rest: unknown[]) => {
    keep(chunk);
    return write(chunk, ...rest);
  }) as ServerResponse['write'];
  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    keep(chunk);
    return end(chunk, ...rest);
  }) as ServerResponse['end'];
  return () => Buffer.concat(chunks);
}
