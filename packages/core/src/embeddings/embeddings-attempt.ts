import type { ProviderSpec } from '../catalog/providers';
import type { ChatTarget } from '../chat/chat-targets';
import type { GenerateAdapter } from '../engine/call-adapter';
import type { AttemptContext } from '../engine/execute-with-fallback';
import {
  DEFAULT_MAX_RESPONSE_BYTES,
  readCappedText,
  unusableAnswer,
  upstreamHttpError,
} from '../upstream/read-upstream-response';
import { buildUpstreamHeaders } from '../upstream/upstream-headers';
import { joinUrl } from '../util/join-url';
import type { EmbeddingsRequest, EmbeddingsUsage } from './embeddings-request';

/** What every attempt of one embeddings call shares (built once per call). */
export interface EmbeddingsCall {
  body: EmbeddingsRequest;
  secrets: readonly (string | undefined)[];
  fetch: typeof fetch | undefined;
  maxResponseBytes: number | undefined;
}

/** An embeddings answer: the upstream's JSON text (forwarded as it is) and its usage. */
export interface EmbeddingsAnswer {
  text: string;
  usage: EmbeddingsUsage | undefined;
}

/**
 * The embeddings endpoint of an OpenAI-wire provider: beside its chat endpoint
 * (`/v1/chat/completions` → `/v1/embeddings`, `/chat/completions` → `/embeddings`).
 * https://platform.openai.com/docs/api-reference/embeddings/create
 */
export function embeddingsPath(provider: ProviderSpec): string {
  return provider.chatPath.replace(/\/chat\/completions$/, '/embeddings');
}

/** The embeddings face of the engine: one POST per attempt, usage from the answer. */
export function embeddingsAdapter(
  call: EmbeddingsCall,
): GenerateAdapter<ChatTarget, EmbeddingsAnswer> {
  return {
    attempt: (target, ctx) => attemptEmbeddings(call, target, ctx),
    usage: ({ usage }) => ({
      usage:
        usage?.prompt_tokens === undefined
          ? undefined
          : { inputTokens: usage.prompt_tokens, outputTokens: 0 },
      outputChars: () => 0,
    }),
  };
}

async function attemptEmbeddings(
  call: EmbeddingsCall,
  target: ChatTarget,
  ctx: AttemptContext,
): Promise<EmbeddingsAnswer> {
  if (target.missingKey) throw target.missingKey;
  const { provider } = target;
  const headers = buildUpstreamHeaders(provider, target.apiKey, target.headers, 'application/json');
  const doFetch = call.fetch ?? globalThis.fetch;
  const response = await doFetch(joinUrl(target.baseURL, embeddingsPath(provider)), {
    method: 'POST',
    headers,
    body: JSON.stringify({ ...call.body, model: target.upstreamModel }),
    signal: ctx.signal,
  });
  const secrets = [target.apiKey, ...call.secrets];
  if (!response.ok) throw await upstreamHttpError(response, provider.id, secrets);
  const max = call.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const text = await readCappedText(response, max, provider.id);
  let parsed: { data?: unknown; usage?: EmbeddingsUsage } | undefined;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw unusableAnswer(provider.id, 'returned a body that is not JSON');
  }
  if (!Array.isArray(parsed?.data)) throw unusableAnswer(provider.id, 'returned no embeddings');
  return { text, usage: parsed.usage };
}
