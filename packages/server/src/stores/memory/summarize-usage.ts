import type { GatewayEvent } from '@stereos/core';
import type { UsageGroup, UsageQuery, UsageRow } from '../store-contracts';

/** The group of events without a value for the grouping (no user, no tag, …). */
export const NO_GROUP = '(none)';
/** The single row's group when the query does not group. */
export const TOTAL_GROUP = 'total';

/**
 * `EventLedger.usage` over events in memory: filtered by key and by `[from, to)`, summed per
 * group. An event with several tags counts once in each of its tags. Rows sorted by group.
 */
export function summarizeUsage(events: Iterable<GatewayEvent>, query: UsageQuery): UsageRow[] {
  const from = query.from === undefined ? -Infinity : Date.parse(query.from);
  const to = query.to === undefined ? Infinity : Date.parse(query.to);
  const rows = new Map<string, UsageRow>();
  for (const event of events) {
    if (query.keyId !== undefined && event.keyId !== query.keyId) continue;
    const at = Date.parse(event.timestamp);
    if (!(at >= from && at < to)) continue;
    for (const group of groupsOf(event, query.groupBy)) {
      let row = rows.get(group);
      if (!row) {
        row = { group, requests: 0, errors: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 };
        rows.set(group, row);
      }
      row.requests += 1;
      if (event.status !== 'success') row.errors += 1;
      row.inputTokens += event.inputTokens;
      row.outputTokens += event.outputTokens;
      row.costUsd += event.costUsd ?? 0;
    }
  }
  return [...rows.values()].sort((a, b) => (a.group < b.group ? -1 : a.group > b.group ? 1 : 0));
}

function groupsOf(event: GatewayEvent, groupBy: UsageGroup | undefined): string[] {
  switch (groupBy) {
    case undefined:
      return [TOTAL_GROUP];
    case 'key':
      return [event.keyId ?? NO_GROUP];
    case 'model':
      return [event.model ?? event.requestedModel ?? NO_GROUP];
    case 'provider':
      return [event.provider ?? NO_GROUP];
    case 'user':
      return [event.user ?? NO_GROUP];
    case 'tag':
      return event.tags.length > 0 ? [...new Set(event.tags)] : [NO_GROUP];
    case 'day':
      return [event.timestamp.slice(0, 10)];
  }
}
