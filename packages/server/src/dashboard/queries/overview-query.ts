import type { GatewayEvent } from '@stereos/core';
import type { EventLedger } from '../../stores/store-contracts';
import { percentile } from './percentile';
import { scanEvents } from './scan-events';
import { groupsOf, type Split } from './split';
import { bucketStart, bucketStarts, type TimeRange } from './time-range';

/** Totals of a set of events. */
export interface Totals {
  requests: number;
  /** Requests that did not succeed, refusals included (as `/v1/usage` counts them). */
  errors: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  cacheHits: number;
}

/** One group of the split: its totals and its per-bucket series. */
export interface OverviewGroup extends Totals {
  group: string;
  /** The groups past the chart's top ones, summed. */
  other?: boolean;
  requestsSeries: number[];
  spendSeries: number[];
}

export interface Overview {
  range: TimeRange;
  split: Split;
  /** Bucket starts, epoch ms. */
  buckets: number[];
  totals: Totals & {
    errorRate: number | undefined;
    cacheHitRate: number | undefined;
    /** Latency of requests that reached an upstream or the cache (refusals excluded). */
    p50LatencyMs: number | undefined;
    p95LatencyMs: number | undefined;
  };
  /** Every group, by spend then requests; the chart draws the first {@link TOP_GROUPS} and `other`. */
  groups: OverviewGroup[];
  /** Groups as charted: the top ones, then one `other` group when there are more. */
  charted: OverviewGroup[];
  scanned: number;
  /** Only the newest `maxEvents` events of the range were read. */
  truncated: boolean;
}

/** Groups drawn as their own series; the rest are summed into one. */
export const TOP_GROUPS = 8;
/** Events read at most for one Overview. */
export const MAX_OVERVIEW_EVENTS = 100_000;

const emptyTotals = (): Totals => ({
  requests: 0,
  errors: 0,
  inputTokens: 0,
  outputTokens: 0,
  costUsd: 0,
  cacheHits: 0,
});

function add(totals: Totals, event: GatewayEvent): void {
  totals.requests += 1;
  if (event.status !== 'success') totals.errors += 1;
  totals.inputTokens += event.inputTokens;
  totals.outputTokens += event.outputTokens;
  totals.costUsd += event.costUsd ?? 0;
  if (event.cacheHit) totals.cacheHits += 1;
}

/**
 * The Overview of `[from, to)`: totals, error rate, latency percentiles, cache hit rate, and
 * spend and requests per bucket split by a field. Computed from a bounded scan of the ledger's
 * `page()` (see `scanEvents`), limited to `keyId` for a virtual key.
 */
export async function queryOverview(
  ledger: EventLedger,
  options: {
    range: TimeRange;
    split: Split;
    keyId?: string | undefined;
    maxEvents?: number;
  },
): Promise<Overview> {
  const { range, split } = options;
  const buckets = bucketStarts(range);
  const index = new Map(buckets.map((start, i) => [start, i]));
  const totals = emptyTotals();
  const groups = new Map<string, OverviewGroup>();
  const latencies: number[] = [];

  const scan = await scanEvents(
    ledger,
    { keyId: options.keyId, from: range.from, maxEvents: options.maxEvents ?? MAX_OVERVIEW_EVENTS },
    (event) => {
      const at = Date.parse(event.timestamp);
      if (!(at >= range.from && at < range.to)) return;
      const i = index.get(bucketStart(at, range.bucket));
      if (i === undefined) return;
      add(totals, event);
      if (event.attempts > 0 || event.cacheHit) latencies.push(event.latencyMs);
      for (const name of groupsOf(event, split)) {
        let group = groups.get(name);
        if (!group) {
          group = {
            group: name,
            ...emptyTotals(),
            requestsSeries: buckets.map(() => 0),
            spendSeries: buckets.map(() => 0),
          };
          groups.set(name, group);
        }
        add(group, event);
        group.requestsSeries[i] = (group.requestsSeries[i] ?? 0) + 1;
        group.spendSeries[i] = (group.spendSeries[i] ?? 0) + (event.costUsd ?? 0);
      }
    },
  );

  latencies.sort((a, b) => a - b);
  const ranked = [...groups.values()].sort(
    (a, b) => b.costUsd - a.costUsd || b.requests - a.requests || (a.group < b.group ? -1 : 1),
  );
  return {
    range,
    split,
    buckets,
    totals: {
      ...totals,
      errorRate: totals.requests > 0 ? totals.errors / totals.requests : undefined,
      cacheHitRate: totals.requests > 0 ? totals.cacheHits / totals.requests : undefined,
      p50LatencyMs: percentile(latencies, 50),
      p95LatencyMs: percentile(latencies, 95),
    },
    groups: ranked,
    charted: chartedGroups(ranked, buckets.length),
    scanned: scan.scanned,
    truncated: scan.truncated,
  };
}

const TOTAL_FIELDS = [
  'requests',
  'errors',
  'inputTokens',
  'outputTokens',
  'costUsd',
  'cacheHits',
] as const satisfies readonly (keyof Totals)[];

function chartedGroups(ranked: OverviewGroup[], width: number): OverviewGroup[] {
  if (ranked.length <= TOP_GROUPS + 1) return ranked;
  const other: OverviewGroup = {
    group: 'other',
    other: true,
    ...emptyTotals(),
    requestsSeries: Array.from({ length: width }, () => 0),
    spendSeries: Array.from({ length: width }, () => 0),
  };
  for (const group of ranked.slice(TOP_GROUPS)) {
    for (const field of TOTAL_FIELDS) other[field] += group[field];
    for (let i = 0; i < width; i++) {
      other.requestsSeries[i] = (other.requestsSeries[i] ?? 0) + (group.requestsSeries[i] ?? 0);
      other.spendSeries[i] = (other.spendSeries[i] ?? 0) + (group.spendSeries[i] ?? 0);
    }
  }
  return [...ranked.slice(0, TOP_GROUPS), other];
}
