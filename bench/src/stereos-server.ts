import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { createApp, createEmbeddedStores, loadConfig } from '@stereos/server';
import {
  createBatchedStdoutWriter,
  createUndiciFetch,
  openServerStores,
} from '@stereos/server/node';
import { announce } from './child-service';

/**
 * The Stereos server as a child process for `server-throughput.ts`: `createApp` with its
 * default configuration (passthrough auth, retries, event logging to stdout, which the parent
 * sends to /dev/null), only the OpenAI base URL pointed at the fake upstream.
 *
 * With `STEREOS_BENCH_GOVERNED` it runs as a shared service does: a stored virtual key with its
 * own budget and rate limits, a global budget, and the ledger of every event. Every call then
 * authenticates the key, reserves and settles two budgets, counts its rates and records a
 * ledger row. `memory`: the in-process stores (`createEmbeddedStores`); `sqlite`: the embedded
 * SQLite file the CLI opens by default. The key is sent to the parent with the URL.
 */
const governedBy = process.env['STEREOS_BENCH_GOVERNED'];
const governed = governedBy === 'memory' || governedBy === 'sqlite';
const config = loadConfig({
  ...process.env,
  HOST: '127.0.0.1',
  OPENAI_BASE_URL: process.env['UPSTREAM_URL'] ?? 'http://127.0.0.1:4010',
  // Passthrough: the caller's key goes upstream, as with the bare proxy.
  GATEWAY_API_KEYS: '',
  ...(governed
    ? {
        OPENAI_API_KEY: 'sk-bench',
        STEREOS_MASTER_KEY: 'sk-bench-master-key-0123456789',
        STEREOS_BUDGET_USD: '1000000',
      }
    : {}),
});
const stores =
  governedBy === 'sqlite'
    ? await openServerStores({ dataDir: mkdtempSync(join(tmpdir(), 'stereos-bench-')) })
    : governedBy === 'memory'
      ? createEmbeddedStores()
      : undefined;
const virtualKey = await stores?.keys.create({
  name: 'bench',
  budget: { limitUsd: 1_000_000, period: 'day' },
  rpm: 100_000_000,
  tpm: 1_000_000_000,
});
// The upstream transport the CLI uses on Node.
const app = createApp(config, {
  fetch: createUndiciFetch(),
  logLine: createBatchedStdoutWriter(),
  ...(stores ? { stores } : {}),
});
const server = serve({ fetch: app.fetch, hostname: config.host, port: 0 }, (info) => {
  announce(
    `http://127.0.0.1:${info.port}`,
    async () => {
      server.close();
      await stores?.close();
    },
    virtualKey ? { key: virtualKey.key } : {},
  );
});
