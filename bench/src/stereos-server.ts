import { serve } from '@hono/node-server';
import { createApp, loadConfig } from '@stereos/server';
import { createBatchedStdoutWriter, createUndiciFetch } from '@stereos/server/node';
import { announce } from './child-service';

/**
 * The Stereos server as a child process for `server-throughput.ts`: `createApp` with its
 * default configuration (passthrough auth, retries, event logging to stdout, which the parent
 * sends to /dev/null), only the OpenAI base URL pointed at the fake upstream.
 */
const config = loadConfig({
  ...process.env,
  HOST: '127.0.0.1',
  OPENAI_BASE_URL: process.env['UPSTREAM_URL'] ?? 'http://127.0.0.1:4010',
  // Passthrough: the caller's key goes upstream, as with the bare proxy.
  GATEWAY_API_KEYS: '',
});
// The upstream transport the CLI uses on Node.
const app = createApp(config, { fetch: createUndiciFetch(), logLine: createBatchedStdoutWriter() });
const server = serve({ fetch: app.fetch, hostname: config.host, port: 0 }, (info) => {
  announce(`http://127.0.0.1:${info.port}`, () => {
    server.close();
  });
});
