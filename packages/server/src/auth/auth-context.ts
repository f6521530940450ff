/**
 * `passthrough`: no gateway keys are configured, so the caller's key is the provider key
 * `gateway`: the caller's key is a gateway key; provider keys come from env.
 */
export type AuthMode = 'passthrough' | 'gateway';

import type { VirtualKeyRecord } from '../stores/store-contracts';

/** What the auth middleware learned about the caller. */
export interface AuthContext {
  mode: AuthMode;
  /** Passthrough mode only: the caller's key, sent upstream as the provider key. */
  providerKey?: string | undefined;
  /** Short, non-secret id of the presented key (for events and logs). */
  keyId?: string | undefined;
  /** A stored virtual key: its record, for the per-key policy (models, limits, budget). */
  key?: VirtualKeyRecord | undefined;
  /** The caller presented `STEREOS_MASTER_KEY` (sees all usage). */
  master?: boolean | undefined;
}
