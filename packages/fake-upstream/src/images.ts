import { estimateTokens } from './estimate-tokens.js';
import type { Exchange } from './exchange.js';
import { sendJson } from './http-response.js';
import { unixSeconds } from './ids.js';
import { openAiError } from './openai-error.js';
import type { RecordedUpload } from './recorded-request.js';

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
  answerImages(exchange, exchange.record.body ?? {});
}

/** `POST …/images/edits`, a multipart upload (read as it arrives, files counted). */
export function isImageEdit(exchange: Exchange): boolean {
  return exchange.record.kind === 'images' && exchange.record.path.endsWith('/images/edits');
}

/**
 * `POST …/images/edits`: `image` (or `image[]`, GPT image models) and `prompt` required, an
 * optional `mask`; answered as generations are. https://platform.openai.com/docs/api-reference/images/createEdit
 */
export function sendImageEdit(exchange: Exchange, upload: RecordedUpload): void {
  const images = (upload.files ?? []).filter((f) => f.field === 'image' || f.field === 'image[]');
  if (images.length === 0) {
    badRequest(exchange, "Missing required parameter: 'image'.", 'image');
    return;
  }
  const { fields } = upload;
  const n = fields['n'] === undefined ? undefined : Number(fields['n']);
  answerImages(exchange, { ...fields, n });
}

function answerImages(exchange: Exchange, body: Record<string, any>): void {
  const prompt = body.prompt;
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
