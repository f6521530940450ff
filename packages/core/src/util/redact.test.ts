import { describe, expect, it } from 'vitest';
import { REDACTED, redactSecrets, redactUrl, UNPARSABLE_URL } from './redact';

describe('redactSecrets', () => {
  it('replaces every occurrence of each given secret', () => {
    expect(redactSecrets('key abc123xyz and again abc123xyz', ['abc123xyz'])).toBe(
      `key ${REDACTED} and again ${REDACTED}`,
    );
  });

  it('ignores short and missing secrets', () => {
    expect(redactSecrets('the cat sat', ['cat', undefined, ''])).toBe('the cat sat');
  });

  it('replaces the longer of overlapping secrets whole', () => {
    expect(redactSecrets('x-longsecret-value y', ['longsecret', 'x-longsecret-value'])).toBe(
      `${REDACTED} y`,
    );
  });

  it('hides well-known key shapes it was not told about', () => {
    const text =
      'Incorrect API key provided: sk-proj-AbCdEf1234567890. Also sk-ant-api03-abc_DEF-12345678 ' +
      'gsk_abcdefghijklmnop1234 xai-ABCDEFGHIJKLMNOP1234 AIzaSyA1234567890abcdefghijklmnopqrs';
    const out = redactSecrets(text, []);
    expect(out).toBe(
      `Incorrect API key provided: ${REDACTED}. Also ${REDACTED} ${REDACTED} ${REDACTED} ${REDACTED}`,
    );
  });

  it('hides bearer tokens but keeps the scheme', () => {
    expect(redactSecrets('sent Authorization: Bearer eyJhbGciOi.abc-def_/+=', [])).toBe(
      `sent Authorization: Bearer ${REDACTED}`,
    );
    expect(redactSecrets('bearer token123', [])).toBe(`bearer ${REDACTED}`);
  });

  it('leaves ordinary text alone', () => {
    const text = 'Rate limit exceeded for model gpt-4o; try again in 20s (task-runner sk-learn).';
    expect(redactSecrets(text, ['secret-key-1'])).toBe(text);
    expect(redactSecrets('', ['secret-key-1'])).toBe('');
  });
});

describe('redactSecrets: credentials in URLs inside text', () => {
  it('hides userinfo of any scheme://user:pass@ in the text', () => {
    const text =
      'connect ECONNREFUSED for https://admin:hunter2@db.internal:8443/v1 and ' +
      'redis://:s3cr3t@cache:6379 (user token-only: https://ghp_abc123@git.example)';
    const out = redactSecrets(text, []);
    for (const secret of ['admin', 'hunter2', 's3cr3t', 'ghp_abc123']) {
      expect(out).not.toContain(secret);
    }
    expect(out).toBe(
      'connect ECONNREFUSED for https://***@db.internal:8443/v1 and ' +
        'redis://***@cache:6379 (user token-only: https://***@git.example)',
    );
  });

  it('hides a password containing @ whole', () => {
    expect(redactSecrets('GET https://u:p@ss@host/x failed', [])).toBe(
      'GET https://***@host/x failed',
    );
  });

  it('hides secret-looking query parameters an upstream echoes back', () => {
    const text =
      'Request to https://gemini.example/v1/models?key=AbCdEf123&alt=sse failed; ' +
      'retry https://x.blob/c?sv=2024&SIG=zzz999&st=1 or /v1?access_token=tok-9 or ' +
      '?X-Api-Key=k-42&client_secret=cs-7&foo=bar';
    const out = redactSecrets(text, []);
    for (const secret of ['AbCdEf123', 'zzz999', 'tok-9', 'k-42', 'cs-7']) {
      expect(out).not.toContain(secret);
    }
    expect(out).toContain('?key=***&alt=sse');
    expect(out).toContain('sv=2024&SIG=***&st=1');
    expect(out).toContain('&foo=bar');
  });

  it('leaves e-mail addresses and ordinary query strings alone', () => {
    const text = 'Contact admin@example.com or see https://status.example/page?id=3&model=gpt-4o';
    expect(redactSecrets(text, [])).toBe(text);
  });

  it('handles long adversarial text (a quadratic pattern would hit the test timeout)', () => {
    const text = `${'a.'.repeat(200_000)} ${'?x'.repeat(100_000)} ${'https://'.repeat(20_000)}`;
    expect(redactSecrets(text, []).length).toBeGreaterThan(0);
  });
});

describe('redactUrl', () => {
  it('hides userinfo and secret query values, keeping the rest as written', () => {
    expect(redactUrl('https://u:p@host/v1?key=abc')).toBe('https://***@host/v1?key=***');
    expect(redactUrl('https://api.openai.com')).toBe('https://api.openai.com');
    expect(redactUrl('http://groq.internal/openai/v1')).toBe('http://groq.internal/openai/v1');
    expect(redactUrl('https://token@host/')).toBe('https://***@host/');
    expect(redactUrl('https://u:p@ss@host/')).toBe('https://***@host/');
  });

  it('knows the secret parameter names in any case, also percent-encoded', () => {
    const url =
      'https://h/p?Key=1&API_KEY=2&apikey=3&token=4&Access_Token=5&secret=6&password=7' +
      '&sig=8&signature=9&auth=10&x-api-key=11&%6Bey=12&model=keep&monkey=keep';
    const out = redactUrl(url);
    expect(out).toBe(
      'https://h/p?Key=***&API_KEY=***&apikey=***&token=***&Access_Token=***&secret=***' +
        '&password=***&sig=***&signature=***&auth=***&x-api-key=***&%6Bey=***' +
        '&model=keep&monkey=keep',
    );
  });

  it('hides fragment parameters too', () => {
    expect(redactUrl('https://h/cb#access_token=xyz&state=1')).toBe(
      'https://h/cb#access_token=***&state=1',
    );
  });

  it('sees the URL the parser sees (tabs and newlines are dropped by it)', () => {
    const out = redactUrl(' https://u:\np\t@host/?ke\ny=abc ');
    expect(out).not.toMatch(/u:|abc/);
    expect(out).toBe('https://***@host/?key=***');
  });

  it('answers a placeholder, never the input, for an unparsable URL', () => {
    expect(redactUrl('not a url key=abc')).toBe(UNPARSABLE_URL);
    expect(redactUrl('https://u:p@[::bad/')).toBe(UNPARSABLE_URL);
    expect(redactUrl('')).toBe(UNPARSABLE_URL);
  });
});
