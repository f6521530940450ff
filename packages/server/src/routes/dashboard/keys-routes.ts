import type { BudgetPeriod } from '@stereos/core';
import { type Context, Hono } from 'hono';
import { type KeyBudgetUsage, keyBudgetUsage } from '../../dashboard/queries/key-budget-usage';
import { errorView } from '../../dashboard/views/error-view';
import { keyEditView, keySecretView, keysView } from '../../dashboard/views/keys-view';
import type { DashboardContext, DashboardEnv } from './dashboard-env';
import { keyBodyOf } from './key-form-body';
import { requireMaster } from './require-session';
import { frameOf, page, seeOther } from './respond';

const KEY_ID = /^vk_[A-Za-z0-9_-]{1,64}$/;
const DONE: Record<string, string> = {
  updated: 'Key updated.',
  revoked: 'Key revoked: it stops working at once on this server.',
};

type Ctx = Context<DashboardEnv>;

/**
 * The Keys page (master key only): list with budget bars, create, edit, revoke, rotate. Every
 * change is a call to the admin API (`admin-client.ts`), never a second implementation; the
 * budget bars read the budget store the per-key policy writes.
 */
export function createKeysRoutes(ctx: DashboardContext): Hono<DashboardEnv> {
  const app = new Hono<DashboardEnv>();
  app.use('/dashboard/keys', requireMaster());
  app.use('/dashboard/keys/*', requireMaster());

  async function list(c: Ctx, status: 200 | 400, error?: string) {
    const frame = frameOf(c, 'keys', 'Keys');
    const listed = await ctx.admin.list();
    if (!listed.ok) return page(c, errorView(listed.message, frame), 502);
    const now = new Date(ctx.now());
    const budgets = new Map<string, KeyBudgetUsage>();
    for (const key of listed.json.data) {
      if (key.revoked_at !== null || !key.budget) continue;
      const budget = { limitUsd: key.budget.limit_usd, period: key.budget.period as BudgetPeriod };
      const usage = await keyBudgetUsage(ctx.stores.budgets, { id: key.id, budget }, now);
      if (usage) budgets.set(key.id, usage);
    }
    const message = DONE[c.req.query('done') ?? ''];
    const view = keysView(frame, {
      keys: listed.json.data,
      budgets,
      now: ctx.now(),
      error,
      message,
    });
    return page(c, view, status);
  }

  function badId(c: Ctx) {
    return page(c, errorView('No such key.', frameOf(c, 'keys', 'Keys')), 404);
  }

  app.get('/dashboard/keys', (c) => list(c, 200));

  app.post('/dashboard/keys', async (c) => {
    const created = await ctx.admin.create(keyBodyOf(c.get('form'), 'create'));
    if (!created.ok) return list(c, 400, created.message);
    const { key, ...json } = created.json;
    return page(c, keySecretView(frameOf(c, 'keys', 'Key created'), json, key, 'created'));
  });

  app.get('/dashboard/keys/:id', async (c) => {
    const id = c.req.param('id');
    if (!KEY_ID.test(id)) return badId(c);
    const found = await ctx.admin.get(id);
    if (!found.ok)
      return page(
        c,
        errorView(found.message, frameOf(c, 'keys', 'Keys')),
        found.status === 404 ? 404 : 502,
      );
    return page(c, keyEditView(frameOf(c, 'keys', `Edit ${found.json.name}`), found.json));
  });

  app.post('/dashboard/keys/:id', async (c) => {
    const id = c.req.param('id');
    if (!KEY_ID.test(id)) return badId(c);
    const updated = await ctx.admin.update(id, keyBodyOf(c.get('form'), 'update'));
    if (updated.ok) return seeOther(c, '/dashboard/keys?done=updated');
    const found = await ctx.admin.get(id);
    if (!found.ok) return page(c, errorView(updated.message, frameOf(c, 'keys', 'Keys')), 404);
    return page(
      c,
      keyEditView(frameOf(c, 'keys', `Edit ${found.json.name}`), found.json, updated.message),
      400,
    );
  });

  app.post('/dashboard/keys/:id/revoke', async (c) => {
    const id = c.req.param('id');
    if (!KEY_ID.test(id)) return badId(c);
    const revoked = await ctx.admin.revoke(id);
    if (!revoked.ok) return list(c, 400, revoked.message);
    return seeOther(c, '/dashboard/keys?done=revoked');
  });

  app.post('/dashboard/keys/:id/rotate', async (c) => {
    const id = c.req.param('id');
    if (!KEY_ID.test(id)) return badId(c);
    const rotated = await ctx.admin.rotate(id);
    if (!rotated.ok) return list(c, 400, rotated.message);
    const { key, ...json } = rotated.json;
    return page(c, keySecretView(frameOf(c, 'keys', 'Key rotated'), json, key, 'rotated'));
  });

  return app;
}
