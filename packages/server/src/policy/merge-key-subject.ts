import { tagsProblem } from '@stereos/core';
import type { VirtualKeyRecord } from '../stores/store-contracts';

/** Who a call is for, as the event and the user/tag budgets see it. */
export interface CallSubject {
  user: string | undefined;
  tags: string[] | undefined;
  metadata: Record<string, string> | undefined;
}

/**
 * The key's user, tags and metadata merged into the request's. The key's values are the
 * operator's, so they win: its `user` replaces the caller's (else a caller could dodge a
 * per-user budget by naming another user), its tags are always kept (the caller may add tags,
 * up to core's bound, never drop the key's), and its metadata wins on a shared name.
 */
export function mergeKeySubject(
  key: Pick<VirtualKeyRecord, 'user' | 'tags' | 'metadata'> | undefined,
  request: CallSubject,
): CallSubject {
  if (!key) return request;
  return {
    user: key.user ?? request.user,
    tags: mergeTags(key.tags ?? [], request.tags ?? []),
    metadata:
      key.metadata || request.metadata ? { ...request.metadata, ...key.metadata } : undefined,
  };
}

function mergeTags(
  keyTags: readonly string[],
  requestTags: readonly string[],
): string[] | undefined {
  const tags = [...new Set(keyTags)];
  for (const tag of requestTags) {
    if (tags.includes(tag)) continue;
    // The request's tags were bounded alone; together with the key's they may not fit.
    if (tagsProblem([...tags, tag])) break;
    tags.push(tag);
  }
  return tags.length > 0 ? tags : undefined;
}
