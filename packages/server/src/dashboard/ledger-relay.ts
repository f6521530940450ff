import type { GatewayEvent } from '@stereos/core';
import type { EventLedger } from '../stores/store-contracts';

/** Brings the events other instances wrote to the shared ledger to this instance's Live pages. */
export interface LedgerRelay {
  /** Polls while at least one Live page watches; returns the release (idempotent). */
  watch(): () => void;
}

export interface LedgerRelayOptions {
  ledger: Pick<EventLedger, 'page'>;
  /** The live feed's `publish` (which passes each event id on once). */
  publish: (event: GatewayEvent) => void;
  /** Time between two reads of the ledger (default 1 s). */
  intervalMs?: number;
  /** Newest events read each time (default 200, the ledger's page bound is 500). */
  pageSize?: number;
}

/** Default time between two reads of the ledger. */
export const RELAY_INTERVAL_MS = 1_000;

/**
 * The Live page across instances. Each instance's gateway sink feeds only its own Live pages;
 * the ledger is what all instances share (PostgreSQL, or one SQLite file), so while someone
 * watches, this reads its newest `pageSize` events every `intervalMs` and publishes the ones it
 * had not seen: another instance's call shows within the ledger's batch delay plus one interval.
 * Nothing runs when nobody watches and nothing is added to `/v1`. The first read only learns
 * what is already there. An event written later than `pageSize` newer ones is not shown live
 * (the Events page has it).
 */
export function createLedgerRelay(options: LedgerRelayOptions): LedgerRelay {
  const intervalMs = options.intervalMs ?? RELAY_INTERVAL_MS;
  const pageSize = options.pageSize ?? 200;
  let watchers = 0;
  // Bumped at each start and stop, so a read still in flight from an earlier run stops there.
  let run = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  async function poll(current: number, seen: Set<string> | undefined): Promise<void> {
    let next = seen;
    try {
      const { events } = await options.ledger.page({ limit: pageSize });
      if (current !== run) return;
      if (seen) {
        for (let i = events.length - 1; i >= 0; i--) {
          const event = events[i] as GatewayEvent;
          if (!seen.has(event.id)) options.publish(event);
        }
      }
      next = new Set(events.map((event) => event.id));
    } catch {
      // The store is unreachable for now: the next read tries again.
    }
    if (current !== run) return;
    timer = setTimeout(() => void poll(current, next), intervalMs);
    // Never the reason a process stays up (Node; other runtimes have no `unref`).
    (timer as { unref?: () => void }).unref?.();
  }

  function stop() {
    run += 1;
    clearTimeout(timer);
    timer = undefined;
  }

  return {
    watch() {
      watchers += 1;
      if (watchers === 1) {
        stop();
        void poll(run, undefined);
      }
      let released = false;
      return () => {
        if (released) return;
        released = true;
        watchers -= 1;
        if (watchers === 0) stop();
      };
    },
  };
}
