/** A call was refused before reaching any upstream because it could exceed a budget. */
export class BudgetExceededError extends Error {
  override readonly name = 'BudgetExceededError';
  readonly status = 402;
  /** The budget scope key that refused, e.g. `global`, `user:alice`, `tag:checkout`. */
  readonly scope: string;
  readonly limitUsd: number;
  /** Spent plus reserved in the current window when the call was refused. */
  readonly usedUsd: number;
  /** The upper-bound cost this call asked to reserve. */
  readonly requestedUsd: number;

  constructor(args: { scope: string; limitUsd: number; usedUsd: number; requestedUsd: number }) {
    super(
      `Budget exceeded for ${args.scope}: $${args.usedUsd.toFixed(6)} of $${args.limitUsd} used, ` +
        `this call may cost up to $${args.requestedUsd.toFixed(6)}.`,
    );
    this.scope = args.scope;
    this.limitUsd = args.limitUsd;
    this.usedUsd = args.usedUsd;
    this.requestedUsd = args.requestedUsd;
  }
}
