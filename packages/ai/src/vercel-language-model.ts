import type { LanguageModelV2, LanguageModelV2CallOptions } from '@ai-sdk/provider';
import { vercelAttemptError } from './vercel-attempt-error';
import { type VercelModelSettings, vercelGatewayProvider } from './vercel-gateway-provider';

export type { VercelModelSettings } from './vercel-gateway-provider';

/**
 * `@ai-sdk/gateway`'s model for `modelId`, created afresh for every call so the endpoint and key
 * come from the environment at call time and no state is shared between calls.
 */
export function vercelLanguageModel(
  modelId: string,
  settings: VercelModelSettings,
): LanguageModelV2 {
  const modelForCall = () => vercelGatewayProvider(settings).languageModel(modelId);
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
