/**
 * Token estimates for calls whose upstream reports no usage (the event is then flagged
 * `usageEstimated`) and for sizing budget reservations: about 4 characters a token.
 */
const CHARS_PER_TOKEN = 4;

/** Estimated tokens of `chars` characters of text. */
export function tokensOfChars(chars: number): number {
  return chars <= 0 ? 0 : Math.ceil(chars / CHARS_PER_TOKEN);
}

/** Estimates the tokens of any JSON-able prompt (messages, tool definitions) by its text. */
export function estimatePromptTokens(prompt: unknown): number {
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
  return tokensOfChars(chars);
}
