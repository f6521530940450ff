#!/usr/bin/env node
import { serve } from '@hono/node-server';
import { configuredProviders } from '@stereos/core';
import { createApp } from './app';
import { ConfigError } from './config/config-error';
import { loadConfig, type ServerConfig } from './config/load-config';
import { createBatchedStdoutWriter } from './node/batched-stdout';
import { createUndiciFetch } from './node/undici-fetch';

/** How long open connections (streams) may take to finish after SIGINT/SIGTERM. */
const SHUTDOWN_GRACE_MS = 10_000;

function main(): void {
  const config = loadConfigOrExit();
  // undici's pooled `request` for upstream calls: the global fetch costs far more CPU per call.
  const app = createApp(config, {
    fetch: createUndiciFetch(),
    logLine: createBatchedStdoutWriter(),
  });
  const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, (info) => {
    printBanner(config, app.authMode, info.port);
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`Received ${signal}, shutting down…`);
    // Streams in flight get a grace period; after it, whatever is left is cut.
    const force = setTimeout(() => process.exit(0), SHUTDOWN_GRACE_MS);
    force.unref();
    server.close(() => {
      void app.stores.close().finally(() => process.exit(0));
    });
    // Idle keep-alive sockets would hold `close` open until they time out.
    if ('closeIdleConnections' in server) server.closeIdleConnections();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

function loadConfigOrExit(): ServerConfig {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

function printBanner(config: ServerConfig, authMode: string, port: number): void {
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const keyed = configuredProviders(config.providers);
  console.log(`Stereos gateway listening on http://${host}:${port} (bound to ${config.host})`);
  console.log(
    authMode === 'gateway'
      ? `Auth: gateway keys (${config.gatewayApiKeys.length} from GATEWAY_API_KEYS); provider keys from env`
      : 'Auth: passthrough (no GATEWAY_API_KEYS): the caller key is sent as the provider key',
  );
  console.log(`Providers with keys: ${keyed.length > 0 ? keyed.join(', ') : 'none'}`);
  console.log(`OpenAPI document: http://${host}:${port}/doc`);
}

main();
