import type { TranscriptionModelV2 } from '@ai-sdk/provider';
import { type TokenUsage, transcriptionUnitCosts } from '@stereos/core';
import { describeTarget, StereosKindModel } from './stereos-model-call';

type TranscribeOptions = Parameters<TranscriptionModelV2['doGenerate']>[0];
type TranscribeResult = Awaited<ReturnType<TranscriptionModelV2['doGenerate']>>;

/**
 * Audio bytes per input token assumed for the budget reservation (and for an event's estimate
 * when the answer reports no tokens): OpenAI bills gpt-4o-transcribe about 1,000 audio tokens a
 * minute; 500 bytes a token bounds audio of 64 kbit/s and more.
 * https://platform.openai.com/docs/pricing#transcription-and-speech-generation
 */
const AUDIO_BYTES_PER_TOKEN = 500;

const NO_TOKENS = { inputTokens: 0, outputTokens: 0 };

/**
 * A `TranscriptionModelV2` over an ordered list of targets, through the core call engine:
 * budgets, retries, fallback and one `transcriptions` event with the tokens the answer reports
 * (gpt-4o-transcribe) and the audio seconds (whisper-1's `usage.seconds`, or the duration).
 */
export class StereosTranscriptionModel
  extends StereosKindModel<TranscriptionModelV2>
  implements TranscriptionModelV2
{
  doGenerate(options: TranscribeOptions): Promise<TranscribeResult> {
    const bytes = audioBytes(options.audio);
    const unitCosts = (target: { provider: string; model: string }) =>
      transcriptionUnitCosts(target, bytes, this.context.unitPrices);
    return this.run(options, {
      operation: 'transcriptions',
      unitCosts,
      estimateInputTokens: () => Math.ceil(bytes / AUDIO_BYTES_PER_TOKEN),
      attempt: (model, attempt) => model.doGenerate(attempt),
      usage: (result, target) => {
        const reported = transcriptionUsage(result.response.body);
        const audioSeconds = reported.seconds ?? result.durationInSeconds;
        const units = audioSeconds === undefined ? undefined : { audioSeconds };
        return {
          usage: reported.tokens ?? (reported.seconds === undefined ? undefined : NO_TOKENS),
          outputChars: () => result.text.length,
          units,
          costUsd: unitCosts(describeTarget(target)).costUsd(units ?? {}),
        };
      },
      headers: (result) => result.response.headers,
    });
  }
}

/** Size of the audio: bytes, or the bytes a base64 string decodes to. */
function audioBytes(audio: Uint8Array | string): number {
  return typeof audio === 'string' ? Math.floor((audio.length * 3) / 4) : audio.byteLength;
}

/**
 * The answer's `usage`: `{ type: 'tokens', input_tokens, output_tokens }` (gpt-4o-transcribe) or
 * `{ type: 'duration', seconds }` (whisper-1).
 * https://platform.openai.com/docs/api-reference/audio/json-object
 */
export function transcriptionUsage(body: unknown): { tokens?: TokenUsage; seconds?: number } {
  const usage = (body as { usage?: Record<string, unknown> } | undefined)?.usage;
  if (!usage || typeof usage !== 'object') return {};
  const { input_tokens: input, output_tokens: output, seconds } = usage;
  const result: { tokens?: TokenUsage; seconds?: number } = {};
  if (typeof input === 'number' && typeof output === 'number') {
    result.tokens = { inputTokens: input, outputTokens: output };
  }
  if (typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0) {
    result.seconds = seconds;
  }
  return result;
}
