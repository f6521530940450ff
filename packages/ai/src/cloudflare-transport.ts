import { APICallError } from '@ai-sdk/provider';
import type { FetchFunction } from '@ai-sdk/provider-utils';
import { ConfigurationError } from '@stereos/core';
import { processEnv } from './environment';

/** Where and how a Cloudflare AI Gateway is reached. */
export interface CloudflareConnection {
  /** The universal endpoint: `{baseURL}/{account_id}/{gateway_id}`. */
  url: string;
  /** The gateway token (`cf-aig-authorization`), for authenticated gateways and unified billing. */
  token: string | undefined;
  fetch: FetchFunction;
}

export const DEFAULT_CLOUDFLARE_BASE_URL = 'https://gateway.ai.cloudflare.com/v1';

/**
 * The connection for a call, settings first, then `CLOUDFLARE_ACCOUNT_ID`, `CLOUDFLARE_GATEWAY_ID`
 * and `CF_AIG_TOKEN` read now (so env set after import counts). A missing account or gateway is a
 * `ConfigurationError` that says what to set.
 */
export function resolveConnection(settings: {
  accountId?: string | undefined;
  gateway?: string | undefined;
  apiKey?: string | undefined;
  baseURL?: string | undefined;
  fetch?: FetchFunction | undefined;
}): CloudflareConnection {
  const env = processEnv();
  const accountId = settings.accountId ?? env['CLOUDFLARE_ACCOUNT_ID']?.trim();
  const gateway = settings.gateway ?? env['CLOUDFLARE_GATEWAY_ID']?.trim();
  if (!accountId || !gateway) {
    const missing = [
      accountId ? undefined : 'CLOUDFLARE_ACCOUNT_ID (your Cloudflare account id)',
      gateway ? undefined : 'CLOUDFLARE_GATEWAY_ID (the AI Gateway name)',
    ].filter(Boolean);
    throw new ConfigurationError(
      `Cloudflare AI Gateway is not configured: set ${missing.join(' and ')}, or pass ` +
        'accountId and gateway to createCloudflareGateway().',
    );
  }
  const base = (settings.baseURL ?? DEFAULT_CLOUDFLARE_BASE_URL).replace(/\/+$/, '');
  return {
    url: `${base}/${encodeURIComponent(accountId)}/${encodeURIComponent(gateway)}`,
    token: settings.apiKey ?? (env['CF_AIG_TOKEN']?.trim() || undefined),
    fetch: settings.fetch ?? ((url, init) => globalThis.fetch(url, init)),
  };
}

/**
 * One call's transport to the universal endpoint, handed to `ai-gateway-provider` as its `binding`
 * (an object whose `run(steps)` returns a `Response`). Its own fetch path posts to a hard-coded
 * URL with the global `fetch`; this seam keeps Stereos' base URL, fetch, the call's abort signal
 * and the gateway headers, and patches no global. It also keeps a failed answer, so a failure the
 * library reports without a status (401 `AiGatewayUnauthorizedError`, …) can be given one.
 */
export class UniversalTransport {
  private failure:
    | { status: number; headers: Record<string, string>; body: Promise<string> }
    | undefined;

  constructor(
    private readonly connection: CloudflareConnection,
    private readonly headers: Record<string, string>,
    private readonly signal: AbortSignal | undefined,
  ) {}

  readonly binding = { run: (steps: unknown) => this.post(steps) };

  private async post(steps: unknown): Promise<Response> {
    const { url, token, fetch } = this.connection;
    // Request-level gateway headers apply to every step
    // (https://developers.cloudflare.com/ai-gateway/glossary/#configuration-hierarchy).
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...this.headers,
        ...(token ? { 'cf-aig-authorization': `Bearer ${token}` } : {}),
      },
      body: JSON.stringify(steps),
      signal: this.signal,
    });
    if (!response.ok) {
      this.failure = {
        status: response.status,
        headers: Object.fromEntries(response.headers),
        body: response
          .clone()
          .text()
          .catch(() => ''),
      };
    }
    return response;
  }

  /** An error as an `APICallError` with the gateway's status, when the gateway answered one. */
  async explain(error: unknown): Promise<unknown> {
    if (APICallError.isInstance(error) || !this.failure) return error;
    const { status, headers } = this.failure;
    const body = (await this.failure.body).slice(0, 4_000);
    const reason = messageOf(body) ?? (error instanceof Error ? error.message : String(error));
    const hint =
      status === 401
        ? ' Check the gateway token: set CF_AIG_TOKEN or pass apiKey to createCloudflareGateway().'
        : '';
    return new APICallError({
      message: `Cloudflare AI Gateway answered ${status}: ${reason}.${hint}`,
      url: this.connection.url,
      requestBodyValues: undefined,
      statusCode: status,
      responseHeaders: headers,
      responseBody: body,
      cause: error,
      isRetryable: status === 408 || status === 409 || status === 429 || status >= 500,
    });
  }
}

/** The message of Cloudflare's envelope (`{ error: [{ code, message }] }`) or an OpenAI error. */
function messageOf(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { error?: unknown };
    const error = Array.isArray(parsed.error) ? parsed.error[0] : parsed.error;
    const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
    if (typeof message !== 'string') return undefined;
    return typeof code === 'number' ? `${message} (code ${code})` : message;
  } catch {
    return undefined;
  }
}
