import { describe, expect, it } from 'vitest';
import { createApp } from '../app';
import { loadConfig } from '../config/load-config';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function requestIdFor(id: string): Promise<string | null> {
  const app = createApp(loadConfig({ LOG_EVENTS: 'false' }));
  const response = await app.request('/healthz', { headers: { 'x-request-id': id } });
  return response.headers.get('x-request-id');
}

describe('x-request-id', () => {
  it('echoes a sane client id (1–128 printable ASCII characters)', async () => {
    expect(await requestIdFor('req-abc_123')).toBe('req-abc_123');
    expect(await requestIdFor('trace:01J/9.x')).toBe('trace:01J/9.x');
    expect(await requestIdFor('r'.repeat(128))).toBe('r'.repeat(128));
  });

  it('answers a fresh id instead of echoing a long or unprintable one', async () => {
    expect(await requestIdFor('r'.repeat(129))).toMatch(UUID);
    expect(await requestIdFor('a b')).toMatch(UUID);
    expect(await requestIdFor('id\u0001x')).toMatch(UUID);
    expect(await requestIdFor('id-\u00e9')).toMatch(UUID);
  });
});
