import { fakeSpeechAudio } from '@stereos/fake-upstream';
import { experimental_generateSpeech as generateSpeech } from 'ai-v5';
import { describe, expect, it } from 'vitest';
import { createCloudflareGateway } from './cloudflare';
import { createStereos } from './stereos-provider';
import { collectEvents } from './testing/collect';
import { failingFetch } from './testing/failing-fetch';
import { useKindTestEnv } from './testing/kind-test-env';

const env = useKindTestEnv();
const { unified, direct } = env;

const text = 'Hello from Stereos.';

describe('speechModel through the unified gateway', () => {
  it('returns the audio the upstream sent and records one speech event', async () => {
    const usage = collectEvents();
    const { audio } = await generateSpeech({
      model: unified({ onUsage: usage.onUsage }).speechModel('gpt-4o-mini-tts'),
      text,
      voice: 'alloy',
      outputFormat: 'wav',
      instructions: 'Speak slowly.',
      providerOptions: { stereos: { metadata: { feature: 'tts' } } },
    });
    expect(audio.uint8Array).toEqual(fakeSpeechAudio(text, 'wav'));
    const request = env.upstream.requests[0]!;
    expect(request.path).toBe('/v1/audio/speech');
    expect(request.headers.authorization).toBe('Bearer sk-stereos-key-1');
    expect(request.headers['x-stereos-metadata']).toBe('{"feature":"tts"}');
    expect(request.body).toMatchObject({
      model: 'gpt-4o-mini-tts',
      input: text,
      voice: 'alloy',
      response_format: 'wav',
      instructions: 'Speak slowly.',
    });
    const [event] = await usage.waitFor(1);
    expect(usage.events).toHaveLength(1);
    expect(event).toMatchObject({
      gateway: 'unified',
      operation: 'speech',
      status: 'success',
      provider: 'openai',
      model: 'gpt-4o-mini-tts',
      inputCharacters: text.length,
      // The audio answer reports no tokens.
      usageEstimated: true,
      metadata: { feature: 'tts' },
    });
    expect(event!.inputTokens).toBeGreaterThan(0);
  });

  it('falls back to the next model when the first answers 500', async () => {
    const usage = collectEvents();
    const stereos = unified({ onUsage: usage.onUsage, maxRetries: 0, fetch: failingFetch(1, 500) });
    const { audio } = await generateSpeech({
      model: stereos.speechModel(['gpt-4o-mini-tts', 'tts-1']),
      text,
      maxRetries: 0,
    });
    expect(audio.uint8Array).toEqual(fakeSpeechAudio(text, 'mp3'));
    expect(env.upstream.requests.map((r) => r.body.model)).toEqual(['tts-1']);
    const [event] = await usage.waitFor(1);
    expect(event).toMatchObject({
      operation: 'speech',
      status: 'success',
      attempts: 2,
      fallbackIndex: 1,
      model: 'tts-1',
      inputCharacters: text.length,
    });
  });

  it('refuses past the budget before any call', () =>
    env.expectBudgetRefusal('speech', (stereos) =>
      generateSpeech({ model: stereos.speechModel('gpt-4o-mini-tts'), text, maxRetries: 0 }),
    ));

  it('reports a failure after the retries as one error event', async () => {
    const usage = collectEvents();
    const stereos = unified({
      onUsage: usage.onUsage,
      maxRetries: 1,
      retryBaseDelayMs: 1,
      fetch: failingFetch(5, 503, 'overloaded'),
    });
    const error = await generateSpeech({ model: stereos.speechModel('tts-1'), text }).catch(
      (e) => e,
    );
    expect(error).toMatchObject({ statusCode: 503, isRetryable: false });
    const [event] = await usage.waitFor(1);
    expect(usage.events).toHaveLength(1);
    expect(event).toMatchObject({ status: 'error', attempts: 2, error: { status: 503 } });
  });
});

describe('speechModel through the direct gateway', () => {
  it("calls the provider's /audio/speech with its key and records the event", async () => {
    const usage = collectEvents();
    const stereos = createStereos({ gateway: direct(), onUsage: usage.onUsage });
    const { audio } = await generateSpeech({
      model: stereos.speechModel('openai/tts-1'),
      text,
      voice: 'nova',
    });
    expect(audio.uint8Array).toEqual(fakeSpeechAudio(text, 'mp3'));
    const request = env.upstream.requests[0]!;
    expect(request.path).toBe('/v1/audio/speech');
    expect(request.headers.authorization).toBe('Bearer sk-openai-direct-1');
    expect(request.body).toMatchObject({ model: 'tts-1', voice: 'nova' });
    const [event] = await usage.waitFor(1);
    expect(event).toMatchObject({
      gateway: 'direct',
      operation: 'speech',
      provider: 'openai',
      model: 'tts-1',
      inputCharacters: text.length,
      status: 'success',
      // tts-1 is billed $15 per million characters.
      costUsd: (text.length * 15) / 1e6,
    });
  });

  it("reaches Groq's endpoint beside its chat path", async () => {
    const stereos = createStereos({ gateway: direct() });
    await generateSpeech({ model: stereos.speechModel('groq/playai-tts'), text });
    const request = env.upstream.requests[0]!;
    expect(request.path).toBe('/openai/v1/audio/speech');
    expect(request.headers.authorization).toBe('Bearer gsk-direct-1');
  });

  it('refuses a provider without a speech endpoint before any call', () => {
    const stereos = createStereos({ gateway: direct() });
    expect(() => stereos.speechModel('mistral/voxtral')).toThrow(
      /Provider mistral has no speech endpoint \(POST \/v1\/audio\/speech\)/,
    );
  });
});

describe('gateways without speech models', () => {
  it('Cloudflare says which gateways serve them', () => {
    const stereos = createStereos({
      gateway: createCloudflareGateway({ accountId: 'a', gateway: 'g' }),
    });
    expect(() => stereos.speechModel('openai/tts-1')).toThrow(
      /cloudflare gateway does not serve speech models/,
    );
  });
});

describe('createStereos({ unitPrices })', () => {
  it('prices speech per character for a model OpenAI does not list', async () => {
    const usage = collectEvents();
    const unitPrices = { 'groq/playai-tts': { perMCharactersUsd: 50 } };
    await generateSpeech({
      model: unified({ onUsage: usage.onUsage, unitPrices }).speechModel('groq/playai-tts'),
      text,
    });
    const [event] = await usage.waitFor(1);
    expect(event).toMatchObject({ provider: 'groq', model: 'playai-tts' });
    expect(event!.costUsd).toBeCloseTo((text.length * 50) / 1e6, 12);
  });
});
