import type { GatewayEvent } from '../usage/gateway-event';
import { hasMarker, markerOf, StereosError } from './stereos-error';

/** A call that could not be served. The event was recorded; `error` is the last failure. */
export interface FailedCall {
  error: unknown;
  event: GatewayEvent;
  /** Provider tried last, if any. */
  provider: string | undefined;
  attempts: number;
}

const failureName = 'CallFailure';
const failureMarker = markerOf(failureName);
const failureSymbol = Symbol.for(failureMarker);

/**
 * Thrown by the engine: the last failure (`failed.error`, untouched), with the call's event
 * already recorded. Faces unwrap it into what their callers expect.
 */
export class CallFailure extends StereosError {
  // biome-ignore lint/correctness/noUnusedPrivateClassMembers: read through Symbol.for(marker)
  private readonly [failureSymbol] = true;
  readonly failed: FailedCall;

  constructor(failed: FailedCall) {
    const inner = failed.error;
    super({
      name: failureName,
      message: inner instanceof Error ? inner.message : String(inner),
      code: StereosError.isInstance(inner) ? inner.code : 'call_failed',
      status: StereosError.isInstance(inner) ? inner.status : undefined,
      cause: inner,
    });
    this.failed = failed;
  }

  static override isInstance(error: unknown): error is CallFailure {
    return hasMarker(error, failureMarker);
  }
}
