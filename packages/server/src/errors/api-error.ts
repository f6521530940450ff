/**
 * An error with everything the client should see: HTTP status and the OpenAI error envelope
 * fields. Throw it anywhere in the app; `toApiError` passes it through unchanged.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  /** HTTP status of the response. */
  readonly status: number;
  /** OpenAI error `type`, e.g. `invalid_request_error`. */
  readonly type: string;
  /** Machine-readable `code`, e.g. `invalid_json`; `null` when there is none. */
  readonly code: string | null;
  /** The request field at fault, e.g. `messages`. */
  readonly param: string | undefined;
  /** Extra response headers, e.g. `retry-after`. */
  readonly headers: Record<string, string>;
  /** Extra fields of the error body, e.g. `provider`, a budget's limit and reset time. */
  readonly extra: Record<string, unknown>;

  constructor(args: {
    status: number;
    message: string;
    type: string;
    code?: string | null;
    param?: string | undefined;
    headers?: Record<string, string>;
    extra?: Record<string, unknown>;
  }) {
    super(args.message);
    this.status = args.status;
    this.type = args.type;
    this.code = args.code ?? null;
    this.param = args.param;
    this.headers = args.headers ?? {};
    this.extra = args.extra ?? {};
  }
}

/** A 400 for input the gateway cannot use (bad JSON, schema error, bad header). */
export function invalidRequest(message: string, code: string | null, param?: string): ApiError {
  return new ApiError({ status: 400, message, type: 'invalid_request_error', code, param });
}

/** A 401 for a missing or unknown gateway key. */
export function unauthorized(message: string, code: string): ApiError {
  return new ApiError({ status: 401, message, type: 'authentication_error', code });
}
