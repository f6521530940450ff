import { createHash } from 'node:crypto';
import type { RedisClient } from './redis-client';

/** A Lua script run atomically on the server. */
export interface RedisScript {
  /** SHA-1 of the source, the name EVALSHA knows it by. */
  readonly sha: string;
  run(
    redis: RedisClient,
    keys: readonly string[],
    args: readonly (string | number)[],
  ): Promise<unknown>;
}

/**
 * A Lua script called by its SHA-1 (EVALSHA), sent in full (EVAL) only when the server's script
 * cache does not hold it yet (`NOSCRIPT`, e.g. after a restart or `SCRIPT FLUSH`), as Redis
 * recommends: https://redis.io/docs/latest/develop/programmability/eval-intro/#script-cache
 * A script runs atomically: no other command runs while it does
 * (https://redis.io/docs/latest/commands/eval/).
 */
export function defineScript(source: string): RedisScript {
  const sha = createHash('sha1').update(source).digest('hex');
  return {
    sha,
    async run(redis, keys, args) {
      try {
        return await redis.evalsha(sha, keys.length, ...keys, ...args);
      } catch (error) {
        if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
        return await redis.eval(source, keys.length, ...keys, ...args);
      }
    },
  };
}
