import { Busboy } from '@fastify/busboy';
import type { Exchange } from './exchange.js';
import { sendJson } from './http-response.js';
import { openAiError } from './openai-error.js';
import type { RecordedUpload } from './recorded-request.js';
import { sseFrame, startSse } from './sse.js';

/** Bytes of uploaded audio taken as one second (so `duration` moves with the file's size). */
export const FAKE_AUDIO_BYTES_PER_SECOND = 16_000;
/** What the fake hears in every file. */
export const FAKE_TRANSCRIPT = 'The quick brown fox jumped over the lazy dog.';

/**
 * Reads a `multipart/form-data` upload as it arrives: text fields kept, the file counted and
 * dropped, so a large upload never sits in memory. Resolves once the form ended.
 */
export function readUpload(exchange: Exchange): Promise<RecordedUpload> {
  const { req } = exchange;
  return new Promise((resolve, reject) => {
    const upload: RecordedUpload = { fields: {}, file: undefined };
    let parser: ReturnType<typeof Busboy>;
    try {
      parser = Busboy({ headers: req.headers as { 'content-type': string } });
    } catch (error) {
      reject(error);
      return;
    }
    parser.on('field', (name, value) => {
      upload.fields[name] = value;
    });
    parser.on('file', (field, stream, filename, _encoding, contentType) => {
      const file = { field, filename, contentType, bytes: 0 };
      upload.file ??= file;
      upload.files = [...(upload.files ?? []), file];
      stream.on('data', (chunk: Buffer) => {
        file.bytes += chunk.length;
      });
    });
    parser.on('finish', () => resolve(upload));
    parser.on('error', reject);
    req.on('error', reject);
    req.pipe(parser);
  });
}

/**
 * `POST …/audio/transcriptions` and `…/audio/translations`: `json` (with `usage`), `text`,
 * `srt`, `vtt`, `verbose_json`, and for GPT-4o transcribe models `stream=true` as SSE
 * (`transcript.text.delta` … `transcript.text.done` with usage). whisper-1 reports usage in
 * seconds, the GPT-4o models in tokens; whisper-1 ignores `stream`, as OpenAI documents.
 * https://platform.openai.com/docs/api-reference/audio/createTranscription
 */
export function sendTranscription(exchange: Exchange, upload: RecordedUpload): void {
  const { fields, file } = upload;
  const model = fields['model'];
  if (file?.field !== 'file') {
    badRequest(exchange, "Missing required parameter: 'file'.", 'file');
  } else if (!model) {
    badRequest(exchange, "Missing required parameter: 'model'.", 'model');
  } else {
    answerTranscript(exchange, fields, model, file.bytes);
  }
}

function answerTranscript(
  exchange: Exchange,
  fields: Record<string, string>,
  model: string,
  bytes: number,
): void {
  const seconds = Math.max(1, Math.round(bytes / FAKE_AUDIO_BYTES_PER_SECOND));
  const whisper = model.startsWith('whisper');
  const text = FAKE_TRANSCRIPT;
  const usage = whisper
    ? { type: 'duration', seconds }
    : {
        type: 'tokens',
        input_tokens: seconds * 10 + 5,
        input_token_details: { text_tokens: 5, audio_tokens: seconds * 10 },
        output_tokens: 11,
        total_tokens: seconds * 10 + 16,
      };
  if (fields['stream'] === 'true' && !whisper) {
    streamTranscript(exchange, text, usage);
    return;
  }
  const format = fields['response_format'] ?? 'json';
  const end = `00:00:0${Math.min(seconds, 9)}`;
  const answers: Record<string, () => void> = {
    json: () => sendJson(exchange.res, 200, { text, usage }),
    verbose_json: () =>
      sendJson(exchange.res, 200, {
        task: exchange.record.path.endsWith('/translations') ? 'translate' : 'transcribe',
        language: 'english',
        duration: seconds,
        text,
        // Every field of OpenAI's segment object (clients such as @ai-sdk/openai require them).
        // https://platform.openai.com/docs/api-reference/audio/verbose-json-object
        segments: [
          {
            id: 0,
            seek: 0,
            start: 0,
            end: seconds,
            text,
            tokens: [50364, 440],
            temperature: 0,
            avg_logprob: -0.25,
            compression_ratio: 1.2,
            no_speech_prob: 0.01,
          },
        ],
        usage: { type: 'duration', seconds },
      }),
    text: () => sendText(exchange, 'text/plain; charset=utf-8', `${text}\n`),
    srt: () =>
      sendText(
        exchange,
        'text/plain; charset=utf-8',
        `1\n00:00:00,000 --> ${end},000\n${text}\n\n`,
      ),
    vtt: () =>
      sendText(
        exchange,
        'text/vtt; charset=utf-8',
        `WEBVTT\n\n00:00:00.000 --> ${end}.000\n${text}\n\n`,
      ),
  };
  const answer = Object.hasOwn(answers, format) ? answers[format] : undefined;
  if (answer) answer();
  else badRequest(exchange, `Invalid value for 'response_format': '${format}'.`, 'response_format');
}

function streamTranscript(exchange: Exchange, text: string, usage: unknown): void {
  startSse(exchange, {});
  const words = text.split(' ');
  const frames = words.map((word, i) =>
    sseFrame({ type: 'transcript.text.delta', delta: i === 0 ? word : ` ${word}` }),
  );
  frames.push(sseFrame({ type: 'transcript.text.done', text, usage }));
  exchange.res.end(frames.join(''));
}

function sendText(exchange: Exchange, contentType: string, text: string): void {
  exchange.res.writeHead(200, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(text),
  });
  exchange.res.end(text);
}

function badRequest(exchange: Exchange, message: string, param: string): void {
  sendJson(exchange.res, 400, { error: { ...openAiError(400, { message }), param } });
}
