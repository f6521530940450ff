import { createParser } from 'eventsource-parser';
import type { StreamTap } from '../engine/call-adapter';
import type { TokenUsage } from '../usage/gateway-event';

/** What an audio answer says it used: tokens (gpt-4o-*), or seconds of audio (whisper-1). */
export interface AudioUsage {
  usage?: TokenUsage | undefined;
  seconds?: number | undefined;
}

/**
 * Reads OpenAI's audio `usage`: `{ type: 'tokens', input_tokens, output_tokens }` or
 * `{ type: 'duration', seconds }`; verbose_json's top-level `duration` counts as seconds too.
 * https://platform.openai.com/docs/api-reference/audio/json-object
 */
export function readAudioUsage(answer: unknown): AudioUsage {
  if (!answer || typeof answer !== 'object') return {};
  const { usage, duration } = answer as { usage?: Record<string, unknown>; duration?: unknown };
  const result: AudioUsage = {};
  if (typeof duration === 'number' && Number.isFinite(duration)) result.seconds = duration;
  if (!usage || typeof usage !== 'object') return result;
  if (typeof usage['seconds'] === 'number' && Number.isFinite(usage['seconds'])) {
    result.seconds = usage['seconds'];
  }
  const input = usage['input_tokens'];
  if (typeof input === 'number') {
    const output = usage['output_tokens'];
    result.usage = { inputTokens: input, outputTokens: typeof output === 'number' ? output : 0 };
  }
  return result;
}

/**
 * Watches an answer streamed on as bytes for its usage: an SSE answer (`stream=true`
 * transcriptions, `stream_format: 'sse'` speech) carries it in its final event; a binary one
 * (audio) carries none.
 */
export function audioUsageTap(
  contentType: string,
  result: (usage: AudioUsage, bytes: number) => ReturnType<StreamTap<Uint8Array>['result']>,
): StreamTap<Uint8Array> {
  let found: AudioUsage = {};
  let bytes = 0;
  const sse = contentType.toLowerCase().startsWith('text/event-stream');
  const decoder = new TextDecoder();
  const parser = sse
    ? createParser({
        onEvent(event) {
          if (!event.data.includes('"usage"') && !event.data.includes('"duration"')) return;
          try {
            const usage = readAudioUsage(JSON.parse(event.data));
            if (usage.usage || usage.seconds !== undefined) found = usage;
          } catch {}
        },
      })
    : undefined;
  return {
    observe(chunk) {
      bytes += chunk.byteLength;
      parser?.feed(decoder.decode(chunk, { stream: true }));
    },
    result: () => result(found, bytes),
  };
}
