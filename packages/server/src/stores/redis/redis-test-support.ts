import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';

/*
 * Test support for the Redis stores (not shipped: nothing outside tests imports it). Tests run
 * against the real server in REDIS_URL and skip without it; each file works under its own
 * random prefix and deletes its keys afterwards, so parallel runs never meet.
 */

export const redisUrl = process.env.REDIS_URL;

/** A key prefix no other test run uses. */
export function testPrefix(name: string): string {
  return `stereos-test:${name}:${randomUUID()}:`;
}

/** A separate connection, as another server instance would have. */
export function connectRedis(): Redis {
  const redis = new Redis(redisUrl!, { lazyConnect: false });
  redis.on('error', () => {});
  return redis;
}

/** Deletes every key under `prefix` (SCAN, https://redis.io/docs/latest/commands/scan/). */
export async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    if (keys.length > 0) await redis.unlink(...keys);
    cursor = next;
  } while (cursor !== '0');
}

/** All keys under `prefix`. */
export async function keysUnder(redis: Redis, prefix: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    found.push(...keys);
    cursor = next;
  } while (cursor !== '0');
  return found.sort();
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
