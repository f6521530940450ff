import type { ResponsesOutputItem } from '../wire/responses/responses-api';
import type { ResponsesCreateRequest } from '../wire/responses/responses-request-schema';

type InputItem = Exclude<NonNullable<ResponsesCreateRequest['input']>, string>[number];

/**
 * The output items of answers translated from Chat Completions, by item id, so that a later
 * request's `{type: "item_reference", id}` to one of them resolves to the item itself.
 *
 * Clients of the Responses API store by default (`store: true`) and name earlier output by
 * reference: the AI SDK's `@ai-sdk/openai` sends a tool call of the previous step as an
 * `item_reference` to its `fc_…` id. A provider that serves the Responses API holds those items;
 * for a translated answer only the gateway saw them, so it keeps them here.
 *
 * Bounded (item count, bytes, age) and per process: a reference to an evicted or expired item,
 * or one answered by another instance, stays a 400 that says to send the item itself. Items are
 * kept per `scope` (the caller's key), and their ids are random (128 bits), so one caller cannot
 * read another's.
 */
export interface TranslatedItemMemory {
  /** Keeps the output items of one translated answer. */
  remember(scope: string, items: readonly ResponsesOutputItem[]): void;
  /** The input item an `item_reference` id stands for, when kept. */
  resolve(scope: string, id: string): InputItem | undefined;
}

export interface TranslatedItemMemoryOptions {
  /** Most items kept; the oldest go first. Default 10,000. */
  maxItems?: number;
  /** Most bytes (JSON text of the kept items) kept; the oldest go first. Default 64 MiB. */
  maxBytes?: number;
  /** How long an item resolves after its answer. Default one hour. */
  ttlMs?: number;
  /** Clock, for tests. */
  now?: () => number;
}

interface Kept {
  item: InputItem;
  bytes: number;
  expiresAt: number;
}

/** A bounded in-process `TranslatedItemMemory`. */
export function createTranslatedItemMemory(
  options: TranslatedItemMemoryOptions = {},
): TranslatedItemMemory {
  const maxItems = options.maxItems ?? 10_000;
  const maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
  const ttlMs = options.ttlMs ?? 60 * 60 * 1000;
  const now = options.now ?? Date.now;
  // A Map iterates in insertion order: the first key is the oldest item.
  const kept = new Map<string, Kept>();
  let bytes = 0;

  const drop = (key: string) => {
    const entry = kept.get(key);
    if (!entry) return;
    bytes -= entry.bytes;
    kept.delete(key);
  };

  return {
    remember(scope, items) {
      const expiresAt = now() + ttlMs;
      for (const output of items) {
        const item = toInputItem(output);
        const size = JSON.stringify(item).length;
        if (size > maxBytes) continue;
        const key = keyOf(scope, output.id);
        drop(key);
        kept.set(key, { item, bytes: size, expiresAt });
        bytes += size;
      }
      for (const key of kept.keys()) {
        if (kept.size <= maxItems && bytes <= maxBytes) break;
        drop(key);
      }
    },
    resolve(scope, id) {
      const key = keyOf(scope, id);
      const entry = kept.get(key);
      if (!entry) return undefined;
      if (entry.expiresAt <= now()) {
        drop(key);
        return undefined;
      }
      return entry.item;
    },
  };
}

function keyOf(scope: string, id: string): string {
  return `${scope}\u0000${id}`;
}

/**
 * An output item as the input item that repeats it: a message with its text and refusal
 * parts, a function call with its `call_id`, name and arguments, a reasoning item with no
 * content (the Chat translation drops reasoning of earlier turns).
 */
function toInputItem(item: ResponsesOutputItem): InputItem {
  switch (item.type) {
    case 'message':
      return {
        type: 'message',
        id: item.id,
        role: 'assistant',
        content: item.content.map((part) =>
          part.type === 'output_text'
            ? { type: 'output_text' as const, text: part.text }
            : { type: 'refusal' as const, refusal: part.refusal },
        ),
      };
    case 'function_call':
      return {
        type: 'function_call',
        id: item.id,
        call_id: item.call_id,
        name: item.name,
        arguments: item.arguments,
      };
    case 'reasoning':
      return { type: 'reasoning', id: item.id, summary: [] };
  }
}

/**
 * The request with each `item_reference` the memory holds replaced by its item. References it
 * does not hold are left for the translation to refuse.
 */
export function resolveItemReferences(
  request: ResponsesCreateRequest,
  memory: TranslatedItemMemory,
  scope: string,
): ResponsesCreateRequest {
  const { input } = request;
  if (typeof input === 'string' || !input) return request;
  let changed = false;
  const resolved = input.map((item) => {
    const ref = item as { type?: unknown; id?: unknown };
    if (ref.type !== 'item_reference' || typeof ref.id !== 'string') return item;
    const found = memory.resolve(scope, ref.id);
    if (!found) return item;
    changed = true;
    return found;
  });
  return changed ? { ...request, input: resolved } : request;
}
