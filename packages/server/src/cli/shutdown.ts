import type { Server } from 'node:http';
import type { StereosApp } from '../app';

/** How long the answers of cut calls get to be written before their sockets are closed. */
const CUT_WRITE_MS = 1_000;

/**
 * Graceful shutdown on SIGINT/SIGTERM: stop accepting, close idle keep-alive connections at once
 * (and as others turn idle), let calls in flight finish within `graceMs`, then cut the rest
 * (streams end with an error chunk, JSON calls answer 503, each is recorded), flush the stores
 * and exit: 0 when nothing was cut, 1 when something was. A second signal exits at once.
 */
export function installShutdown(
  server: Server,
  app: StereosApp,
  graceMs: number,
  flushers: readonly (() => Promise<void>)[] = [],
): void {
  let stopping = false;
  let cut = 0;
  const stop = (signal: string) => {
    if (stopping) {
      console.error(`Received ${signal} again, exiting now.`);
      process.exit(1);
    }
    stopping = true;
    console.log(`Received ${signal}, shutting down (grace period ${graceMs} ms)…`);
    const sweep = setInterval(() => server.closeIdleConnections(), 50);
    const grace = setTimeout(() => {
      cut = app.cutInflightCalls(graceMs);
      if (cut > 0) console.error(`Cut ${cut} call(s) still running after the grace period.`);
      setTimeout(() => server.closeAllConnections(), CUT_WRITE_MS).unref();
    }, graceMs);
    server.close(() => {
      clearInterval(sweep);
      clearTimeout(grace);
      const flushAll = Promise.allSettled([app.stores.close(), ...flushers.map((f) => f())]);
      void flushAll.finally(() => process.exit(cut > 0 ? 1 : 0));
    });
    server.closeIdleConnections();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}
