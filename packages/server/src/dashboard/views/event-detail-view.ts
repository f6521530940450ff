import type { GatewayEvent } from '@stereos/core';
import { type HtmlValue, html, type SafeHtml } from '../html';
import { layout, type PageFrame } from './layout';

function value(v: unknown): HtmlValue {
  if (v === undefined || v === null) return html`<span class="muted">&mdash;</span>`;
  if (Array.isArray(v)) {
    return v.length === 0
      ? html`<span class="muted">none</span>`
      : html`<ul>${v.map((item) => html`<li>${value(item)}</li>`)}</ul>`;
  }
  if (typeof v === 'object') return fields(v as Record<string, unknown>);
  return html`<code>${String(v)}</code>`;
}

function fields(record: Record<string, unknown>): SafeHtml {
  const entries = Object.entries(record);
  if (entries.length === 0) return html`<span class="muted">none</span>`;
  return html`<dl>${entries.map(([name, v]) => html`<dt>${name}</dt><dd>${value(v)}</dd>`)}</dl>`;
}

/**
 * One event with every field it has, nested ones (metadata, error) as nested lists. Events
 * never carry a key or a prompt (the `GatewayEvent` contract), so everything is shown as is.
 */
export function eventDetailView(frame: PageFrame, event: GatewayEvent): SafeHtml {
  return layout(
    frame,
    html`<p><a href="/dashboard/events">&larr; Events</a></p>
<section class="card event-detail" id="event">${fields(event as unknown as Record<string, unknown>)}</section>`,
  );
}
