import type { Context } from 'hono';

/** The first value of a (possibly comma-joined) forwarded header. */
function firstValue(header: string | undefined): string | undefined {
  return header?.split(',')[0]?.trim().toLowerCase() || undefined;
}

/**
 * Whether the browser reached the dashboard over https: the request URL says so, or the TLS
 * terminating proxy in front does (`x-forwarded-proto`). Decides the cookie's `Secure` flag.
 */
export function requestIsHttps(c: Context): boolean {
  return (
    new URL(c.req.url).protocol === 'https:' ||
    firstValue(c.req.header('x-forwarded-proto')) === 'https'
  );
}

/** Where a request comes from, as far as the browser says: this origin, another, or unknown. */
export type RequestSite = 'same' | 'cross' | 'unknown';

/**
 * Where a state-changing request comes from, by the headers only a browser sets (no page can
 * forge them): `Origin`, compared with the request's own host (or the one a reverse proxy
 * forwarded), and `Sec-Fetch-Site`. Both are checked when present; either one naming another
 * site makes it `cross`. OWASP's CSRF cheat sheet, "Verifying Origin With Standard Headers"
 * and "Fetch Metadata headers"
 * (https://cheatsheetseries.owasp.org/cheatsheets/Cross-Site_Request_Forgery_Prevention_Cheat_Sheet.html).
 *
 * `Origin: null` is what browsers send for a form posted from a page with
 * `Referrer-Policy: no-referrer` (ours, see the Fetch standard, "append a request `Origin`
 * header"), so it carries no information: `Sec-Fetch-Site` then decides. A browser that sends
 * neither (an old one, or plain http to a host that is not localhost, where there is no fetch
 * metadata) is `unknown`, and the session's CSRF token alone decides, as the cheat sheet
 * allows when a random token is the primary defence.
 */
export function requestSite(c: Context): RequestSite {
  const origin = c.req.header('origin');
  const fetchSite = c.req.header('sec-fetch-site');
  let known = false;
  if (origin !== undefined && origin !== 'null') {
    if (!URL.canParse(origin)) return 'cross';
    const host = new URL(origin).host.toLowerCase();
    const own = [
      new URL(c.req.url).host.toLowerCase(),
      firstValue(c.req.header('x-forwarded-host')),
    ];
    if (!own.includes(host)) return 'cross';
    known = true;
  }
  if (fetchSite !== undefined) {
    if (fetchSite !== 'same-origin') return 'cross';
    known = true;
  }
  return known ? 'same' : 'unknown';
}
