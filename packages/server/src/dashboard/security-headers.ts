import type { MiddlewareHandler } from 'hono';

/**
 * The Content-Security-Policy of every dashboard answer: scripts, styles and connections from
 * this origin only, no inline script or style (the pages load external files), no plugins, no
 * framing, forms posting only here. See MDN, "Content Security Policy (CSP)"
 * (https://developer.mozilla.org/en-US/docs/Web/HTTP/CSP). `img-src data:` lets the canvas
 * charts be saved as images; nothing else is allowed.
 */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

/**
 * Security headers on every dashboard answer: the CSP above, `X-Frame-Options: DENY`
 * (clickjacking, for browsers without `frame-ancestors`), `Referrer-Policy: no-referrer` (no
 * dashboard URL, filters included, leaks to another site), `nosniff`, and `no-store` so pages
 * with spend data or a key shown once are never cached. Assets override `Cache-Control`.
 */
export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const headers = c.res.headers;
    headers.set('content-security-policy', DASHBOARD_CSP);
    headers.set('x-frame-options', 'DENY');
    headers.set('referrer-policy', 'no-referrer');
    headers.set('x-content-type-options', 'nosniff');
    headers.set('cross-origin-opener-policy', 'same-origin');
    if (!headers.has('cache-control')) headers.set('cache-control', 'no-store');
  };
}
