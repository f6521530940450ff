/** The parts of a base64 `data:` URL. */
export interface DataURL {
  mediaType: string;
  data: string;
}

/**
 * Parses `data:<media type>[;params];base64,<data>`. Returns undefined for anything else,
 * including non-base64 data URLs, which no upstream accepts for binary content.
 */
export function parseBase64DataURL(url: string): DataURL | undefined {
  const match = /^data:([^;,]+)(?:;[^;,]+)*;base64,(.*)$/s.exec(url);
  if (match === null) return undefined;
  const [, mediaType, data] = match;
  if (mediaType === undefined || data === undefined) return undefined;
  return { mediaType: mediaType.toLowerCase(), data };
}
