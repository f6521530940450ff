import { ResponseCache } from './cloudflare-cache.js';

/** How the fake Cloudflare gateway is set up (what the dashboard would configure). */
export interface CloudflareFakeOptions {
  /**
   * Makes it an authenticated gateway: every request needs `cf-aig-authorization: Bearer <token>`,
   * else 401 with code 2009.
   */
  token?: string;
  /** The gateway's default cache TTL in seconds; 0 (default) caches only when a request sets one. */
  cacheTtl?: number;
}

/** One entry of the gateway's log (skipped for requests with `cf-aig-collect-log: false`). */
export interface CloudflareLogEntry {
  /** Also sent as the `cf-aig-log-id` response header. */
  id: string;
  account: string;
  gateway: string;
  /** Provider slug that answered (`compat`, `openai`, … or the universal step's provider). */
  provider: string | undefined;
  /** `model` of the request (of the step that answered, for the universal endpoint). */
  model: string | undefined;
  /** Universal endpoint: the index of the step that answered (`cf-aig-step`). */
  step: number | undefined;
  status: number;
  cacheStatus: 'HIT' | 'MISS';
  /** `cf-aig-metadata`: its first five flat entries, as the gateway keeps them. */
  metadata: Record<string, string | number | boolean> | undefined;
}

/** The fake gateway's state, shared across requests. */
export interface CloudflareState {
  options: CloudflareFakeOptions;
  cache: ResponseCache;
  logs: CloudflareLogEntry[];
}

export function createCloudflareState(options: CloudflareFakeOptions = {}): CloudflareState {
  return { options, cache: new ResponseCache(), logs: [] };
}

/** Forgets cached answers and logs (`reset()`). */
export function resetCloudflareState(state: CloudflareState): void {
  state.cache.clear();
  state.logs.length = 0;
}
