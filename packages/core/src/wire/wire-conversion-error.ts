import { hasMarker, markerOf, StereosError } from '../errors/stereos-error';

const name = 'WireConversionError';
const marker = markerOf(name);
const symbol = Symbol.for(marker);

/**
 * A request cannot be expressed in the target wire format (e.g. audio input for Anthropic).
 * The caller's to fix: status 400, `param` names the offending field.
 */
export class WireConversionError extends StereosError {
  // biome-ignore lint/correctness/noUnusedPrivateClassMembers: read through Symbol.for(marker)
  private readonly [symbol] = true;

  constructor(message: string, options?: { param?: string }) {
    super({ name, message, code: 'unsupported_content', status: 400, param: options?.param });
  }

  static override isInstance(error: unknown): error is WireConversionError {
    return hasMarker(error, marker);
  }
}
