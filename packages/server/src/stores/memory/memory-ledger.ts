import type { GatewayEvent } from '@stereos/core';
import type { EventLedger } from '../store-contracts';
import { summarizeUsage } from './summarize-usage';

/** Largest page `page()` returns, whatever is asked (the contract's bound). */
export const MAX_PAGE = 500;

/**
 * An `EventLedger` over a ring buffer of the newest `capacity` events: nothing durable, nothing
 * to flush. `usage()` and `page()` are computed over what the buffer holds. A cursor is the
 * sequence number of the last event of a page, so pages stay stable while events arrive.
 */
export function createMemoryLedger(capacity = 10_000): EventLedger {
  const ring: { seq: number; event: GatewayEvent }[] = [];
  let head = 0; // index of the oldest entry once the ring is full
  let nextSeq = 1;

  /** Entries newest first. */
  function* newestFirst() {
    for (let i = 0; i < ring.length; i++) {
      yield ring[(head - 1 - i + ring.length * 2) % ring.length] as (typeof ring)[number];
    }
  }

  return {
    record(event) {
      const entry = { seq: nextSeq++, event };
      if (ring.length < capacity) ring.push(entry);
      else {
        ring[head] = entry;
      }
      head = (head + 1) % capacity;
    },
    async flush() {},
    async usage(query) {
      return summarizeUsage(
        (function* () {
          for (const entry of newestFirst()) yield entry.event;
        })(),
        query,
      );
    },
    async page({ limit, cursor, keyId }) {
      const max = Math.max(1, Math.min(MAX_PAGE, Math.floor(limit)));
      const before = cursor === undefined ? Infinity : cursorSeq(cursor);
      const events: GatewayEvent[] = [];
      let last = 0;
      let more = false;
      for (const { seq, event } of newestFirst()) {
        if (seq >= before || (keyId !== undefined && event.keyId !== keyId)) continue;
        if (events.length === max) {
          more = true;
          break;
        }
        events.push(event);
        last = seq;
      }
      return { events, nextCursor: more ? String(last) : undefined };
    },
  };
}

/** A cursor this ledger did not hand out reads as "before everything": an empty page. */
function cursorSeq(cursor: string): number {
  return /^\d{1,15}$/.test(cursor) ? Number(cursor) : 0;
}
