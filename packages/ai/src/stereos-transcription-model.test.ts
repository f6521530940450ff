import { FAKE_TRANSCRIPT } from '@stereos/fake-upstream';
import { experimental_transcribe as transcribe } from 'ai-v5';
import { describe, expect, it } from 'vitest';
import { createStereos } from './stereos-provider';
import { collectEvents } from './testing/collect';
import { failingFetch } from './testing/failing-fetch';
import { useKindTestEnv } from './testing/kind-test-env';

const env = useKindTestEnv();
const { unified, direct } = env;

/** 32,000 bytes starting with an MPEG frame sync: two seconds to the fake. */
const audio = new Uint8Array(32_000);
audio.set([0xff, 0xfb]);

describe('transcriptionModel through the unified gateway', () => {
  it('transcribes and records one transcriptions event with the audio seconds', async () => {
    const usage = collectEvents();
    const result = await transcribe({
      model: unified({ onUsage: usage.onUsage }).transcriptionModel('whisper-1'),
      audio,
      providerOptions: { stereos: { user: 'u-7' } },
    });
    expect(result.text).toBe(FAKE_TRANSCRIPT);
    const request = env.upstream.requests[0]!;
    expect(request.path).toBe('/v1/audio/transcriptions');
    expect(request.headers.authorization).toBe('Bearer sk-stereos-key-1');
    expect(request.headers['x-stereos-user']).toBe('u-7');
    expect(request.upload?.fields['model']).toBe('whisper-1');
    expect(request.upload?.file).toMatchObject({ field: 'file', bytes: audio.byteLength });
    const [event] = await usage.waitFor(1);
    expect(usage.events).toHaveLength(1);
    expect(event).toMatchObject({
      gateway: 'unified',
      operation: 'transcriptions',
      status: 'success',
      provider: 'openai',
      model: 'whisper-1',
      audioSeconds: 2,
      user: 'u-7',
      // whisper-1 is billed $0.006 a minute, by the second; no tokens.
      costUsd: (0.006 * 2) / 60,
      inputTokens: 0,
      usageEstimated: false,
    });
  });

  it('records the tokens a GPT-4o transcribe model reports, and their cost', async () => {
    const usage = collectEvents();
    const result = await transcribe({
      model: unified({ onUsage: usage.onUsage }).transcriptionModel('gpt-4o-transcribe'),
      audio,
    });
    expect(result.text).toBe(FAKE_TRANSCRIPT);
    const [event] = await usage.waitFor(1);
    expect(event).toMatchObject({
      operation: 'transcriptions',
      model: 'gpt-4o-transcribe',
      inputTokens: 25,
      outputTokens: 11,
      usageEstimated: false,
    });
    expect(event!.costUsd).toBeGreaterThan(0);
  });

  it('falls back to the next model when the first answers 500, re-sending the audio', async () => {
    const usage = collectEvents();
    const stereos = unified({ onUsage: usage.onUsage, maxRetries: 0, fetch: failingFetch(1, 500) });
    const result = await transcribe({
      model: stereos.transcriptionModel(['gpt-4o-transcribe', 'whisper-1']),
      audio,
      maxRetries: 0,
    });
    expect(result.text).toBe(FAKE_TRANSCRIPT);
    expect(env.upstream.requests).toHaveLength(1);
    expect(env.upstream.requests[0]!.upload?.file?.bytes).toBe(audio.byteLength);
    const [event] = await usage.waitFor(1);
    expect(event).toMatchObject({
      status: 'success',
      attempts: 2,
      fallbackIndex: 1,
      requestedModel: 'gpt-4o-transcribe',
      model: 'whisper-1',
      audioSeconds: 2,
    });
  });

  it('refuses past the budget before any call', () =>
    env.expectBudgetRefusal('transcriptions', (stereos) =>
      transcribe({ model: stereos.transcriptionModel('gpt-4o-transcribe'), audio, maxRetries: 0 }),
    ));
});

describe('transcriptionModel through the direct gateway', () => {
  it("calls the provider's /audio/transcriptions beside its chat path, with its key", async () => {
    const usage = collectEvents();
    const stereos = createStereos({ gateway: direct(), onUsage: usage.onUsage });
    const result = await transcribe({
      model: stereos.transcriptionModel('groq/whisper-large-v3'),
      audio,
    });
    expect(result.text).toBe(FAKE_TRANSCRIPT);
    const request = env.upstream.requests[0]!;
    expect(request.path).toBe('/openai/v1/audio/transcriptions');
    expect(request.headers.authorization).toBe('Bearer gsk-direct-1');
    expect(request.upload?.fields['model']).toBe('whisper-large-v3');
    const [event] = await usage.waitFor(1);
    expect(event).toMatchObject({
      gateway: 'direct',
      operation: 'transcriptions',
      provider: 'groq',
      model: 'whisper-large-v3',
      audioSeconds: 2,
      status: 'success',
    });
  });

  it('falls back across providers', async () => {
    const usage = collectEvents();
    const stereos = createStereos({
      gateway: direct(failingFetch(1, 502)),
      maxRetries: 0,
      onUsage: usage.onUsage,
    });
    await transcribe({
      model: stereos.transcriptionModel(['openai/whisper-1', 'groq/whisper-large-v3']),
      audio,
    });
    const [event] = await usage.waitFor(1);
    expect(event).toMatchObject({ provider: 'groq', fallbackIndex: 1, attempts: 2 });
  });

  it('refuses a provider without a transcriptions endpoint before any call', () => {
    const stereos = createStereos({ gateway: direct() });
    expect(() => stereos.transcriptionModel('anthropic/claude-sonnet-4-5')).toThrow(
      /Provider anthropic has no transcriptions endpoint \(POST \/v1\/audio\/transcriptions\)/,
    );
  });
});
