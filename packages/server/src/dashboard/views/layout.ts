import { CSRF_FIELD } from '../csrf';
import { type HtmlValue, html, type SafeHtml } from '../html';
import type { DashboardPrincipal } from '../principal';

/** The dashboard's pages, as the navigation names them. */
export type PageName = 'overview' | 'keys' | 'events' | 'live';

/** What every signed-in page shows around its content. */
export interface PageFrame {
  page: PageName;
  title: string;
  principal: DashboardPrincipal;
  csrfToken: string;
  /** Extra stylesheets and scripts of this page (the chart library). */
  charts?: boolean;
}

/** Asset URLs. Only external files: the CSP allows no inline script or style. */
export const ASSET_BASE = '/dashboard/assets';

function head(title: string, charts: boolean): SafeHtml {
  return html`<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<title>${title} &middot; Stereos</title>
${charts ? html`<link rel="stylesheet" href="${ASSET_BASE}/uPlot.min.css">` : ''}
<link rel="stylesheet" href="${ASSET_BASE}/dashboard.css">
${charts ? html`<script src="${ASSET_BASE}/uPlot.iife.min.js" defer></script>` : ''}
<script src="${ASSET_BASE}/dashboard.js" defer></script>
</head>`;
}

const NAV: { page: PageName; label: string; masterOnly?: boolean }[] = [
  { page: 'overview', label: 'Overview' },
  { page: 'keys', label: 'Keys', masterOnly: true },
  { page: 'events', label: 'Events' },
  { page: 'live', label: 'Live' },
];

/** A hidden CSRF field for a form that changes something. */
export function csrfField(token: string): SafeHtml {
  return html`<input type="hidden" name="${CSRF_FIELD}" value="${token}">`;
}

/** A signed-in page: header with navigation, who is signed in and the sign-out button. */
export function layout(frame: PageFrame, content: HtmlValue): SafeHtml {
  const { principal } = frame;
  const nav = NAV.filter((item) => !item.masterOnly || principal.kind === 'master').map(
    (item) =>
      html`<a href="/dashboard/${item.page}"${item.page === frame.page ? html` aria-current="page"` : ''}>${item.label}</a>`,
  );
  const who =
    principal.kind === 'master'
      ? html`<span class="who">master key</span>`
      : html`<span class="who">key <b>${principal.name}</b> <code>${principal.keyId}</code></span>`;
  return html`<!doctype html>
<html lang="en">
${head(frame.title, frame.charts === true)}
<body data-page="${frame.page}">
<header class="top">
<a class="brand" href="/dashboard">Stereos</a>
<nav>${nav}</nav>
${who}
<form method="post" action="/dashboard/logout" class="signout">${csrfField(frame.csrfToken)}<button type="submit">Sign out</button></form>
</header>
<main>
<h1>${frame.title}</h1>
${content}
</main>
</body>
</html>`;
}

/** A page outside a session (sign-in, errors before sign-in). */
export function bareLayout(title: string, content: HtmlValue): SafeHtml {
  return html`<!doctype html>
<html lang="en">
${head(title, false)}
<body class="bare">
<main>
${content}
</main>
</body>
</html>`;
}

/** A notice box; `kind` picks its colour. */
export function notice(kind: 'error' | 'info' | 'ok', text: HtmlValue): SafeHtml {
  return html`<p class="notice ${kind}" role="${kind === 'error' ? 'alert' : 'status'}">${text}</p>`;
}
