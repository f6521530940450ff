import { type FakeUpstream, startFakeUpstream } from '@stereos/fake-upstream';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createStereos } from './stereos-provider';
import { aiVersions } from './testing/ai-versions';
import { collectEvents } from './testing/collect';
import { createVercelGateway } from './vercel';

let upstream: FakeUpstream;
beforeAll(async () => {
  upstream = await startFakeUpstream();
});
afterAll(() => upstream.close());
beforeEach(() => {
  upstream.reset();
  for (const name of ['AI_GATEWAY_API_KEY', 'VERCEL_OIDC_TOKEN', 'AI_GATEWAY_URL']) {
    vi.stubEnv(name, undefined);
  }
});
afterEach(() => vi.unstubAllEnvs());

/** An OIDC token as `vercel env pull` writes it: a JWT that expires in an hour. */
function oidcToken(): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const exp = Math.floor(Date.now() / 1000) + 3600;
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part({ sub: 'project', exp })}.signature`;
}

const auth = () => ({
  authorization: upstream.requests[0]?.headers.authorization,
  method: upstream.requests[0]?.headers['ai-gateway-auth-method'],
});

describe.each(aiVersions)('Vercel gateway auth with $version', ({ generateText }) => {
  // Created before the environment is set: everything is read when a call is made.
  const stereos = () =>
    createStereos({ gateway: createVercelGateway({ baseURL: `${upstream.url}/v1/ai` }) });

  it('sends AI_GATEWAY_API_KEY over VERCEL_OIDC_TOKEN', async () => {
    const model = stereos()('anthropic/claude-sonnet-4-5');
    vi.stubEnv('AI_GATEWAY_API_KEY', 'vck_from_env');
    vi.stubEnv('VERCEL_OIDC_TOKEN', oidcToken());
    await generateText({ model, prompt: 'hi' });
    expect(auth()).toEqual({ authorization: 'Bearer vck_from_env', method: 'api-key' });
  });

  it('sends the OIDC token when there is no API key', async () => {
    const token = oidcToken();
    vi.stubEnv('VERCEL_OIDC_TOKEN', token);
    await generateText({ model: stereos()('anthropic/claude-sonnet-4-5'), prompt: 'hi' });
    expect(auth()).toEqual({ authorization: `Bearer ${token}`, method: 'oidc' });
  });

  it('prefers an explicit apiKey to the environment', async () => {
    vi.stubEnv('AI_GATEWAY_API_KEY', 'vck_from_env');
    const gateway = createVercelGateway({ baseURL: `${upstream.url}/v1/ai`, apiKey: 'vck_given' });
    await generateText({ model: createStereos({ gateway })('xai/grok-4'), prompt: 'hi' });
    expect(auth()).toEqual({ authorization: 'Bearer vck_given', method: 'api-key' });
  });

  it('reads AI_GATEWAY_URL when a call is made', async () => {
    const model = createStereos({ gateway: createVercelGateway() })('xai/grok-4');
    vi.stubEnv('AI_GATEWAY_API_KEY', 'vck_from_env');
    vi.stubEnv('AI_GATEWAY_URL', `${upstream.url}/elsewhere/v1`);
    await generateText({ model, prompt: 'hi' });
    expect(upstream.requests[0]?.path).toBe('/elsewhere/v1/ai/language-model');
  });

  it('without a key or token fails with the gateway’s advice, before any request', async () => {
    const usage = collectEvents();
    const gateway = createVercelGateway({ baseURL: `${upstream.url}/v1/ai` });
    const error = await generateText({
      model: createStereos({ gateway, onUsage: usage.onUsage })('xai/grok-4'),
      prompt: 'hi',
    }).catch((e) => e);
    expect(error.statusCode).toBe(401);
    expect(error.message).toMatch(/No authentication provided/);
    expect(upstream.requests).toHaveLength(0);
    const [event] = await usage.waitFor(1);
    expect(event).toMatchObject({ status: 'error', attempts: 1, error: { status: 401 } });
  });
});
