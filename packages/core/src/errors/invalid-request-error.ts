import { hasMarker, markerOf, StereosError } from './stereos-error';

const name = 'InvalidRequestError';
const marker = markerOf(name);
const symbol = Symbol.for(marker);

/** A call its caller must fix before any upstream is tried (400), naming the field. */
export class InvalidRequestError extends StereosError {
  // biome-ignore lint/correctness/noUnusedPrivateClassMembers: read through Symbol.for(marker)
  private readonly [symbol] = true;

  constructor(args: { message: string; code: string; param?: string | undefined }) {
    super({ name, status: 400, ...args });
  }

  static override isInstance(error: unknown): error is InvalidRequestError {
    return hasMarker(error, marker);
  }
}
