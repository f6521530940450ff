/**
 * A random token: `bytes` bytes from `crypto.getRandomValues` (web-standard, so it runs on
 * Workers too), base64url. 32 bytes = 256 bits, as OWASP's session management cheat sheet asks
 * of session ids (at least 64 bits of entropy).
 */
export function randomToken(bytes = 32): string {
  let binary = '';
  for (const byte of crypto.getRandomValues(new Uint8Array(bytes))) {
    binary += String.fromCharCode(byte);
  }
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/** Compares two strings in time independent of where they differ (tokens of equal length). */
export function sameToken(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
