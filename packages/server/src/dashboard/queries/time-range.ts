/** Bucket width of the Overview charts. */
export type Bucket = 'hour' | 'day';

/** The time span a page shows: `[from, to)`, in epoch ms, with its chart bucket. */
export interface TimeRange {
  from: number;
  to: number;
  bucket: Bucket;
  /** The preset chosen (`24h`…), or `custom` for explicit from/to. */
  preset: RangePreset | 'custom';
}

export const RANGE_PRESETS = { '1h': 1, '24h': 24, '7d': 7 * 24, '30d': 30 * 24 } as const;
export type RangePreset = keyof typeof RANGE_PRESETS;

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
/** Longest custom range (a year) and the most hourly buckets (a month) a chart draws. */
const MAX_SPAN_MS = 366 * DAY_MS;
const MAX_HOURLY_SPAN_MS = 31 * DAY_MS;

/**
 * A date (`2026-03-01`) or a date-time, with a zone or without one (an `<input
 * type="datetime-local">` sends `2026-03-01T10:00`, read as UTC); `undefined` when unparsable.
 */
export function parseInstant(value: string | undefined): number | undefined {
  if (value === undefined || value.length > 64) return undefined;
  const match = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?$/.exec(
    value,
  );
  if (!match) return undefined;
  const zoned = match[1] === undefined || match[4] !== undefined ? value : `${value}Z`;
  const at = Date.parse(zoned);
  return Number.isNaN(at) ? undefined : at;
}

/**
 * The range of a query string: `range` (a preset, default `24h`) or `from`/`to`; `bucket`
 * defaults to hours up to two days, days beyond, and is forced to days past a month. A bad or
 * reversed custom range falls back to the default preset rather than failing the page.
 */
export function parseTimeRange(
  query: { range?: string; from?: string; to?: string; bucket?: string },
  now: number,
): TimeRange {
  let from: number;
  let to: number;
  let preset: TimeRange['preset'];
  const customFrom = parseInstant(query.from);
  const customTo = parseInstant(query.to) ?? now;
  if (customFrom !== undefined && customFrom < customTo && customTo - customFrom <= MAX_SPAN_MS) {
    [from, to, preset] = [customFrom, customTo, 'custom'];
  } else {
    preset = isPreset(query.range) ? query.range : '24h';
    [from, to] = [now - RANGE_PRESETS[preset] * HOUR_MS, now];
  }
  const span = to - from;
  let bucket: Bucket = query.bucket === 'hour' || query.bucket === 'day' ? query.bucket : 'hour';
  if (query.bucket === undefined && span > 2 * DAY_MS) bucket = 'day';
  if (span > MAX_HOURLY_SPAN_MS) bucket = 'day';
  return { from, to, bucket, preset };
}

function isPreset(value: string | undefined): value is RangePreset {
  return value !== undefined && Object.hasOwn(RANGE_PRESETS, value);
}

/** Start (epoch ms, UTC) of the bucket `at` falls in. */
export function bucketStart(at: number, bucket: Bucket): number {
  const width = bucket === 'hour' ? HOUR_MS : DAY_MS;
  return Math.floor(at / width) * width;
}

/** Starts of every bucket that overlaps `[from, to)`. */
export function bucketStarts(range: TimeRange): number[] {
  const width = range.bucket === 'hour' ? HOUR_MS : DAY_MS;
  const starts: number[] = [];
  for (let at = bucketStart(range.from, range.bucket); at < range.to; at += width) starts.push(at);
  return starts;
}
