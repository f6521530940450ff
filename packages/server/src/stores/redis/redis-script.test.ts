import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineScript } from './redis-script';
import { connectRedis, deleteKeys, redisUrl, testPrefix } from './redis-test-support';

describe.skipIf(!redisUrl)('defineScript (real Redis)', () => {
  const prefix = testPrefix('script');
  let redis: Redis;
  beforeAll(() => {
    redis = connectRedis();
  });
  afterAll(async () => {
    await deleteKeys(redis, prefix);
    await redis.quit();
  });

  it('runs by SHA-1 and sends the source again when the server has forgotten it', async () => {
    // A script of its own: a flush here cannot surprise the other test files' scripts, which
    // would only take the same EVAL path.
    const script = defineScript(`-- ${prefix}\nreturn redis.call('INCRBY', KEYS[1], ARGV[1])`);
    await redis.script('FLUSH');
    expect(await redis.script('EXISTS', script.sha)).toEqual([0]);
    expect(await script.run(redis, [`${prefix}n`], [2])).toBe(2);
    expect(await redis.script('EXISTS', script.sha)).toEqual([1]);
    expect(await script.run(redis, [`${prefix}n`], [3])).toBe(5);
  });

  it('passes script errors through', async () => {
    const script = defineScript(`return redis.call('INCRBY', KEYS[1], 'x')`);
    await expect(script.run(redis, [`${prefix}bad`], [])).rejects.toThrow(/not an integer/);
  });
});
