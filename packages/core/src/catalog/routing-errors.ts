/**
 * A model id `x/y` whose prefix `x` names no known provider. The server answers 400
 * (`invalid_request_error`, code `unknown_provider`).
 */
export class UnknownProviderError extends Error {
  override readonly name = 'UnknownProviderError';
  /** Machine-readable code for the OpenAI-shaped error body. */
  readonly code = 'unknown_provider';
  /** The prefix that matched no provider. */
  readonly prefix: string;
  /** The provider prefixes that would have been accepted. */
  readonly knownPrefixes: readonly string[];

  constructor(prefix: string, knownPrefixes: readonly string[]) {
    super(
      `Unknown provider prefix '${prefix}/'. Known provider prefixes: ${knownPrefixes
        .map((p) => `${p}/`)
        .join(', ')}.`,
    );
    this.prefix = prefix;
    this.knownPrefixes = knownPrefixes;
  }
}

/**
 * A model id that cannot be routed at all: empty, or an empty side of `provider/model`
 * (`openai/`, `/gpt-4o`). The server answers 400 (code `invalid_model`).
 */
export class InvalidModelError extends Error {
  override readonly name = 'InvalidModelError';
  /** Machine-readable code for the OpenAI-shaped error body. */
  readonly code = 'invalid_model';
  /** The model id as given. */
  readonly model: string;

  constructor(model: string, reason: string) {
    super(`Invalid model '${model}': ${reason}.`);
    this.model = model;
  }
}
