import type { Exchange } from './exchange.js';
import { sendJson } from './http-response.js';
import { openAiError } from './openai-error.js';
import { sleep } from './sleep.js';

/** The content type OpenAI answers for each `response_format`. */
export const SPEECH_CONTENT_TYPES: Readonly<Record<string, string>> = {
  mp3: 'audio/mpeg',
  opus: 'audio/opus',
  aac: 'audio/aac',
  flac: 'audio/flac',
  wav: 'audio/wav',
  pcm: 'audio/pcm',
};

/** Bytes per write: the answer arrives in several chunks, as a real one does. */
const CHUNK_BYTES = 16 * 1024;

/**
 * The audio the fake answers for `input` in `format`: deterministic, so a test can compare what
 * its client downloaded (about 1 KiB per input character, at least 64 KiB).
 */
export function fakeSpeechAudio(input: string, format = 'mp3'): Uint8Array {
  const size = Math.max(64 * 1024, input.length * 1024);
  const bytes = new Uint8Array(size);
  let seed = 2166136261;
  for (const char of `${format}:${input}`) seed = Math.imul(seed ^ char.charCodeAt(0), 16777619);
  for (let i = 0; i < size; i++) {
    seed = Math.imul(seed ^ (seed >>> 15), 2246822507) ^ i;
    bytes[i] = seed & 0xff;
  }
  return bytes;
}

/**
 * `POST …/audio/speech`: binary audio, chunked (no content-length), with the content type of
 * its `response_format`. https://platform.openai.com/docs/api-reference/audio/createSpeech
 */
export async function sendSpeech(exchange: Exchange): Promise<void> {
  const body = exchange.record.body;
  if (typeof body?.input !== 'string' || body.input === '') {
    const message = "Missing required parameter: 'input'.";
    sendJson(exchange.res, 400, { error: { ...openAiError(400, { message }), param: 'input' } });
    return;
  }
  const format = typeof body.response_format === 'string' ? body.response_format : 'mp3';
  const contentType = SPEECH_CONTENT_TYPES[format];
  if (!contentType) {
    const message = `Invalid value for 'response_format': '${format}'.`;
    sendJson(exchange.res, 400, {
      error: { ...openAiError(400, { message }), param: 'response_format' },
    });
    return;
  }
  const audio = fakeSpeechAudio(body.input, format);
  exchange.res.writeHead(200, { 'content-type': contentType, 'transfer-encoding': 'chunked' });
  for (let offset = 0; offset < audio.length; offset += CHUNK_BYTES) {
    if (exchange.isGone()) return;
    exchange.res.write(audio.subarray(offset, offset + CHUNK_BYTES));
    await sleep(1);
  }
  exchange.res.end();
}
