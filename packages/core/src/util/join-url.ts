/** `https://x/v1//` → `https://x/v1`. */
export function stripTrailingSlashes(url: string): string {
  let end = url.length;
  while (end > 0 && url.charCodeAt(end - 1) === 47 /* '/' */) end--;
  return url.slice(0, end);
}

/** Joins a base URL and an absolute path (`/chat/completions`) with exactly one slash. */
export function joinUrl(baseURL: string, path: string): string {
  return stripTrailingSlashes(baseURL) + (path.startsWith('/') ? path : `/${path}`);
}
