import type { Cluster, Redis } from 'ioredis';

/**
 * The client the Redis stores run on: one `ioredis` connection, or a cluster. Every key a
 * script touches is passed in `KEYS` and the keys of one budget window share a hash tag, so
 * the scripts also run on Redis Cluster (https://redis.io/docs/latest/operate/oss_and_stack/reference/cluster-spec/#hash-tags).
 */
export type RedisClient = Redis | Cluster;
