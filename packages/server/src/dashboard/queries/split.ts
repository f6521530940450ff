import type { GatewayEvent } from '@stereos/core';
import { NO_GROUP } from '../../stores/memory/summarize-usage';

/** What the Overview charts are split by. */
export const SPLITS = ['model', 'provider', 'key', 'user', 'tag'] as const;
export type Split = (typeof SPLITS)[number];

export function parseSplit(value: string | undefined): Split {
  return SPLITS.includes(value as Split) ? (value as Split) : 'model';
}

/**
 * The groups an event counts in, as `GET /v1/usage?group_by=` counts them: the served model
 * (else the requested one), `(none)` for a missing value, and each distinct tag once.
 */
export function groupsOf(event: GatewayEvent, split: Split): string[] {
  switch (split) {
    case 'model':
      return [event.model ?? event.requestedModel ?? NO_GROUP];
    case 'provider':
      return [event.provider ?? NO_GROUP];
    case 'key':
      return [event.keyId ?? NO_GROUP];
    case 'user':
      return [event.user ?? NO_GROUP];
    case 'tag':
      return event.tags.length > 0 ? [...new Set(event.tags)] : [NO_GROUP];
  }
}
