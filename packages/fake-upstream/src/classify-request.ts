import type { RequestKind } from './recorded-request.js';

/** Matches by path suffix so any provider base-URL prefix works. */
export function classifyRequest(method: string, path: string): RequestKind {
  const p = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  if (method === 'POST' && p.endsWith('/chat/completions')) return 'openai-chat';
  if (method === 'POST' && p.endsWith('/v1/messages')) return 'anthropic-messages';
  if (method === 'GET' && p.endsWith('/models')) return 'models';
  if (method === 'POST' && p.endsWith('/embeddings')) return 'embeddings';
  return 'other';
}
