import { PROVIDERS } from '@stereos/core';
import { type FakeUpstream, startFakeUpstream } from '@stereos/fake-upstream';
import { type AppDeps, createApp, type StereosApp } from '../app';
import { type Env, loadConfig, type ServerConfig } from '../config/load-config';
import { serveNode } from '../node/serve-node';
import { createUndiciFetch } from '../node/undici-fetch';

/** Test-only helpers (not exported from the package). */

/** A provider's default base URL path, e.g. `/openai/v1` for Groq, `` for OpenAI. */
export function defaultPathOf(baseURL: string): string {
  return new URL(baseURL).pathname.replace(/\/+$/, '');
}

/** Every `*_BASE_URL` pointed at the fake upstream, keeping each provider's default path. */
export function fakeBaseUrlEnv(upstreamUrl: string): Env {
  return Object.fromEntries(
    PROVIDERS.map((p) => [p.baseUrlEnv, upstreamUrl + defaultPathOf(p.defaultBaseURL)]),
  );
}

/** A key per provider: `test-<id>-key-123456` in `*_API_KEY`. */
export function fakeApiKeyEnv(): Env {
  return Object.fromEntries(PROVIDERS.map((p) => [p.apiKeyEnv, providerTestKey(p.id)]));
}

/** The env key `fakeApiKeyEnv` gives a provider. */
export function providerTestKey(id: string): string {
  return `test-${id}-key-123456`;
}

/** Config for tests: quiet, fast retries, every provider at the fake. */
export function testConfig(upstream: FakeUpstream, env: Env = {}): ServerConfig {
  return loadConfig({
    LOG_EVENTS: 'false',
    UPSTREAM_RETRY_BASE_DELAY_MS: '1',
    REQUEST_TIMEOUT_SECS: '5',
    ...fakeBaseUrlEnv(upstream.url),
    ...env,
  });
}

/** The fake upstream, shared by a test file. */
export async function startUpstream(): Promise<FakeUpstream> {
  return startFakeUpstream();
}

/** A listening server (port 0) for real HTTP clients. */
export interface RunningServer {
  url: string;
  app: StereosApp;
  close(): Promise<void>;
}

/**
 * Starts `createApp(config)` on a free local port, served as the CLI serves it (`serveNode`: the
 * same `serve()` options, `answerClientErrors` on the listener, so requests Node's parser refuses
 * get the CLI's JSON errors), with the undici upstream transport the CLI uses (`app.request()`
 * tests cover the global fetch).
 */
export async function startServer(config: ServerConfig, deps?: AppDeps): Promise<RunningServer> {
  const app = createApp(config, { fetch: createUndiciFetch(), ...deps });
  return new Promise((resolve) => {
    const server = serveNode(app, {
      hostname: '127.0.0.1',
      port: 0,
      onListening: (info) =>
        resolve({
          url: `http://127.0.0.1:${info.port}`,
          app,
          close: () =>
            new Promise<void>((done) => {
              server.close(() => done());
              server.closeAllConnections();
            }),
        }),
    });
  });
}

/** A JSON chat body. */
export function chatBody(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hello' }], ...extra };
}

/** `POST /v1/chat/completions` through `app.request` (no network). */
export function postChat(
  app: StereosApp,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return Promise.resolve(
    app.request('/v1/chat/completions', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }),
  );
}
