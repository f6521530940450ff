import { createGatewayProvider } from '@ai-sdk/gateway';
import type { LanguageModelV2, LanguageModelV2CallOptions } from '@ai-sdk/provider';
import type { FetchFunction } from '@ai-sdk/provider-utils';
import { vercelAttemptError } from './vercel-attempt-error';
import { vercelApiKey, vercelBaseURL } from './vercel-endpoint';

/** How a Vercel model reaches the gateway; unset values are read when a call is made. */
export interface VercelModelSettings {
  apiKey?: string | undefined;
  baseURL?: string | undefined;
  headers?: Record<string, string> | undefined;
  fetch?: FetchFunction | undefined;
}

/**
 * `@ai-sdk/gateway`'s model for `modelId`, created afresh for every call so the endpoint and key
 * come from the environment at call time and no state is shared between calls.
 */
export function vercelLanguageModel(
  modelId: string,
  settings: VercelModelSettings,
): LanguageModelV2 {
  const modelForCall = () =>
    createGatewayProvider({
      apiKey: vercelApiKey(settings.apiKey),
      baseURL: vercelBaseURL(settings.baseURL),
      ...(settings.headers ? { headers: settings.headers } : {}),
      ...(settings.fetch ? { fetch: settings.fetch } : {}),
    }).languageModel(modelId);
  return {
    specificationVersion: 'v2',
    provider: 'gateway',
    modelId,
    // The gateway downloads URLs itself, as `@ai-sdk/gateway` declares.
    supportedUrls: { '*/*': [/.*/] },
    doGenerate: (options) => attempt(options, () => modelForCall().doGenerate(options)),
    doStream: (options) => attempt(options, () => modelForCall().doStream(options)),
  };
}

async function attempt<T>(options: LanguageModelV2CallOptions, run: () => PromiseLike<T>) {
  try {
    return await run();
  } catch (error) {
    throw vercelAttemptError(error, options.abortSignal);
  }
}
