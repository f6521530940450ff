import { describe, expect, it } from 'vitest';
import { parseCloudflareModelId } from './cloudflare-models';
import { cloudflareHeaders, validateCloudflareOptions } from './cloudflare-options';

describe('Cloudflare request options', () => {
  const check = (raw: unknown) => () =>
    validateCloudflareOptions(raw, 'providerOptions.cloudflare');

  it('refuses what Cloudflare would not take, naming the option', () => {
    expect(check({ cacheTtl: 30 })).toThrow(/cacheTtl must be whole seconds from 60 to 2592000/);
    expect(check({ cacheTtl: 2_592_001 })).toThrow(/cacheTtl/);
    expect(check({ cacheTtl: 90.5 })).toThrow(/cacheTtl/);
    expect(check({ skipCache: 'yes' })).toThrow(/skipCache must be a boolean/);
    expect(check({ cacheKey: 'line\nbreak' })).toThrow(/cacheKey/);
    expect(check({ metadata: { nested: { a: 1 } } })).toThrow(/'nested' must be a string/);
    expect(check({ metadata: { n: Number.NaN } })).toThrow(/'n' must be a string/);
    expect(check({ cacheTTL: 60 })).toThrow(/unknown option 'cacheTTL'/);
    expect(check('fast')).toThrow(/must be an object/);
  });

  it('becomes cf-aig-* headers, the call overlaying the gateway, metadata as ASCII JSON', () => {
    const gateway = validateCloudflareOptions({ cacheTtl: 3600, metadata: { app: 'x' } }, 'g');
    const call = validateCloudflareOptions(
      { cacheTtl: 60, collectLog: true, metadata: { who: 'Zoë' } },
      'c',
    );
    expect(cloudflareHeaders(gateway, call)).toEqual({
      'cf-aig-cache-ttl': '60',
      'cf-aig-collect-log': 'true',
      'cf-aig-metadata': '{"app":"x","who":"Zo\\u00eb"}',
    });
    expect(JSON.parse(cloudflareHeaders(gateway, call)['cf-aig-metadata'] ?? '')).toEqual({
      app: 'x',
      who: 'Zoë',
    });
    expect(cloudflareHeaders({}, {})).toEqual({});
  });
});

describe('Cloudflare model ids', () => {
  it('reads steps, maps Stereos ids to Cloudflare slugs and passes unknown providers on', () => {
    expect(
      parseCloudflareModelId(
        'openai/gpt-4o, xai/grok-4 ,workers-ai/@cf/meta/llama-3.1-8b-instruct',
      ),
    ).toEqual([
      {
        slug: 'openai/gpt-4o',
        cloudflareProvider: 'openai',
        provider: 'openai',
        modelId: 'gpt-4o',
      },
      { slug: 'grok/grok-4', cloudflareProvider: 'grok', provider: 'xai', modelId: 'grok-4' },
      {
        slug: 'workers-ai/@cf/meta/llama-3.1-8b-instruct',
        cloudflareProvider: 'workers-ai',
        provider: 'workers-ai',
        modelId: '@cf/meta/llama-3.1-8b-instruct',
      },
    ]);
    expect(parseCloudflareModelId('google-ai-studio/gemini-2.5-pro')[0]?.provider).toBe('gemini');
  });

  it('refuses empty steps, too many steps and providers Cloudflare cannot serve', () => {
    expect(() => parseCloudflareModelId('openai/a,')).toThrow(/empty step/);
    expect(() => parseCloudflareModelId('a,b,c,d,e,f')).toThrow(/at most 5 Cloudflare steps/);
    expect(() => parseCloudflareModelId('openai/')).toThrow(/\{provider\}\/\{model\}/);
    expect(() => parseCloudflareModelId('kimi-k2')).toThrow(/no provider for Kimi/);
  });
});
