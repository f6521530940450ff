import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPriceTable } from '../catalog/prices';
import { type BudgetAlert, createBudgetAlerts } from './budget-alerts';
import { createBudgetGuard } from './budget-guard';

// One input token costs $1 with this table, so reservations are easy to size.
const prices = createPriceTable({ 'openai/m': { inputPerMTok: 1_000_000, outputPerMTok: 0 } });
const call = (inputTokens: number) => ({
  subject: {},
  targets: [{ provider: 'openai', model: 'm' }],
  inputTokens,
  maxOutputTokens: 0,
});
const settleSoon = () => new Promise((r) => setTimeout(r, 5));

afterEach(() => vi.useRealTimers());

describe('budget alerts', () => {
  it('warns once per window when spend passes the threshold', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const alerts: BudgetAlert[] = [];
    const guard = createBudgetGuard(
      {
        limitUsd: 10,
        period: 'total',
        alerts: createBudgetAlerts({ threshold: 0.8, onAlert: (a) => alerts.push(a) }),
      },
      prices,
    );
    await (await guard.reserveCall(call(5))).settle(5);
    await settleSoon();
    expect(alerts).toEqual([]);
    vi.setSystemTime(Date.now() + 10_000);
    await (await guard.reserveCall(call(4))).settle(4);
    await settleSoon();
    expect(alerts).toEqual([
      { scope: 'global', window: 'total', limitUsd: 10, spentUsd: 9, threshold: 0.8 },
    ]);
    vi.setSystemTime(Date.now() + 10_000);
    await (await guard.reserveCall(call(1))).settle(1);
    await settleSoon();
    expect(alerts).toHaveLength(1);
  });
});
