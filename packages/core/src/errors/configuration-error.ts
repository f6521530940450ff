import { hasMarker, markerOf, StereosError } from './stereos-error';

const name = 'ConfigurationError';
const marker = markerOf(name);
const symbol = Symbol.for(marker);

/** Stereos is not set up for a call (no endpoint, no key); the message says what to set. */
export class ConfigurationError extends StereosError {
  // biome-ignore lint/correctness/noUnusedPrivateClassMembers: read through Symbol.for(marker)
  private readonly [symbol] = true;

  constructor(message: string) {
    super({ name, message, code: 'not_configured' });
  }

  static override isInstance(error: unknown): error is ConfigurationError {
    return hasMarker(error, marker);
  }
}
