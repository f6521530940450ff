/** Rough token count (~4 chars per token) so usage numbers move with the text. */
export function estimateTokens(chars: number): number {
  return Math.max(1, Math.ceil(chars / 4));
}
