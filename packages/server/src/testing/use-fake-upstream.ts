import type { FakeUpstream } from '@stereos/fake-upstream';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startUpstream } from './test-env';

/** Test-only (not exported from the package). */

/**
 * The test file's fake upstream: started before its tests, reset before each, closed after.
 * Returned at once, for the file's top level, as a stand-in that forwards to the running one.
 */
export function useFakeUpstream(): FakeUpstream {
  let upstream: FakeUpstream | undefined;
  beforeAll(async () => {
    upstream = await startUpstream();
  });
  afterAll(() => upstream?.close());
  beforeEach(() => upstream?.reset());
  return forwardingUpstream(() => {
    if (!upstream) throw new Error('The fake upstream starts in beforeAll: use it in a test.');
    return upstream;
  });
}

/** A `FakeUpstream` that forwards every member to `current()`, read at each use. */
export function forwardingUpstream(current: () => FakeUpstream): FakeUpstream {
  return {
    get url() {
      return current().url;
    },
    get requests() {
      return current().requests;
    },
    get cloudflareLogs() {
      return current().cloudflareLogs;
    },
    enqueue: (...behaviours) => current().enqueue(...behaviours),
    setDefault: (behaviour) => current().setDefault(behaviour),
    reset: () => current().reset(),
    close: () => current().close(),
    waitForRequests: (n, timeoutMs) => current().waitForRequests(n, timeoutMs),
  };
}
