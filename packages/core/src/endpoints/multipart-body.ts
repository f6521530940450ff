import type { UpstreamBody } from './endpoint-gateway';

/** One text field of a form: name and value. */
export type FormField = readonly [string, string];

/** An uploaded file, read again for every attempt (retries and fallback replay it). */
export interface UploadFile {
  /** Form field name, `file` for OpenAI's audio routes, `image` / `image[]` / `mask` for edits. */
  field: string;
  filename: string;
  contentType: string;
  /** Size in bytes, when known (the upstream then gets a `content-length`). */
  size?: number | undefined;
  /**
   * The most bytes the file can have while its size is not known yet (a file still arriving,
   * streamed through): bounds what budgets reserve.
   */
  maxSize?: number | undefined;
  /** A fresh read of the file's bytes, from the start. */
  open(): AsyncIterable<Uint8Array>;
}

/** What a `multipart/form-data` body carries, in order. */
export interface MultipartParts {
  fields: readonly FormField[];
  files: readonly UploadFile[];
  /**
   * Fields the client sent after its file, when that file streams through as it arrives: they
   * are known (and validated) only once the file has been read, and are sent after it. A
   * promise while they are still arriving; an array once known (the body then has a length).
   */
  fieldsAfter?: (() => readonly FormField[] | Promise<readonly FormField[]>) | undefined;
}

const encoder = new TextEncoder();

/**
 * A `multipart/form-data` body (RFC 7578): the text fields, the files, then any fields known
 * only after the files, streamed from each `file.open()` without holding a file in memory.
 */
export function multipartBody(parts: MultipartParts): UpstreamBody {
  const boundary = `----stereos-${randomHex(16)}`;
  const head = encoder.encode(fieldsText(boundary, parts.fields));
  const fileHeads = parts.files.map((file) =>
    encoder.encode(
      `--${boundary}\r\ncontent-disposition: form-data; name="${quote(file.field)}"; ` +
        `filename="${quote(file.filename)}"\r\ncontent-type: ${headerSafe(file.contentType)}\r\n\r\n`,
    ),
  );
  const crlf = encoder.encode('\r\n');
  const end = encoder.encode(`--${boundary}--\r\n`);
  const after = parts.fieldsAfter?.();
  // Awaited after the files; a failure before then is the stream's error, not an unhandled one.
  if (after instanceof Promise) after.catch(() => {});
  const afterText = Array.isArray(after) ? encoder.encode(fieldsText(boundary, after)) : undefined;
  const sizes = parts.files.map((file) => file.size);
  const known = afterText !== undefined || parts.fieldsAfter === undefined;
  const contentLength =
    known && sizes.every((size) => size !== undefined)
      ? head.byteLength +
        fileHeads.reduce((sum, h, i) => sum + h.byteLength + (sizes[i] as number) + 2, 0) +
        (afterText?.byteLength ?? 0) +
        end.byteLength
      : undefined;

  async function* chunks(): AsyncGenerator<Uint8Array> {
    yield head;
    for (const [i, file] of parts.files.entries()) {
      yield fileHeads[i] as Uint8Array;
      yield* file.open();
      yield crlf;
    }
    if (afterText) yield afterText;
    else if (after) yield encoder.encode(fieldsText(boundary, await after));
    yield end;
  }
  return {
    body: streamOf(chunks()),
    contentType: `multipart/form-data; boundary=${boundary}`,
    contentLength,
  };
}

function fieldsText(boundary: string, fields: readonly FormField[]): string {
  let text = '';
  for (const [name, value] of fields) {
    text += `--${boundary}\r\ncontent-disposition: form-data; name="${quote(name)}"\r\n\r\n${value}\r\n`;
  }
  return text;
}

/** A pull stream over `chunks`: the next file bytes are read only when the upstream wants them. */
function streamOf(chunks: AsyncGenerator<Uint8Array>): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      },
      async cancel() {
        await chunks.return(undefined);
      },
    },
    // No read-ahead: a streamed-through upload moves at the pace of the upstream's socket.
    { highWaterMark: 0 },
  );
}

/** Names in a content-disposition: quotes and line breaks percent-encoded (the HTML rule). */
function quote(name: string): string {
  return name.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function headerSafe(value: string): string {
  return /^[\x21-\x7e]+(?:; ?[\x20-\x7e]+)?$/.test(value) ? value : 'application/octet-stream';
}

function randomHex(bytes: number): string {
  const values = crypto.getRandomValues(new Uint8Array(bytes));
  return Array.from(values, (b) => b.toString(16).padStart(2, '0')).join('');
}
