import { hasMarker, markerOf, StereosError } from '../errors/stereos-error';

const unknownName = 'UnknownProviderError';
const unknownMarker = markerOf(unknownName);
const unknownSymbol = Symbol.for(unknownMarker);

/**
 * A model id `x/y` whose prefix `x` names no known provider. The server answers 400
 * (`invalid_request_error`, code `unknown_provider`).
 */
export class UnknownProviderError extends StereosError {
  // biome-ignore lint/correctness/noUnusedPrivateClassMembers: read through Symbol.for(marker)
  private readonly [unknownSymbol] = true;
  declare readonly code: 'unknown_provider';
  /** The prefix that matched no provider. */
  readonly prefix: string;
  /** The provider prefixes that would have been accepted. */
  readonly knownPrefixes: readonly string[];

  constructor(prefix: string, knownPrefixes: readonly string[]) {
    super({
      name: unknownName,
      code: 'unknown_provider',
      status: 400,
      param: 'model',
      message: `Unknown provider prefix '${prefix}/'. Known provider prefixes: ${knownPrefixes
        .map((p) => `${p}/`)
        .join(', ')}.`,
    });
    this.prefix = prefix;
    this.knownPrefixes = knownPrefixes;
  }

  static override isInstance(error: unknown): error is UnknownProviderError {
    return hasMarker(error, unknownMarker);
  }
}

const invalidName = 'InvalidModelError';
const invalidMarker = markerOf(invalidName);
const invalidSymbol = Symbol.for(invalidMarker);

/**
 * A model id that cannot be routed at all: empty, or an empty side of `provider/model`
 * (`openai/`, `/gpt-4o`). The server answers 400 (code `invalid_model`).
 */
export class InvalidModelError extends StereosError {
  // biome-ignore lint/correctness/noUnusedPrivateClassMembers: read through Symbol.for(marker)
  private readonly [invalidSymbol] = true;
  declare readonly code: 'invalid_model';
  /** The model id as given. */
  readonly model: string;

  constructor(model: string, reason: string) {
    super({
      name: invalidName,
      code: 'invalid_model',
      status: 400,
      param: 'model',
      message: `Invalid model '${model}': ${reason}.`,
    });
    this.model = model;
  }

  static override isInstance(error: unknown): error is InvalidModelError {
    return hasMarker(error, invalidMarker);
  }
}
