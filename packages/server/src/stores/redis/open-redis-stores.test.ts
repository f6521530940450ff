import { createServer, type Server, type Socket, connect as tcpConnect } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { openRedisStores } from './open-redis-stores';
import { RedisStoreError } from './redis-store-error';
import { connectRedis, deleteKeys, redisUrl, testPrefix } from './redis-test-support';

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('openRedisStores without a server', () => {
  it('fails with a clear error naming the server but not its password', async () => {
    const port = await closedPort();
    const opened = openRedisStores(`redis://user:s3cret@127.0.0.1:${port}/0`, {
      connectTimeoutMs: 1_000,
    });
    const error = await opened.then(
      () => new Error('expected openRedisStores to fail'),
      (e: Error) => e,
    );
    expect(error).toBeInstanceOf(RedisStoreError);
    expect(error.message).toContain(`Cannot connect to Redis at redis://127.0.0.1:${port}/0`);
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.message).not.toContain('s3cret');
  });

  it('refuses URLs that are not redis:// or rediss://', async () => {
    await expect(openRedisStores('http://admin:pw@example.com')).rejects.toThrow(
      /must start with redis:\/\/ or rediss:\/\/, got http:\/\/example.com\//,
    );
  });
});

describe.skipIf(!redisUrl)('openRedisStores (real Redis)', () => {
  const prefix = testPrefix('open');
  afterAll(async () => {
    const redis = connectRedis();
    await deleteKeys(redis, prefix);
    await redis.quit();
  });

  it('opens budgets, rates and cache on one connection and closes it (twice is fine)', async () => {
    const stores = await openRedisStores(redisUrl!, { prefix });
    const held = await stores.budgets.reserve({
      scope: 'global',
      window: 'total',
      amountUsd: 0.5,
      limitUsd: 1,
    });
    expect(held.ok).toBe(true);
    expect((await stores.rates.hit('k', 1, 1, 60_000)).ok).toBe(true);
    await stores.cache.set('c', { kind: 'json', body: '{}', provider: 'p', model: 'm' }, 60);
    expect(await stores.cache.get('c')).toMatchObject({ body: '{}' });

    await stores.close();
    await stores.close();
    await expect(stores.cache.get('c')).rejects.toThrow(RedisStoreError);
  });

  it('turns a lost connection into RedisStoreError and onError calls, never a crash', async () => {
    // A TCP relay in front of Redis that the test can cut, as a network failure would.
    const target = new URL(redisUrl!);
    const sockets = new Set<Socket>();
    const relay: Server = createServer((client) => {
      const upstream = tcpConnect(Number(target.port || 6379), target.hostname);
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on('error', () => {});
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    const port = (relay.address() as { port: number }).port;

    const errors: Error[] = [];
    const stores = await openRedisStores(`redis://127.0.0.1:${port}`, {
      prefix,
      onError: (error) => errors.push(error),
    });
    expect((await stores.rates.hit('relay', 1, 10, 60_000)).ok).toBe(true);

    // Stop listening (reconnects are refused), then cut the live connection.
    const closed = new Promise((resolve) => relay.close(resolve));
    for (const s of sockets) s.destroy();
    await closed;

    await expect(stores.rates.hit('relay', 1, 10, 60_000)).rejects.toThrow(
      /^Redis rate limit hit failed: not connected to Redis \(reconnecting\): /,
    );
    await expect(
      stores.budgets.reserve({ scope: 's', window: 'total', amountUsd: 1, limitUsd: 2 }),
    ).rejects.toThrow(RedisStoreError);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(errors.length).toBeGreaterThan(0);
    await stores.close();
  });
});
