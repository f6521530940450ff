import { Readable } from 'node:stream';
import { Busboy, type BusboyFileStream } from '@fastify/busboy';
import {
  type FormField,
  MAX_FORM_FIELD_CHARS,
  MAX_FORM_FIELDS,
  MAX_FORM_NAME_CHARS,
  type UploadFile,
} from '@stereos/core';
import type { Context } from 'hono';
import { ApiError, invalidRequest } from '../../errors/api-error';
import { nodeBindingsOf } from '../../http/node-bindings';
import { requestHeaders } from '../../http/request-headers';
import { UploadTee } from './upload-tee';

/** What a route accepts in its form. */
export interface UploadOptions {
  /** The whole body's cap (`STEREOS_MAX_UPLOAD_BYTES`): 413 past it. */
  maxBytes: number;
  /** Names of the file parts accepted (`file`; `image`, `image[]`, `mask`). */
  fileFields: readonly string[];
  /** Most file parts. */
  maxFiles: number;
  /** What the form needs, for the 400 of a body that is not multipart. */
  docs: string;
  /**
   * Whether the call may start when a file part begins, given the fields before it: the file
   * then streams through to the first attempt as it arrives. Unset: the whole form is read first.
   */
  startAtFile?: ((fields: readonly FormField[]) => boolean) | undefined;
}

/** A form being read: what is known when the call can start, and the rest as it arrives. */
export interface MultipartUpload {
  /** Text fields in order: all of them, or those before the file when `live`. */
  fields: FormField[];
  /** The file parts so far (each spooled as it arrives, every read from the start). */
  files: UploadFile[];
  /** The (one) file is still arriving and streams through to the first attempt. */
  live: boolean;
  /** Every field, once the whole form has arrived; rejects with the upload's failure. */
  done: Promise<FormField[]>;
  /**
   * Aborted with the upload's failure (its `reason`) as soon as it is known, before the file
   * streams are cut: a call links it so that it fails for that reason (413 past the cap), not
   * for the cut it causes; a call not started yet does not start.
   */
  failed: AbortSignal;
  /** Stops reading the request (the call is over), then removes temporary files. */
  dispose(): Promise<void>;
}

/**
 * Reads a `multipart/form-data` request as it streams in (`@fastify/busboy`): text fields are
 * kept (bounded), each file part goes through an `UploadTee` (memory, then a temporary file),
 * never whole into memory. Resolves as soon as the call can start — at the first file part when
 * `startAtFile` says so, else once the form has ended — while the rest keeps arriving. The whole
 * body is capped at `maxBytes` (413 as soon as it passes, or at once by content-length).
 */
export async function readMultipartUpload(
  c: Context,
  options: UploadOptions,
): Promise<MultipartUpload> {
  const headers = requestHeaders(c);
  const contentType = headers.get('content-type') ?? '';
  if (!/^multipart\/form-data\s*;/i.test(contentType)) {
    throw invalidRequest(
      `Expected a multipart/form-data body ${options.docs}.`,
      'invalid_content_type',
    );
  }
  const declared = Number(headers.get('content-length'));
  if (declared > options.maxBytes) throw tooLarge(options.maxBytes);
  // A file still arriving is no larger than the body (budgets reserve for that much).
  const maxSize = declared > 0 ? declared : options.maxBytes;
  return startReading(bodyOf(c), contentType, options, maxSize);
}

function bodyOf(c: Context): AsyncIterable<Uint8Array> {
  const node = nodeBindingsOf(c.env);
  if (node) return node.incoming;
  const body = c.req.raw.body;
  return Readable.fromWeb(
    (body ?? new ReadableStream()) as import('node:stream/web').ReadableStream,
  );
}

function startReading(
  body: AsyncIterable<Uint8Array>,
  contentType: string,
  options: UploadOptions,
  maxSize: number,
): Promise<MultipartUpload> {
  let parser: ReturnType<typeof Busboy>;
  try {
    parser = Busboy({
      headers: { 'content-type': contentType },
      limits: {
        fields: MAX_FORM_FIELDS,
        fieldSize: MAX_FORM_FIELD_CHARS,
        fieldNameSize: MAX_FORM_NAME_CHARS,
        files: options.maxFiles,
        parts: MAX_FORM_FIELDS + options.maxFiles,
        headerPairs: 16,
      },
    });
  } catch {
    throw invalidRequest(
      'The multipart/form-data content-type has no boundary.',
      'invalid_multipart',
    );
  }
  const fields: FormField[] = [];
  const files: UploadFile[] = [];
  const tees: UploadTee[] = [];
  const streams: BusboyFileStream[] = [];
  let failure: unknown;
  let stopped = false;
  let stop!: () => void;
  const stopping = new Promise<void>((resolve) => {
    stop = resolve;
  });
  let live = false;
  let announce!: (upload: MultipartUpload) => void;
  let refuse!: (error: unknown) => void;
  const ready = new Promise<MultipartUpload>((resolve, reject) => {
    announce = resolve;
    refuse = reject;
  });
  const fail = (error: unknown) => {
    failure ??= error;
  };
  const failed = new AbortController();

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
    // Busboy emits a broken part's error on its file stream, and `read` destroys the streams
    // with the upload's failure, maybe before anyone reads them (the attempt has not started):
    // the failure is surfaced by `done` and to a reader by its iterator, never as an uncaught
    // 'error' (which inside Node's HTTP parser also turns the answer into a bare 400).
    stream.on('error', () => {});
    if (!options.fileFields.includes(field)) {
      const names = options.fileFields.map((f) => `\`${f}\``).join(', ');
      fail(
        invalidRequest(
          `Unexpected file part ${field.slice(0, 64)}: expected ${names}.`,
          'invalid_value',
          field.slice(0, 64),
        ),
      );
      stream.resume();
      return;
    }
    streams.push(stream);
    const tee = new UploadTee(stream as AsyncIterable<Uint8Array>);
    tee.complete.catch((error) => {
      if (!stopped) fail(error);
    });
    tees.push(tee);
    files.push({
      field,
      filename: cleanName(filename),
      contentType: mimeType || 'application/octet-stream',
      get size() {
        return tee.size;
      },
      maxSize,
      open: () => tee.open(),
    });
    if (!live && files.length === 1 && options.startAtFile?.(fields)) {
      live = true;
      announce(upload([...fields]));
    } else tee.drain();
  });
  for (const event of ['filesLimit', 'fieldsLimit', 'partsLimit'] as const) {
    parser.on(event, () =>
      fail(
        invalidRequest(
          `Too many form parts (at most ${MAX_FORM_FIELDS} fields and ${options.maxFiles} file${options.maxFiles > 1 ? 's' : ''}).`,
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

  const read = async (): Promise<FormField[]> => {
    let received = 0;
    try {
      for await (const chunk of body) {
        received += chunk.byteLength;
        // The call is over (answered): the rest of the body is read and dropped, so the
        // connection stays usable for the answer.
        if (stopped) continue;
        if (received > options.maxBytes) throw tooLarge(options.maxBytes);
        if (failure) throw failure;
        if (!parser.write(chunk)) await drained(parser, Promise.race([finished, stopping]));
      }
      if (stopped) return fields;
      parser.end();
      await finished;
      await Promise.all(tees.map((tee) => tee.complete));
    } catch (error) {
      fail(
        error instanceof ApiError
          ? error
          : invalidRequest(
              `The multipart/form-data body could not be read: ${messageOf(error)}.`,
              'invalid_multipart',
            ),
      );
    }
    if (failure) {
      // The call learns why first; then a live attempt reading the file sees the failure too
      // (and the spool stops).
      failed.abort(failure);
      for (const stream of streams) stream.destroy(failure as Error);
      parser.destroy();
      throw failure;
    }
    return fields;
  };

  const done = read();
  done.catch(() => {});
  const dispose = async () => {
    stopped = true;
    stop();
    for (const stream of streams) stream.destroy();
    await Promise.all(tees.map((tee) => tee.spool.dispose()));
  };
  const upload = (known: FormField[]): MultipartUpload => ({
    fields: known,
    files,
    live,
    done,
    failed: failed.signal,
    dispose,
  });
  done.then(
    (all) => {
      if (!live) announce(upload(all));
    },
    (error) => {
      const settle = () => refuse(error);
      dispose().then(settle, settle);
    },
  );
  return ready;
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
  return clean || 'upload';
}

function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 200);
}

/** The 413 of an upload past `STEREOS_MAX_UPLOAD_BYTES`. */
export function tooLarge(maxBytes: number): ApiError {
  return new ApiError({
    status: 413,
    message: `Upload is larger than ${maxBytes} bytes (STEREOS_MAX_UPLOAD_BYTES).`,
    type: 'invalid_request_error',
    code: 'request_too_large',
  });
}
