import type { GatewayEvent, GatewayEventSink } from '@stereos/core';

/** An in-memory ring buffer of the newest events (tests, a future admin endpoint). */
export interface MemoryEventSink {
  /** Pass to the gateway's sinks. */
  readonly sink: GatewayEventSink;
  /** The buffered events, oldest first. */
  events(): GatewayEvent[];
  /** Empties the buffer. */
  clear(): void;
  /**
   * Resolves with the first buffered or future event matching `predicate`. Stream events are
   * recorded when the stream ends, after the response has started, so tests must wait.
   */
  waitFor(predicate: (event: GatewayEvent) => boolean, timeoutMs?: number): Promise<GatewayEvent>;
}

/** Default capacity: enough for tests and a glance at recent traffic, bounded for servers. */
export const DEFAULT_MEMORY_SINK_CAPACITY = 1000;

/** Creates a ring buffer sink that keeps the newest `capacity` events. */
export function createMemoryEventSink(capacity = DEFAULT_MEMORY_SINK_CAPACITY): MemoryEventSink {
  const buffer: GatewayEvent[] = [];
  const waiters = new Set<(event: GatewayEvent) => void>();
  return {
    sink(event) {
      buffer.push(event);
      if (buffer.length > capacity) buffer.shift();
      for (const waiter of waiters) waiter(event);
    },
    events: () => [...buffer],
    clear() {
      buffer.length = 0;
    },
    waitFor(predicate, timeoutMs = 5000) {
      const found = buffer.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const waiter = (event: GatewayEvent) => {
          if (!predicate(event)) return;
          waiters.delete(waiter);
          clearTimeout(timer);
          resolve(event);
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`No matching gateway event within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
  };
}
