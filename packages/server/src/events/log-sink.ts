import type { GatewayEvent, GatewayEventSink } from '@stereos/core';

/**
 * A sink writing one JSON line per event (`{"level":"info","msg":"gateway_event",…}`) for log
 * collectors. Events never carry keys or prompts, and their error messages are redacted by core,
 * so the line is written as is. `write` defaults to `console.log` (stdout on Node, the log
 * stream on Workers).
 */
export function createLogSink(write: (line: string) => void = console.log): GatewayEventSink {
  return (event: GatewayEvent) => {
    write(
      JSON.stringify({
        level: event.status === 'success' ? 'info' : 'warn',
        msg: 'gateway_event',
        ...event,
      }),
    );
  };
}
