import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { checkCsrf } from './csrf';

const TOKEN = 'a'.repeat(43);

function app() {
  const hono = new Hono();
  hono.post('/x', async (c) => c.text(checkCsrf(c, TOKEN, c.req.header('x-token')) ?? 'ok'));
  return hono;
}

async function check(headers: Record<string, string>): Promise<string> {
  return (await app().request('http://gw.example:8080/x', { method: 'POST', headers })).text();
}

describe('checkCsrf', () => {
  it('passes the same origin with the session token', async () => {
    expect(await check({ origin: 'http://gw.example:8080', 'x-token': TOKEN })).toBe('ok');
  });

  it('refuses another origin, or Sec-Fetch-Site naming another site', async () => {
    expect(await check({ origin: 'http://evil.example', 'x-token': TOKEN })).toBe('origin');
    expect(await check({ origin: 'http://gw.example:9090', 'x-token': TOKEN })).toBe('origin');
    expect(await check({ origin: 'not a url', 'x-token': TOKEN })).toBe('origin');
    expect(await check({ 'sec-fetch-site': 'cross-site', 'x-token': TOKEN })).toBe('origin');
    expect(await check({ 'sec-fetch-site': 'same-site', 'x-token': TOKEN })).toBe('origin');
    const sameOriginButFetchSays = {
      origin: 'http://gw.example:8080',
      'sec-fetch-site': 'cross-site',
    };
    expect(await check({ ...sameOriginButFetchSays, 'x-token': TOKEN })).toBe('origin');
  });

  it('reads `Origin: null` (a no-referrer page posting) by Sec-Fetch-Site', async () => {
    expect(await check({ origin: 'null', 'sec-fetch-site': 'same-origin', 'x-token': TOKEN })).toBe(
      'ok',
    );
    expect(await check({ origin: 'null', 'sec-fetch-site': 'cross-site', 'x-token': TOKEN })).toBe(
      'origin',
    );
  });

  it('without Origin or fetch metadata, the token alone decides', async () => {
    expect(await check({ 'x-token': TOKEN })).toBe('ok');
    expect(await check({ origin: 'null', 'x-token': TOKEN })).toBe('ok');
    expect(await check({ origin: 'null' })).toBe('token');
  });

  it('accepts the host a reverse proxy forwarded', async () => {
    const headers = { origin: 'https://public.example', 'x-forwarded-host': 'public.example' };
    expect(await check({ ...headers, 'x-token': TOKEN })).toBe('ok');
  });

  it('refuses a missing or different token', async () => {
    const origin = 'http://gw.example:8080';
    expect(await check({ origin })).toBe('token');
    expect(await check({ origin, 'x-token': `${TOKEN.slice(1)}b` })).toBe('token');
    expect(await check({ origin, 'x-token': 'short' })).toBe('token');
  });
});
