import { hasMarker, markerOf, StereosError } from './stereos-error';

const name = 'AttemptTimeoutError';
const marker = markerOf(name);
const symbol = Symbol.for(marker);

/** One upstream attempt ran past its time limit, or its stream stalled after the commit point. */
export class AttemptTimeoutError extends StereosError {
  // biome-ignore lint/correctness/noUnusedPrivateClassMembers: read through Symbol.for(marker)
  private readonly [symbol] = true;
  readonly timeoutMs: number;

  constructor(timeoutMs: number, phase: 'answer' | 'stall' = 'answer') {
    super({
      name,
      code: 'timeout',
      status: 408,
      message:
        phase === 'stall'
          ? `Upstream stream stalled for more than ${timeoutMs} ms`
          : `Upstream did not answer within ${timeoutMs} ms`,
    });
    this.timeoutMs = timeoutMs;
  }

  static override isInstance(error: unknown): error is AttemptTimeoutError {
    return hasMarker(error, marker);
  }
}
