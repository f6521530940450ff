import { PROVIDERS } from '@stereos/core';
import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error';
import { loadConfig } from './load-config';

function configErrorOf(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('uses the documented defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      host: '0.0.0.0',
      port: 3000,
      requestTimeoutMs: 120_000,
      retry: { maxRetries: 2, baseDelayMs: 150 },
      gatewayApiKeys: [],
      allowAnonymous: false,
      maxBodyBytes: 10 * 1024 * 1024,
      logEvents: true,
    });
  });

  it('uses the default base URL of every provider and no keys', () => {
    const config = loadConfig({});
    expect(config.providers.openai).toEqual({ baseURL: 'https://api.openai.com' });
    expect(config.providers.kimi.baseURL).toBe('https://api.kimi.com/coding/v1');
    expect(config.providers.vertex.baseURL).toBe(
      'https://us-central1-aiplatform.googleapis.com/v1/projects/PROJECT/locations/us-central1/endpoints/openapi',
    );
    for (const provider of PROVIDERS) {
      expect(config.providers[provider.id].apiKey).toBeUndefined();
    }
  });

  it('reads every variable', () => {
    const config = loadConfig({
      HOST: '127.0.0.1',
      PORT: '8080',
      REQUEST_TIMEOUT_SECS: '2.5',
      UPSTREAM_MAX_RETRIES: '0',
      UPSTREAM_RETRY_BASE_DELAY_MS: '10',
      GATEWAY_API_KEYS: ' key-one , key-two,,',
      MAX_BODY_BYTES: '1024',
      LOG_EVENTS: 'false',
      STEREOS_ALLOW_ANONYMOUS: 'yes',
      GROQ_BASE_URL: 'http://localhost:9999/openai/v1/',
      GROQ_API_KEY: 'gsk-test\n',
    });
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 8080,
      requestTimeoutMs: 2500,
      retry: { maxRetries: 0, baseDelayMs: 10 },
      gatewayApiKeys: ['key-one', 'key-two'],
      allowAnonymous: true,
      maxBodyBytes: 1024,
      logEvents: false,
    });
    expect(config.providers.groq).toEqual({
      baseURL: 'http://localhost:9999/openai/v1',
      apiKey: 'gsk-test',
    });
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ PORT: '', GATEWAY_API_KEYS: ' ' })).toMatchObject({
      port: 3000,
      gatewayApiKeys: [],
    });
  });

  it.each([',', ' , ,', ',,,'])(
    'rejects a GATEWAY_API_KEYS that is set but holds no key (%j)',
    (value) => {
      const error = configErrorOf({ GATEWAY_API_KEYS: value });
      expect(error.variable).toBe('GATEWAY_API_KEYS');
      expect(error.message).toContain('GATEWAY_API_KEYS');
      expect(error.message).not.toContain('\n');
    },
  );

  it('accepts the highest and lowest ports', () => {
    expect(loadConfig({ PORT: '1' }).port).toBe(1);
    expect(loadConfig({ PORT: '65535' }).port).toBe(65_535);
  });

  it.each(['abc', '0x50', '1e3', ' 80 abc', '80.0', '-80', '0', '70000', '000065536'])(
    'rejects PORT=%j: only a decimal integer 1–65535 is a port',
    (value) => {
      const error = configErrorOf({ PORT: value });
      expect(error.variable).toBe('PORT');
      expect(error.message).toBe(
        `Invalid PORT '${value.trim()}': expected an integer port between 1 and 65535.`,
      );
    },
  );

  it.each([
    [
      'STEREOS_ALLOW_ANONYMOUS',
      'sure',
      "Invalid STEREOS_ALLOW_ANONYMOUS 'sure': expected true or false.",
    ],
    ['REQUEST_TIMEOUT_SECS', '0', 'REQUEST_TIMEOUT_SECS'],
    ['UPSTREAM_MAX_RETRIES', '1.5', 'UPSTREAM_MAX_RETRIES'],
    ['UPSTREAM_RETRY_BASE_DELAY_MS', '-1', 'UPSTREAM_RETRY_BASE_DELAY_MS'],
    ['MAX_BODY_BYTES', '10MB', 'MAX_BODY_BYTES'],
    ['LOG_EVENTS', 'maybe', "Invalid LOG_EVENTS 'maybe': expected true or false."],
    [
      'OPENAI_BASE_URL',
      'api.openai.com',
      "Invalid OPENAI_BASE_URL 'api.openai.com': expected an http(s) URL.",
    ],
  ])('rejects %s=%s with a one-line ConfigError naming it', (variable, value, message) => {
    const error = configErrorOf({ [variable]: value });
    expect(error.variable).toBe(variable);
    expect(error.message).toContain(message);
    expect(error.message).not.toContain('\n');
  });

  it('never prints the credentials of a rejected base URL', () => {
    const error = (() => {
      try {
        loadConfig({ OPENAI_BASE_URL: 'ftp://user:pw-secret-1@host.example/v1?key=k-secret-2' });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error?.message).toContain('OPENAI_BASE_URL');
    expect(error?.message).not.toContain('pw-secret-1');
    expect(error?.message).not.toContain('k-secret-2');
  });
});
