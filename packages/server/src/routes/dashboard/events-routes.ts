import { Hono } from 'hono';
import { scopeOf } from '../../dashboard/principal';
import { parseEventFilter } from '../../dashboard/queries/event-filter';
import { CURSOR_PATTERN, findEvent, queryEventsPage } from '../../dashboard/queries/events-query';
import { errorView } from '../../dashboard/views/error-view';
import { eventDetailView } from '../../dashboard/views/event-detail-view';
import { eventsView } from '../../dashboard/views/events-view';
import type { DashboardContext, DashboardEnv } from './dashboard-env';
import { frameOf, page } from './respond';

const EVENT_ID = /^[A-Za-z0-9_.:-]{1,128}$/;

function cursorOf(value: string | undefined): string | undefined {
  return value !== undefined && CURSOR_PATTERN.test(value) ? value : undefined;
}

/**
 * `GET /dashboard/events` (filters, paging) and `GET /dashboard/event/{id}`. A virtual key's
 * session reads only its own events: its scope goes to the ledger, whatever the query says.
 */
export function createEventsRoutes(ctx: DashboardContext): Hono<DashboardEnv> {
  const app = new Hono<DashboardEnv>();

  app.get('/dashboard/events', async (c) => {
    const scope = scopeOf(c.get('session').principal);
    const filter = parseEventFilter(c.req.query());
    if (scope !== undefined) filter.key = undefined;
    const cursor = cursorOf(c.req.query('cursor'));
    const result = await queryEventsPage(ctx.stores.ledger, { filter, cursor, keyId: scope });
    return page(
      c,
      eventsView(frameOf(c, 'events', 'Events'), {
        filter,
        page: result,
        first: cursor === undefined,
      }),
    );
  });

  app.get('/dashboard/event/:id', async (c) => {
    const id = c.req.param('id');
    const frame = frameOf(c, 'events', 'Event');
    const event = EVENT_ID.test(id)
      ? await findEvent(ctx.stores.ledger, {
          id,
          at: cursorOf(c.req.query('at')),
          keyId: scopeOf(c.get('session').principal),
        })
      : undefined;
    if (!event)
      return page(c, errorView('No such event (or it is no longer in the ledger).', frame), 404);
    return page(c, eventDetailView(frame, event));
  });

  return app;
}
