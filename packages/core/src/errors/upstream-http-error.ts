/**
 * An upstream answered with a non-2xx status. Carries what retry and fallback decisions need
 * (status, `retry-after`) and the upstream's message, already redacted of secrets.
 */
export class UpstreamHttpError extends Error {
  override readonly name = 'UpstreamHttpError';
  /** HTTP status the upstream answered with. */
  readonly status: number;
  /** Response headers (lower-cased), e.g. `retry-after`. */
  readonly headers: Record<string, string>;
  /** The upstream's error body, parsed when it was JSON. */
  readonly body: unknown;
  /** Provider id that answered, when known. */
  readonly provider: string | undefined;

  constructor(args: {
    status: number;
    message: string;
    headers?: Record<string, string>;
    body?: unknown;
    provider?: string;
  }) {
    super(args.message);
    this.status = args.status;
    this.headers = args.headers ?? {};
    this.body = args.body;
    this.provider = args.provider;
  }
}
