/** What a redacted secret is replaced with. */
export const REDACTED = '[REDACTED]';

// Shorter values are too likely to occur in ordinary text to be replaced safely.
const MIN_SECRET_LENGTH = 6;

/*
 * Key shapes worth hiding even when the exact value is unknown (a client's passthrough key an
 * upstream echoes back): OpenAI/Anthropic `sk-…`/`sk-ant-…`, Groq `gsk_…`, xAI `xai-…`,
 * Google `AIza…`, and any `Bearer <token>`. Regexes are compiled once, at load.
 */
const KEY_PATTERN =
  /\b(?:sk-(?:ant-)?[A-Za-z0-9_-]{10,}|gsk_[A-Za-z0-9]{16,}|xai-[A-Za-z0-9]{16,}|AIza[A-Za-z0-9_-]{30,})/g;
const BEARER_PATTERN = /\b(Bearer\s+)[A-Za-z0-9._~+/=-]+/gi;

/**
 * Hides secrets in text headed for a client, a log or an event (upstream error messages):
 * every given secret of at least 6 characters, then well-known key shapes.
 */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[] = []): string {
  if (!text) return text;
  let out = text;
  // Longest first, so a secret containing another is replaced whole.
  const known = secrets
    .filter((s): s is string => s !== undefined && s.length >= MIN_SECRET_LENGTH)
    .sort((a, b) => b.length - a.length);
  for (const secret of known) {
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  return out.replace(KEY_PATTERN, REDACTED).replace(BEARER_PATTERN, `$1${REDACTED}`);
}
