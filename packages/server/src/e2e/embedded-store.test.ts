import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../app';
import { openServerStores } from '../stores/open-server-stores';
import { startCli } from '../testing/cli-process';
import { admin, createKey, MASTER_KEY } from '../testing/governance';
import { chatBody, postChat, testConfig } from '../testing/test-env';
import { useFakeUpstream } from '../testing/use-fake-upstream';

/** The CLI's default storage: one SQLite file under STEREOS_DATA_DIR, nothing to install. */
const up = useFakeUpstream();
let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'stereos-embedded-'));
  return () => rm(dataDir, { recursive: true, force: true });
});

const env = () =>
  testConfig(up, {
    STEREOS_MASTER_KEY: MASTER_KEY,
    OPENAI_API_KEY: 'sk-openai-env-1',
    STEREOS_BUDGET_USD: '5',
    STEREOS_BUDGET_PERIOD: 'total',
  });

describe('the embedded store', () => {
  it('keeps keys, spend and the ledger across a restart', async () => {
    const first = await openServerStores({ dataDir });
    const app = createApp(env(), { stores: first });
    const { id, key } = await createKey(app, { name: 'survivor' });
    for (let i = 0; i < 3; i++) {
      expect((await postChat(app, chatBody(), { authorization: `Bearer ${key}` })).status).toBe(
        200,
      );
    }
    const spentBefore = (await first.budgets.usage('global', 'total')).spentUsd;
    expect(spentBefore).toBeGreaterThan(0);
    await first.close();

    const second = await openServerStores({ dataDir });
    try {
      const again = createApp(env(), { stores: second });
      expect((await admin(again, 'GET', `/admin/keys/${id}`)).json).toMatchObject({
        name: 'survivor',
      });
      expect((await postChat(again, chatBody(), { authorization: `Bearer ${key}` })).status).toBe(
        200,
      );
      await second.ledger.flush();
      const [total] = await second.ledger.usage({ keyId: id });
      expect(total?.requests).toBe(4);
      expect((await second.budgets.usage('global', 'total')).spentUsd).toBeGreaterThan(spentBefore);
    } finally {
      await second.close();
    }
  });

  it('loses no ledger row when stopped under load: rows == answers', async () => {
    up.setDefault({ kind: 'reply', text: 'slow', delayMs: 150 });
    const { child, exited, url } = await startCli({
      STEREOS_DATA_DIR: dataDir,
      GATEWAY_API_KEYS: 'gw-key-1',
      OPENAI_API_KEY: 'sk-openai-env-1',
      OPENAI_BASE_URL: up.url,
      LOG_EVENTS: 'false',
      STEREOS_SHUTDOWN_GRACE_SECS: '0.1',
    });
    const requests = Array.from({ length: 40 }, () =>
      fetch(`${url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer gw-key-1' },
        body: JSON.stringify(chatBody()),
      }).then(
        (r) => r.text().then(() => r.status),
        () => undefined,
      ),
    );
    await up.waitForRequests(20);
    child.kill('SIGTERM');
    const statuses = await Promise.all(requests);
    await exited;
    const answered = statuses.filter((s) => s !== undefined).length;
    expect(answered).toBeGreaterThan(0);

    const stores = await openServerStores({ dataDir });
    try {
      const [total] = await stores.ledger.usage({});
      expect(total?.requests).toBe(answered);
    } finally {
      await stores.close();
    }
  });
});
