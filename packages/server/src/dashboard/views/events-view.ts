import { html, type SafeHtml } from '../html';
import { EVENT_STATUSES, type EventFilter, filterParams } from '../queries/event-filter';
import type { EventsPage } from '../queries/events-query';
import { eventHeader, eventRow } from './event-row';
import { formatCount } from './format';
import { layout, type PageFrame } from './layout';

/** A link to an event's page: `at` names the ledger page it is on. */
export function eventHref(id: string, at: string | undefined): string {
  const query = at === undefined ? '' : `?${new URLSearchParams({ at })}`;
  return `/dashboard/event/${encodeURIComponent(id)}${query}`;
}

function input(name: keyof EventFilter, label: string, value: string | undefined, type = 'text') {
  return html`<label>${label} <input type="${type}" name="${name}" value="${value ?? ''}" maxlength="256"></label>`;
}

function filterForm(filter: EventFilter, showKey: boolean): SafeHtml {
  return html`<form method="get" action="/dashboard/events" class="controls filters" id="event-filters">
${showKey ? input('key', 'Key', filter.key) : ''}
${input('model', 'Model', filter.model)}
${input('provider', 'Provider', filter.provider)}
<label>Status <select name="status"><option value="">any</option>${EVENT_STATUSES.map((s) => html`<option value="${s}"${s === filter.status ? html` selected` : ''}>${s}</option>`)}</select></label>
${input('user', 'User', filter.user)}
${input('tag', 'Tag', filter.tag)}
${input('from', 'From (UTC)', filter.from, 'datetime-local')}
${input('to', 'To (UTC)', filter.to, 'datetime-local')}
<button type="submit">Filter</button> <a href="/dashboard/events">Clear</a>
</form>`;
}

/** The Events page: filters, one page of the ledger newest first, and a link to older events. */
export function eventsView(
  frame: PageFrame,
  options: { filter: EventFilter; page: EventsPage; first: boolean },
): SafeHtml {
  const { filter, page } = options;
  const rows = page.events.map(({ event, at }) => eventRow(event, eventHref(event.id, at)));
  const older =
    page.nextCursor === undefined
      ? ''
      : html`<a rel="next" id="older" href="/dashboard/events?${new URLSearchParams({ ...filterParams(filter), cursor: page.nextCursor }).toString()}">Older &rarr;</a>`;
  const newest = options.first
    ? ''
    : html`<a id="newest" href="/dashboard/events?${new URLSearchParams(filterParams(filter)).toString()}">&larr; Newest</a>`;
  return layout(
    frame,
    html`${filterForm(filter, frame.principal.kind === 'master')}
<div class="table-wrap"><table id="events">${eventHeader()}
<tbody>${rows.length > 0 ? rows : html`<tr><td colspan="11" class="empty">No matching events${page.nextCursor ? ' among the ones read; look at older events' : ''}.</td></tr>`}</tbody>
</table></div>
<nav class="pager">${newest} <span class="muted">${formatCount(page.events.length)} shown, ${formatCount(page.scanned)} read</span> ${older}</nav>`,
  );
}
