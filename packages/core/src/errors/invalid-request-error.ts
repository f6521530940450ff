import { hasMarker, markerOf, StereosError } from './stereos-error';

const name = 'InvalidRequestError';
const marker = markerOf(name);
const symbol = Symbol.for(marker);

/**
 * A call its caller must fix, naming the field: 400, or 413 for an upload past its cap. Mostly
 * found before any upstream is tried; found during an attempt (an upload that passes its cap as
 * it streams through) it is the caller's bad input all the same, recorded as `invalid_request`.
 */
export class InvalidRequestError extends StereosError {
  // biome-ignore lint/correctness/noUnusedPrivateClassMembers: read through Symbol.for(marker)
  private readonly [symbol] = true;

  constructor(args: {
    message: string;
    code: string;
    param?: string | undefined;
    /** 400 unless said otherwise (413 for a body past its cap). */
    status?: 400 | 413 | undefined;
  }) {
    super({ name, ...args, status: args.status ?? 400 });
  }

  static override isInstance(error: unknown): error is InvalidRequestError {
    return hasMarker(error, marker);
  }
}
