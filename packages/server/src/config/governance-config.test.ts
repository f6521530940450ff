import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error';
import { loadConfig } from './load-config';

describe('governance variables', () => {
  it('defaults: no master key, 5 s key cache, 64 MiB response cache', () => {
    expect(loadConfig({})).toMatchObject({
      masterKey: undefined,
      keyCacheTtlMs: 5000,
      cacheMaxBytes: 64 * 1024 * 1024,
    });
  });

  it('reads them', () => {
    const config = loadConfig({
      STEREOS_MASTER_KEY: 'master-key-0123456789',
      STEREOS_KEY_CACHE_TTL_SECS: '0.5',
      STEREOS_CACHE_MAX_BYTES: '1000',
    });
    expect(config).toMatchObject({
      masterKey: 'master-key-0123456789',
      keyCacheTtlMs: 500,
      cacheMaxBytes: 1000,
    });
    expect(loadConfig({ STEREOS_KEY_CACHE_TTL_SECS: '0' }).keyCacheTtlMs).toBe(0);
  });

  it('refuses a short master key without echoing it', () => {
    let error: unknown;
    try {
      loadConfig({ STEREOS_MASTER_KEY: 'short-secret' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain('STEREOS_MASTER_KEY');
    expect((error as Error).message).not.toContain('short-secret');
  });

  it.each([
    ['STEREOS_KEY_CACHE_TTL_SECS', '-1'],
    ['STEREOS_KEY_CACHE_TTL_SECS', '3601'],
    ['STEREOS_CACHE_MAX_BYTES', '0'],
  ])('refuses %s=%s naming it', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`^Invalid ${name} '${value}'`));
  });
});
