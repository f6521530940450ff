import { Hono } from 'hono';
import { scopeOf } from '../../dashboard/principal';
import { queryOverview } from '../../dashboard/queries/overview-query';
import { parseSplit } from '../../dashboard/queries/split';
import { parseTimeRange } from '../../dashboard/queries/time-range';
import { overviewView } from '../../dashboard/views/overview-view';
import type { DashboardContext, DashboardEnv } from './dashboard-env';
import { frameOf, page } from './respond';

/** `GET /dashboard/overview?range=&bucket=&split=&from=&to=`: charts and totals of a range. */
export function createOverviewRoutes(ctx: DashboardContext): Hono<DashboardEnv> {
  const app = new Hono<DashboardEnv>();
  app.get('/dashboard/overview', async (c) => {
    const query = c.req.query();
    const overview = await queryOverview(ctx.stores.ledger, {
      range: parseTimeRange(query, ctx.now()),
      split: parseSplit(query['split']),
      keyId: scopeOf(c.get('session').principal),
    });
    return page(c, overviewView(frameOf(c, 'overview', 'Overview'), overview));
  });
  return app;
}
