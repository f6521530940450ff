import type { Exchange } from './exchange.js';
import { sendJson } from './http-response.js';
import { newId } from './ids.js';
import { openAiError } from './openai-error.js';

const CATEGORIES = [
  'harassment',
  'harassment/threatening',
  'hate',
  'hate/threatening',
  'illicit',
  'illicit/violent',
  'self-harm',
  'self-harm/intent',
  'self-harm/instructions',
  'sexual',
  'sexual/minors',
  'violence',
  'violence/graphic',
];

/** Inputs containing this word are flagged for `violence`. */
export const FLAGGED_WORD = 'kill';

/**
 * `POST …/moderations`: one result per input (a string, strings, or one multimodal array).
 * https://platform.openai.com/docs/api-reference/moderations/create
 */
export function sendModerations(exchange: Exchange): void {
  const body = exchange.record.body;
  const inputs = inputsOf(body?.input);
  if (inputs === undefined) {
    const message = "Invalid value for 'input': expected a string, strings or content parts.";
    sendJson(exchange.res, 400, { error: { ...openAiError(400, { message }), param: 'input' } });
    return;
  }
  sendJson(exchange.res, 200, {
    id: newId('modr-', 24),
    model: typeof body.model === 'string' ? body.model : 'omni-moderation-latest',
    results: inputs.map(result),
  });
}

function result(input: { text: string; image: boolean }) {
  const violent = input.text.toLowerCase().includes(FLAGGED_WORD);
  const categories: Record<string, boolean> = {};
  const scores: Record<string, number> = {};
  const applied: Record<string, string[]> = {};
  for (const category of CATEGORIES) {
    const hit = violent && category === 'violence';
    categories[category] = hit;
    scores[category] = hit ? 0.93 : 0.0001;
    applied[category] = hit ? (input.image ? ['text', 'image'] : ['text']) : [];
  }
  return {
    flagged: violent,
    categories,
    category_scores: scores,
    category_applied_input_types: applied,
  };
}

// A multimodal array is one input; strings are one input each.
function inputsOf(input: unknown): { text: string; image: boolean }[] | undefined {
  if (typeof input === 'string') return [{ text: input, image: false }];
  if (!Array.isArray(input) || input.length === 0) return undefined;
  if (input.every((item) => typeof item === 'string')) {
    return input.map((text: string) => ({ text, image: false }));
  }
  let text = '';
  let image = false;
  for (const part of input) {
    if (part?.type === 'text' && typeof part.text === 'string') text += part.text;
    else if (part?.type === 'image_url') image = true;
    else return undefined;
  }
  return [{ text, image }];
}
