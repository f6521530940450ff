import { anthropicMessages } from './anthropic-messages.js';
import type { Behaviour } from './behaviour.js';
import type { BehaviourSource } from './behaviour-source.js';
import type { CloudflareRoute } from './cloudflare-route.js';
import type { Exchange } from './exchange.js';
import { openAiChat } from './openai-chat.js';
import { sendOpenAiError } from './openai-error.js';
import type { Protocol } from './protocol.js';
import { runBehaviour } from './run-behaviour.js';

/** The wire a provider endpoint speaks, by its path: OpenAI Chat Completions or Anthropic Messages. */
export function protocolFor(endpoint: string): Protocol | undefined {
  const path = endpoint.replace(/\/+$/, '');
  if (path === 'chat/completions' || path.endsWith('/chat/completions')) return openAiChat;
  if (path === 'v1/messages') return anthropicMessages;
  return undefined;
}

/**
 * The request as the provider behind the gateway receives it. Cloudflare adds a stored key (BYOK)
 * or bills the call itself (unified billing) when the caller sent no provider key, so a missing
 * Anthropic key is filled in rather than refused.
 */
export function providerExchange(
  exchange: Exchange,
  request: { headers: Record<string, string>; body: unknown; path: string },
): Exchange {
  const headers = { ...request.headers };
  if (!headers['x-api-key'] && !headers.authorization)
    headers['x-api-key'] = 'cloudflare-stored-key';
  return { ...exchange, record: { ...exchange.record, ...request, headers } };
}

/**
 * `POST /v1/{account}/{gateway}/{provider}/{endpoint}`: the provider's own API through the gateway
 * (https://developers.cloudflare.com/ai-gateway/usage/providers/). `compat` is the unified
 * OpenAI-compatible API whose `model` is `{provider}/{model}` or `dynamic/{route}`
 * (https://developers.cloudflare.com/ai-gateway/usage/chat-completion/).
 */
export async function answerProvider(
  behaviours: BehaviourSource,
  exchange: Exchange,
  route: CloudflareRoute,
): Promise<void> {
  const protocol = protocolFor(route.endpoint);
  if (!protocol) {
    const message = `Unknown endpoint ${route.provider}/${route.endpoint}`;
    sendOpenAiError(exchange, { kind: 'error', status: 404, message });
    return;
  }
  const { record } = exchange;
  const model = record.body?.model;
  if (route.provider === 'compat' && !(typeof model === 'string' && /^[^/]+\/.+/.test(model))) {
    const message = `model must be {provider}/{model} or dynamic/{route}, got ${JSON.stringify(model)}`;
    sendOpenAiError(exchange, { kind: 'error', status: 400, message });
    return;
  }
  const upstream = providerExchange(exchange, record);
  if (!protocol.validate(upstream)) return;
  await runBehaviour(upstream, behaviours.next(upstream.record), protocol);
}

/** Whether a behaviour fails the provider call, so the universal endpoint tries the next step. */
export function failsStep(behaviour: Behaviour): boolean {
  return (
    behaviour.kind === 'error' ||
    behaviour.kind === 'drop' ||
    (behaviour.kind === 'raw' && behaviour.status >= 400)
  );
}
