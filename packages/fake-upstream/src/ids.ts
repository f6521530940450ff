import { randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A provider-looking id such as `chatcmpl-…`, `call_…`, `msg_…` or `toolu_…`. */
export function newId(prefix: string, length = 24): string {
  const bytes = randomBytes(length);
  let id = prefix;
  for (const byte of bytes) id += ALPHABET[byte % ALPHABET.length];
  return id;
}

/** Unix seconds, as OpenAI's `created` fields use. */
export function unixSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
