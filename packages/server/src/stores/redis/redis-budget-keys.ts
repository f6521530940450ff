/**
 * Key layout of the Redis budget store. Scope and window are URI-encoded so neither can
 * contain the separators (`:`, `/`, `{`, `}`); the `{…}` part is a hash tag, so a window's
 * hash and its lease set live in one cluster slot and one script may touch both
 * (https://redis.io/docs/latest/operate/oss_and_stack/reference/cluster-spec/#hash-tags).
 *
 *   <prefix>budget:{<scope>:<window>}          hash: spent, reserved, r:<id>, x:<id>
 *   <prefix>budget:{<scope>:<window>}:leases   sorted set: <id> → lease end (ms)
 *
 * A reservation id is `<scope>:<window>/<uuid>`: settle finds the window from the id alone.
 */

/** Longest scope or window id accepted (they become key names). */
export const MAX_BUDGET_NAME_LENGTH = 512;

export interface BudgetKeys {
  window: string;
  leases: string;
}

/** The tag naming one window, `<scope>:<window>` URI-encoded. */
export function windowTag(scope: string, window: string): string {
  for (const [what, value] of [
    ['scope', scope],
    ['window', window],
  ] as const) {
    if (typeof value !== 'string' || value.length === 0 || value.length > MAX_BUDGET_NAME_LENGTH) {
      throw new RangeError(`budget ${what} must be 1 to ${MAX_BUDGET_NAME_LENGTH} characters`);
    }
  }
  return `${encodeURIComponent(scope)}:${encodeURIComponent(window)}`;
}

export function budgetKeys(prefix: string, tag: string): BudgetKeys {
  const window = `${prefix}budget:{${tag}}`;
  return { window, leases: `${window}:leases` };
}

const RESERVATION_ID = /^([^/{}:]+:[^/{}:]+)\/([0-9a-f-]{36})$/;

export function reservationIdOf(tag: string, uuid: string): string {
  return `${tag}/${uuid}`;
}

/** The window tag and uuid of a reservation id; `undefined` when it is not one of ours. */
export function parseReservationId(id: string): { tag: string; uuid: string } | undefined {
  const match = typeof id === 'string' ? RESERVATION_ID.exec(id) : null;
  if (!match) return undefined;
  return { tag: match[1]!, uuid: match[2]! };
}

const DAY_SECONDS = 86_400;
const PERIOD_SECONDS: Record<string, number> = {
  day: DAY_SECONDS,
  week: 7 * DAY_SECONDS,
  month: 31 * DAY_SECONDS,
};

/**
 * How long a window's keys live after its last reservation: twice its period (the period is
 * read from the window id, `day:2026-11-21`, `week:…`, `month:…`), so a window always outlives
 * its own span and the keys of past windows go away by themselves. `total` and window ids of
 * unknown shape never expire (0): losing spend would let a budget overspend.
 */
export function windowTtlSeconds(window: string): number {
  const colon = window.indexOf(':');
  const period = colon > 0 ? PERIOD_SECONDS[window.slice(0, colon)] : undefined;
  return period === undefined ? 0 : 2 * period;
}
