/*
 * Key hashing with web-standard `crypto.subtle` only, so the app runs on Workers and Bun too.
 */

const encoder = new TextEncoder();

// Keys repeat on every request; remembering their digests keeps WebCrypto off the hot path.
// Bounded, since presented keys come from clients.
const MAX_REMEMBERED = 1024;
const remembered = new Map<string, Promise<Uint8Array>>();

/** SHA-256 of a string's UTF-8 bytes (remembered for recently seen strings). */
export function sha256(text: string): Promise<Uint8Array> {
  const known = remembered.get(text);
  if (known) return known;
  const digest = crypto.subtle
    .digest('SHA-256', encoder.encode(text))
    .then((buffer) => new Uint8Array(buffer));
  if (remembered.size >= MAX_REMEMBERED)
    remembered.delete(remembered.keys().next().value as string);
  remembered.set(text, digest);
  return digest;
}

/** Lower-case hex of bytes. */
export function toHex(bytes: Uint8Array): string {
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/** Length of a key id: 8 hex characters (32 bits) tell keys apart without revealing them. */
const KEY_ID_LENGTH = 8;

/** The id recorded for a key: the first 8 hex characters of its SHA-256. Never the key. */
export function keyIdFromDigest(digest: Uint8Array): string {
  return toHex(digest).slice(0, KEY_ID_LENGTH);
}

/**
 * Compares two byte arrays in time independent of where they differ. Callers compare
 * fixed-length digests, so the early length check reveals nothing about a key.
 */
export function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}
