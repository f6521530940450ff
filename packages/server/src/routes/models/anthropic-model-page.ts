import type { ListedModel } from '@stereos/core';

/** A listed model with the fields of Anthropic's `ModelInfo` besides OpenAI's. */
export type DualListedModel = ListedModel & {
  type: 'model';
  display_name: string;
  created_at: string;
};

/** The list in both shapes at once: OpenAI's `{ object, data }` and Anthropic's page. */
export interface DualModelPage {
  object: 'list';
  data: DualListedModel[];
  has_more: boolean;
  first_id: string | null;
  last_id: string | null;
}

/**
 * The model list for an Anthropic client (`@anthropic-ai/sdk` `models.list()`, Claude Code):
 * Anthropic's page fields (one page, `has_more: false`) and `ModelInfo` fields on each model,
 * kept beside the OpenAI ones so either SDK reads it.
 * https://docs.anthropic.com/en/api/models-list
 */
export function toAnthropicModelPage(models: ListedModel[]): DualModelPage {
  const data = models.map((model) => ({
    ...model,
    type: 'model' as const,
    display_name: model.id,
    created_at: new Date(model.created * 1000).toISOString(),
  }));
  return {
    object: 'list',
    data,
    has_more: false,
    first_id: data[0]?.id ?? null,
    last_id: data.at(-1)?.id ?? null,
  };
}
