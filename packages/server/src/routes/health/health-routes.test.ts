import { describe, expect, it } from 'vitest';
import { createApp } from '../../app';
import { loadConfig } from '../../config/load-config';

describe('GET /healthz', () => {
  it('answers ok without a key, even when gateway keys are required', async () => {
    const app = createApp(loadConfig({ LOG_EVENTS: 'false', GATEWAY_API_KEYS: 'gw-secret' }));
    const response = await app.request('/healthz');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
    expect(response.headers.get('x-request-id')).toBeTruthy();
  });
});
