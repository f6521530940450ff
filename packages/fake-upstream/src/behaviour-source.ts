import type { Behaviour } from './behaviour.js';
import type { RecordedRequest } from './recorded-request.js';

/** A fixed default behaviour, or one chosen per request. */
export type DefaultBehaviour = Behaviour | ((request: RecordedRequest) => Behaviour);

// A reply without text echoes the last user message.
const ECHO: Behaviour = { kind: 'reply' };

/** FIFO of queued behaviours with a default for when the queue is empty. */
export class BehaviourSource {
  private readonly queue: Behaviour[] = [];
  private fallback: DefaultBehaviour = ECHO;

  enqueue(behaviours: Behaviour[]): void {
    this.queue.push(...behaviours);
  }

  setDefault(behaviour: DefaultBehaviour): void {
    this.fallback = behaviour;
  }

  reset(): void {
    this.queue.length = 0;
    this.fallback = ECHO;
  }

  /** The behaviour for the next chat/messages request. */
  next(request: RecordedRequest): Behaviour {
    const queued = this.queue.shift();
    if (queued) return queued;
    return typeof this.fallback === 'function' ? this.fallback(request) : this.fallback;
  }
}
