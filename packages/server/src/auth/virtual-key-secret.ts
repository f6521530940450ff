import { sha256, toHex } from './key-digest';

/** Every virtual key starts with this, so it is told apart from a provider key at a glance. */
export const VIRTUAL_KEY_PREFIX = 'sk-st-';

/** Characters of a key's preview: the prefix and 4 random characters (`sk-st-ab12…`). */
const PREVIEW_LENGTH = VIRTUAL_KEY_PREFIX.length + 4;

/**
 * A new secret: `sk-st-` + 32 url-safe characters (24 random bytes, base64url: 192 bits, far
 * beyond guessing). Web-standard `crypto.getRandomValues`, so it runs on Workers too.
 */
export function newVirtualKeySecret(): string {
  return VIRTUAL_KEY_PREFIX + base64Url(crypto.getRandomValues(new Uint8Array(24)));
}

/** A new public key id: `vk_` + 16 hex characters (64 random bits; ids need only be unique). */
export function newVirtualKeyId(): string {
  return `vk_${toHex(crypto.getRandomValues(new Uint8Array(8)))}`;
}

/** What is stored instead of the secret: its SHA-256, lower-case hex. */
export async function hashVirtualKey(secret: string): Promise<string> {
  return toHex(await sha256(secret));
}

/** The part of a secret shown in listings (too short to be of any use to an attacker). */
export function previewOf(secret: string): string {
  return `${secret.slice(0, PREVIEW_LENGTH)}…`;
}

/** Whether a presented key has the shape of a virtual key (checked before any store lookup). */
export function looksLikeVirtualKey(key: string): boolean {
  return key.startsWith(VIRTUAL_KEY_PREFIX) && key.length <= 128;
}

function base64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}
