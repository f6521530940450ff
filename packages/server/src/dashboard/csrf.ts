import type { Context } from 'hono';
import { sameToken } from './random-token';
import { requestSite } from './request-origin';

/** The hidden form field that carries the CSRF token. */
export const CSRF_FIELD = '_csrf';

/** Why a change was refused (shown to the user, asserted by tests). */
export type CsrfRefusal = 'origin' | 'token';

/**
 * The CSRF check of every state-changing dashboard request: the request must not come from
 * another site (`Origin` / `Sec-Fetch-Site`, see `requestSite`), and the synchronizer token
 * from the form must equal the expected one (compared in constant time). Independent defences,
 * as OWASP's CSRF prevention cheat sheet advises
 * (https://cheatsheetseries.owasp.org/cheatsheets/Cross-Site_Request_Forgery_Prevention_Cheat_Sheet.html);
 * the `SameSite=Strict` session cookie is a third.
 */
export function checkCsrf(
  c: Context,
  expected: string,
  presented: unknown,
): CsrfRefusal | undefined {
  if (requestSite(c) === 'cross') return 'origin';
  if (typeof presented !== 'string' || !sameToken(presented, expected)) return 'token';
  return undefined;
}
