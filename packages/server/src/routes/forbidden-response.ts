import { openAIErrorBodySchema } from '@stereos/core';

/** OpenAPI entry of a 403 (admin and usage routes; `errorResponses` covers the chat statuses). */
export const forbiddenResponse = {
  403: {
    description:
      "Not allowed: a virtual key on /admin, another key's usage, a model outside the key's " +
      'globs (`code: model_not_allowed`), or the admin API disabled (no STEREOS_MASTER_KEY).',
    content: { 'application/json': { schema: openAIErrorBodySchema } },
  },
} as const;
