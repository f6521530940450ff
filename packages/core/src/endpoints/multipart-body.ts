import type { UpstreamBody } from './endpoint-gateway';

/** An uploaded file, read again for every attempt (retries and fallback replay it). */
export interface UploadFile {
  /** Form field name, `file` for OpenAI's audio routes. */
  field: string;
  filename: string;
  contentType: string;
  /** Size in bytes, when known (the upstream then gets a `content-length`). */
  size?: number | undefined;
  /** A fresh read of the file's bytes, from the start. */
  open(): AsyncIterable<Uint8Array>;
}

const encoder = new TextEncoder();

/**
 * A `multipart/form-data` body (RFC 7578): the text fields, then the file, streamed from
 * `file.open()` without holding it in memory.
 */
export function multipartBody(
  fields: readonly (readonly [string, string])[],
  file: UploadFile,
): UpstreamBody {
  const boundary = `----stereos-${randomHex(16)}`;
  let head = '';
  for (const [name, value] of fields) {
    head += `--${boundary}\r\ncontent-disposition: form-data; name="${quote(name)}"\r\n\r\n${value}\r\n`;
  }
  head +=
    `--${boundary}\r\ncontent-disposition: form-data; name="${quote(file.field)}"; ` +
    `filename="${quote(file.filename)}"\r\ncontent-type: ${headerSafe(file.contentType)}\r\n\r\n`;
  const start = encoder.encode(head);
  const end = encoder.encode(`\r\n--${boundary}--\r\n`);
  return {
    body: streamOf(start, file, end),
    contentType: `multipart/form-data; boundary=${boundary}`,
    contentLength:
      file.size === undefined ? undefined : start.byteLength + file.size + end.byteLength,
  };
}

function streamOf(start: Uint8Array, file: UploadFile, end: Uint8Array) {
  let iterator: AsyncIterator<Uint8Array> | undefined;
  let phase: 'start' | 'file' | 'done' = 'start';
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (phase === 'start') {
        phase = 'file';
        iterator = file.open()[Symbol.asyncIterator]();
        controller.enqueue(start);
        return;
      }
      if (phase === 'done') return;
      const next = await (iterator as AsyncIterator<Uint8Array>).next();
      if (next.done) {
        phase = 'done';
        controller.enqueue(end);
        controller.close();
      } else controller.enqueue(next.value);
    },
    async cancel() {
      await iterator?.return?.();
    },
  });
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
