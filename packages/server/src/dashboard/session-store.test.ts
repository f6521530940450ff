import { describe, expect, it } from 'vitest';
import { createSessionStore } from './session-store';

describe('session store', () => {
  it('creates random ids and CSRF tokens, and forgets a session on sign-out', () => {
    const sessions = createSessionStore({ ttlMs: 1000, maxSessions: 10 });
    const a = sessions.create({ kind: 'master' });
    const b = sessions.create({ kind: 'master' });
    expect(a.id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.id).not.toBe(b.id);
    expect(a.csrfToken).not.toBe(a.id);
    expect(sessions.get(a.id)).toBe(a);
    sessions.destroy(a.id);
    expect(sessions.get(a.id)).toBeUndefined();
    expect(sessions.get(undefined)).toBeUndefined();
  });

  it('expires sessions after their lifetime', () => {
    let now = 0;
    const sessions = createSessionStore({ ttlMs: 1000, maxSessions: 10, now: () => now });
    const session = sessions.create({ kind: 'key', keyId: 'vk_1', name: 'k' });
    now = 999;
    expect(sessions.get(session.id)).toBe(session);
    now = 1000;
    expect(sessions.get(session.id)).toBeUndefined();
    expect(sessions.size).toBe(0);
  });

  it('keeps at most maxSessions, dropping expired ones first, then the oldest', () => {
    let now = 0;
    const sessions = createSessionStore({ ttlMs: 100, maxSessions: 2, now: () => now });
    const first = sessions.create({ kind: 'master' });
    now = 50;
    const second = sessions.create({ kind: 'master' });
    const third = sessions.create({ kind: 'master' });
    expect(sessions.size).toBe(2);
    expect(sessions.get(first.id)).toBeUndefined();
    expect(sessions.get(second.id)).toBe(second);
    now = 120; // first would have expired anyway; second and third are live until 150
    sessions.create({ kind: 'master' });
    expect(sessions.size).toBe(2);
    expect(sessions.get(third.id)).toBe(third);
  });
});
