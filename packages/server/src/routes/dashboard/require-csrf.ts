import type { MiddlewareHandler } from 'hono';
import { CSRF_FIELD, checkCsrf } from '../../dashboard/csrf';
import { errorView } from '../../dashboard/views/error-view';
import type { DashboardEnv } from './dashboard-env';
import { page } from './respond';

const REFUSED = {
  origin:
    'Refused: this change did not come from a dashboard page of this server (Origin check). Reload the page and try again.',
  token:
    'Refused: the form is out of date or did not come from this dashboard (CSRF token). Reload the page and try again.',
} as const;

/**
 * Every POST of a signed-in session (key changes, sign-out) carries the session's CSRF token in
 * the form and comes from this origin; anything else is refused with 403 before any change.
 * Sets `c.var.form` (text fields only; files are ignored).
 */
export function requireCsrf(): MiddlewareHandler<DashboardEnv> {
  return async (c, next) => {
    if (c.req.method !== 'POST') return next();
    const form = await readForm(c.req.raw);
    const refusal = checkCsrf(c, c.get('session').csrfToken, form[CSRF_FIELD]);
    if (refusal) return page(c, errorView(REFUSED[refusal]), 403);
    c.set('form', form);
    return next();
  };
}

/** A url-encoded or multipart form's text fields; an unreadable body reads as empty. */
export async function readForm(request: Request): Promise<Record<string, string>> {
  const fields: Record<string, string> = {};
  try {
    const data = await request.formData();
    for (const [name, value] of data) if (typeof value === 'string') fields[name] = value;
  } catch {
    // Not a form: no field, so no CSRF token either.
  }
  return fields;
}
