import type { RateLimitResult } from '../stores/store-contracts';

/**
 * OpenAI's rate-limit headers
 * (https://platform.openai.com/docs/guides/rate-limits#rate-limits-in-headers):
 * `x-ratelimit-{limit,remaining,reset}-{requests,tokens}`, the reset as a duration (`1s`,
 * `6m0s`, `20ms`). Clients and SDKs that back off on them work against Stereos unchanged.
 */
export function rateLimitHeaders(
  kind: 'requests' | 'tokens',
  result: RateLimitResult,
  into: Record<string, string> = {},
): Record<string, string> {
  const names = HEADER_NAMES[kind];
  into[names.limit] = String(result.limit);
  into[names.remaining] = String(result.remaining);
  into[names.reset] = formatDuration(result.resetMs);
  return into;
}

// Constant names: keys built per call (`x-ratelimit-limit-${kind}`) are new strings V8 has to
// look up in its string table on every governed request.
const HEADER_NAMES = {
  requests: {
    limit: 'x-ratelimit-limit-requests',
    remaining: 'x-ratelimit-remaining-requests',
    reset: 'x-ratelimit-reset-requests',
  },
  tokens: {
    limit: 'x-ratelimit-limit-tokens',
    remaining: 'x-ratelimit-remaining-tokens',
    reset: 'x-ratelimit-reset-tokens',
  },
} as const;

/** `retry-after` in whole seconds (at least 1), per RFC 9110 §10.2.3. */
export function retryAfterSeconds(resetMs: number): number {
  return Math.max(1, Math.ceil(resetMs / 1000));
}

/** A duration the way OpenAI writes it: `250ms`, `17s`, `6m0s`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.ceil(ms))}ms`;
  const seconds = Math.ceil(ms / 1000);
  return seconds < 60 ? `${seconds}s` : `${Math.floor(seconds / 60)}m${seconds % 60}s`;
}
