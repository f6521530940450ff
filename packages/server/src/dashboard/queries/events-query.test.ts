import { describe, expect, it } from 'vitest';
import { createMemoryLedger } from '../../stores/memory/memory-ledger';
import { parseEventFilter } from './event-filter';
import { EVENTS_PER_PAGE, findEvent, queryEventsPage } from './events-query';
import { testEvent } from './test-events';

function ledgerOf(n: number, extra: (i: number) => Parameters<typeof testEvent>[0]) {
  const ledger = createMemoryLedger();
  for (let i = 0; i < n; i++) ledger.record(testEvent({ id: `e${i}`, ...extra(i) }));
  return ledger;
}

describe('events page query', () => {
  it('pages newest first through ledger cursors, keeping only matching events', async () => {
    const ledger = ledgerOf(200, (i) => ({
      model: i % 3 === 0 ? 'claude-haiku-4-5' : 'gpt-4o-mini',
    }));
    const filter = parseEventFilter({ model: 'claude-haiku-4-5' });
    const first = await queryEventsPage(ledger, { filter });
    expect(first.events).toHaveLength(EVENTS_PER_PAGE);
    expect(first.events[0]?.event.id).toBe('e198');
    expect(first.nextCursor).toBeDefined();
    const second = await queryEventsPage(ledger, { filter, cursor: first.nextCursor });
    const ids = [...first.events, ...second.events].map((e) => Number(e.event.id.slice(1)));
    expect(ids).toHaveLength(67);
    expect(ids.every((i) => i % 3 === 0)).toBe(true);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(second.nextCursor).toBeUndefined();
  });

  it('filters by key, provider, status, user, tag and time', async () => {
    const ledger = ledgerOf(10, (i) => ({
      keyId: `vk_${i % 2}`,
      provider: i < 5 ? 'openai' : 'anthropic',
      status: i === 7 ? 'error' : 'success',
      user: i === 3 ? 'alice' : undefined,
      tags: i === 4 ? ['ci'] : [],
      timestamp: new Date(Date.UTC(2026, 2, 1, i)).toISOString(),
    }));
    const ids = async (query: Record<string, string>) =>
      (await queryEventsPage(ledger, { filter: parseEventFilter(query) })).events.map(
        (e) => e.event.id,
      );
    expect(await ids({ key: 'vk_1', provider: 'anthropic' })).toEqual(['e9', 'e7', 'e5']);
    expect(await ids({ status: 'error' })).toEqual(['e7']);
    expect(await ids({ user: 'alice' })).toEqual(['e3']);
    expect(await ids({ tag: 'ci' })).toEqual(['e4']);
    expect(await ids({ from: '2026-03-01T02:00', to: '2026-03-01T04:00' })).toEqual(['e3', 'e2']);
    expect(await ids({ status: 'nonsense' })).toHaveLength(10);
  });

  it('a virtual key scope wins over the key filter', async () => {
    const ledger = ledgerOf(4, (i) => ({ keyId: `vk_${i % 2}` }));
    const page = await queryEventsPage(ledger, { filter: parseEventFilter({}), keyId: 'vk_0' });
    expect(page.events.map((e) => e.event.keyId)).toEqual(['vk_0', 'vk_0']);
  });

  it("finds one event by the page it was listed on, or among the newest; never another key's", async () => {
    const ledger = ledgerOf(120, (i) => ({ keyId: `vk_${i % 2}` }));
    const page = await queryEventsPage(ledger, { filter: parseEventFilter({}) });
    const second = await queryEventsPage(ledger, {
      filter: parseEventFilter({}),
      cursor: page.nextCursor,
    });
    const listed = second.events[10];
    if (!listed) throw new Error('missing');
    expect(await findEvent(ledger, { id: listed.event.id, at: listed.at })).toEqual(listed.event);
    expect(await findEvent(ledger, { id: 'e3' })).toMatchObject({ id: 'e3' });
    expect(await findEvent(ledger, { id: 'e3', keyId: 'vk_0' })).toBeUndefined();
    expect(await findEvent(ledger, { id: 'nope' })).toBeUndefined();
  });
});
