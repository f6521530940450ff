import type { GatewayEvent } from '@stereos/core';
import { html, type SafeHtml } from '../html';
import { formatCount, formatMs, formatTime, formatUsd } from './format';

/** Column headings of an events table (Events and Live pages share them). */
export const EVENT_COLUMNS = [
  'Time (UTC)',
  'Status',
  'Model',
  'Provider',
  'Key',
  'User',
  'Tags',
  'Latency',
  'Tokens in/out',
  'Cost',
  'Cache',
] as const;

export function eventHeader(): SafeHtml {
  return html`<thead><tr>${EVENT_COLUMNS.map((c) => html`<th scope="col">${c}</th>`)}</tr></thead>`;
}

/** One event as a table row; its time links to the event's page when `href` is given. */
export function eventRow(event: GatewayEvent, href?: string): SafeHtml {
  const time = formatTime(event.timestamp);
  return html`<tr data-event-id="${event.id}" class="status-${event.status}">
<td>${href ? html`<a href="${href}">${time}</a>` : time}</td>
<td><span class="status ${event.status}">${event.status}</span></td>
<td>${event.model ?? event.requestedModel}</td>
<td>${event.provider ?? '—'}</td>
<td>${event.keyId ?? '—'}</td>
<td>${event.user ?? '—'}</td>
<td>${event.tags.join(', ')}</td>
<td class="num">${formatMs(event.latencyMs)}</td>
<td class="num">${formatCount(event.inputTokens)} / ${formatCount(event.outputTokens)}</td>
<td class="num">${formatUsd(event.costUsd)}</td>
<td>${event.cacheHit ? 'hit' : ''}</td>
</tr>`;
}
