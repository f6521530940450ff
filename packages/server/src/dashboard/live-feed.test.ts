import type { GatewayEvent } from '@stereos/core';
import { describe, expect, it } from 'vitest';
import { createLiveEventFeed } from './live-feed';
import { liveEventStream } from './live-stream';

const event = (id: string, keyId?: string) => ({ id, keyId }) as unknown as GatewayEvent;

describe('live event feed', () => {
  it('costs nothing without subscribers and delivers to each, filtered by key', async () => {
    const feed = createLiveEventFeed();
    feed.publish(event('before'));
    const all = feed.subscribe();
    const mine = feed.subscribe({ keyId: 'vk_a' });
    feed.publish(event('1', 'vk_a'));
    feed.publish(event('2', 'vk_b'));
    expect(all?.drain().map((e) => e.id)).toEqual(['1', '2']);
    expect(mine?.drain().map((e) => e.id)).toEqual(['1']);
    mine?.close();
    expect(feed.subscribers).toBe(1);
  });

  it('bounds each queue: a slow client drops events and is told how many', () => {
    const feed = createLiveEventFeed({ capacity: 3 });
    const slow = feed.subscribe();
    const fast = feed.subscribe();
    for (let i = 0; i < 5; i++) {
      feed.publish(event(String(i)));
      fast?.drain();
    }
    expect(slow?.drain().map((e) => e.id)).toEqual(['0', '1', '2']);
    expect(slow?.takeDropped()).toBe(2);
    expect(slow?.takeDropped()).toBe(0);
  });

  it('passes each event id on once, and tells when a subscription closes', () => {
    const feed = createLiveEventFeed({ recentIds: 2 });
    let closed = 0;
    const sub = feed.subscribe({ onClose: () => (closed += 1) });
    for (const id of ['a', 'a', 'b', 'a', 'c', 'a']) feed.publish(event(id));
    // 'a' is forgotten once two newer ids were seen.
    expect(sub?.drain().map((e) => e.id)).toEqual(['a', 'b', 'c', 'a']);
    sub?.close();
    sub?.close();
    expect(closed).toBe(1);
  });

  it('refuses subscribers past the limit', () => {
    const feed = createLiveEventFeed({ maxSubscribers: 1 });
    expect(feed.subscribe()).toBeDefined();
    expect(feed.subscribe()).toBeUndefined();
  });

  it('wakes a waiting reader on publish, and on close', async () => {
    const feed = createLiveEventFeed();
    const sub = feed.subscribe();
    const waiting = sub?.wait(10_000);
    feed.publish(event('x'));
    await waiting;
    expect(sub?.drain()).toHaveLength(1);
    const waitingAgain = sub?.wait(10_000);
    sub?.close();
    await waitingAgain;
    expect(sub?.closed).toBe(true);
  });
});

describe('live event stream', () => {
  it('writes events, drops and heartbeats as SSE, and unsubscribes when cancelled', async () => {
    const feed = createLiveEventFeed({ capacity: 1 });
    const sub = feed.subscribe();
    if (!sub) throw new Error('no subscription');
    const reader = liveEventStream(sub, async () => true, 20).getReader();
    const decoder = new TextDecoder();
    const read = async () => decoder.decode((await reader.read()).value);
    expect(await read()).toContain(': stereos live events');
    feed.publish(event('a'));
    feed.publish(event('b'));
    const text = await read();
    expect(text).toContain('event: gateway-event\ndata: {"id":"a"}\n\n');
    expect(text).toContain('event: dropped\ndata: {"dropped":1}\n\n');
    expect(await read()).toBe(': heartbeat\n\n');
    await reader.cancel();
    expect(feed.subscribers).toBe(0);
  });

  it('ends with an `end` message once the session is no longer valid', async () => {
    const feed = createLiveEventFeed();
    const sub = feed.subscribe();
    if (!sub) throw new Error('no subscription');
    let valid = true;
    const reader = liveEventStream(sub, async () => valid, 10).getReader();
    await reader.read();
    valid = false;
    expect(new TextDecoder().decode((await reader.read()).value)).toContain('event: end');
    expect((await reader.read()).done).toBe(true);
    expect(feed.subscribers).toBe(0);
  });
});
