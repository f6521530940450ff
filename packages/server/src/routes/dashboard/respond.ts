import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { SafeHtml } from '../../dashboard/html';
import type { PageFrame, PageName } from '../../dashboard/views/layout';
import type { DashboardEnv } from './dashboard-env';

/** An HTML page. */
export function page(c: Context, body: SafeHtml, status: ContentfulStatusCode = 200): Response {
  return c.html(body.value, status);
}

/** 303 See Other: after a form, the browser loads the next page with a GET. */
export function seeOther(c: Context, location: string): Response {
  return c.redirect(location, 303);
}

/** The frame of a signed-in page. */
export function frameOf(c: Context<DashboardEnv>, page: PageName, title: string): PageFrame {
  const session = c.get('session');
  return { page, title, principal: session.principal, csrfToken: session.csrfToken };
}
