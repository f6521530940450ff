import Anthropic from '@anthropic-ai/sdk';
import type { FakeUpstream } from '@stereos/fake-upstream';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { AppDeps } from '../app';
import type { Env } from '../config/load-config';
import { type RunningServer, startServer, startUpstream, testConfig } from './test-env';
import { forwardingUpstream } from './use-fake-upstream';

/** Test-only (not exported from the package): the real-client tests' server and upstream. */

/** How `startE2EServer` sets the server up. */
export interface E2EServerOptions {
  /** Variables on top of `testConfig`'s: gateway and provider keys, limits, prices. */
  env?: Env;
  /** `createApp` dependencies besides the undici transport: a wrapped `fetch`, stores, hooks. */
  deps?: AppDeps;
  /** A running fake upstream to share (left running by `close()`); by default a new one. */
  upstream?: FakeUpstream;
  /** The key `openai()` and `anthropic()` send when given none. */
  apiKey?: string;
}

/** A listening Stereos server, its fake upstream and SDK clients pointed at it. */
export interface E2EServer extends RunningServer {
  upstream: FakeUpstream;
  /** The `openai` SDK at `<url>/v1`, without retries: a test sees the server's first answer. */
  openai(apiKey?: string): OpenAI;
  /** `@anthropic-ai/sdk` at `<url>` (it adds `/v1/messages` itself), without retries. */
  anthropic(apiKey?: string): Anthropic;
}

/**
 * Starts the fake upstream (unless one is given) and the server on a free local port, served as
 * the CLI serves it (`startServer`). `close()` closes the server, then the upstream it started.
 */
export async function startE2EServer(options: E2EServerOptions = {}): Promise<E2EServer> {
  const upstream = options.upstream ?? (await startUpstream());
  const server = await startServer(testConfig(upstream, options.env), options.deps);
  const keyOf = (apiKey: string | undefined) => {
    const key = apiKey ?? options.apiKey;
    if (key === undefined) throw new Error('No API key: pass one, or `apiKey` in the options.');
    return key;
  };
  return {
    url: server.url,
    app: server.app,
    upstream,
    openai: (apiKey) =>
      new OpenAI({ baseURL: `${server.url}/v1`, apiKey: keyOf(apiKey), maxRetries: 0 }),
    anthropic: (apiKey) =>
      new Anthropic({ baseURL: server.url, apiKey: keyOf(apiKey), maxRetries: 0 }),
    close: async () => {
      await server.close();
      if (!options.upstream) await upstream.close();
    },
  };
}

/**
 * The server of a test file (or of a `describe`, called inside it): started before its tests,
 * closed after them; before each test the upstream is reset and the recorded events cleared.
 * Returned at once, for the top level, as stand-ins that forward to the running server and
 * upstream. `options` may be a function, read when the server starts (to share an upstream
 * started by an outer `useE2EServer`, or to build a `fetch` then).
 */
export function useE2EServer(options: E2EServerOptions | (() => E2EServerOptions) = {}): {
  server: E2EServer;
  upstream: FakeUpstream;
} {
  let running: E2EServer | undefined;
  beforeAll(async () => {
    running = await startE2EServer(typeof options === 'function' ? options() : options);
  });
  afterAll(() => running?.close());
  beforeEach(() => {
    running?.upstream.reset();
    running?.app.events.clear();
  });
  const current = (): E2EServer => {
    if (!running) throw new Error('The server starts in beforeAll: use it in a test.');
    return running;
  };
  const upstream = forwardingUpstream(() => current().upstream);
  const server: E2EServer = {
    get url() {
      return current().url;
    },
    get app() {
      return current().app;
    },
    upstream,
    openai: (apiKey) => current().openai(apiKey),
    anthropic: (apiKey) => current().anthropic(apiKey),
    close: () => current().close(),
  };
  return { server, upstream };
}
