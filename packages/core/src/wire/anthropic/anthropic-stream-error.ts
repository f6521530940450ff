import type { AnthropicErrorDetail } from './anthropic-messages-api';

/**
 * An `error` event inside an Anthropic stream (e.g. `overloaded_error` after the 200 status).
 * Carries the Anthropic error so callers can fail over (before any content was sent) or forward
 * it to the client (after).
 */
export class AnthropicStreamError extends Error {
  override readonly name = 'AnthropicStreamError';
  /** The Anthropic error type, e.g. `overloaded_error`. */
  readonly errorType: string;

  constructor(error: AnthropicErrorDetail) {
    super(error.message);
    this.errorType = error.type;
  }

  /** The error in the Anthropic envelope shape, for {@link convertAnthropicError}. */
  toErrorBody(): { type: 'error'; error: AnthropicErrorDetail } {
    return { type: 'error', error: { type: this.errorType, message: this.message } };
  }
}
