import { embeddingVector, toBase64 } from './embedding-vector.js';
import { estimateTokens } from './estimate-tokens.js';
import type { Exchange } from './exchange.js';
import { sendJson } from './http-response.js';
import { openAiError } from './openai-error.js';

const DEFAULT_DIMENSIONS = 8;

/**
 * `POST …/embeddings`: an OpenAI embedding list. Honours `dimensions` and
 * `encoding_format: 'base64'` (the openai SDK asks for base64 by default).
 */
export function sendEmbeddings(exchange: Exchange): void {
  const body = exchange.record.body;
  const inputs = inputTexts(body?.input);
  if (inputs.length === 0) {
    const message = "'input' must be a non-empty string or array.";
    sendJson(exchange.res, 400, { error: openAiError(400, { message }) });
    return;
  }
  const dimensions = Number.isInteger(body.dimensions) ? body.dimensions : DEFAULT_DIMENSIONS;
  const base64 = body.encoding_format === 'base64';
  const data = inputs.map((text, index) => {
    const vector = embeddingVector(text, dimensions);
    return { object: 'embedding', index, embedding: base64 ? toBase64(vector) : vector };
  });
  const tokens = inputs.reduce((sum, text) => sum + estimateTokens(text.length), 0);
  sendJson(exchange.res, 200, {
    object: 'list',
    data,
    model: typeof body.model === 'string' ? body.model : 'unknown',
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  });
}

// `input` may be a string, strings, a token array or token arrays.
function inputTexts(input: unknown): string[] {
  if (typeof input === 'string') return [input];
  if (!Array.isArray(input) || input.length === 0) return [];
  if (input.every((item) => typeof item === 'number')) return [input.join(' ')];
  return input.map((item) => (Array.isArray(item) ? item.join(' ') : String(item)));
}
