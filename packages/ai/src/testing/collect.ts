import type { GatewayEvent } from '@stereos/core';

/** Collects usage events and waits for a number of them. */
export function collectEvents() {
  const events: GatewayEvent[] = [];
  return {
    events,
    onUsage: (event: GatewayEvent) => {
      events.push(event);
    },
    async waitFor(count: number, timeoutMs = 2_000): Promise<GatewayEvent[]> {
      const until = Date.now() + timeoutMs;
      while (events.length < count && Date.now() < until)
        await new Promise((r) => setTimeout(r, 5));
      return events;
    },
  };
}
