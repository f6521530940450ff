import type { LiveSubscription } from './live-feed';

/** A comment line every this often keeps proxies from closing an idle stream. */
export const HEARTBEAT_MS = 15_000;
/**
 * The session behind a stream is re-read at most, and at least, this often: a burst of events
 * costs no more session reads, and a sign-out on another instance ends the stream within it.
 */
export const SESSION_RECHECK_MS = 2_000;

const encoder = new TextEncoder();

/**
 * A `text/event-stream` body over a live subscription
 * (https://html.spec.whatwg.org/multipage/server-sent-events.html): `gateway-event` messages
 * (one event's JSON each), `dropped` when this client missed some, a comment as heartbeat, and
 * `end` before closing once `stillValid` says the session is over. Pull-based: the next batch is
 * taken only when the previous one was written, so a slow client makes its own bounded queue
 * drop events and never holds anything else up. Cancelling (the browser left) unsubscribes.
 */
export function liveEventStream(
  subscription: LiveSubscription,
  stillValid: () => Promise<boolean>,
  heartbeatMs: number = HEARTBEAT_MS,
  recheckMs: number = SESSION_RECHECK_MS,
): ReadableStream<Uint8Array> {
  let lastSent = Date.now();
  let lastCheck = Number.NEGATIVE_INFINITY;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode('retry: 5000\n: stereos live events\n\n'));
    },
    async pull(controller) {
      for (;;) {
        const now = Date.now();
        const untilHeartbeat = heartbeatMs - (now - lastSent);
        const untilCheck = recheckMs - (now - lastCheck);
        await subscription.wait(Math.max(0, Math.min(untilHeartbeat, untilCheck)));
        if (subscription.closed) return;
        if (Date.now() - lastCheck >= recheckMs) {
          lastCheck = Date.now();
          if (!(await stillValid())) {
            controller.enqueue(encoder.encode('event: end\ndata: {}\n\n'));
            subscription.close();
            controller.close();
            return;
          }
        }
        let text = '';
        const dropped = subscription.takeDropped();
        for (const event of subscription.drain()) {
          text += `id: ${event.id}\nevent: gateway-event\ndata: ${JSON.stringify(event)}\n\n`;
        }
        if (dropped > 0) text += `event: dropped\ndata: {"dropped":${dropped}}\n\n`;
        if (text === '' && Date.now() - lastSent < heartbeatMs) continue;
        controller.enqueue(encoder.encode(text || ': heartbeat\n\n'));
        lastSent = Date.now();
        return;
      }
    },
    cancel() {
      subscription.close();
    },
  });
}
