import type { BehaviourSource } from './behaviour-source.js';
import { type CachedResponse, cacheKeyOf, captureBody } from './cloudflare-cache.js';
import { sendCloudflareError } from './cloudflare-error.js';
import { answerProvider } from './cloudflare-provider.js';
import { type GatewayRequestOptions, readGatewayOptions } from './cloudflare-request-options.js';
import type { CloudflareRoute } from './cloudflare-route.js';
import type { CloudflareState } from './cloudflare-state.js';
import { answerUniversal } from './cloudflare-universal.js';
import type { Exchange } from './exchange.js';
import { newId } from './ids.js';

/**
 * Answers a request to the fake Cloudflare AI Gateway: checks `cf-aig-authorization` on an
 * authenticated gateway, serves repeated requests from the cache (`cf-aig-cache-status: HIT`),
 * otherwise asks the provider fake (or the universal endpoint's steps), stores a successful
 * answer when caching is on, and writes the gateway log.
 */
export async function answerCloudflare(
  cloudflare: CloudflareState,
  behaviours: BehaviourSource,
  exchange: Exchange,
  route: CloudflareRoute,
): Promise<void> {
  const { record, res } = exchange;
  const token = cloudflare.options.token;
  if (token !== undefined && record.headers['cf-aig-authorization'] !== `Bearer ${token}`) {
    // https://developers.cloudflare.com/ai-gateway/configuration/authentication/
    sendCloudflareError(res, 401, 2009, 'Unauthorized');
    return;
  }
  const options = readGatewayOptions(requestLevelHeaders(record), cloudflare.options.cacheTtl ?? 0);
  const caching = options.cacheTtl > 0 && !options.skipCache;
  const key = caching
    ? cacheKeyOf(`${route.account}/${route.gateway}`, record, options.cacheKey)
    : undefined;
  const logId = options.collectLog ? newId('', 26) : undefined;
  if (logId) res.setHeader('cf-aig-log-id', logId);
  const hit = key === undefined ? undefined : cloudflare.cache.get(key);
  if (hit) {
    sendCached(exchange, hit);
    log(cloudflare, exchange, route, options, logId, 'HIT');
    return;
  }
  res.setHeader('cf-aig-cache-status', 'MISS');
  const body = captureBody(res);
  res.once('finish', () => {
    if (key !== undefined && res.statusCode >= 200 && res.statusCode < 300) {
      const headers = stringHeaders(res.getHeaders());
      cloudflare.cache.set(
        key,
        { status: res.statusCode, headers, body: body() },
        options.cacheTtl,
      );
    }
    log(cloudflare, exchange, route, options, logId, 'MISS');
  });
  if (route.provider === undefined) await answerUniversal(behaviours, exchange);
  else await answerProvider(behaviours, exchange, route);
}

/**
 * The universal endpoint also reads gateway headers set on its first step (provider level wins
 * over request level); the provider endpoints read the request's own.
 */
function requestLevelHeaders(record: Exchange['record']): Record<string, string> {
  const first = Array.isArray(record.body) ? record.body[0]?.headers : undefined;
  if (!first || typeof first !== 'object') return record.headers;
  const stepHeaders: Record<string, string> = {};
  for (const [name, value] of Object.entries(first)) {
    if (typeof value === 'string') stepHeaders[name.toLowerCase()] = value;
  }
  return { ...record.headers, ...stepHeaders };
}

function sendCached(exchange: Exchange, cached: CachedResponse): void {
  const { 'content-length': _length, ...headers } = cached.headers;
  exchange.res.writeHead(cached.status, {
    ...headers,
    'content-length': cached.body.length,
    'cf-aig-cache-status': 'HIT',
  });
  exchange.res.end(cached.body);
}

function stringHeaders(headers: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return out;
}

function log(
  cloudflare: CloudflareState,
  exchange: Exchange,
  route: CloudflareRoute,
  options: GatewayRequestOptions,
  logId: string | undefined,
  cacheStatus: 'HIT' | 'MISS',
): void {
  if (logId === undefined) return;
  const stepHeader = exchange.res.getHeader('cf-aig-step');
  const step = stepHeader === undefined ? undefined : Number(stepHeader);
  const served = step === undefined ? exchange.record.body : exchange.record.body?.[step]?.query;
  cloudflare.logs.push({
    id: logId,
    account: route.account,
    gateway: route.gateway,
    provider: step === undefined ? route.provider : exchange.record.body?.[step]?.provider,
    model: typeof served?.model === 'string' ? served.model : undefined,
    step,
    status: exchange.res.statusCode,
    cacheStatus,
    metadata: options.metadata,
  });
}
