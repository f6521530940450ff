import type { GatewayEvent } from '@stereos/core';
import { html, type SafeHtml } from '../html';
import { eventHeader, eventRow } from './event-row';
import { eventHref } from './events-view';
import { layout, type PageFrame } from './layout';

/**
 * The Live page: the newest events (readable without JavaScript), then new events as the
 * server sends them (`/dashboard/events/stream`, read by the page script).
 */
export function liveView(frame: PageFrame, recent: GatewayEvent[]): SafeHtml {
  return layout(
    frame,
    html`<p class="live-status"><span id="live-state" data-state="idle">The newest events. Reload for new ones, or turn on JavaScript to see them arrive.</span> <span id="live-dropped" class="muted"></span></p>
<div class="table-wrap"><table id="live" data-stream="/dashboard/events/stream">${eventHeader()}
<tbody id="live-rows">${recent.map((event) => eventRow(event, eventHref(event.id, undefined)))}</tbody>
</table></div>`,
  );
}
