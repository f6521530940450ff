/**
 * Splits text into stream deltas whose concatenation is the original text: exactly `count`
 * pieces (fewer only when the text is shorter) when given, else roughly one piece per word.
 */
export function splitText(text: string, count?: number): string[] {
  if (text === '') return [];
  if (count && count > 0) return splitEvenly(text, count);
  return text.match(/\s*\S+\s*/g) ?? [text];
}

/** Splits tool-call arguments into a few pieces, like providers stream partial JSON. */
export function splitArguments(json: string): string[] {
  return json === '' ? [] : splitEvenly(json, 4);
}

function splitEvenly(text: string, count: number): string[] {
  // Code points, so a piece never ends inside a surrogate pair.
  const chars = Array.from(text);
  const n = Math.min(Math.floor(count), chars.length);
  const base = Math.floor(chars.length / n);
  const extra = chars.length % n;
  const pieces: string[] = [];
  let start = 0;
  for (let i = 0; i < n; i++) {
    const end = start + base + (i < extra ? 1 : 0);
    pieces.push(chars.slice(start, end).join(''));
    start = end;
  }
  return pieces;
}
