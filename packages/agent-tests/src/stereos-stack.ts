import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { PROVIDERS } from '@stereos/core';
import { type FakeUpstream, startFakeUpstream } from '@stereos/fake-upstream';
import { createApp, type Env, loadConfig, type StereosApp } from '@stereos/server';
import { createUndiciFetch } from '@stereos/server/node';

/** One request the server answered (what an agent called, and how it was answered). */
export interface ServedRequest {
  method: string;
  path: string;
  status: number;
}

/** A Stereos server on a local port with every provider at a fake upstream. */
export interface StereosStack {
  /** The server's base URL, without `/v1`. */
  url: string;
  app: StereosApp;
  upstream: FakeUpstream;
  /** Every request the server answered, in order. */
  served: ServedRequest[];
  close(): Promise<void>;
}

/**
 * Starts the fake upstream and `createApp(loadConfig(env))` on `@hono/node-server`, as the CLI
 * runs it (undici upstream transport), every `*_BASE_URL` at the fake.
 */
export async function startStereosStack(env: Env): Promise<StereosStack> {
  const upstream = await startFakeUpstream();
  const baseUrls = Object.fromEntries(
    PROVIDERS.map((p) => [
      p.baseUrlEnv,
      upstream.url + new URL(p.defaultBaseURL).pathname.replace(/\/+$/, ''),
    ]),
  );
  const config = loadConfig({
    LOG_EVENTS: 'false',
    REQUEST_TIMEOUT_SECS: '20',
    UPSTREAM_RETRY_BASE_DELAY_MS: '1',
    ...baseUrls,
    ...env,
  });
  const app = createApp(config, { fetch: createUndiciFetch() });
  const served: ServedRequest[] = [];
  const fetch = async (request: Request, ...rest: unknown[]): Promise<Response> => {
    const response = await app.fetch(request, ...(rest as []));
    served.push({
      method: request.method,
      path: new URL(request.url).pathname,
      status: response.status,
    });
    return response;
  };
  return new Promise((resolve) => {
    const server = serve({ fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) => {
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        app,
        upstream,
        served,
        close: async () => {
          await new Promise<void>((done) => {
            server.close(() => done());
            if ('closeAllConnections' in server) server.closeAllConnections();
          });
          await upstream.close();
        },
      });
    });
  });
}

/** A fresh temp directory (an agent's HOME or project), removed by `remove()`. */
export function tempDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}
