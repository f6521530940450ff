import type { GatewayEvent } from '@stereos/core';
import { describe, expect, it } from 'vitest';
import { createMemoryLedger } from '../stores/memory/memory-ledger';
import { createLedgerRelay } from './ledger-relay';
import { createLiveEventFeed } from './live-feed';

const event = (id: string) =>
  ({ id, timestamp: new Date().toISOString(), tags: [] }) as unknown as GatewayEvent;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('ledger relay', () => {
  it('brings events other instances wrote to the shared ledger, once, while watched', async () => {
    const ledger = createMemoryLedger();
    const feed = createLiveEventFeed();
    let reads = 0;
    const relay = createLedgerRelay({
      ledger: {
        page(query) {
          reads += 1;
          return ledger.page(query);
        },
      },
      publish: feed.publish,
      intervalMs: 10,
    });
    ledger.record(event('old')); // there before anyone watched: not live
    const sub = feed.subscribe({ onClose: relay.watch() });
    await sleep(30);
    // Another instance's call (only in the ledger), and this instance's (sink and ledger).
    ledger.record(event('remote'));
    const local = event('local');
    feed.publish(local);
    ledger.record(local);
    await sleep(50);
    expect(sub?.drain().map((e) => e.id)).toEqual(['local', 'remote']);

    sub?.close();
    const readsWhenClosed = reads;
    await sleep(50);
    expect(reads).toBeLessThanOrEqual(readsWhenClosed + 1);
  });

  it('keeps reading after a failed read', async () => {
    const ledger = createMemoryLedger();
    const feed = createLiveEventFeed();
    let failures = 2;
    const relay = createLedgerRelay({
      ledger: {
        page: (q) => (failures-- > 0 ? Promise.reject(new Error('down')) : ledger.page(q)),
      },
      publish: feed.publish,
      intervalMs: 5,
    });
    const sub = feed.subscribe({ onClose: relay.watch() });
    await sleep(40);
    ledger.record(event('after'));
    await sleep(40);
    expect(sub?.drain().map((e) => e.id)).toEqual(['after']);
    sub?.close();
  });
});
