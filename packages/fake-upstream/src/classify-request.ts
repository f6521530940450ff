import { cloudflareRouteOf } from './cloudflare-route.js';
import type { RecordedRequest, RequestKind } from './recorded-request.js';
import { VERCEL_PATHS } from './vercel-gateway.js';

/** Matches by path suffix so any provider base-URL prefix works. */
export function classifyRequest(method: string, path: string): RequestKind {
  const p = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  if (method === 'POST' && p.endsWith(VERCEL_PATHS.languageModel)) return 'vercel-language-model';
  if (method === 'POST' && p.endsWith(VERCEL_PATHS.embeddingModel)) return 'vercel-embedding-model';
  if (method === 'POST' && p.endsWith(VERCEL_PATHS.chat)) return 'vercel-chat';
  if (method === 'POST' && p.endsWith('/chat/completions')) return 'openai-chat';
  if (method === 'POST' && p.endsWith('/v1/messages')) return 'anthropic-messages';
  if (method === 'GET' && p.endsWith('/models')) return 'models';
  if (method === 'POST' && p.endsWith('/embeddings')) return 'embeddings';
  if (method === 'POST' && p.endsWith('/responses')) return 'openai-responses';
  if (method === 'POST' && /\/images\/(generations|edits)$/.test(p)) return 'images';
  if (method === 'POST' && p.endsWith('/audio/speech')) return 'speech';
  if (method === 'POST' && /\/audio\/(transcriptions|translations)$/.test(p))
    return 'transcriptions';
  if (method === 'POST' && p.endsWith('/moderations')) return 'moderations';
  return 'other';
}

/** After the body is read: Cloudflare's universal endpoint is a POST of a JSON array of steps. */
export function classifyWithBody(record: RecordedRequest): RequestKind {
  const route = record.kind === 'other' ? cloudflareRouteOf(record) : undefined;
  return route && route.provider === undefined ? 'cloudflare-universal' : record.kind;
}
