import {
  type ChatCallResult,
  type ChatCompletionRequest,
  type ChatGateway,
  concatBytes,
  redactSecrets,
  STEREOS_RESPONSE_HEADERS,
} from '@stereos/core';
import type { AuthContext } from '../auth/auth-context';
import { sha256, toHex } from '../auth/key-digest';
import type { HeaderReader } from '../http/request-headers';
import { servedHeaders } from '../http/served-headers';
import type { CachedAnswer, ResponseCache } from '../stores/store-contracts';
import { cacheKeyOf } from './cache-key';
import { readCacheRequest } from './read-cache-options';

/** The verdict header, Cloudflare AI Gateway's name (`HIT` / `MISS`). */
export const CACHE_STATUS_HEADER = 'cf-aig-cache-status';

export interface ChatResponseCacheOptions {
  cache: ResponseCache;
  gateway: ChatGateway;
  /** Largest answer stored (bigger streams pass through uncached). */
  maxEntryBytes: number;
}

/** A request that asked for the cache, and what the cache holds for it. */
export interface CacheLookup {
  key: string;
  ttlSeconds: number;
  hit: CachedAnswer | undefined;
}

/** Who the call is for: its event's subject. */
export interface CacheSubject {
  requestId: string;
  keyId: string | undefined;
  user: string | undefined;
  tags: readonly string[] | undefined;
  metadata: Record<string, string> | undefined;
}

/** The server's response cache around chat calls (exact match, opt-in per request). */
export interface ChatResponseCache {
  /** `undefined` when the request did not ask for the cache (or skipped it). */
  lookup(
    headers: HeaderReader,
    request: {
      body: ChatCompletionRequest;
      fallbackModels: string[] | undefined;
      auth: AuthContext;
    },
  ): Promise<CacheLookup | undefined>;
  /** Answers a hit as it was first sent, and records its event (cache hit, cost 0). */
  replay(
    hit: CachedAnswer,
    call: { body: ChatCompletionRequest; subject: CacheSubject; headers?: Record<string, string> },
  ): Response;
  /**
   * Stores a miss's answer once it is complete. JSON at once; a stream is teed as its bytes
   * pass to the client (never held back) and stored only if it ended with `[DONE]`.
   */
  keep(lookup: CacheLookup, result: ChatCallResult): ChatCallResult;
}

const SSE_DONE_LINE = 'data: [DONE]';

export function createChatResponseCache(options: ChatResponseCacheOptions): ChatResponseCache {
  const { cache } = options;

  function store(key: string, answer: CachedAnswer, ttlSeconds: number) {
    cache.set(key, answer, ttlSeconds).catch((error) => reportCacheError('set', error));
  }

  return {
    async lookup(headers, { body, fallbackModels, auth }) {
      const request = readCacheRequest(headers);
      if (!request) return undefined;
      const scope = await cacheScopeOf(auth);
      const key = await cacheKeyOf({ scope, body, fallbackModels, customKey: request.customKey });
      const hit = await cache.get(key).catch((error) => {
        reportCacheError('get', error); // a cache that fails is a miss, never a failed call
        return undefined;
      });
      // An entry of the other kind (a custom key reused across JSON and stream) is a miss.
      const usable =
        hit && hit.kind === (body.stream === true ? 'stream' : 'json') ? hit : undefined;
      return { key, ttlSeconds: request.ttlSeconds, hit: usable };
    },

    replay(hit, { body, subject, headers }) {
      options.gateway.recordCacheHit({
        requestedModel: body.model,
        stream: hit.kind === 'stream',
        provider: hit.provider,
        model: hit.model,
        subject: {
          ...subject,
          user: subject.user ?? (typeof body.user === 'string' ? body.user : undefined),
        },
      });
      const served = servedHeaders(
        { provider: hit.provider, model: hit.model, attempts: 0, fallbackIndex: 0 },
        subject.requestId,
        'HIT',
      );
      served[STEREOS_RESPONSE_HEADERS.costUsd] = '0';
      const contentType: Record<string, string> =
        hit.kind === 'json'
          ? { 'content-type': 'application/json' }
          : { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' };
      return new Response(hit.body, {
        status: 200,
        headers: { ...contentType, ...headers, ...served },
      });
    },

    keep(lookup, result) {
      const kept = { ...result, cacheStatus: result.cacheStatus ?? 'MISS' } as ChatCallResult;
      const answer = { provider: result.served.provider, model: result.served.model };
      if (result.kind === 'json') {
        if (result.body.length <= options.maxEntryBytes) {
          store(lookup.key, { kind: 'json', body: result.body, ...answer }, lookup.ttlSeconds);
        }
        return kept;
      }
      const chunks: Uint8Array[] = [];
      let size = 0;
      const tee = new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          controller.enqueue(chunk);
          if (size > options.maxEntryBytes) return;
          size += chunk.byteLength;
          // Copied: the runtime may reuse the buffer of a chunk once it is written.
          chunks.push(chunk.slice());
        },
        flush() {
          if (size > options.maxEntryBytes) return;
          const text = new TextDecoder().decode(concatBytes(chunks));
          // A stream cut off or ended by an error has no `[DONE]`: never replay it.
          if (!text.trimEnd().endsWith(SSE_DONE_LINE)) return;
          store(lookup.key, { kind: 'stream', body: text, ...answer }, lookup.ttlSeconds);
        },
      });
      // The tee is a web stream stage: the answer is written from it, not from core's reader.
      return {
        ...kept,
        body: result.body.pipeThrough(tee),
        takeReader: undefined,
      } as ChatCallResult;
    },
  };
}

/**
 * Whose answers a caller may be served. A key the gateway verified (virtual, env, master) is
 * its id. A passthrough key was never verified here, and its 8-character id could be matched by
 * a forged key: its scope is the whole SHA-256, so only the very same key reads its answers.
 */
async function cacheScopeOf(auth: AuthContext): Promise<string> {
  if (auth.mode === 'gateway') return `key:${auth.keyId}`;
  if (auth.providerKey === undefined) return 'anonymous';
  return `passthrough:${toHex(await sha256(auth.providerKey))}`;
}

function reportCacheError(operation: string, error: unknown) {
  const message = error instanceof Error ? error.message : String(error);
  console.error(
    JSON.stringify({
      level: 'warn',
      msg: 'response_cache_error',
      operation,
      error: redactSecrets(message),
    }),
  );
}
