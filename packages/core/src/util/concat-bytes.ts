/**
 * Joins byte chunks into one array (one chunk is returned as is). Views that lie back to back in
 * one buffer (the events of one upstream read, see `sseFrames`) are joined without a copy.
 */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0] as Uint8Array;
  const adjoining = adjoiningView(parts);
  if (adjoining) return adjoining;
  let size = 0;
  for (const part of parts) size += part.byteLength;
  const all = new Uint8Array(size);
  let offset = 0;
  for (const part of parts) {
    all.set(part, offset);
    offset += part.byteLength;
  }
  return all;
}

/** One view over `parts` when each starts where the previous ends in the same buffer. */
function adjoiningView(parts: readonly Uint8Array[]): Uint8Array | undefined {
  const first = parts[0];
  if (!first) return undefined;
  let end = first.byteOffset + first.byteLength;
  for (let i = 1; i < parts.length; i++) {
    const part = parts[i] as Uint8Array;
    if (part.buffer !== first.buffer || part.byteOffset !== end) return undefined;
    end += part.byteLength;
  }
  return new Uint8Array(first.buffer, first.byteOffset, end - first.byteOffset);
}
