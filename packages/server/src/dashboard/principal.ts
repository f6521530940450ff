/**
 * Who is signed in to the dashboard: the operator with `STEREOS_MASTER_KEY` (every key, key
 * management), or one virtual key (its own usage and events, nothing else).
 */
export type DashboardPrincipal = { kind: 'master' } | { kind: 'key'; keyId: string; name: string };

/** The key id a principal's data is limited to; `undefined` for the master (all keys). */
export function scopeOf(principal: DashboardPrincipal): string | undefined {
  return principal.kind === 'key' ? principal.keyId : undefined;
}
