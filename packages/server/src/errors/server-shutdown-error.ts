import { StereosError } from '@stereos/core';

/**
 * The server cut a call that outlasted the shutdown grace period. Calls aborted with it end as
 * failures the client is told about (a 503 JSON body, or an error chunk that ends a stream) and
 * are recorded as `error` events, unlike a client that went away.
 */
export class ServerShutdownError extends StereosError {
  constructor(graceMs: number) {
    super({
      name: 'ServerShutdownError',
      code: 'server_shutting_down',
      status: 503,
      message: `The gateway is shutting down and cut this call after a grace period of ${graceMs} ms. Retry it.`,
    });
  }
}
