import { Hono } from 'hono';
import { dashboardAsset, isAssetName } from '../../dashboard/static-assets';
import type { DashboardEnv } from './dashboard-env';

/**
 * `GET /dashboard/assets/{name}`: the page script, the stylesheet and uPlot. Public (the sign-in
 * page needs its stylesheet; they are the same files as in the npm package), revalidated by
 * ETag so an upgrade is picked up at once.
 */
export function createAssetRoutes(): Hono<DashboardEnv> {
  const app = new Hono<DashboardEnv>();
  app.get('/dashboard/assets/:name', async (c) => {
    const name = c.req.param('name');
    const asset = isAssetName(name) ? await dashboardAsset(name) : undefined;
    if (!asset) return c.text('Not found', 404);
    const headers = { etag: asset.etag, 'cache-control': 'no-cache' };
    if (c.req.header('if-none-match') === asset.etag) return c.body(null, 304, headers);
    return c.body(asset.body, 200, { ...headers, 'content-type': asset.type });
  });
  return app;
}
