import { describe, expect, it } from 'vitest';
import { gatewayFor, parseGatewayRoutes, throughGateway } from './gateway-routes';
import { routeModel } from './route-model';

describe('gateway routes', () => {
  it('parses glob=via rules and takes the first match', () => {
    const routes = parseGatewayRoutes(' claude*=vercel, gpt-4o*=direct ,*=cloudflare');
    expect(routes).toEqual([
      { pattern: 'claude*', via: 'vercel' },
      { pattern: 'gpt-4o*', via: 'direct' },
      { pattern: '*', via: 'cloudflare' },
    ]);
    expect(gatewayFor(routes, 'claude-sonnet-4-5')).toBe('vercel');
    expect(gatewayFor(routes, 'gpt-4o-mini')).toBe('direct');
    expect(gatewayFor(routes, 'gemini-2.5-flash')).toBe('cloudflare');
    expect(gatewayFor([], 'anything')).toBe('direct');
  });

  it('refuses a malformed rule, naming it', () => {
    expect(() => parseGatewayRoutes('claude*=heaven')).toThrow(/claude\*=heaven/);
    expect(() => parseGatewayRoutes('=vercel')).toThrow(/Invalid route/);
  });

  it("turns a routed model into the gateway's provider/model id", () => {
    expect(throughGateway(routeModel('claude-sonnet-4-5'), 'vercel')).toMatchObject({
      provider: { id: 'vercel' },
      upstreamModel: 'anthropic/claude-sonnet-4-5',
    });
    expect(throughGateway(routeModel('gemini-2.5-flash'), 'cloudflare')).toMatchObject({
      provider: { id: 'cloudflare' },
      upstreamModel: 'google-ai-studio/gemini-2.5-flash',
    });
    expect(throughGateway(routeModel('gemini-2.5-flash'), 'vercel').upstreamModel).toBe(
      'google/gemini-2.5-flash',
    );
  });

  it('keeps a model direct when the gateway does not serve its provider', () => {
    // OpenRouter is not a Vercel AI Gateway vendor.
    const route = routeModel('openrouter/meta-llama/llama-3-8b');
    expect(throughGateway(route, 'vercel')).toBe(route);
    expect(throughGateway(route, 'direct')).toBe(route);
  });
});
