/**
 * A rough token count for text (≈ 4 characters a token), used when an upstream sends no usage
 * (the event is then flagged `usageEstimated`) and to size budget reservations.
 */
export function estimateTokens(text: string): number {
  return text.length === 0 ? 0 : Math.ceil(text.length / 4);
}

/** Estimates the tokens of any JSON-able prompt (messages, tool definitions) by its text. */
export function estimatePromptTokens(prompt: unknown): number {
  if (typeof prompt === 'string') return estimateTokens(prompt);
  let chars = 0;
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      // Inline images and files are priced per image, not per character: count them small.
      chars += value.startsWith('data:') ? 1000 : value.length;
    } else if (Array.isArray(value)) {
      for (const item of value) visit(item);
    } else if (value && typeof value === 'object') {
      for (const item of Object.values(value)) visit(item);
      chars += 4; // role and structure overhead per object
    }
  };
  visit(prompt);
  return Math.ceil(chars / 4);
}
