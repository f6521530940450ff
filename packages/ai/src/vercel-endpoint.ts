import { processEnv } from './environment';

/** The AI Gateway's AI SDK endpoint (`…/language-model` is posted to below it). */
export const VERCEL_GATEWAY_BASE_URL = 'https://ai-gateway.vercel.sh/v1/ai';

/**
 * The base URL `@ai-sdk/gateway` posts to: `baseURL`, else `$AI_GATEWAY_URL`, else Vercel's.
 * Read when a call is made. Other forms of the same endpoint are accepted and mapped onto the
 * AI SDK's base: an origin (`https://ai-gateway.vercel.sh`), the OpenAI-compatible base
 * (`…/v1`) or its chat URL (`…/v1/chat/completions`) all become `…/v1/ai`.
 * https://vercel.com/docs/ai-gateway/openai-compat
 */
export function vercelBaseURL(baseURL: string | undefined): string {
  const configured = baseURL ?? processEnv()['AI_GATEWAY_URL']?.trim();
  if (!configured) return VERCEL_GATEWAY_BASE_URL;
  let url = configured.replace(/\/+$/, '').replace(/\/chat\/completions$/, '');
  if (/^https?:\/\/[^/]+$/.test(url)) url += '/v1';
  return url.endsWith('/v1') ? `${url}/ai` : url;
}

/**
 * The API key to send, as Vercel documents the order: an explicit key, else
 * `$AI_GATEWAY_API_KEY`. Without either, `@ai-sdk/gateway` uses the Vercel OIDC token
 * (`VERCEL_OIDC_TOKEN`, or the request's token on Vercel Functions).
 * https://vercel.com/docs/ai-gateway/authentication-and-byok
 */
export function vercelApiKey(apiKey: string | undefined): string | undefined {
  return apiKey || processEnv()['AI_GATEWAY_API_KEY'] || undefined;
}

/** Credentials a Vercel target may send, for redaction. */
export function vercelSecrets(apiKey: string | undefined): (string | undefined)[] {
  const env = processEnv();
  return [apiKey, env['AI_GATEWAY_API_KEY'], env['VERCEL_OIDC_TOKEN']];
}
