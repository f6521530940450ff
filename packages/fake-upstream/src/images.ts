import { estimateTokens } from './estimate-tokens.js';
import type { Exchange } from './exchange.js';
import { sendJson } from './http-response.js';
import { unixSeconds } from './ids.js';
import { openAiError } from './openai-error.js';

/** A 1×1 transparent PNG: what every fake image is. */
export const FAKE_PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

/** gpt-image-1's output tokens for one 1024×1024 image at `medium` quality. */
const IMAGE_OUTPUT_TOKENS = 1056;

/**
 * `POST …/images/generations`, as OpenAI answers it: `data` holds one entry per image, a
 * `b64_json` or a `url` (DALL·E's `response_format`; GPT image models always answer base64 and
 * report token `usage`). https://platform.openai.com/docs/api-reference/images/create
 */
export function sendImages(exchange: Exchange): void {
  const body = exchange.record.body;
  const prompt = body?.prompt;
  if (typeof prompt !== 'string' || prompt === '') {
    badRequest(exchange, "Missing required parameter: 'prompt'.", 'prompt');
    return;
  }
  const n = body.n ?? 1;
  if (!Number.isInteger(n) || n < 1 || n > 10) {
    badRequest(exchange, `Invalid 'n': expected an integer from 1 to 10, got ${n}.`, 'n');
    return;
  }
  const model = typeof body.model === 'string' ? body.model : 'dall-e-2';
  const gptImage = model.startsWith('gpt-image');
  const url = !gptImage && body.response_format !== 'b64_json';
  const data = Array.from({ length: n }, (_, index) => {
    const image: Record<string, string> = url
      ? { url: `https://fake-upstream.invalid/images/img-${index}.png` }
      : { b64_json: FAKE_PNG_BASE64 };
    if (model === 'dall-e-3') image['revised_prompt'] = `A picture of: ${prompt}`;
    return image;
  });
  const answer: Record<string, unknown> = { created: unixSeconds(), data };
  if (gptImage) {
    const text = estimateTokens(prompt.length);
    const output = IMAGE_OUTPUT_TOKENS * n;
    Object.assign(answer, {
      background: 'opaque',
      output_format: 'png',
      quality: 'medium',
      size: '1024x1024',
      usage: {
        input_tokens: text,
        input_tokens_details: { image_tokens: 0, text_tokens: text },
        output_tokens: output,
        total_tokens: text + output,
      },
    });
  }
  sendJson(exchange.res, 200, answer);
}

function badRequest(exchange: Exchange, message: string, param: string): void {
  sendJson(exchange.res, 400, { error: { ...openAiError(400, { message }), param } });
}
