import { hasMarker, markerOf, StereosError } from './stereos-error';

const name = 'MissingProviderKeyError';
const marker = markerOf(name);
const symbol = Symbol.for(marker);

/**
 * No key may be used for a target's provider: none is configured, or the caller's key was given
 * for another provider. Not retried; the next target may have one. Status 503: the gateway is
 * not set up for it, the caller's own key is fine.
 */
export class MissingProviderKeyError extends StereosError {
  // biome-ignore lint/correctness/noUnusedPrivateClassMembers: read through Symbol.for(marker)
  private readonly [symbol] = true;
  readonly provider: string;

  constructor(args: { provider: string; message: string }) {
    super({ name, code: 'provider_not_configured', status: 503, message: args.message });
    this.provider = args.provider;
  }

  static override isInstance(error: unknown): error is MissingProviderKeyError {
    return hasMarker(error, marker);
  }
}
