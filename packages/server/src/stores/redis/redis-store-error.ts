import type { RedisClient } from './redis-client';

/** A Redis store operation that failed (connection lost, server error); `cause` says why. */
export class RedisStoreError extends Error {
  override readonly name = 'RedisStoreError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * Runs one store operation; whatever it throws becomes a `RedisStoreError` naming it, and
 * saying so when the client is not connected (ioredis `status`: `reconnecting`, `end`, …).
 */
export async function storeOperation<T>(
  redis: RedisClient,
  operation: string,
  run: () => Promise<T>,
): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof RedisStoreError || error instanceof RangeError) throw error;
    const state = redis.status === 'ready' ? '' : `not connected to Redis (${redis.status}): `;
    throw new RedisStoreError(`Redis ${operation} failed: ${state}${describeError(error)}`, {
      cause: error,
    });
  }
}

/** The message of an error, or of the first error of an `AggregateError` (e.g. dual-stack). */
export function describeError(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) {
    return describeError(error.errors[0]);
  }
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

/**
 * A Redis URL without its credentials (`redis://user:secret@host:6379/0` →
 * `redis://host:6379/0`), for messages. Anything that does not parse is shown as `redis URL`.
 */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    parsed.search = '';
    parsed.hash = '';
    return parsed.toString();
  } catch {
    return 'redis URL';
  }
}
