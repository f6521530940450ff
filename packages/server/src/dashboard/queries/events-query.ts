import type { GatewayEvent } from '@stereos/core';
import type { EventLedger } from '../../stores/store-contracts';
import { type EventFilter, matchesFilter } from './event-filter';
import { RECORDING_SLACK_MS } from './scan-events';

/** Events per page of the Events page. */
export const EVENTS_PER_PAGE = 50;
/** Events read at most to fill one page (a rare filter shows a partial page and "older"). */
export const MAX_EVENTS_SCANNED = 5000;

/** An event and the ledger cursor of the page it was read from (its detail link re-reads it). */
export interface ListedEvent {
  event: GatewayEvent;
  at: string | undefined;
}

export interface EventsPage {
  events: ListedEvent[];
  /** The cursor of older events; `undefined` at the end. */
  nextCursor: string | undefined;
  scanned: number;
}

/** A ledger cursor as the usage API accepts it (opaque, bounded). */
export const CURSOR_PATTERN = /^[A-Za-z0-9_.:-]{1,128}$/;

/**
 * One page of the Events page, newest first: the ledger's `page()` read from `cursor`, keeping
 * events that pass `filter`, until the page is full, the ledger ends, events are older than the
 * `from` filter, or {@link MAX_EVENTS_SCANNED} were read. Each read asks for no more events than
 * the page still needs, so a page never ends in the middle of a ledger page and `nextCursor` is
 * always a cursor the ledger handed out. The key filter goes to the ledger itself (`keyId`), as
 * does a virtual key's scope.
 */
export async function queryEventsPage(
  ledger: EventLedger,
  options: { filter: EventFilter; cursor?: string | undefined; keyId?: string | undefined },
): Promise<EventsPage> {
  const { filter } = options;
  const keyId = options.keyId ?? filter.key;
  const stopBefore = filter.fromMs === undefined ? -Infinity : filter.fromMs - RECORDING_SLACK_MS;
  const events: ListedEvent[] = [];
  let cursor = options.cursor;
  let scanned = 0;
  while (events.length < EVENTS_PER_PAGE && scanned < MAX_EVENTS_SCANNED) {
    const at = cursor;
    const page = await ledger.page({ limit: EVENTS_PER_PAGE - events.length, cursor, keyId });
    for (const event of page.events) {
      scanned += 1;
      if (Date.parse(event.timestamp) < stopBefore)
        return { events, nextCursor: undefined, scanned };
      if (matchesFilter(event, filter)) events.push({ event, at });
    }
    cursor = page.nextCursor;
    if (cursor === undefined || page.events.length === 0) {
      return { events, nextCursor: undefined, scanned };
    }
  }
  return { events, nextCursor: cursor, scanned };
}

/**
 * One event by id: first in the ledger page its list link named (`at`), else among the newest
 * {@link MAX_EVENTS_SCANNED}. Limited to `keyId` for a virtual key, so another key's event is
 * "not found" whatever id is asked for.
 */
export async function findEvent(
  ledger: EventLedger,
  options: { id: string; at?: string | undefined; keyId?: string | undefined },
): Promise<GatewayEvent | undefined> {
  const { id, keyId } = options;
  if (options.at !== undefined) {
    const page = await ledger.page({ limit: EVENTS_PER_PAGE, cursor: options.at, keyId });
    const found = page.events.find((event) => event.id === id);
    if (found) return found;
  }
  let cursor: string | undefined;
  let scanned = 0;
  while (scanned < MAX_EVENTS_SCANNED) {
    const page = await ledger.page({ limit: 500, cursor, keyId });
    const found = page.events.find((event) => event.id === id);
    if (found) return found;
    scanned += page.events.length;
    cursor = page.nextCursor;
    if (cursor === undefined || page.events.length === 0) return undefined;
  }
  return undefined;
}
