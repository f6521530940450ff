import { join } from 'node:path';
import Database from 'libsql';

/** The lock file beside `stereos.db`: held by the one process that serves the data directory. */
export const LOCK_FILE_NAME = 'stereos.lock';

/** The process's hold on a data directory; `release` lets another process open it. */
export interface DataDirLock {
  release(): void;
}

/** Thrown when another process holds the data directory. */
export class DataDirInUseError extends Error {
  constructor(dir: string) {
    super(
      `The data directory ${dir} is in use by another Stereos process. The embedded store ` +
        'serves one process (budgets are counted in its memory): stop the other server, give ' +
        'this one its own STEREOS_DATA_DIR, or set DATABASE_URL (PostgreSQL, with REDIS_URL) ' +
        'to run several instances on shared state.',
    );
    this.name = 'DataDirInUseError';
  }
}

/**
 * Takes the data directory for this process. The lock is SQLite's own: an open `BEGIN
 * EXCLUSIVE` transaction on `stereos.lock` holds an exclusive OS file lock, which another
 * process cannot take (https://sqlite.org/lockingv3.html), and which the OS drops when the
 * holder dies, so a crash never leaves a stale lock behind (a pid file would).
 */
export function lockDataDir(dir: string): DataDirLock {
  const database = new Database(join(dir, LOCK_FILE_NAME));
  try {
    // Fail at once instead of waiting for the other process.
    database.pragma('busy_timeout = 0');
    database.exec('BEGIN EXCLUSIVE');
  } catch (error) {
    database.close();
    if ((error as { code?: string }).code === 'SQLITE_BUSY') throw new DataDirInUseError(dir);
    throw error;
  }
  let held = true;
  return {
    release() {
      if (!held) return;
      held = false;
      database.exec('ROLLBACK');
      database.close();
    },
  };
}
