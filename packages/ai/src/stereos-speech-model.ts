import type { SpeechModelV2 } from '@ai-sdk/provider';
import { speechUnitCosts, tokensOfChars } from '@stereos/core';
import { describeTarget, StereosKindModel } from './stereos-model-call';

type SpeechOptions = Parameters<SpeechModelV2['doGenerate']>[0];
type SpeechResult = Awaited<ReturnType<SpeechModelV2['doGenerate']>>;

/**
 * A `SpeechModelV2` over an ordered list of targets, through the core call engine: budgets
 * (reserved on the text), retries, fallback and one `speech` event with the input characters
 * (tts-1 is priced by them). The audio answer reports no tokens: the event's are estimated.
 */
export class StereosSpeechModel extends StereosKindModel<SpeechModelV2> implements SpeechModelV2 {
  doGenerate(options: SpeechOptions): Promise<SpeechResult> {
    const inputCharacters = options.text.length;
    const unitCosts = (target: { provider: string; model: string }) =>
      speechUnitCosts(target, inputCharacters, this.context.unitPrices);
    return this.run(options, {
      operation: 'speech',
      unitCosts,
      estimateInputTokens: () =>
        tokensOfChars(inputCharacters + (options.instructions?.length ?? 0)),
      attempt: (model, attempt) => model.doGenerate(attempt),
      usage: (_result, target) => ({
        usage: undefined,
        outputChars: () => 0,
        units: { inputCharacters },
        costUsd: unitCosts(describeTarget(target)).costUsd({}),
      }),
      headers: (result) => result.response.headers,
    });
  }
}
