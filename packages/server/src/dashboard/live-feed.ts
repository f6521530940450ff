import type { GatewayEvent, GatewayEventSink } from '@stereos/core';

/** One browser watching the Live page: a bounded queue of events not yet sent to it. */
export interface LiveSubscription {
  /**
   * Resolves when events are queued, after `timeoutMs` (the caller then sends a heartbeat), or
   * when the subscription is closed.
   */
  wait(timeoutMs: number): Promise<void>;
  /** Takes the queued events, oldest first. */
  drain(): GatewayEvent[];
  /** Events dropped since the last call because this client read too slowly. */
  takeDropped(): number;
  readonly closed: boolean;
  /** Stops receiving events (the client went away). */
  close(): void;
}

/** Fans gateway events out to the dashboards watching them. */
export interface LiveEventFeed {
  /** The gateway event sink: pushes to each subscriber's queue, nothing more. */
  readonly publish: GatewayEventSink;
  /**
   * Subscribes to new events, only `keyId`'s when given (a virtual key's session); `onClose`
   * runs once when the subscription closes. `undefined` when `maxSubscribers` are already
   * watching.
   */
  subscribe(options?: {
    keyId?: string | undefined;
    onClose?: (() => void) | undefined;
  }): LiveSubscription | undefined;
  readonly subscribers: number;
}

export interface LiveEventFeedOptions {
  /** Events queued per client at most; newer ones are dropped (and counted) past it. */
  capacity?: number;
  /** Clients watching at once at most. */
  maxSubscribers?: number;
  /** Ids of recent events remembered to publish each event once (default 2,000). */
  recentIds?: number;
}

/**
 * The Live page's event source. On the request path it costs one loop over the subscribers
 * (none when nobody watches), each a filter check and an array push: no serialisation, no I/O,
 * no waiting. A slow client never slows a call or other clients: its queue is bounded and new
 * events are dropped once it is full; the stream tells the page how many were missed.
 *
 * An event can arrive twice: from this instance's sink, and from the ledger relay that brings
 * other instances' events (`ledger-relay.ts`). The feed remembers the ids of recent events
 * (only while someone watches) and passes each on once.
 */
export function createLiveEventFeed(options: LiveEventFeedOptions = {}): LiveEventFeed {
  const capacity = options.capacity ?? 200;
  const maxSubscribers = options.maxSubscribers ?? 100;
  const maxRecent = options.recentIds ?? 2_000;
  const subscribers = new Set<Subscriber>();
  // Insertion order is age order, so the first id is the one to forget.
  const recent = new Set<string>();

  return {
    publish(event) {
      if (subscribers.size === 0) return;
      if (recent.has(event.id)) return;
      recent.add(event.id);
      if (recent.size > maxRecent) recent.delete(recent.values().next().value as string);
      for (const subscriber of subscribers) subscriber.push(event);
    },
    subscribe({ keyId, onClose } = {}) {
      if (subscribers.size >= maxSubscribers) return undefined;
      const subscriber = new Subscriber(capacity, keyId, () => {
        subscribers.delete(subscriber);
        if (subscribers.size === 0) recent.clear();
        onClose?.();
      });
      subscribers.add(subscriber);
      return subscriber;
    },
    get subscribers() {
      return subscribers.size;
    },
  };
}

class Subscriber implements LiveSubscription {
  private queue: GatewayEvent[] = [];
  private dropped = 0;
  private wake: (() => void) | undefined;
  closed = false;

  constructor(
    private readonly capacity: number,
    private readonly keyId: string | undefined,
    private readonly onClose: () => void,
  ) {}

  push(event: GatewayEvent): void {
    if (this.keyId !== undefined && event.keyId !== this.keyId) return;
    if (this.queue.length >= this.capacity) this.dropped += 1;
    else this.queue.push(event);
    this.wakeUp();
  }

  wait(timeoutMs: number): Promise<void> {
    if (this.closed || this.queue.length > 0 || this.dropped > 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.wakeUp(), timeoutMs);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  drain(): GatewayEvent[] {
    const events = this.queue;
    this.queue = [];
    return events;
  }

  takeDropped(): number {
    const dropped = this.dropped;
    this.dropped = 0;
    return dropped;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.queue = [];
    this.onClose();
    this.wakeUp();
  }

  private wakeUp(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
