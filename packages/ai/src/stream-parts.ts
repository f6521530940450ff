import type { LanguageModelV2StreamPart } from '@ai-sdk/provider';
import type { ProbeResult } from '@stereos/core';

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

/** Where a stream part stands for the commit-at-first-content rule. */
export function probeStreamPart(part: LanguageModelV2StreamPart): ProbeResult {
  if (part.type === 'error') return { type: 'error', error: part.error };
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
 * Characters of generated output in a part, for a usage estimate when none is reported. Tool
 * input is counted once, from the finished `tool-call`.
 */
export function outputCharsOf(part: LanguageModelV2StreamPart): number {
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
