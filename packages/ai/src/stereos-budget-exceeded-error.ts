import { AISDKError } from '@ai-sdk/provider';

const name = 'StereosBudgetExceededError';
const marker = `vercel.ai.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * Thrown before any upstream call when the call could take a budget over its limit.
 * Status 402, never retryable.
 */
export class StereosBudgetExceededError extends AISDKError {
  // The AI SDK's `isInstance` checks look for this marker (works across package copies).
  // biome-ignore lint/correctness/noUnusedPrivateClassMembers: read through Symbol.for(marker)
  private readonly [symbol] = true;
  readonly statusCode = 402;
  readonly isRetryable = false;
  /** Budget scope that refused, e.g. `global`, `user:alice`, `tag:search`. */
  readonly scope: string;
  readonly limitUsd: number;
  readonly usedUsd: number;
  readonly requestedUsd: number;
  /** When the budget window resets (ISO time); undefined for a `total` budget. */
  readonly resetAt: string | undefined;
  /** Output tokens the reservation assumed: lower `maxOutputTokens` to reserve less. */
  readonly maxOutputTokens: number;

  constructor(args: {
    message: string;
    scope: string;
    limitUsd: number;
    usedUsd: number;
    requestedUsd: number;
    resetAt?: string | undefined;
    maxOutputTokens: number;
    cause?: unknown;
  }) {
    super({ name, message: args.message, cause: args.cause });
    this.scope = args.scope;
    this.limitUsd = args.limitUsd;
    this.usedUsd = args.usedUsd;
    this.requestedUsd = args.requestedUsd;
    this.resetAt = args.resetAt;
    this.maxOutputTokens = args.maxOutputTokens;
  }

  static override isInstance(error: unknown): error is StereosBudgetExceededError {
    return AISDKError.hasMarker(error, marker);
  }
}
