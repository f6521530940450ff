/** A small unit-length vector derived only from `text`, so equal inputs embed equally. */
export function embeddingVector(text: string, dimensions: number): number[] {
  let seed = fnv1a(text);
  const values: number[] = [];
  let norm = 0;
  for (let i = 0; i < dimensions; i++) {
    seed = xorshift(seed);
    const value = (seed / 0xffffffff) * 2 - 1;
    values.push(value);
    norm += value * value;
  }
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  // Rounded through float32 so the base64 and float encodings carry identical numbers.
  return values.map((v) => Math.fround(v * scale));
}

/** The OpenAI `base64` encoding: little-endian float32 bytes. */
export function toBase64(vector: number[]): string {
  return Buffer.from(new Float32Array(vector).buffer).toString('base64');
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0 || 1;
}

function xorshift(state: number): number {
  let x = state;
  x ^= x << 13;
  x ^= x >>> 17;
  x ^= x << 5;
  return x >>> 0;
}
