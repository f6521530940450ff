import { Readable } from 'node:stream';
import { Busboy, type BusboyFileStream } from '@fastify/busboy';
import {
  MAX_FORM_FIELD_CHARS,
  MAX_FORM_FIELDS,
  MAX_FORM_NAME_CHARS,
  type UploadFile,
} from '@stereos/core';
import type { Context } from 'hono';
import { ApiError, invalidRequest } from '../../errors/api-error';
import { nodeBindingsOf } from '../../http/node-bindings';
import { requestHeaders } from '../../http/request-headers';
import { UploadSpool } from './upload-spool';

/** A parsed upload: its text fields in order and its one file, spooled (dispose when done). */
export interface MultipartUpload {
  fields: [string, string][];
  file: UploadFile;
  dispose(): Promise<void>;
}

/**
 * Reads a `multipart/form-data` request as it streams in (`@fastify/busboy`): text fields are
 * kept (bounded), the one `file` part goes to an `UploadSpool`, never whole into memory. The
 * whole body is capped at `maxBytes` (413 as soon as it passes, or at once by content-length).
 * Fields may come before or after the file (the openai SDK sends them in the caller's order).
 */
export async function readMultipartUpload(c: Context, maxBytes: number): Promise<MultipartUpload> {
  const headers = requestHeaders(c);
  const contentType = headers.get('content-type') ?? '';
  if (!/^multipart\/form-data\s*;/i.test(contentType)) {
    throw invalidRequest(
      'Expected a multipart/form-data body with a `file` part and a `model` field ' +
        '(see https://platform.openai.com/docs/api-reference/audio/createTranscription).',
      'invalid_content_type',
    );
  }
  if (Number(headers.get('content-length')) > maxBytes) throw tooLarge(maxBytes);
  const spool = new UploadSpool();
  try {
    const parsed = await parse(bodyOf(c), contentType, maxBytes, spool);
    return { ...parsed, dispose: () => spool.dispose() };
  } catch (error) {
    await spool.dispose();
    throw error;
  }
}

function bodyOf(c: Context): AsyncIterable<Uint8Array> {
  const node = nodeBindingsOf(c.env);
  if (node) return node.incoming;
  const body = c.req.raw.body;
  return Readable.fromWeb(
    (body ?? new ReadableStream()) as import('node:stream/web').ReadableStream,
  );
}

async function parse(
  body: AsyncIterable<Uint8Array>,
  contentType: string,
  maxBytes: number,
  spool: UploadSpool,
): Promise<Omit<MultipartUpload, 'dispose'>> {
  let parser: ReturnType<typeof Busboy>;
  try {
    parser = Busboy({
      headers: { 'content-type': contentType },
      limits: {
        fields: MAX_FORM_FIELDS,
        fieldSize: MAX_FORM_FIELD_CHARS,
        fieldNameSize: MAX_FORM_NAME_CHARS,
        files: 1,
        parts: MAX_FORM_FIELDS + 1,
        headerPairs: 16,
      },
    });
  } catch {
    throw invalidRequest(
      'The multipart/form-data content-type has no boundary.',
      'invalid_multipart',
    );
  }
  const fields: [string, string][] = [];
  let file: Omit<UploadFile, 'open' | 'size'> | undefined;
  let failure: unknown;
  let fileDone: Promise<void> = Promise.resolve();
  const fail = (error: unknown) => {
    failure ??= error;
  };
  parser.on('field', (name, value, nameTruncated, valueTruncated) => {
    if (nameTruncated || valueTruncated) {
      fail(
        invalidRequest(
          `Form field ${name.slice(0, 64)}: too long (at most ${MAX_FORM_FIELD_CHARS} characters).`,
          'invalid_value',
          name.slice(0, 64),
        ),
      );
    } else fields.push([name, value]);
  });
  parser.on('file', (field, stream, filename, _encoding, mimeType) => {
    if (field !== 'file' || file) {
      fail(
        invalidRequest('Only one file part, named `file`, is accepted.', 'invalid_value', 'file'),
      );
      stream.resume();
      return;
    }
    file = {
      field,
      filename: cleanName(filename),
      contentType: mimeType || 'application/octet-stream',
    };
    fileDone = spoolFile(stream, spool).catch((error) => {
      fail(error);
      stream.resume(); // keep the parser moving to its end
    });
  });
  for (const event of ['filesLimit', 'fieldsLimit', 'partsLimit'] as const) {
    parser.on(event, () =>
      fail(
        invalidRequest(
          `Too many form parts (at most ${MAX_FORM_FIELDS} fields and one file).`,
          'invalid_value',
        ),
      ),
    );
  }
  const finished = new Promise<void>((resolve, reject) => {
    parser.on('finish', resolve);
    parser.on('error', reject);
  });
  finished.catch(() => {});
  let received = 0;
  try {
    for await (const chunk of body) {
      received += chunk.byteLength;
      if (received > maxBytes) throw tooLarge(maxBytes);
      if (failure) throw failure;
      if (!parser.write(chunk)) await drained(parser, finished);
    }
    parser.end();
    await finished;
  } catch (error) {
    parser.destroy();
    if (error instanceof ApiError) throw error;
    throw (
      failure ??
      invalidRequest(
        `The multipart/form-data body could not be read: ${messageOf(error)}.`,
        'invalid_multipart',
      )
    );
  }
  await fileDone;
  await spool.end();
  if (failure) throw failure;
  if (!file)
    throw invalidRequest('A `file` part with the audio is required.', 'invalid_value', 'file');
  const upload = file as Omit<UploadFile, 'open' | 'size'>;
  return {
    fields,
    file: { ...upload, size: spool.size, open: () => spool.open() },
  };
}

async function spoolFile(stream: BusboyFileStream, spool: UploadSpool): Promise<void> {
  for await (const chunk of stream as AsyncIterable<Uint8Array>) await spool.write(chunk);
}

function drained(parser: NodeJS.WritableStream, finished: Promise<void>): Promise<void> {
  return Promise.race([new Promise<void>((resolve) => parser.once('drain', resolve)), finished]);
}

/** A file name as a header parameter: no path, no control characters, bounded. */
function cleanName(name: string | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  let clean = '';
  for (const char of base) {
    const code = char.charCodeAt(0);
    if (code >= 0x20 && code !== 0x7f && char !== '"') clean += char;
  }
  clean = clean.slice(0, MAX_FORM_NAME_CHARS);
  return clean || 'audio';
}

function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 200);
}

function tooLarge(maxBytes: number): ApiError {
  return new ApiError({
    status: 413,
    message: `Upload is larger than ${maxBytes} bytes (STEREOS_MAX_UPLOAD_BYTES).`,
    type: 'invalid_request_error',
    code: 'request_too_large',
  });
}
