/** The process environment where there is one (Node, Bun, Deno); empty on edge runtimes and in browsers. */
export function processEnv(): Record<string, string | undefined> {
  return typeof process !== 'undefined' && process.env ? process.env : {};
}
