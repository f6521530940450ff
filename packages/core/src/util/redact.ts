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

/*
 * Credentials inside URLs: `scheme://user:pass@host` userinfo, and query (or fragment)
 * parameters named like a secret — `key`, `api_key`, `apikey`, `token`, `access_token`,
 * `secret`, `password`, `sig`, `signature`, `auth`, `x-api-key`, any case, also as the last
 * part of a longer name (`client_secret`, `refresh_token`, `X-Amz-Signature`).
 */
const SECRET_PARAM_NAME =
  /^(?:.*[-_.])?(?:key|api_?key|apikey|token|secret|password|passwd|sig|signature|auth|credential)$/i;
/**
 * Userinfo in free text: up to the last `@` before the host, never past a space, quote or path.
 * The scheme's length is bounded so that long runs of letters cannot make this quadratic.
 */
const USERINFO_PATTERN =
  /\b([a-z][a-z0-9+.-]{0,31}:\/\/)[^\s/?#\\"'<>`@]*(?:@[^\s/?#\\"'<>`@]*)*@/gi;
/** `?name=value` / `&name=value` in free text, name tested with `SECRET_PARAM_NAME`. */
const PARAM_PATTERN = /([?&#;])([^\s=&#?;"'<>`]+)=([^\s&#;"'<>`]*)/g;

/** What replaces a URL that cannot be parsed (it might hold anything). */
export const UNPARSABLE_URL = '[unparsable URL]';

/** What replaces the userinfo and secret query values of a URL. */
export const REDACTED_URL_PART = '***';

/**
 * A URL safe to show or log: userinfo becomes `***@` and the values of secret-looking query or
 * fragment parameters become `***`; everything else is kept as written (no normalisation).
 * An unparsable URL gives `[unparsable URL]`, never the input.
 */
export function redactUrl(url: string): string {
  if (!URL.canParse(url)) return UNPARSABLE_URL;
  // The URL parser drops tabs and newlines anywhere and trims spaces and controls: do the
  // same so the patterns below see the URL it sees.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the controls are the point
  const cleaned = url.replace(/[\t\n\r]/g, '').replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '');
  const out = redactUrlParams(cleaned.replace(LEADING_USERINFO, `$1${REDACTED_URL_PART}@`));
  // Belt and braces: whatever the patterns missed must not survive.
  const check = URL.canParse(out) ? new URL(out) : undefined;
  if (!check) return UNPARSABLE_URL;
  const userinfoLeft =
    (check.username !== '' && check.username !== REDACTED_URL_PART) || check.password !== '';
  if (userinfoLeft) return UNPARSABLE_URL;
  for (const [name, value] of check.searchParams) {
    if (SECRET_PARAM_NAME.test(name) && value !== REDACTED_URL_PART) return UNPARSABLE_URL;
  }
  return out;
}

/** Userinfo at the start of a URL: up to the last `@` before the path (as the URL parser). */
const LEADING_USERINFO = /^([a-z][a-z0-9+.-]*:[/\\]*)[^/?#\\]*@/i;

/** Secret-looking `name=value` pairs of a URL's query and fragment, names percent-decoded. */
function redactUrlParams(url: string): string {
  return url.replace(PARAM_PATTERN, (match, sep: string, name: string) =>
    isSecretParamName(name) ? `${sep}${name}=${REDACTED_URL_PART}` : match,
  );
}

function isSecretParamName(name: string): boolean {
  let decoded = name;
  try {
    decoded = decodeURIComponent(name.replace(/\+/g, ' '));
  } catch {
    // Keep the raw name.
  }
  return SECRET_PARAM_NAME.test(decoded) || SECRET_PARAM_NAME.test(name);
}

/**
 * Hides secrets in text headed for a client, a log or an event (upstream error messages):
 * every given secret of at least 6 characters, then well-known key shapes, then credentials
 * in URLs quoted in the text (userinfo, secret-looking query parameters).
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
  out = out.replace(KEY_PATTERN, REDACTED).replace(BEARER_PATTERN, `$1${REDACTED}`);
  if (out.includes('@')) out = out.replace(USERINFO_PATTERN, `$1${REDACTED_URL_PART}@`);
  if (out.includes('=')) out = redactUrlParams(out);
  return out;
}
