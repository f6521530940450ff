import { hasMarker, markerOf, StereosError } from './stereos-error';

const name = 'UpstreamHttpError';
const marker = markerOf(name);
const symbol = Symbol.for(marker);

/**
 * An upstream answered with a non-2xx status (or a 2xx it could not use: 502). Carries what
 * retry and fallback decisions need (status, `retry-after`) and the upstream's own error `type`,
 * `code` and `param`, with a message already redacted of secrets.
 */
export class UpstreamHttpError extends StereosError {
  // biome-ignore lint/correctness/noUnusedPrivateClassMembers: read through Symbol.for(marker)
  private readonly [symbol] = true;
  declare readonly status: number;
  /** Response headers (lower-cased), e.g. `retry-after`. */
  readonly headers: Record<string, string>;
  /** The upstream's error body, parsed when it was JSON. */
  readonly body: unknown;
  /** Provider id that answered, when known. */
  readonly provider: string | undefined;
  /** The upstream's error `type`, e.g. `invalid_request_error`, when it sent one. */
  readonly upstreamType: string | undefined;
  /** The upstream's error `code`, e.g. `context_length_exceeded`, when it sent one. */
  readonly upstreamCode: string | undefined;

  constructor(args: {
    status: number;
    message: string;
    headers?: Record<string, string>;
    body?: unknown;
    provider?: string | undefined;
    type?: string | undefined;
    code?: string | undefined;
    param?: string | undefined;
  }) {
    super({
      name,
      message: args.message,
      code: args.code ?? 'upstream_error',
      status: args.status,
      param: args.param,
    });
    this.headers = args.headers ?? {};
    this.body = args.body;
    this.provider = args.provider;
    this.upstreamType = args.type;
    this.upstreamCode = args.code;
  }

  static override isInstance(error: unknown): error is UpstreamHttpError {
    return hasMarker(error, marker);
  }
}
