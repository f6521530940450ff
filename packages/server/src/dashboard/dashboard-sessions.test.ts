import { sql } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import { createMemoryKeyStore } from '../stores/memory/memory-key-store';
import { createMemorySessionStore } from '../stores/memory/memory-session-store';
import { createSqlKeyStore } from '../stores/sql/sql-key-store';
import { createSqlSessionStore } from '../stores/sql/sql-session-store';
import { targets, useTestDatabase } from '../stores/sql/sql-test-targets';
import type { KeyStore, SessionStore } from '../stores/store-contracts';
import { createDashboardSessions, type DashboardSessions } from './dashboard-sessions';

const MASTER = 'master-key-for-session-tests-0123';
const TTL = 60_000;

interface Backend {
  store: SessionStore;
  keys: KeyStore;
  /** Every stored row as text (what a leaked table would show). */
  dump(): Promise<string>;
}

/** The same behaviour on every store a dashboard session can live in. */
function sessionSuite(name: string, backend: () => Backend) {
  describe(`dashboard sessions on ${name}`, () => {
    let now: number;
    let b: Backend;
    const sessionsOf = (masterKey: string | undefined = MASTER, max = 100): DashboardSessions =>
      createDashboardSessions({
        store: b.store,
        keys: b.keys,
        masterKey: masterKey || undefined,
        ttlMs: TTL,
        maxSessions: max,
        now: () => now,
      });

    beforeEach(() => {
      now = Date.UTC(2025, 0, 1);
      b = backend();
    });

    it('signs in on one instance and holds on another; sign-out ends it on both', async () => {
      const a = sessionsOf();
      const other = sessionsOf();
      const session = await a.create({ kind: 'master' }, MASTER);
      expect(session.id).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(session.csrfToken).not.toBe(session.id);
      const seen = await other.check(session.id);
      expect(seen).toEqual({ session });
      await other.destroy(session.id);
      expect(await a.check(session.id)).toEqual({ ended: 'expired' });
      expect(await a.check(undefined)).toBeUndefined();
    });

    it('stores neither the session id nor the master key', async () => {
      const session = await sessionsOf().create({ kind: 'master' }, MASTER);
      const rows = await b.dump();
      expect(rows).toContain(session.csrfToken);
      expect(rows).not.toContain(session.id);
      expect(rows).not.toContain(MASTER);
    });

    it('expires a session after its lifetime', async () => {
      const sessions = sessionsOf();
      const session = await sessions.create({ kind: 'master' }, MASTER);
      now += TTL - 1;
      expect(await sessions.check(session.id)).toMatchObject({ session: { id: session.id } });
      now += 1;
      expect(await sessions.check(session.id)).toEqual({ ended: 'expired' });
    });

    it('ends master sessions when STEREOS_MASTER_KEY changes or is removed', async () => {
      const session = await sessionsOf().create({ kind: 'master' }, MASTER);
      expect(await sessionsOf(`${MASTER}-rotated`).check(session.id)).toEqual({
        ended: 'revoked',
      });
      // The refused session is deleted, so the old key does not bring it back.
      expect(await sessionsOf().check(session.id)).toEqual({ ended: 'expired' });
      const again = await sessionsOf().create({ kind: 'master' }, MASTER);
      // '' stands for a server started without STEREOS_MASTER_KEY.
      expect(await sessionsOf('').check(again.id)).toEqual({ ended: 'revoked' });
    });

    it('ends a virtual key’s sessions when the key is rotated, revoked or expires', async () => {
      const sessions = sessionsOf();
      const signIn = async (id: string) => {
        const record = await b.keys.get(id);
        return sessions.create({ kind: 'key', keyId: id, name: 'k' }, record?.keyHash ?? '');
      };
      const rotated = await b.keys.create({ name: 'rotated' });
      const s1 = await signIn(rotated.record.id);
      expect(await sessions.check(s1.id)).toMatchObject({
        session: { principal: { kind: 'key' } },
      });
      await b.keys.rotate(rotated.record.id);
      expect(await sessions.check(s1.id)).toEqual({ ended: 'revoked' });

      const revoked = await b.keys.create({ name: 'revoked' });
      const s2 = await signIn(revoked.record.id);
      await b.keys.revoke(revoked.record.id);
      expect(await sessions.check(s2.id)).toEqual({ ended: 'revoked' });

      const expiring = await b.keys.create({
        name: 'expiring',
        expiresAt: new Date(now + 1000).toISOString(),
      });
      const s3 = await signIn(expiring.record.id);
      expect(await sessions.check(s3.id)).toMatchObject({ session: { id: s3.id } });
      now += 1000;
      expect(await sessions.check(s3.id)).toEqual({ ended: 'revoked' });
    });

    it('keeps at most maxSessions, dropping expired ones first, then the oldest', async () => {
      const sessions = sessionsOf(MASTER, 2);
      const first = await sessions.create({ kind: 'master' }, MASTER);
      now += 10;
      const second = await sessions.create({ kind: 'master' }, MASTER);
      now += 10;
      const third = await sessions.create({ kind: 'master' }, MASTER);
      expect(await sessions.check(first.id)).toEqual({ ended: 'expired' });
      expect(await sessions.check(second.id)).toMatchObject({ session: { id: second.id } });
      expect(await sessions.check(third.id)).toMatchObject({ session: { id: third.id } });
    });

    it('reads a session it did not write as absent', async () => {
      await b.store.create(
        {
          idHash: 'x'.repeat(64),
          data: '{"principal":{"kind":"root"}}',
          createdAt: now,
          expiresAt: now + TTL,
        },
        { now, maxSessions: 10 },
      );
      expect(await sessionsOf().check('not-a-session-id-at-all')).toEqual({ ended: 'expired' });
    });
  });
}

sessionSuite('memory', () => {
  const store = createMemorySessionStore();
  const keys = createMemoryKeyStore();
  const rows: string[] = [];
  return {
    store: {
      ...store,
      async create(session, limits) {
        rows.push(JSON.stringify(session));
        return store.create(session, limits);
      },
    },
    keys,
    dump: async () => rows.join('\n'),
  };
});

for (const target of targets) {
  describe.skipIf(target.skip)(`on ${target.name}`, () => {
    const state = useTestDatabase(target);
    sessionSuite(target.name, () => ({
      store: createSqlSessionStore(state.database.db),
      keys: createSqlKeyStore(state.database.db),
      async dump() {
        const rows = await sql`select * from stereos_dashboard_sessions`.execute(state.database.db);
        return JSON.stringify(rows.rows);
      },
    }));
  });
}
