#!/usr/bin/env node
import { redactSecrets } from '@stereos/core';
import { createApp } from './app';
import { bannerLines, exposureWarning } from './cli/banner';
import { runKeysCommand } from './cli/keys-command';
import { listenErrorMessage } from './cli/listen-error';
import { PACKAGE_VERSION } from './cli/package-version';
import { type CliArgs, CliUsageError, parseCliArgs } from './cli/parse-cli-args';
import { installShutdown } from './cli/shutdown';
import { startTelemetry } from './cli/telemetry';
import { usage } from './cli/usage';
import { ConfigError } from './config/config-error';
import { type Env, loadConfig, type ServerConfig } from './config/load-config';
import { createBatchedStdoutWriter } from './node/batched-stdout';
import { serveNode } from './node/serve-node';
import { createUndiciFetch } from './node/undici-fetch';
import { describeStores, openServerStores } from './stores/open-server-stores';
import type { ServerStores } from './stores/server-stores';

async function main(): Promise<void> {
  const args = parseArgsOrExit(process.argv.slice(2));
  if (args.help) return void console.log(usage());
  if (args.version) return void console.log(PACKAGE_VERSION);
  if (args.keys) {
    const io = { env: process.env, out: console.log, err: console.error };
    return void runKeysCommand(args.keys, io).then((code) => process.exit(code));
  }

  const config = loadConfigOrExit(process.env, args);
  const telemetry = startTelemetry(process.env);
  const stores = await openStoresOrExit(config);
  // undici's pooled `request` for upstream calls: the global fetch costs far more CPU per call.
  const app = createApp(config, {
    fetch: createUndiciFetch(),
    logLine: createBatchedStdoutWriter(),
    stores,
  });
  const server = serveNode(app, {
    hostname: config.host,
    port: config.port,
    onListening(info) {
      const banner = { config, authMode: app.authMode, address: info.address, port: info.port };
      for (const line of bannerLines(banner)) console.log(line);
      console.log(`Storage: ${describeStores(config.stores)}`);
      const warning = exposureWarning(banner);
      if (warning) console.error(warning);
    },
  });
  // listen() reports a taken port or an unknown host here; one line, not a stack trace.
  server.on('error', (error: NodeJS.ErrnoException) => {
    console.error(listenErrorMessage(error, config.host, config.port));
    process.exit(1);
  });

  installShutdown(server, app, config.shutdownGraceMs, telemetry ? [telemetry.shutdown] : []);
}

/** The stores, migrated; a database that cannot be opened is one line and exit 1. */
async function openStoresOrExit(config: ServerConfig): Promise<ServerStores> {
  try {
    return await openServerStores(config.stores);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    exitWith(
      `Cannot open the storage (${describeStores(config.stores)}): ${redactSecrets(message)}`,
    );
  }
}

function parseArgsOrExit(argv: string[]): CliArgs {
  try {
    return parseCliArgs(argv);
  } catch (error) {
    if (error instanceof CliUsageError) exitWith(error.message);
    throw error;
  }
}

/** The environment with the flags applied: a flag wins over its variable. */
function loadConfigOrExit(env: Env, args: CliArgs): ServerConfig {
  const effective: Env = { ...env };
  // `--port 0` is valid but `PORT=0` is not, so the flag bypasses PORT instead of rewriting it.
  if (args.port !== undefined) delete effective['PORT'];
  if (args.host !== undefined) effective['HOST'] = args.host;
  try {
    const config = loadConfig(effective);
    return args.port === undefined ? config : { ...config, port: args.port };
  } catch (error) {
    if (error instanceof ConfigError) exitWith(error.message);
    throw error;
  }
}

function exitWith(message: string): never {
  console.error(message);
  process.exit(1);
}

void main();
