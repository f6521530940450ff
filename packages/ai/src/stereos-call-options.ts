import type { SharedV2ProviderOptions } from '@ai-sdk/provider';

/** Per-call options, given as `providerOptions: { stereos: { … } }`. */
export interface StereosCallOptions {
  /** End user the call is made for (budget scope `user`, events). */
  user?: string;
  /** Tags for events and budget scope `tag`, e.g. `['feature:search', 'team:growth']`. */
  tags?: string[];
  /** Free-form string metadata copied into the event. */
  metadata?: Record<string, string>;
}

/** Reads `providerOptions.stereos`, ignoring values of the wrong type rather than failing a call. */
export function readStereosCallOptions(options: {
  providerOptions?: SharedV2ProviderOptions | undefined;
}): StereosCallOptions {
  const raw = options.providerOptions?.['stereos'] as Record<string, unknown> | undefined;
  if (!raw) return {};
  const result: StereosCallOptions = {};
  if (typeof raw['user'] === 'string') result.user = raw['user'];
  if (Array.isArray(raw['tags']))
    result.tags = raw['tags'].filter((t): t is string => typeof t === 'string');
  if (raw['metadata'] && typeof raw['metadata'] === 'object') {
    result.metadata = Object.fromEntries(
      Object.entries(raw['metadata'] as Record<string, unknown>).map(([k, v]) => [k, String(v)]),
    );
  }
  return result;
}
