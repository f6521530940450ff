#!/usr/bin/env node
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { createApp } from './app';
import { bannerLines, exposureWarning } from './cli/banner';
import { listenErrorMessage } from './cli/listen-error';
import { PACKAGE_VERSION } from './cli/package-version';
import { type CliArgs, CliUsageError, parseCliArgs } from './cli/parse-cli-args';
import { installShutdown } from './cli/shutdown';
import { usage } from './cli/usage';
import { ConfigError } from './config/config-error';
import { type Env, loadConfig, type ServerConfig } from './config/load-config';
import { createBatchedStdoutWriter } from './node/batched-stdout';
import { answerClientErrors } from './node/client-errors';
import { createUndiciFetch } from './node/undici-fetch';

function main(): void {
  const args = parseArgsOrExit(process.argv.slice(2));
  if (args.help) return void console.log(usage());
  if (args.version) return void console.log(PACKAGE_VERSION);

  const config = loadConfigOrExit(process.env, args);
  // undici's pooled `request` for upstream calls: the global fetch costs far more CPU per call.
  const app = createApp(config, {
    fetch: createUndiciFetch(),
    logLine: createBatchedStdoutWriter(),
  });
  // Without `createServer`, serve() builds a node:http server.
  const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, (info) => {
    const banner = { config, authMode: app.authMode, address: info.address, port: info.port };
    for (const line of bannerLines(banner)) console.log(line);
    const warning = exposureWarning(banner);
    if (warning) console.error(warning);
  }) as Server;
  answerClientErrors(server);
  // listen() reports a taken port or an unknown host here; one line, not a stack trace.
  server.on('error', (error: NodeJS.ErrnoException) => {
    console.error(listenErrorMessage(error, config.host, config.port));
    process.exit(1);
  });

  installShutdown(server, app, config.shutdownGraceMs);
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

main();
