/**
 * A request cannot be expressed in the target wire format (e.g. audio input for Anthropic).
 * The server answers it with a 400 `invalid_request_error`; `param` names the offending field.
 */
export class WireConversionError extends Error {
  override readonly name = 'WireConversionError';
  readonly param: string | undefined;

  constructor(message: string, options?: { param?: string }) {
    super(message);
    this.param = options?.param;
  }
}
