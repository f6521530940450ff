import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type StereosApp } from '../app';
import { type Env, loadConfig } from '../config/load-config';

/*
 * Throws generated bad requests at the app in-process (`app.request`, no network) and checks
 * that every one gets an OpenAI-shaped 4xx and that none reaches an upstream. Each property
 * builds requests that are invalid by construction (a corrupted field, header, method, path or
 * size, key), so no valid request slips in and gets a 200. numRuns sum to 11,000 and the file runs
 * in well under a minute on two cores; nothing here measures time.
 */

const CHAT = '/v1/chat/completions';
const ROUTES = ['/healthz', '/providers', '/v1/models', CHAT, '/doc'];
const BEARER = { authorization: 'Bearer sk-fuzz-caller-key-1234567890' };

/** Upstream calls made; any call for a refused request is a bug. */
let upstreamCalls = 0;
const countingFetch = (async () => {
  upstreamCalls++;
  const completion = {
    id: 'chatcmpl-fuzz',
    object: 'chat.completion',
    created: 1,
    model: 'gpt-4o-mini',
    choices: [{ index: 0, message: { role: 'assistant', content: 'hi' }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
  };
  return new Response(JSON.stringify(completion), {
    headers: { 'content-type': 'application/json' },
  });
}) as typeof fetch;

function makeApp(env: Env = {}): StereosApp {
  return createApp(
    loadConfig({
      LOG_EVENTS: 'false',
      OPENAI_API_KEY: 'sk-openai-fuzz-123456',
      ANTHROPIC_API_KEY: 'sk-ant-fuzz-123456',
      STEREOS_ALLOW_ANONYMOUS: 'true',
      MAX_BODY_BYTES: String(2 * 1024 * 1024),
      ...env,
    }),
    { fetch: countingFetch },
  );
}

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeAll(() => {
  process.on('unhandledRejection', onUnhandled);
});
afterAll(() => {
  process.off('unhandledRejection', onUnhandled);
});

/** After a property: no unhandled rejection surfaced meanwhile. */
async function expectNoUnhandledRejection() {
  await new Promise((resolve) => setTimeout(resolve, 10));
  expect(unhandled).toEqual([]);
}

interface Expectation {
  /** An exact status, when the class of input fixes it. */
  status?: number;
  /** The `param` the error must name (a string), or `true` for any string. */
  param?: string | true;
  /** `param` must start with one of these (several corrupted fields). */
  paramIn?: readonly string[];
}

/**
 * Sends `request` and checks the answer: no throw, a 4xx, JSON, the OpenAI error envelope, a
 * sane `x-request-id`, and no upstream call.
 */
async function expectRefusal(app: StereosApp, request: Request, expected: Expectation = {}) {
  const before = upstreamCalls;
  const response = await app.request(request);
  expect(upstreamCalls - before, 'an upstream was called').toBe(0);
  const status = response.status;
  if (expected.status !== undefined) expect(status).toBe(expected.status);
  expect(status >= 400 && status < 500, `status ${status}`).toBe(true);
  const requestId = response.headers.get('x-request-id') ?? '';
  expect(requestId).toMatch(/^[\x21-\x7e]{1,128}$/);
  if (request.method === 'HEAD') return response;
  expect(response.headers.get('content-type') ?? '').toMatch(/^application\/json/);
  const body = (await response.json()) as { error: Record<string, unknown> };
  expect(Object.keys(body)).toEqual(['error']);
  const { message, type, code, param } = body.error;
  expect(typeof message).toBe('string');
  expect((message as string).length).toBeGreaterThan(0);
  expect(typeof type).toBe('string');
  expect(code === null || typeof code === 'string').toBe(true);
  expect(param === undefined || typeof param === 'string').toBe(true);
  if (expected.param === true) expect(typeof param).toBe('string');
  else if (expected.param !== undefined) expect(param).toBe(expected.param);
  if (expected.paramIn) {
    const first = String(param).split('.')[0];
    expect(expected.paramIn).toContain(first);
  }
  return response;
}

function post(body: BodyInit, headers: Record<string, string> = {}, path = CHAT): Request {
  return new Request(`http://localhost${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...BEARER, ...headers },
    body,
  });
}

const VALID_BODY = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hello' }] };

// ---------------------------------------------------------------------------------------------
// Generators of values that are wrong for a field, by construction (null only where the field
// does not take it).

const finite = fc.double({ noNaN: true, noDefaultInfinity: true });
const num = fc.oneof(fc.integer(), finite);
const str = fc.string({ maxLength: 20 });
const bool = fc.boolean();
const arr = fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 });
const obj = fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), {
  maxKeys: 3,
});
const notString = fc.oneof(num, bool, arr, obj);
const notBoolean = fc.oneof(num, str, arr, obj);
const notNumber = fc.oneof(str, bool, arr, obj);
const notArray = fc.oneof(num, str, bool, obj);
const notObject = fc.oneof(num, str, bool, arr);
const nonInteger = finite.filter((n) => !Number.isInteger(n));

/** A printable ASCII string without spaces or commas, `min`–`max` long. */
const token = (min: number, max: number) =>
  fc.string({
    unit: fc
      .integer({ min: 0x21, max: 0x7e })
      .filter((c) => c !== 0x2c)
      .map(String.fromCharCode),
    minLength: min,
    maxLength: max,
  });

/** Characters a header value may hold (Latin-1, no NUL/CR/LF) that a model id must not. */
const headerSafeBadChar = fc
  .oneof(
    fc.constant(0x20),
    fc.integer({ min: 0x01, max: 0x1f }).filter((c) => c !== 0x0a && c !== 0x0d),
    fc.integer({ min: 0x7f, max: 0xff }),
  )
  .map((c) => String.fromCharCode(c));

/** Control characters a header value may hold. */
const headerSafeControl = fc
  .oneof(
    fc.integer({ min: 0x01, max: 0x1f }).filter((c) => c !== 0x0a && c !== 0x0d),
    fc.integer({ min: 0x7f, max: 0x9f }),
  )
  .map((c) => String.fromCharCode(c));

/** `edge + c + edge`: puts a character where trimming cannot remove it. */
const inside = (c: fc.Arbitrary<string>, edge: fc.Arbitrary<string>) =>
  fc.tuple(edge, c, edge).map(([a, x, b]) => a + x + b);

/** A model id that breaks a rule: too long, or a bad character inside (any Unicode here). */
const badModelId = fc.oneof(
  token(257, 600),
  fc.constant(''),
  fc
    .tuple(
      token(1, 10),
      fc.oneof(headerSafeBadChar, fc.constantFrom('模', '\u0000', '\n', '\u2028')),
      token(1, 10),
    )
    .map(([a, c, b]) => a + c + b),
);

const badUser = fc.oneof(
  notString,
  fc.string({ minLength: 257, maxLength: 400 }),
  fc
    .tuple(
      str,
      fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)),
      str,
    )
    .map(([a, c, b]) => a + c + b),
);

const badMessage = fc.oneof(
  notObject,
  fc.constant(null),
  fc.record({
    role: fc.oneof(
      str.filter((r) => !['system', 'developer', 'user', 'assistant', 'tool'].includes(r)),
      notString,
    ),
    content: str,
  }),
  fc.record({ role: fc.constant('user'), content: fc.oneof(num, bool, obj) }),
  fc.record({ role: fc.constantFrom('system', 'user', 'tool'), content: fc.constant(null) }),
);

/** Each chat field with values it never accepts. */
const WRONG: Record<string, fc.Arbitrary<unknown>> = {
  model: fc.oneof(notString, fc.constant(null), badModelId),
  messages: fc.oneof(
    notArray,
    fc.constant(null),
    fc.constant([]),
    fc.array(badMessage, { minLength: 1, maxLength: 3 }),
  ),
  tools: fc.oneof(
    notArray,
    fc.array(fc.oneof(notObject, fc.record({ type: str })), { minLength: 1, maxLength: 2 }),
  ),
  tool_choice: fc.oneof(num, bool, arr, fc.constantFrom('always', 'NONE', '')),
  parallel_tool_calls: notBoolean,
  stream: notBoolean,
  stream_options: notObject,
  max_tokens: fc.oneof(notNumber, fc.integer({ max: 0 }), nonInteger),
  max_completion_tokens: fc.oneof(notNumber, fc.integer({ max: 0 }), nonInteger),
  n: fc.oneof(notNumber, fc.integer({ max: 0 }), nonInteger),
  temperature: fc.oneof(
    notNumber,
    fc.double({ min: 2.000001, max: 1e9, noNaN: true }),
    fc.double({ max: -1e-6, min: -1e9, noNaN: true }),
  ),
  top_p: fc.oneof(notNumber, fc.double({ min: 1.000001, max: 1e9, noNaN: true })),
  stop: fc.oneof(num, bool, obj, fc.array(fc.oneof(num, bool), { minLength: 1, maxLength: 3 })),
  seed: fc.oneof(notNumber, nonInteger),
  user: badUser,
  response_format: fc.oneof(notObject, fc.record({ type: fc.constantFrom('xml', 'JSON', '') })),
  presence_penalty: fc.oneof(notNumber, fc.double({ min: 2.000001, max: 1e9, noNaN: true })),
  frequency_penalty: fc.oneof(notNumber, fc.double({ min: -1e9, max: -2.000001, noNaN: true })),
  logprobs: notBoolean,
  top_logprobs: fc.oneof(notNumber, fc.integer({ min: 21 }), fc.integer({ max: -1 })),
  logit_bias: fc.oneof(num, str, bool, fc.record({ a: fc.oneof(str, bool) })),
  metadata: fc.oneof(num, str, bool, fc.record({ a: fc.oneof(num, bool) })),
  reasoning_effort: notString,
  service_tier: notString,
  store: notBoolean,
  models: fc.oneof(
    notArray,
    fc.constant([]),
    fc.array(fc.oneof(num, bool, fc.constant(''), badModelId), { minLength: 1, maxLength: 3 }),
  ),
};
const FIELDS = Object.keys(WRONG);

/** Fields to corrupt (1–3) and their wrong values. */
const corruptions = fc
  .uniqueArray(fc.constantFrom(...FIELDS), { minLength: 1, maxLength: 3 })
  .chain((fields) =>
    fc.record(Object.fromEntries(fields.map((f) => [f, WRONG[f] as fc.Arbitrary<unknown>]))),
  );

/** Unknown extra fields (forwarded as is when valid; never a known field). */
const noise = fc.dictionary(
  fc.string({ maxLength: 10 }).filter((k) => !(k in WRONG) && k !== '__proto__'),
  fc.jsonValue({ maxDepth: 3 }),
  { maxKeys: 3 },
);

describe('fuzz: bad requests get an OpenAI-shaped 4xx and never reach an upstream', () => {
  const app = makeApp();

  it('chat bodies with wrongly typed or out-of-range fields: 400 naming a corrupted field', async () => {
    await fc.assert(
      fc.asyncProperty(noise, corruptions, fc.boolean(), async (extra, bad, pretty) => {
        // The wrong values come last, so they win over any same-named noise.
        const body = { ...extra, ...VALID_BODY, ...bad };
        const text = JSON.stringify(body, null, pretty ? 2 : undefined);
        const corrupted = Object.keys(bad);
        // `model` missing (undefined dropped) names `model`; `models` errors name `models.N`.
        await expectRefusal(app, post(text), { status: 400, param: true, paramIn: corrupted });
      }),
      { numRuns: 3000 },
    );
    await expectNoUnhandledRejection();
  });

  it('bodies that are not a chat request object: odd JSON, text, deep nesting, huge strings', async () => {
    const notChatJson = fc
      .jsonValue({ maxDepth: 4 })
      .filter((v) => !(v !== null && typeof v === 'object' && !Array.isArray(v) && 'messages' in v))
      .map((v) => JSON.stringify(v));
    const deep = fc
      .tuple(fc.integer({ min: 1, max: 60_000 }), fc.constantFrom('[', '{"a":'), fc.boolean())
      .map(([depth, open, closed]) => {
        const close = open === '[' ? ']' : '}';
        const nested =
          open.repeat(depth) + (open === '[' ? '' : '1') + (closed ? close.repeat(depth) : '');
        return `{"model":"gpt-4o-mini","messages":${nested}}`;
      });
    const deepUnknown = fc.integer({ min: 129, max: 60_000 }).map(
      // Valid but for its depth: refused (json_too_deep) before anything re-serialises it.
      (depth) =>
        `{"models":["gpt-4o-mini"],"messages":[{"role":"user","content":"hi"}],"x":${'['.repeat(depth)}${']'.repeat(depth)}}`,
    );
    const truncated = fc
      .integer({ min: 0, max: JSON.stringify(VALID_BODY).length - 1 })
      .map((n) => JSON.stringify(VALID_BODY).slice(0, n));
    const oddText = fc
      .oneof(
        fc.constantFrom(
          '',
          ' ',
          '\n',
          'null',
          'true',
          '0',
          '-1e999',
          '"x"',
          '[]',
          '{}',
          '\ufeff{}',
          '{"model":}',
          '{,}',
          'NaN',
          '{"__proto__":{"messages":[]}}',
        ),
        fc.string({ maxLength: 200 }),
        fc.string({ unit: 'binary', maxLength: 200 }),
      )
      .filter((text) => !text.includes('messages'));
    const huge = fc
      .tuple(fc.integer({ min: 10_000, max: 1_500_000 }), fc.constantFrom('model', 'user', 'x'))
      .map(([n, field]) =>
        field === 'x'
          ? `{"x":"${'a'.repeat(n)}"}`
          : JSON.stringify({ ...VALID_BODY, [field]: 'a'.repeat(n) }),
      );
    const arbitraryBody = fc.oneof(
      { weight: 4, arbitrary: notChatJson },
      { weight: 2, arbitrary: deep },
      { weight: 1, arbitrary: deepUnknown },
      { weight: 2, arbitrary: truncated },
      { weight: 4, arbitrary: oddText },
      { weight: 1, arbitrary: huge },
    );
    await fc.assert(
      fc.asyncProperty(arbitraryBody, async (text) => {
        await expectRefusal(app, post(text), { status: 400 });
      }),
      { numRuns: 2000 },
    );
    await expectNoUnhandledRejection();
  });

  it('invalid UTF-8 bytes: in the model id, or breaking the JSON', async () => {
    const invalidSequence = fc.constantFrom(
      [0xff],
      [0xc0, 0x80],
      [0xe0, 0x80],
      [0xed, 0xa0, 0x80],
      [0x80],
      [0xf8, 0x88, 0x80, 0x80, 0x80],
      [0xf4, 0x90, 0x80, 0x80],
    );
    const encoder = new TextEncoder();
    const inModel = fc.tuple(invalidSequence, fc.integer({ min: 0, max: 11 })).map(([bad, at]) => {
      // Decoded, the bytes become U+FFFD inside the model id: not printable ASCII.
      const [head, tail] = ['{"model":"gpt-4o-mini'.slice(0, 10 + at), 'gpt-4o-mini'.slice(at)];
      return concat(
        encoder.encode(head),
        Uint8Array.from(bad),
        encoder.encode(`${tail}","messages":[{"role":"user","content":"hi"}]}`),
      );
    });
    const outsideStrings = fc
      .tuple(invalidSequence, fc.constantFrom(0, 1, 2))
      .map(([bad, where]) => {
        const json = encoder.encode(JSON.stringify(VALID_BODY));
        // Before the object, right after `{`, or after the last `}`: never inside a string.
        const at = [0, 1, json.length][where] as number;
        return concat(json.slice(0, at), Uint8Array.from(bad), json.slice(at));
      });
    const randomBytes = fc
      .uint8Array({ maxLength: 300 })
      .filter((bytes) => !new TextDecoder().decode(bytes).includes('messages'));
    await fc.assert(
      fc.asyncProperty(fc.oneof(inModel, outsideStrings, randomBytes), async (bytes) => {
        await expectRefusal(app, post(bytes as Uint8Array<ArrayBuffer>), { status: 400 });
      }),
      { numRuns: 1000 },
    );
    await expectNoUnhandledRejection();
  });

  it('bad x-stereos-* headers on a valid body: 400 naming the header', async () => {
    const list = (bad: fc.Arbitrary<string>, good: fc.Arbitrary<string>) =>
      fc
        .tuple(fc.array(good, { maxLength: 3 }), bad, fc.array(good, { maxLength: 3 }))
        .map(([before, b, after]) => [...before, b, ...after].join(', '));
    const header = fc.oneof(
      fc.record({
        name: fc.constant('x-stereos-fallback-models'),
        value: list(
          fc.oneof(token(257, 400), inside(headerSafeBadChar, token(1, 8))),
          fc.constantFrom('gpt-4o', 'groq/llama-3.3-70b'),
        ),
      }),
      fc.record({
        name: fc.constant('x-stereos-user'),
        value: fc.oneof(token(257, 600), inside(headerSafeControl, token(1, 20))),
      }),
      fc.record({
        name: fc.constant('x-stereos-tags'),
        value: fc.oneof(
          fc.array(token(1, 10), { minLength: 33, maxLength: 60 }).map((t) => t.join(',')),
          list(
            fc.oneof(
              token(129, 300),
              inside(
                fc.oneof(
                  headerSafeControl,
                  fc.integer({ min: 0xa0, max: 0xff }).map((c) => String.fromCharCode(c)),
                ),
                token(1, 8),
              ),
            ),
            token(1, 10),
          ),
        ),
      }),
      fc.record({
        name: fc.constant('x-stereos-metadata'),
        value: fc.oneof(
          // Not JSON.
          token(1, 40).filter((s) => !isJson(s)),
          // JSON, but not an object of strings.
          fc
            .oneof(num, bool, arr, fc.record({ k: fc.oneof(num, bool, arr) }))
            .map((v) => JSON.stringify(v)),
          // Over the limits.
          fc
            .integer({ min: 33, max: 60 })
            .map((n) =>
              JSON.stringify(
                Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 'v'])),
              ),
            ),
          token(65, 100).map((k) => JSON.stringify({ [k]: 'v' })),
          token(513, 2000).map((v) => JSON.stringify({ k: v })),
          fc.integer({ min: 8193, max: 20_000 }).map((n) => JSON.stringify({ k: 'v'.repeat(n) })),
          fc.constantFrom('{"k":"a\\u0001b"}', '{"":"v"}', '{"a\\nb":"v"}', '{"k":"\\u2028"}'),
        ),
      }),
    );
    const requestIdNoise = fc.option(
      fc.oneof(token(129, 300), inside(headerSafeControl, token(1, 5)), token(1, 20)),
      { nil: undefined },
    );
    await fc.assert(
      fc.asyncProperty(header, requestIdNoise, async ({ name, value }, requestId) => {
        const headers: Record<string, string> = { [name]: value };
        if (requestId !== undefined) headers['x-request-id'] = requestId;
        const response = await expectRefusal(app, post(JSON.stringify(VALID_BODY), headers), {
          status: 400,
          param: name,
        });
        const sentId = response.headers.get('x-request-id');
        if (requestId !== undefined && !/^[\x21-\x7e]{1,128}$/.test(requestId)) {
          expect(sentId).not.toBe(requestId);
        }
      }),
      { numRuns: 2500 },
    );
    await expectNoUnhandledRejection();
  });

  it('odd methods on /v1/chat/completions', async () => {
    const method = fc
      .oneof(
        fc.constantFrom('GET', 'HEAD', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'get', 'PROPFIND'),
        fc.stringMatching(/^[A-Za-z!#$%&'*+.^_`|~-]{1,12}$/),
      )
      .filter((m) => !['POST', 'CONNECT', 'TRACE', 'TRACK'].includes(m.toUpperCase()))
      // undici warns about a lower-case `patch` (it is not normalised); nothing to learn there.
      .filter((m) => m !== 'patch');
    await fc.assert(
      fc.asyncProperty(method, fc.boolean(), async (m, withBody) => {
        const hasBody = withBody && !['GET', 'HEAD'].includes(m.toUpperCase());
        const request = new Request(`http://localhost${CHAT}`, {
          method: m,
          headers: { 'content-type': 'application/json', ...BEARER },
          ...(hasBody ? { body: JSON.stringify(VALID_BODY) } : {}),
        });
        await expectRefusal(app, request);
      }),
      { numRuns: 500 },
    );
    await expectNoUnhandledRejection();
  });

  it('odd paths', async () => {
    const segment = fc.oneof(
      fc.constantFrom(
        'v1',
        'chat',
        'completions',
        'models',
        'providers',
        'healthz',
        'doc',
        '..',
        '.',
        '',
        '%2e%2e',
        '%00',
        '%ff',
        '%',
        'v1;x',
        'ＣＨＡＴ',
      ),
      fc.string({ maxLength: 12 }).map(encodeURIComponent),
      fc.string({
        unit: fc.constantFrom('a', '/', '%', '.', '?', '#', '\\', ';', '@', ':'),
        maxLength: 8,
      }),
    );
    const path = fc
      .array(segment, { minLength: 1, maxLength: 6 })
      .map((parts) => `/${parts.join('/')}`)
      .filter((p) => !isRoute(p));
    await fc.assert(
      fc.asyncProperty(path, fc.boolean(), async (p, asPost) => {
        const request = new Request(`http://localhost${p}`, {
          method: asPost ? 'POST' : 'GET',
          headers: BEARER,
          ...(asPost ? { body: '{"model":"gpt-4o-mini","messages":[]}' } : {}),
        });
        await expectRefusal(app, request);
      }),
      { numRuns: 800 },
    );
    await expectNoUnhandledRejection();
  });

  it('oversize bodies against a small MAX_BODY_BYTES: 413', async () => {
    const small = makeApp({ MAX_BODY_BYTES: '1024' });
    const encoder = new TextEncoder();
    const oversize = fc
      .tuple(
        fc.integer({ min: 1_000, max: 50_000 }),
        fc.constantFrom('a', 'é', '模', '😀'),
        fc.constantFrom('string', 'bytes', 'stream'),
        fc.integer({ min: 1, max: 4096 }),
        fc.constantFrom('none', 'true', 'small', 'junk', 'negative'),
      )
      .map(([n, ch, kind, chunk, declared]) => {
        const text = JSON.stringify({
          ...VALID_BODY,
          messages: [{ role: 'user', content: ch.repeat(n) }],
        });
        return { bytes: encoder.encode(text), text, kind, chunk, declared };
      })
      // Valid but for its size: the size alone must refuse it.
      .filter(({ bytes }) => bytes.length > 1024);
    await fc.assert(
      fc.asyncProperty(oversize, async ({ bytes, text, kind, chunk, declared }) => {
        const headers: Record<string, string> = { 'content-type': 'application/json', ...BEARER };
        const length = {
          none: undefined,
          true: String(bytes.length),
          small: '10',
          junk: 'abc',
          negative: '-1',
        }[declared];
        if (length !== undefined) headers['content-length'] = length;
        const body = kind === 'string' ? text : kind === 'bytes' ? bytes : chunked(bytes, chunk);
        const request = new Request(`http://localhost${CHAT}`, {
          method: 'POST',
          headers,
          body,
          ...(kind === 'stream' ? { duplex: 'half' } : {}),
        } as RequestInit);
        await expectRefusal(small, request, { status: 413 });
      }),
      { numRuns: 700 },
    );
    await expectNoUnhandledRejection();
  });

  it('bad or missing keys in gateway mode: 401 before the body is read', async () => {
    const gated = makeApp({ GATEWAY_API_KEYS: 'gw-fuzz-key-123456' });
    const keyHeader = fc.constantFrom('authorization', 'x-api-key', 'x-stereos-virtual-key');
    const badKey = fc.oneof(
      fc.constantFrom('', 'Bearer', 'Bearer ', 'bearer gw-fuzz-key-12345', 'gw-fuzz-key-1234567'),
      // Never the key itself (header values are trimmed, so no padding either).
      token(1, 300).filter((k) => !k.includes('gw-fuzz-key-123456')),
      inside(headerSafeControl, token(1, 20)),
    );
    await fc.assert(
      fc.asyncProperty(fc.option(fc.tuple(keyHeader, badKey), { nil: undefined }), async (auth) => {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (auth) headers[auth[0]] = auth[1];
        const request = new Request(`http://localhost${CHAT}`, {
          method: 'POST',
          headers,
          body: JSON.stringify(VALID_BODY),
        });
        await expectRefusal(gated, request, { status: 401 });
      }),
      { numRuns: 500 },
    );
    await expectNoUnhandledRejection();
  });

  it('made no upstream call at all', () => {
    expect(upstreamCalls).toBe(0);
  });
});

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function chunked(bytes: Uint8Array, size: number): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, at + size));
      at += size;
    },
  });
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Whether `path` could reach a route the way the router sees it (decoded, any case). */
function isRoute(path: string): boolean {
  let pathname: string;
  try {
    pathname = new URL(`http://localhost${path}`).pathname;
  } catch {
    return true; // not sent at all
  }
  let decoded = pathname;
  try {
    decoded = decodeURI(pathname);
  } catch {
    // Keep it encoded.
  }
  const candidates = [pathname, decoded].map((p) =>
    p.toLowerCase().replace(/\/+/g, '/').replace(/\/$/, ''),
  );
  return candidates.some((p) => ROUTES.includes(p) || p === '');
}
