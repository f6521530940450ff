import { hasMarker, markerOf, StereosError } from './stereos-error';

const name = 'UnpricedModelError';
const marker = markerOf(name);
const symbol = Symbol.for(marker);

/**
 * A budget cannot bound a call whose model has no known price, and the budget denies unpriced
 * models (the default). Give the model's price (`prices`) or allow unpriced models.
 */
export class UnpricedModelError extends StereosError {
  // biome-ignore lint/correctness/noUnusedPrivateClassMembers: read through Symbol.for(marker)
  private readonly [symbol] = true;
  readonly provider: string;
  readonly model: string;

  constructor(args: { provider: string; model: string }) {
    super({
      name,
      code: 'unpriced_model',
      status: 402,
      message:
        `No price is known for ${args.provider}/${args.model}, so the budget cannot bound this ` +
        'call. Give its per-token price (the `prices` option, or STEREOS_PRICES on the server) ' +
        "or allow unpriced models (`unpricedModels: 'allow'`, STEREOS_BUDGET_UNPRICED=allow).",
    });
    this.provider = args.provider;
    this.model = args.model;
  }

  static override isInstance(error: unknown): error is UnpricedModelError {
    return hasMarker(error, marker);
  }
}
