import type { ChatTarget } from '../chat/chat-targets';
import { readCappedText, unusableAnswer } from '../upstream/read-upstream-response';

/** A JSON answer: the upstream's text (passed on as it wrote it) and its parsed form. */
export interface JsonAnswer<J> {
  text: string;
  json: J;
}

/**
 * Reads a JSON answer (bounded by `maxBytes`); a 2xx that is not JSON, or lacks what `isValid`
 * wants, is a bad gateway (502: retried, then the next target).
 */
export async function readJsonAnswer<J>(
  response: Response,
  target: ChatTarget,
  maxBytes: number,
  isValid: (json: J) => boolean,
  missing: string,
): Promise<JsonAnswer<J>> {
  const provider = target.provider.id;
  const text = await readCappedText(response, maxBytes, provider);
  let json: J;
  try {
    json = JSON.parse(text) as J;
  } catch {
    throw unusableAnswer(provider, 'returned a body that is not JSON');
  }
  if (json === null || typeof json !== 'object' || !isValid(json)) {
    throw unusableAnswer(provider, missing);
  }
  return { text, json };
}

/** A JSON request body with the target's upstream model in place of the caller's. */
export function jsonBody(body: Record<string, unknown>, target: ChatTarget) {
  return {
    body: JSON.stringify({ ...body, model: target.upstreamModel }),
    contentType: 'application/json',
  };
}
