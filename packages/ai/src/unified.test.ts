import { type FakeUpstream, startFakeUpstream } from '@stereos/fake-upstream';
import { generateText } from 'ai-v5';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStereos } from './stereos-provider';

let upstream: FakeUpstream;
beforeAll(async () => {
  upstream = await startFakeUpstream();
});
afterAll(() => upstream.close());

describe('the unified gateway', () => {
  it('defaults to $STEREOS_API_BASE/v1 and $STEREOS_VIRTUAL_KEY', async () => {
    process.env['STEREOS_API_BASE'] = `${upstream.url}/`;
    process.env['STEREOS_VIRTUAL_KEY'] = 'sk-stereos-virtual-1';
    try {
      const { text } = await generateText({ model: createStereos()('gpt-4o'), prompt: 'from env' });
      expect(text).toBe('echo: from env');
      const request = upstream.requests.at(-1)!;
      expect(request.path).toBe('/v1/chat/completions');
      expect(request.headers['authorization']).toBe('Bearer sk-stereos-virtual-1');
      expect(request.body.model).toBe('gpt-4o');
    } finally {
      delete process.env['STEREOS_API_BASE'];
      delete process.env['STEREOS_VIRTUAL_KEY'];
    }
  });

  it('gives embedding models of the same endpoint', async () => {
    const model = createStereos({ baseURL: `${upstream.url}/v1`, apiKey: 'k' }).textEmbeddingModel(
      'text-embedding-3-small',
    );
    const result = await model.doEmbed({ values: ['a', 'b'] });
    expect(result.embeddings).toHaveLength(2);
    expect(upstream.requests.at(-1)!.path).toBe('/v1/embeddings');
  });

  it('gives image, transcription and speech models of the same endpoint', () => {
    const stereos = createStereos({ baseURL: `${upstream.url}/v1`, apiKey: 'k' });
    expect(stereos.imageModel('dall-e-3')).toMatchObject({
      provider: 'stereos',
      modelId: 'dall-e-3',
    });
    expect(stereos.transcriptionModel('whisper-1').modelId).toBe('whisper-1');
    expect(stereos.speechModel('tts-1').modelId).toBe('tts-1');
  });
});
