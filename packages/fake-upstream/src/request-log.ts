import type { RecordedRequest } from './recorded-request.js';

interface Waiter {
  count: number;
  resolve: (requests: RecordedRequest[]) => void;
}

/** Received requests, in order, and waiters for a count to be reached. */
export class RequestLog {
  /** Cleared in place so references handed out stay live. */
  readonly requests: RecordedRequest[] = [];
  private waiters: Waiter[] = [];

  /** `maxSize` bounds memory for long-running fakes (benchmarks); the oldest are dropped. */
  constructor(private readonly maxSize = Number.POSITIVE_INFINITY) {}

  add(request: RecordedRequest): void {
    this.requests.push(request);
    if (this.requests.length > this.maxSize) this.requests.shift();
    if (this.waiters.length === 0) return;
    const ready = this.waiters.filter((w) => this.requests.length >= w.count);
    this.waiters = this.waiters.filter((w) => this.requests.length < w.count);
    for (const waiter of ready) waiter.resolve([...this.requests]);
  }

  clear(): void {
    this.requests.length = 0;
  }

  /** Resolves with a copy of the log once it holds `count` requests; rejects after the timeout. */
  waitFor(count: number, timeoutMs = 5000): Promise<RecordedRequest[]> {
    if (this.requests.length >= count) return Promise.resolve([...this.requests]);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        count,
        resolve: (requests) => {
          clearTimeout(timer);
          resolve(requests);
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        const got = this.requests.length;
        reject(
          new Error(`Timed out after ${timeoutMs}ms waiting for ${count} requests (got ${got})`),
        );
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }
}
