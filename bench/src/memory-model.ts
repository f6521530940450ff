import type { LanguageModelV2, LanguageModelV2StreamPart } from '@ai-sdk/provider';

/**
 * A model answering from memory, named like an OpenAI chat model so a Stereos model around it
 * prices its usage exactly as for the real one. Wrapping it isolates Stereos' own CPU per call:
 * no sockets, no JSON, nothing else to vary.
 */
const usage = { inputTokens: 14, outputTokens: 8, totalTokens: 22 };
const words = ['Hello', ' there,', ' how', ' are', ' you', ' today?'];

export const memoryModel: LanguageModelV2 = {
  specificationVersion: 'v2',
  provider: 'openai.chat',
  modelId: 'gpt-4o-mini',
  supportedUrls: {},
  async doGenerate() {
    return {
      content: [{ type: 'text', text: words.join('') }],
      finishReason: 'stop',
      usage,
      warnings: [],
    };
  },
  async doStream() {
    const parts: LanguageModelV2StreamPart[] = [
      { type: 'stream-start', warnings: [] },
      { type: 'text-start', id: '0' },
      ...words.map((delta): LanguageModelV2StreamPart => ({ type: 'text-delta', id: '0', delta })),
      { type: 'text-end', id: '0' },
      { type: 'finish', finishReason: 'stop', usage },
    ];
    return {
      stream: new ReadableStream({
        start(controller) {
          for (const part of parts) controller.enqueue(part);
          controller.close();
        },
      }),
    };
  },
};
