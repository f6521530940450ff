import { hasMarker, markerOf, StereosError } from './stereos-error';

const name = 'BudgetExceededError';
const marker = markerOf(name);
const symbol = Symbol.for(marker);

/** What a refused call would have needed, and what the budget had left. */
export interface BudgetRefusal {
  /** The budget scope that refused, e.g. `global`, `user:alice`, `key:3f2a…`, `tag:checkout`. */
  scope: string;
  limitUsd: number;
  /** Spent plus reserved in the current window when the call was refused. */
  usedUsd: number;
  /** The upper bound this call asked to reserve. */
  requestedUsd: number;
  /** When the window resets (ISO time); undefined for a `total` budget. */
  resetAt: string | undefined;
  /** Input tokens the reservation assumed (estimated from the prompt). */
  inputTokens: number;
  /** Output tokens the reservation assumed: the call's maximum, or the default bound. */
  maxOutputTokens: number;
}

/**
 * A call was refused before reaching any upstream because it could take a budget over its limit.
 * The message says what it would have reserved and how to ask for less.
 */
export class BudgetExceededError extends StereosError {
  // biome-ignore lint/correctness/noUnusedPrivateClassMembers: read through Symbol.for(marker)
  private readonly [symbol] = true;
  readonly refusal: BudgetRefusal;

  constructor(refusal: BudgetRefusal) {
    super({ name, message: refusalMessage(refusal), code: 'budget_exceeded', status: 402 });
    this.refusal = refusal;
  }

  static override isInstance(error: unknown): error is BudgetExceededError {
    return hasMarker(error, marker);
  }
}

function refusalMessage(r: BudgetRefusal): string {
  const left = Math.max(0, r.limitUsd - r.usedUsd);
  const reset = r.resetAt ? `; it resets at ${r.resetAt}` : '';
  return (
    `Budget ${r.scope} would be exceeded: this call reserves up to ${usd(r.requestedUsd)} ` +
    `(${r.inputTokens} input tokens estimated + up to ${r.maxOutputTokens} output tokens), ` +
    `but only ${usd(left)} of ${usd(r.limitUsd)} is left${reset}. ` +
    'Lower the maximum output (maxOutputTokens / max_tokens) or raise the budget.'
  );
}

function usd(value: number): string {
  return `$${value < 0.01 ? value.toFixed(6) : value.toFixed(4)}`;
}
