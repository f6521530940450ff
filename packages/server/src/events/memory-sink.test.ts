import type { GatewayEvent } from '@stereos/core';
import { describe, expect, it } from 'vitest';
import { createMemoryEventSink } from './memory-sink';

const event = (id: string) => ({ id, status: 'success' }) as GatewayEvent;

describe('createMemoryEventSink', () => {
  it('keeps the newest events up to its capacity', () => {
    const memory = createMemoryEventSink(2);
    for (const id of ['a', 'b', 'c']) memory.sink(event(id));
    expect(memory.events().map((e) => e.id)).toEqual(['b', 'c']);
    memory.clear();
    expect(memory.events()).toEqual([]);
  });

  it('waits for a future event', async () => {
    const memory = createMemoryEventSink();
    const waiting = memory.waitFor((e) => e.id === 'later');
    memory.sink(event('now'));
    memory.sink(event('later'));
    await expect(waiting).resolves.toMatchObject({ id: 'later' });
    await expect(memory.waitFor((e) => e.id === 'never', 10)).rejects.toThrow(/No matching/);
  });
});
