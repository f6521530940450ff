import { describe, expect, it } from 'vitest';
import { REDACTED, redactSecrets } from './redact';

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
