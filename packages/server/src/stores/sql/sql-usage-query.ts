import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { UsageGroup, UsageQuery, UsageRow } from '../store-contracts';
import type { StoreTables } from './sql-tables';

/** The group of events without a value for the grouping; the one row without a grouping. */
export const NO_GROUP = '(none)';
export const TOTAL_GROUP = 'total';

/** What each grouping groups by (the same groups as the in-memory ledger's). */
const groupExpressions: Record<UsageGroup, RawBuilder<string>> = {
  key: sql`coalesce(e.key_id, ${NO_GROUP})`,
  model: sql`coalesce(e.model, ${NO_GROUP})`,
  provider: sql`coalesce(e.provider, ${NO_GROUP})`,
  user: sql`coalesce(e.user_id, ${NO_GROUP})`,
  tag: sql`coalesce(t.tag, ${NO_GROUP})`,
  // ISO times start with the UTC day; substr is the same function in SQLite and Postgres.
  day: sql`substr(e.ts, 1, 10)`,
};

/** A time bound as the ledger stores times (`toISOString()`); throws on anything else. */
export function isoTime(value: string, name: string): string {
  const time = new Date(value);
  if (Number.isNaN(time.getTime())) throw new RangeError(`${name} is not a valid time: ${value}`);
  return time.toISOString();
}

/**
 * Totals of the ledger, `from` inclusive and `to` exclusive, grouped as asked (one `total` row
 * without a grouping). An event with several tags counts once in each of its tags' groups,
 * one without tags in `(none)`.
 * Written in plain SQL that SQLite and PostgreSQL read the same way.
 */
export async function queryUsage(db: Kysely<StoreTables>, query: UsageQuery): Promise<UsageRow[]> {
  const conditions = [sql`1 = 1`];
  if (query.from !== undefined) conditions.push(sql`e.ts >= ${isoTime(query.from, 'from')}`);
  if (query.to !== undefined) conditions.push(sql`e.ts < ${isoTime(query.to, 'to')}`);
  if (query.keyId !== undefined) conditions.push(sql`e.key_id = ${query.keyId}`);

  const group = query.groupBy ? groupExpressions[query.groupBy] : sql<string>`${TOTAL_GROUP}`;
  const tags =
    query.groupBy === 'tag' ? sql`left join stereos_event_tags t on t.event_id = e.id` : sql``;
  // By position: the group expression carries parameters, and Postgres would not match two
  // copies of it with different parameter numbers.
  const grouping = query.groupBy ? sql`group by 1 order by 1` : sql``;

  const { rows } = await sql<Record<string, string | number | null>>`
    select ${group} as grp,
      count(*) as requests,
      coalesce(sum(case when e.status <> 'success' then 1 else 0 end), 0) as errors,
      coalesce(sum(e.input_tokens), 0) as input_tokens,
      coalesce(sum(e.output_tokens), 0) as output_tokens,
      coalesce(sum(e.cost_usd), 0) as cost_usd
    from stereos_events e ${tags}
    where ${sql.join(conditions, sql` and `)}
    ${grouping}`.execute(db);

  return rows.map((row) => ({
    group: String(row.grp),
    requests: Number(row.requests),
    errors: Number(row.errors),
    inputTokens: Number(row.input_tokens),
    outputTokens: Number(row.output_tokens),
    costUsd: Number(row.cost_usd),
  }));
}
