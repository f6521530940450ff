import type { GatewayEvent } from '@stereos/core';
import type { Insertable, Kysely } from 'kysely';
import type { EventLedger } from '../store-contracts';
import { createFlushTimer } from './flush-timer';
import type { EventsTable, StoreTables } from './sql-tables';
import { queryUsage } from './sql-usage-query';

/** Options of `createSqlEventLedger`. */
export interface SqlEventLedgerOptions {
  /** Longest time an event waits in memory before it is written. Default 200 ms. */
  flushIntervalMs?: number | undefined;
  /** Events per insert; this many queued start a write at once. Default 500. */
  batchSize?: number | undefined;
  /** While the database is unreachable, keep at most this many events (the oldest go). */
  maxQueued?: number | undefined;
  /** Told when a background write fails (the events stay queued) or events were dropped. */
  onError?: ((error: unknown) => void) | undefined;
}

/** The ledger plus `close`: stops the timer and writes what is queued. */
export interface SqlEventLedger extends EventLedger {
  close(): Promise<void>;
}

/** Most events one page returns. */
export const MAX_PAGE_SIZE = 500;
/** Tag rows per insert: far below the bound-parameter limits (SQLite 32766, Postgres 65535). */
const TAG_ROWS_PER_INSERT = 1000;

/**
 * The event ledger in SQL. `record` only queues; a timer (or a full batch) writes the queue
 * in one multi-row insert per batch, events and their tags in one transaction. Inserts skip
 * ids already stored, so a batch retried after an error is never counted twice.
 */
export function createSqlEventLedger(
  db: Kysely<StoreTables>,
  options: SqlEventLedgerOptions = {},
): SqlEventLedger {
  const intervalMs = options.flushIntervalMs ?? 200;
  const batchSize = options.batchSize ?? 500;
  const maxQueued = Math.max(batchSize, options.maxQueued ?? 100_000);
  const onError = options.onError ?? ((error) => console.error('[stereos] event ledger:', error));

  let queue: GatewayEvent[] = [];
  let dropped = 0;
  let failures = 0;
  // Writes run one after another; `flush` waits for the ones before it.
  let writing: Promise<void> = Promise.resolve();

  const writeTimer = createFlushTimer(() => flush(), onError);

  async function drain(): Promise<void> {
    while (queue.length > 0) {
      const batch = queue.splice(0, batchSize);
      try {
        await writeBatch(db, batch);
      } catch (error) {
        queue = batch.concat(queue);
        // Retry later, backing off while the database stays unreachable (at most 30 s).
        failures++;
        writeTimer.soon(Math.min(30_000, intervalMs * 2 ** failures));
        throw error;
      }
    }
    failures = 0;
    if (dropped > 0) {
      onError(new Error(`event ledger dropped ${dropped} events while writes failed`));
      dropped = 0;
    }
  }

  function flush(): Promise<void> {
    const run = writing.then(drain);
    writing = run.catch(() => {});
    return run;
  }

  return {
    record(event) {
      queue.push(event);
      if (queue.length > maxQueued) dropped += queue.splice(0, queue.length - maxQueued).length;
      if (queue.length === batchSize) {
        // A full batch goes now, not at the next tick of the interval.
        writeTimer.cancel();
        writeTimer.soon(0);
      } else writeTimer.soon(intervalMs);
    },

    flush,

    usage: (query) => queryUsage(db, query),

    async page(query) {
      const limit = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(query.limit) || 1));
      let select = db
        .selectFrom('stereos_events')
        .select(['id', 'ts', 'body'])
        .orderBy('ts', 'desc')
        .orderBy('id', 'desc')
        .limit(limit + 1);
      if (query.keyId !== undefined) select = select.where('key_id', '=', query.keyId);
      if (query.cursor) {
        const [ts, id] = decodeCursor(query.cursor);
        // Keyset pagination: strictly after the last row seen, in the same order.
        select = select.where((eb) =>
          eb.or([eb('ts', '<', ts), eb.and([eb('ts', '=', ts), eb('id', '<', id)])]),
        );
      }
      const rows = await select.execute();
      const events = rows.slice(0, limit);
      const last = events.at(-1);
      return {
        events: events.map((row) => JSON.parse(row.body) as GatewayEvent),
        nextCursor: rows.length > limit && last ? encodeCursor(last.ts, last.id) : undefined,
      };
    },

    async close() {
      writeTimer.cancel();
      await flush();
    },
  };
}

async function writeBatch(db: Kysely<StoreTables>, batch: GatewayEvent[]): Promise<void> {
  const tags = batch.flatMap((event) =>
    [...new Set((event.tags ?? []).map(text))].map((tag) => ({ event_id: text(event.id), tag })),
  );
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('stereos_events')
      .values(batch.map(toRow))
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    for (let i = 0; i < tags.length; i += TAG_ROWS_PER_INSERT) {
      await trx
        .insertInto('stereos_event_tags')
        .values(tags.slice(i, i + TAG_ROWS_PER_INSERT))
        .onConflict((oc) => oc.columns(['event_id', 'tag']).doNothing())
        .execute();
    }
  });
}

function toRow(event: GatewayEvent): Insertable<EventsTable> {
  const time = new Date(event.timestamp);
  return {
    id: text(event.id),
    ts: (Number.isNaN(time.getTime()) ? new Date() : time).toISOString(),
    key_id: optionalText(event.keyId),
    user_id: optionalText(event.user),
    provider: optionalText(event.provider),
    model: optionalText(event.model ?? event.requestedModel),
    status: text(event.status),
    input_tokens: tokens(event.inputTokens),
    output_tokens: tokens(event.outputTokens),
    cost_usd: Number.isFinite(event.costUsd) ? (event.costUsd as number) : null,
    body: JSON.stringify(event),
  };
}

/*
 * A value the database refuses would fail its whole batch on every retry, so the columns are
 * made storable here (the body keeps what was sent, JSON-escaped): a malformed time becomes
 * now, NUL characters go (Postgres text cannot hold them), token counts are whole int4 values.
 */
function text(value: string): string {
  return String(value).replaceAll('\u0000', '');
}

function optionalText(value: string | undefined): string | null {
  return value === undefined || value === null ? null : text(value);
}

function tokens(value: number): number {
  return Number.isFinite(value) ? Math.min(2_147_483_647, Math.max(0, Math.round(value))) : 0;
}

/** An opaque cursor: the (time, id) of the last event of a page. */
function encodeCursor(ts: string, id: string): string {
  return Buffer.from(JSON.stringify([ts, id])).toString('base64url');
}

/** A cursor this ledger did not hand out reads as "before everything": an empty page. */
function decodeCursor(cursor: string): [string, string] {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string')) {
      return value as [string, string];
    }
  } catch {}
  return ['', ''];
}
