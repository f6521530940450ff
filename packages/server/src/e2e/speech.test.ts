import { fakeSpeechAudio } from '@stereos/fake-upstream';
import { describe, expect, it } from 'vitest';
import { useE2EServer } from '../testing/e2e-server';
import { createKey, MASTER_KEY } from '../testing/governance';

/** `POST /v1/audio/speech` through the server with the openai SDK: audio streamed back. */
const { server, upstream: up } = useE2EServer({
  apiKey: 'gw-speech-key-1',
  env: {
    GATEWAY_API_KEYS: 'gw-speech-key-1',
    STEREOS_MASTER_KEY: MASTER_KEY,
    OPENAI_API_KEY: 'sk-openai-env-key-123',
    GROQ_API_KEY: 'gsk-env-key-123',
  },
});

const client = (apiKey?: string) => server.openai(apiKey);

describe('openai SDK → server → audio.speech.create', () => {
  it('streams the audio back byte for byte, with its content type; priced per character', async () => {
    const input = 'Hello from the gateway. '.repeat(10);
    const response = await client().audio.speech.create({
      model: 'tts-1',
      voice: 'alloy',
      input,
    });
    expect(response.headers.get('content-type')).toBe('audio/mpeg');
    expect(response.headers.get('x-stereos-provider')).toBe('openai');
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(bytes.byteLength).toBeGreaterThan(64 * 1024); // several upstream chunks
    expect(Buffer.from(bytes).equals(Buffer.from(fakeSpeechAudio(input, 'mp3')))).toBe(true);
    expect(up.requests[0]!.path).toBe('/v1/audio/speech');
    expect(up.requests[0]!.body).toMatchObject({ model: 'tts-1', voice: 'alloy', input });
    const event = await server.app.events.waitFor((e) => e.operation === 'speech');
    expect(event).toMatchObject({
      status: 'success',
      stream: true,
      provider: 'openai',
      model: 'tts-1',
      inputCharacters: input.length,
      costUsd: (input.length * 15) / 1e6, // tts-1: $15 / 1M characters
    });
    expect(event.timeToFirstTokenMs).toBeGreaterThanOrEqual(0);
  });

  it('keeps the content type of the response_format (opus), routed to Groq by prefix', async () => {
    const response = await client().audio.speech.create({
      model: 'groq/playai-tts',
      voice: 'Fritz-PlayAI',
      input: 'hi',
      response_format: 'opus',
    });
    expect(response.headers.get('content-type')).toBe('audio/opus');
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.equals(Buffer.from(fakeSpeechAudio('hi', 'opus')))).toBe(true);
    expect(up.requests[0]!.path).toBe('/openai/v1/audio/speech');
    expect(up.requests[0]!.body.model).toBe('playai-tts');
  });

  it('refuses Mistral (no speech endpoint) and an input over 4096 characters with 400s', async () => {
    const refused = await client()
      .audio.speech.create({ model: 'mistral/voxtral', voice: 'alloy', input: 'x' })
      .catch((e) => e);
    expect(refused.status).toBe(400);
    expect(refused.error).toMatchObject({ code: 'unsupported_endpoint', param: 'model' });
    expect(refused.message).toContain(
      'Provider mistral has no speech endpoint (POST /v1/audio/speech)',
    );
    const long = await client()
      .audio.speech.create({ model: 'tts-1', voice: 'alloy', input: 'x'.repeat(4097) })
      .catch((e) => e);
    expect(long.status).toBe(400);
    expect(long.error).toMatchObject({ param: 'input' });
    expect(up.requests).toHaveLength(0);
    expect(server.app.events.events().map((e) => [e.operation, e.status])).toEqual([
      ['speech', 'invalid_request'],
      ['speech', 'invalid_request'],
    ]);
  });

  it('a virtual key not allowed the model gets 403; past its budget 402', async () => {
    const narrow = await createKey(server.app, { models: ['gpt-4o*'] });
    const forbidden = await client(narrow.key)
      .audio.speech.create({ model: 'tts-1', voice: 'alloy', input: 'x' })
      .catch((e) => e);
    expect(forbidden.status).toBe(403);
    const poor = await createKey(server.app, { budget: { limit_usd: 0.00001, period: 'total' } });
    const broke = await client(poor.key)
      .audio.speech.create({ model: 'tts-1-hd', voice: 'alloy', input: 'x'.repeat(1000) })
      .catch((e) => e);
    expect(broke.status).toBe(402); // 1000 characters at $30 / 1M = $0.03
    expect(up.requests).toHaveLength(0);
    expect(server.app.events.events().map((e) => e.status)).toEqual([
      'unauthorized',
      'budget_exceeded',
    ]);
  });
});
