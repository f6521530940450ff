import type { SessionStore, StoredSession } from '../store-contracts';

/**
 * Dashboard sessions in this process's memory: the embedded default. A restart signs everyone
 * out, and instances do not see each other's sessions (the SQL store does that).
 */
export function createMemorySessionStore(): SessionStore {
  // Insertion order is age order: the first entry is the oldest session.
  const sessions = new Map<string, StoredSession>();

  return {
    async create(session, { now, maxSessions }) {
      if (sessions.size >= maxSessions) {
        for (const [idHash, s] of sessions) if (s.expiresAt <= now) sessions.delete(idHash);
      }
      while (sessions.size >= maxSessions) {
        sessions.delete(sessions.keys().next().value as string);
      }
      sessions.set(session.idHash, { ...session });
    },
    async get(idHash, now) {
      const session = sessions.get(idHash);
      if (!session) return undefined;
      if (session.expiresAt <= now) {
        sessions.delete(idHash);
        return undefined;
      }
      return { ...session };
    },
    async delete(idHash) {
      sessions.delete(idHash);
    },
  };
}
