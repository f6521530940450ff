import type { GatewayEvent, GatewayEventSink } from '@stereos/core';

/**
 * A sink writing one JSON line per event (`{"level":"info","msg":"gateway_event",…}`) for log
 * collectors. Events never carry keys or prompts, and their error messages are redacted by core,
 * so the line is written as is. `write` defaults to `console.log` (stdout on Node, the log
 * stream on Workers).
 */
export function createLogSink(write: (line: string) => void = console.log): GatewayEventSink {
  return (event: GatewayEvent) => {
    const level = event.status === 'success' ? 'info' : 'warn';
    // The event's own JSON behind the two leading fields, without copying the event first.
    const fields = JSON.stringify(event);
    const rest = fields.length > 2 ? `,${fields.slice(1)}` : '}';
    write(`{"level":"${level}","msg":"gateway_event"${rest}`);
  };
}
