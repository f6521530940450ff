import type {
  LanguageModelV2Content,
  LanguageModelV2StreamPart,
  LanguageModelV2Usage,
} from '@ai-sdk/provider';
import type { ProbeResult, StreamTap } from '@stereos/core';
import type { StereosTarget } from './gateway';

const CONTENT_PARTS = new Set<LanguageModelV2StreamPart['type']>([
  'text-delta',
  'reasoning-delta',
  'tool-input-start',
  'tool-input-delta',
  'tool-call',
  'tool-result',
  'file',
  'source',
]);

/** Where a stream part stands for the engine's commit-at-first-content rule. */
export function probeStreamPart(part: LanguageModelV2StreamPart): ProbeResult {
  if (part.type === 'error') return { type: 'error', error: part.error };
  if (part.type === 'finish') return { type: 'finish' };
  return CONTENT_PARTS.has(part.type) ? { type: 'content' } : undefined;
}

/** What a stream emits when it fails after content was sent: the error, then a finish. */
export function lateErrorParts(error: unknown): LanguageModelV2StreamPart[] {
  return [
    { type: 'error', error },
    {
      type: 'finish',
      finishReason: 'error',
      usage: { inputTokens: undefined, outputTokens: undefined, totalTokens: undefined },
    },
  ];
}

/**
 * Usage, finish reason and output size of the parts a caller receives, and what the serving
 * target reports of the answer (cache hit, billed cost).
 */
export function streamPartsTap(
  target: StereosTarget,
  headers: Record<string, string | undefined> | undefined,
): StreamTap<LanguageModelV2StreamPart> {
  let outputChars = 0;
  let finish: Extract<LanguageModelV2StreamPart, { type: 'finish' }> | undefined;
  return {
    observe(part) {
      outputChars += outputCharsOf(part);
      if (part.type === 'finish') finish = part;
    },
    result: () => ({
      usage: tokenUsage(finish?.usage),
      finishReason: finish?.finishReason,
      outputChars: () => outputChars,
      ...target.reportAnswer?.({ headers, providerMetadata: finish?.providerMetadata }),
    }),
  };
}

/** AI SDK usage as token counts; undefined when the upstream reported none. */
export function tokenUsage(usage: LanguageModelV2Usage | undefined) {
  if (usage?.inputTokens === undefined && usage?.outputTokens === undefined) return undefined;
  return {
    inputTokens: usage.inputTokens ?? 0,
    outputTokens: usage.outputTokens ?? 0,
    cachedInputTokens: usage.cachedInputTokens,
    reasoningTokens: usage.reasoningTokens,
  };
}

/**
 * Characters of generated output in a part, for a usage estimate when none is reported. Tool
 * input is counted once, from the finished `tool-call`.
 */
function outputCharsOf(part: LanguageModelV2StreamPart): number {
  switch (part.type) {
    case 'text-delta':
    case 'reasoning-delta':
      return part.delta.length;
    case 'tool-call':
      return part.input.length;
    default:
      return 0;
  }
}

/** Characters of generated content in a `doGenerate` result. */
export function contentChars(content: readonly LanguageModelV2Content[]): number {
  let chars = 0;
  for (const part of content) {
    if (part.type === 'text' || part.type === 'reasoning') chars += part.text.length;
    else if (part.type === 'tool-call') chars += part.input.length;
  }
  return chars;
}
