/**
 * The base of every error Stereos throws. Like the AI SDK's `AISDKError`, each class carries a
 * `Symbol.for` marker so `isInstance` works across duplicate copies of the package (two
 * versions in one `node_modules`), where `instanceof` does not.
 */
const BASE_MARKER = 'stereos.error';
const baseSymbol = Symbol.for(BASE_MARKER);

export class StereosError extends Error {
  // biome-ignore lint/correctness/noUnusedPrivateClassMembers: read through Symbol.for(marker)
  private readonly [baseSymbol] = true;
  /**
   * Machine-readable reason, the OpenAI error `code` a client sees, e.g. `budget_exceeded`,
   * `unknown_provider`, `provider_not_configured`.
   */
  readonly code: string;
  /** The HTTP status this failure stands for, when it has one. */
  readonly status: number | undefined;
  /** The request field at fault (400s), e.g. `model`. */
  readonly param: string | undefined;

  constructor(args: {
    name: string;
    message: string;
    code: string;
    status?: number | undefined;
    param?: string | undefined;
    cause?: unknown;
  }) {
    super(args.message, args.cause === undefined ? undefined : { cause: args.cause });
    this.name = args.name;
    this.code = args.code;
    this.status = args.status;
    this.param = args.param;
  }

  /** Whether `error` is a Stereos error (of any class, from any copy of the package). */
  static isInstance(error: unknown): error is StereosError {
    return hasMarker(error, BASE_MARKER);
  }
}

/** Whether `error` carries the marker `Symbol.for(marker)` (set by a class field). */
export function hasMarker(error: unknown, marker: string): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as Record<symbol, unknown>)[Symbol.for(marker)] === true
  );
}

/** The marker of one error class: `stereos.error.<Name>`. */
export function markerOf(name: string): string {
  return `${BASE_MARKER}.${name}`;
}
