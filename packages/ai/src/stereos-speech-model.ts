import type { SpeechModelV2 } from '@ai-sdk/provider';
import { type CallEngine, speechUnitCosts, tokensOfChars } from '@stereos/core';
import type { StereosModelTarget } from './gateway';
import { readStereosCallOptions } from './stereos-call-options';
import {
  attemptOptions,
  attemptsHeader,
  describeTarget,
  modelCallSpec,
  runModelCall,
} from './stereos-model-call';

type SpeechOptions = Parameters<SpeechModelV2['doGenerate']>[0];
type SpeechResult = Awaited<ReturnType<SpeechModelV2['doGenerate']>>;

/**
 * A `SpeechModelV2` over an ordered list of targets, through the core call engine: budgets
 * (reserved on the text), retries, fallback and one `speech` event with the input characters
 * (tts-1 is priced by them). The audio answer reports no tokens: the event's are estimated.
 */
export class StereosSpeechModel implements SpeechModelV2 {
  readonly specificationVersion = 'v2';
  readonly provider = 'stereos';
  readonly modelId: string;

  constructor(
    private readonly targets: readonly StereosModelTarget<SpeechModelV2>[],
    private readonly engine: CallEngine,
  ) {
    this.modelId = targets.map((t) => t.modelId).join(',');
  }

  doGenerate(options: SpeechOptions): Promise<SpeechResult> {
    const call = readStereosCallOptions(options);
    const inputCharacters = options.text.length;
    const spec = modelCallSpec(this.targets, {
      operation: 'speech',
      call,
      unitCosts: (target) => speechUnitCosts(target, inputCharacters),
      signal: options.abortSignal,
      estimateInputTokens: () =>
        tokensOfChars(inputCharacters + (options.instructions?.length ?? 0)),
    });
    return runModelCall(this.engine, spec, {
      attempt: (target, ctx) =>
        target.model.doGenerate(attemptOptions(options, call, target, ctx.signal)),
      usage: (_result, target) => ({
        usage: undefined,
        outputChars: () => 0,
        units: { inputCharacters },
        // tts-1 is billed per character: the cost is known without any tokens.
        costUsd: speechUnitCosts(describeTarget(target), inputCharacters).costUsd({}),
      }),
      gatewayAttempts: (result) => attemptsHeader(result.response.headers),
    });
  }
}
