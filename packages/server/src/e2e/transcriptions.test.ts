import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FAKE_AUDIO_BYTES_PER_SECOND, FAKE_TRANSCRIPT } from '@stereos/fake-upstream';
import { toFile } from 'openai';
import { beforeEach, describe, expect, it } from 'vitest';
import { createUndiciFetch } from '../node/undici-fetch';
import { useE2EServer } from '../testing/e2e-server';
import { createKey, MASTER_KEY } from '../testing/governance';

/** Answers the next N upstream calls 500, after reading their (streamed) bodies whole. */
let failNext = 0;
/** Answers the next N upstream calls 500 at once, without reading their bodies. */
let failEarly = 0;
/** Upload bytes the upstream has taken so far (every attempt), and the attempts' signals. */
let upstreamBytes = 0;
const attemptSignals: AbortSignal[] = [];
let flakyFetch: typeof fetch;

// This file's own temporary directory, so its spool files are told apart from other tests'.
const spoolRoot = mkdtempSync(join(tmpdir(), 'stereos-spool-test-'));
process.env['TMPDIR'] = spoolRoot;
const spoolDirs = () => readdirSync(spoolRoot).filter((name) => name.startsWith('stereos-upload-'));

const env = {
  GATEWAY_API_KEYS: 'gw-audio-key-1',
  STEREOS_MASTER_KEY: MASTER_KEY,
  OPENAI_API_KEY: 'sk-openai-env-key-123',
  GROQ_API_KEY: 'gsk-env-key-123',
};

/** The undici transport behind `failNext`, `failEarly` and the upload counters. */
function createFlakyFetch(): typeof fetch {
  const undici = createUndiciFetch();
  return async (input, init) => {
    if (init?.signal) attemptSignals.push(init.signal);
    if (failEarly > 0) {
      failEarly--;
      return Response.json(
        { error: { message: 'overloaded', type: 'server_error' } },
        { status: 503 },
      );
    }
    if (init?.body instanceof ReadableStream) init = { ...init, body: counted(init.body) };
    if (failNext <= 0) return undici(input, init);
    failNext--;
    const body = init?.body as ReadableStream<Uint8Array>;
    for await (const _ of body as unknown as AsyncIterable<Uint8Array>) {
      // an upstream that read the upload, then failed
    }
    return Response.json(
      { error: { message: 'upstream down', type: 'server_error' } },
      { status: 500 },
    );
  };
}

/** `POST /v1/audio/transcriptions` and `/translations` through the server with the openai SDK. */
const { server, upstream: up } = useE2EServer(() => {
  flakyFetch = createFlakyFetch();
  return { env, apiKey: 'gw-audio-key-1', deps: { fetch: flakyFetch } };
});
beforeEach(() => {
  failNext = 0;
  failEarly = 0;
  upstreamBytes = 0;
  attemptSignals.length = 0;
});

/** A request body as it goes upstream, its bytes counted as the upstream takes them. */
function counted(body: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const next = await reader.read();
        if (next.done) controller.close();
        else {
          upstreamBytes += next.value.byteLength;
          controller.enqueue(next.value);
        }
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  );
}

/**
 * A multipart upload the test sends piece by piece (`model` first, then the file): `send`
 * queues bytes of the file, `end` closes the form, `abort` drops the connection.
 */
function manualUpload(url: string, fields: Record<string, string> = { model: 'whisper-1' }) {
  const encoder = new TextEncoder();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
  });
  let head = '';
  for (const [name, value] of Object.entries(fields)) {
    head += `--b\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  }
  head += '--b\r\ncontent-disposition: form-data; name="file"; filename="a.mp3"\r\n\r\n';
  controller.enqueue(encoder.encode(head));
  const aborter = new AbortController();
  const response = fetch(url, {
    method: 'POST',
    headers: {
      authorization: 'Bearer gw-audio-key-1',
      'content-type': 'multipart/form-data; boundary=b',
    },
    body,
    duplex: 'half',
    signal: aborter.signal,
  } as RequestInit);
  response.catch(() => {});
  return {
    response,
    send: (bytes: number) => controller.enqueue(new Uint8Array(bytes).fill(9)),
    end: (after = '') => {
      controller.enqueue(encoder.encode(`\r\n${after}--b--\r\n`));
      controller.close();
    },
    abort: () => aborter.abort(),
  };
}

async function until(check: () => boolean, what: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const client = (apiKey?: string) => server.openai(apiKey);

/** Deterministic fake audio of `seconds` at the fake's bytes per second. */
function audio(seconds: number): Buffer {
  const bytes = Buffer.alloc(seconds * FAKE_AUDIO_BYTES_PER_SECOND);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31) & 0xff;
  return bytes;
}

describe('openai SDK → server → audio.transcriptions.create', () => {
  it('json: the file (sent before `model`) streams to the provider whole; token usage recorded', async () => {
    const file = await toFile(audio(3), 'speech.mp3', { type: 'audio/mpeg' });
    const { data, response } = await client()
      .audio.transcriptions.create({ file, model: 'gpt-4o-transcribe' })
      .withResponse();
    expect(data.text).toBe(FAKE_TRANSCRIPT);
    expect(response.headers.get('x-stereos-provider')).toBe('openai');
    expect(Number(response.headers.get('x-stereos-cost-usd'))).toBeGreaterThan(0);
    const request = up.requests[0]!;
    expect(request.path).toBe('/v1/audio/transcriptions');
    expect(request.headers['authorization']).toBe('Bearer sk-openai-env-key-123');
    expect(request.upload).toMatchObject({
      fields: { model: 'gpt-4o-transcribe' },
      file: {
        field: 'file',
        filename: 'speech.mp3',
        contentType: 'audio/mpeg',
        bytes: 3 * FAKE_AUDIO_BYTES_PER_SECOND,
      },
    });
    const usage = (data as unknown as { usage: { input_tokens: number; output_tokens: number } })
      .usage;
    expect(server.app.events.events()).toEqual([
      expect.objectContaining({
        operation: 'transcriptions',
        status: 'success',
        stream: false,
        provider: 'openai',
        model: 'gpt-4o-transcribe',
        inputTokens: usage.input_tokens,
        outputTokens: usage.output_tokens,
        usageEstimated: false,
      }),
    ]);
  });

  it('whisper-1 verbose_json: audio seconds in the event, priced per minute', async () => {
    const file = await toFile(audio(30), 'a.wav', { type: 'audio/wav' });
    const data = await client().audio.transcriptions.create({
      model: 'whisper-1',
      file,
      response_format: 'verbose_json',
      language: 'en',
    });
    expect(data.duration).toBe(30);
    expect(up.requests[0]!.upload!.fields).toEqual({
      model: 'whisper-1',
      response_format: 'verbose_json',
      language: 'en',
    });
    const event = server.app.events.events()[0]!;
    expect(event).toMatchObject({ model: 'whisper-1', audioSeconds: 30, inputTokens: 0 });
    expect(event.costUsd).toBeCloseTo(0.003, 9); // $0.006 / minute
  });

  it('text and srt answers are passed on as text', async () => {
    const file = await toFile(audio(1), 'a.mp3');
    const text = await client().audio.transcriptions.create({
      model: 'gpt-4o-mini-transcribe',
      file,
      response_format: 'text',
    });
    expect(text).toBe(`${FAKE_TRANSCRIPT}\n`);
    const srt = await client().audio.transcriptions.create({
      model: 'whisper-1',
      file: await toFile(audio(1), 'a.mp3'),
      response_format: 'srt',
    });
    expect(srt).toContain('00:00:00,000 -->');
  });

  it('stream: true passes the SSE events on; usage from transcript.text.done', async () => {
    const stream = await client().audio.transcriptions.create({
      model: 'gpt-4o-transcribe',
      stream: true,
      file: await toFile(audio(2), 'a.mp3'),
    });
    const events: { type: string; delta?: string; text?: string }[] = [];
    for await (const event of stream) events.push(event as (typeof events)[number]);
    const deltas = events.filter((e) => e.type === 'transcript.text.delta');
    expect(deltas.map((e) => e.delta).join('')).toBe(FAKE_TRANSCRIPT);
    expect(events.at(-1)).toMatchObject({ type: 'transcript.text.done', text: FAKE_TRANSCRIPT });
    expect(up.requests[0]!.upload!.fields).toMatchObject({ stream: 'true' });
    const event = await server.app.events.waitFor((e) => e.operation === 'transcriptions');
    expect(event).toMatchObject({ status: 'success', stream: true, usageEstimated: false });
    expect(event.inputTokens).toBe(2 * 10 + 5);
  });

  it('translations with whisper-1, and groq/ routed to Groq', async () => {
    const translation = await client().audio.translations.create({
      model: 'whisper-1',
      file: await toFile(audio(1), 'de.mp3'),
    });
    expect(translation.text).toBe(FAKE_TRANSCRIPT);
    expect(up.requests[0]!.path).toBe('/v1/audio/translations');
    await client().audio.transcriptions.create({
      model: 'groq/whisper-large-v3',
      file: await toFile(audio(1), 'a.mp3'),
    });
    expect(up.requests[1]!.path).toBe('/openai/v1/audio/transcriptions');
    expect(up.requests[1]!.upload!.fields['model']).toBe('whisper-large-v3');
    expect(server.app.events.events().map((e) => [e.operation, e.provider])).toEqual([
      ['transcriptions', 'openai'],
      ['transcriptions', 'groq'],
    ]);
  });

  it('a retry after a 5xx sends the whole upload again (replayed from the spool)', async () => {
    failNext = 1;
    const size = 2 * 1024 * 1024; // above the in-memory spool: replayed from the temporary file
    const data = await client().audio.transcriptions.create({
      model: 'gpt-4o-transcribe',
      file: await toFile(Buffer.alloc(size, 7), 'big.mp3'),
    });
    expect(data.text).toBe(FAKE_TRANSCRIPT);
    expect(up.requests).toHaveLength(1);
    expect(up.requests[0]!.upload!.file!.bytes).toBe(size);
    expect(server.app.events.events()[0]).toMatchObject({ status: 'success', attempts: 2 });
  });

  it('stream: true sent after a file that streamed through: the SSE answer is passed on whole', async () => {
    const stream = await client().audio.transcriptions.create({
      model: 'gpt-4o-transcribe',
      file: await toFile(audio(2), 'a.mp3'),
      stream: true,
    });
    const events: { type: string; delta?: string }[] = [];
    for await (const event of stream) events.push(event as (typeof events)[number]);
    expect(events.filter((e) => e.type === 'transcript.text.delta').length).toBeGreaterThan(1);
    expect(events.at(-1)).toMatchObject({ type: 'transcript.text.done', text: FAKE_TRANSCRIPT });
    const event = await server.app.events.waitFor((e) => e.operation === 'transcriptions');
    // The call started (not streaming) before `stream` arrived: usage is still read from the SSE.
    expect(event).toMatchObject({ status: 'success', stream: false, usageEstimated: false });
    expect(event.inputTokens).toBe(2 * 10 + 5);
  });

  it('`model` before `file`: the upload streams through while it arrives, fields after it follow it', async () => {
    const upload = manualUpload(`${server.url}/v1/audio/transcriptions`);
    upload.send(3 * 1024 * 1024);
    // The provider takes the first megabytes while the client has not finished its upload.
    await until(() => upstreamBytes >= 2 * 1024 * 1024, 'the upstream to read the upload');
    upload.send(1024 * 1024);
    upload.end('--b\r\ncontent-disposition: form-data; name="language"\r\n\r\nen\r\n');
    const response = await upload.response;
    expect(response.status).toBe(200);
    expect((await response.json()).text).toBe(FAKE_TRANSCRIPT);
    expect(up.requests[0]!.upload).toMatchObject({
      fields: { model: 'whisper-1', language: 'en' },
      file: { bytes: 4 * 1024 * 1024 },
    });
    expect(server.app.events.events()[0]).toMatchObject({ status: 'success', attempts: 1 });
    await until(() => spoolDirs().length === 0, 'the spool to be removed');
  });

  it('an attempt that fails before reading the upload: the retry replays it whole once it arrived', async () => {
    failEarly = 1;
    const upload = manualUpload(`${server.url}/v1/audio/transcriptions`);
    upload.send(2 * 1024 * 1024);
    await until(() => attemptSignals.length >= 2, 'the retry to start');
    upload.send(1024 * 1024);
    upload.end();
    const response = await upload.response;
    expect(response.status).toBe(200);
    expect(up.requests).toHaveLength(1);
    expect(up.requests[0]!.upload!.file!.bytes).toBe(3 * 1024 * 1024);
    expect(server.app.events.events()[0]).toMatchObject({ status: 'success', attempts: 2 });
    await until(() => spoolDirs().length === 0, 'the spool to be removed');
  });

  it('a bad field after a streamed-through file: 400 naming it, the attempt aborted, recorded', async () => {
    const upload = manualUpload(`${server.url}/v1/audio/transcriptions`);
    upload.send(2 * 1024 * 1024);
    upload.end('--b\r\ncontent-disposition: form-data; name="temperature"\r\n\r\nhot\r\n');
    const response = await upload.response;
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatchObject({ param: 'temperature' });
    expect(attemptSignals).toHaveLength(1);
    expect(attemptSignals[0]!.aborted).toBe(true);
    expect(server.app.events.events()).toEqual([
      expect.objectContaining({ operation: 'transcriptions', attempts: 1 }),
    ]);
    await until(() => spoolDirs().length === 0, 'the spool to be removed');
  });

  it('temporary files are removed after a failed call and after a client disconnect', async () => {
    failNext = 10;
    const failed = await client()
      .audio.transcriptions.create({
        model: 'whisper-1',
        file: await toFile(Buffer.alloc(2 * 1024 * 1024, 3), 'big.mp3'),
      })
      .catch((e) => e);
    expect(failed.status).toBeGreaterThanOrEqual(500);
    await until(() => spoolDirs().length === 0, 'the spool to be removed after a failure');

    failNext = 0;
    const upload = manualUpload(`${server.url}/v1/audio/transcriptions`);
    upload.send(2 * 1024 * 1024);
    await until(() => spoolDirs().length === 1, 'the upload to spill to disk');
    upload.abort();
    await until(() => spoolDirs().length === 0, 'the spool to be removed after a disconnect');
    await until(() => attemptSignals.every((signal) => signal.aborted), 'the attempt to stop');
  });

  it('refuses providers without transcriptions with a 400 naming them, recorded', async () => {
    const error = await client()
      .audio.transcriptions.create({
        model: 'mistral/voxtral-mini',
        file: await toFile(audio(1), 'a.mp3'),
      })
      .catch((e) => e);
    expect(error.status).toBe(400);
    expect(error.error).toMatchObject({ code: 'unsupported_endpoint', param: 'model' });
    expect(error.message).toContain(
      'Provider mistral has no transcriptions endpoint (POST /v1/audio/transcriptions)',
    );
    expect(up.requests).toHaveLength(0);
    expect(server.app.events.events()).toEqual([
      expect.objectContaining({ operation: 'transcriptions', status: 'invalid_request' }),
    ]);
  });

  it('bad forms answer 400 naming the field: no file, no model, bad response_format, not multipart', async () => {
    const post = (body: BodyInit, headers: Record<string, string> = {}) =>
      fetch(`${server.url}/v1/audio/transcriptions`, {
        method: 'POST',
        headers: { authorization: 'Bearer gw-audio-key-1', ...headers },
        body,
      });
    const noFile = new FormData();
    noFile.set('model', 'whisper-1');
    const noModel = new FormData();
    noModel.set('file', new Blob([new Uint8Array(audio(1))]), 'a.mp3');
    const badFormat = new FormData();
    badFormat.set('model', 'whisper-1');
    badFormat.set('response_format', 'mp4');
    badFormat.set('file', new Blob([new Uint8Array(audio(1))]), 'a.mp3');
    const answers = await Promise.all([
      post(noFile),
      post(noModel),
      post(badFormat),
      post(JSON.stringify({ model: 'whisper-1' }), { 'content-type': 'application/json' }),
    ]);
    const errors = await Promise.all(answers.map(async (r) => [r.status, (await r.json()).error]));
    expect(errors.map(([status, e]) => [status, e.param ?? e.code])).toEqual([
      [400, 'file'],
      [400, 'model'],
      [400, 'response_format'],
      [400, 'invalid_content_type'],
    ]);
    expect(up.requests).toHaveLength(0);
    expect(server.app.events.events().map((e) => [e.operation, e.status])).toEqual(
      Array(4).fill(['transcriptions', 'invalid_request']),
    );
  });

  it('a virtual key not allowed the model gets 403', async () => {
    const { key } = await createKey(server.app, { models: ['gpt-4o*'] });
    const error = await client(key)
      .audio.transcriptions.create({ model: 'whisper-1', file: await toFile(audio(1), 'a.mp3') })
      .catch((e) => e);
    expect(error.status).toBe(403);
    expect(up.requests).toHaveLength(0);
  });
});

describe('upload limit (STEREOS_MAX_UPLOAD_BYTES)', () => {
  const { server: capped } = useE2EServer(() => ({
    upstream: up,
    apiKey: 'gw-audio-key-1',
    env: { ...env, STEREOS_MAX_UPLOAD_BYTES: '100000' },
    deps: { fetch: flakyFetch },
  }));

  it('answers 413 OpenAI-shaped past the limit, recorded, nothing sent upstream', async () => {
    const error = await capped
      .openai()
      .audio.transcriptions.create({ model: 'whisper-1', file: await toFile(audio(10), 'a.mp3') })
      .catch((e) => e);
    expect(error.status).toBe(413);
    expect(error.error).toMatchObject({ type: 'invalid_request_error', code: 'request_too_large' });
    expect(error.message).toContain('STEREOS_MAX_UPLOAD_BYTES');
    expect(up.requests).toHaveLength(0);
    const event = await capped.app.events.waitFor((e) => e.operation === 'transcriptions');
    expect(event.status).toBe('invalid_request');
  });

  it('answers 413 for a chunked upload (no content-length) as it passes the limit', async () => {
    capped.app.events.clear();
    const chunk = new Uint8Array(16 * 1024);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) {
          controller.enqueue(
            new TextEncoder().encode(
              '--b\r\ncontent-disposition: form-data; name="model"\r\n\r\nwhisper-1\r\n' +
                '--b\r\ncontent-disposition: form-data; name="file"; filename="a.mp3"\r\n\r\n',
            ),
          );
        }
        sent += chunk.byteLength;
        if (sent > 1_000_000) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const response = await fetch(`${capped.url}/v1/audio/transcriptions`, {
      method: 'POST',
      headers: {
        authorization: 'Bearer gw-audio-key-1',
        'content-type': 'multipart/form-data; boundary=b',
      },
      body,
      duplex: 'half',
    } as RequestInit);
    // `model` comes first, so the call may start while the file arrives: whether the cap is
    // passed before or during the attempt, the client and the event see the 413 (the cut file
    // or the aborted attempt never win), and the upstream never gets a whole request.
    expect(response.status).toBe(413);
    expect((await response.json()).error).toMatchObject({
      type: 'invalid_request_error',
      code: 'request_too_large',
    });
    expect(up.requests).toHaveLength(0);
    const event = await capped.app.events.waitFor((e) => e.operation === 'transcriptions');
    expect(event.error).toMatchObject({ status: 413 });
    // The client's bad input, whenever it is noticed: as the refusal before the call records it.
    expect(event.status).toBe('invalid_request');
    expect(capped.app.events.events()).toHaveLength(1);
  });

  it('past the limit while the file streams through: 413, and the upstream attempt is aborted', async () => {
    capped.app.events.clear();
    const upload = manualUpload(`${capped.url}/v1/audio/transcriptions`);
    upload.send(60_000);
    await until(() => upstreamBytes >= 50_000, 'the upstream to read the upload');
    upload.send(60_000);
    const response = await upload.response;
    expect(response.status).toBe(413);
    expect((await response.json()).error).toMatchObject({ code: 'request_too_large' });
    expect(attemptSignals).toHaveLength(1);
    expect(attemptSignals[0]!.aborted).toBe(true);
    const event = await capped.app.events.waitFor((e) => e.operation === 'transcriptions');
    expect(event).toMatchObject({ attempts: 1 });
    // Noticed mid-attempt, still the client's bad input (not an upstream failure).
    expect(event).toMatchObject({ status: 'invalid_request', error: { status: 413 } });
    expect(capped.app.events.events()).toHaveLength(1);
    await until(() => spoolDirs().length === 0, 'the spool to be removed');
  });
});
