import type { GatewayEvent } from '@stereos/core';
import type { EventLedger } from '../../stores/store-contracts';

/** Events read per `page()` call while scanning. */
const SCAN_PAGE = 500;
/**
 * Ledgers list events newest first, by when they were recorded (memory) or started (SQL); an
 * event is recorded when its call ends, so a scan keeps going this long past `from` before it
 * trusts that nothing older than that is still to come.
 */
export const RECORDING_SLACK_MS = 60 * 60 * 1000;

/** What a scan read. */
export interface ScanResult {
  scanned: number;
  /** The scan stopped at `maxEvents` before reaching `from` or the end of the ledger. */
  truncated: boolean;
}

/**
 * Reads the ledger newest first through its `page()` contract (the same for the memory and the
 * SQL ledgers), in pages of 500, handing each event to `visit`, until events are older than
 * `from` (with {@link RECORDING_SLACK_MS}), the ledger ends, or `maxEvents` were read. The
 * dashboard computes its charts, percentiles and filters from this bounded scan instead of a
 * new ledger query: one code path for every store, at the cost of reading events, which is
 * bounded by `maxEvents` and never on the request path.
 */
export async function scanEvents(
  ledger: EventLedger,
  options: { keyId?: string | undefined; from: number; maxEvents: number },
  visit: (event: GatewayEvent) => void,
): Promise<ScanResult> {
  const stopBefore = options.from - RECORDING_SLACK_MS;
  let cursor: string | undefined;
  let scanned = 0;
  while (scanned < options.maxEvents) {
    const page = await ledger.page({
      limit: Math.min(SCAN_PAGE, options.maxEvents - scanned),
      cursor,
      keyId: options.keyId,
    });
    for (const event of page.events) {
      scanned += 1;
      if (Date.parse(event.timestamp) < stopBefore) return { scanned, truncated: false };
      visit(event);
    }
    if (page.nextCursor === undefined || page.events.length === 0) {
      return { scanned, truncated: false };
    }
    cursor = page.nextCursor;
  }
  return { scanned, truncated: true };
}
