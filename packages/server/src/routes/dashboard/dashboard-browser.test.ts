import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GatewayEvent } from '@stereos/core';
import type { FakeUpstream } from '@stereos/fake-upstream';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatUsd } from '../../dashboard/views/format';
import { openServerStores } from '../../stores/open-server-stores';
import type { ServerStores } from '../../stores/server-stores';
import { postgresTarget, sqliteTarget } from '../../stores/sql/sql-test-targets';
import { createKey, MASTER_KEY } from '../../testing/governance';
import {
  chatBody,
  type RunningServer,
  startServer,
  startUpstream,
  testConfig,
} from '../../testing/test-env';

/*
 * The dashboard in a real browser: Debian's headless Chromium driven by playwright-core, against
 * a listening server whose upstreams are the fake. The same flow runs on each store the server
 * can run on (memory, the embedded SQLite file, PostgreSQL with DATABASE_URL), then across two
 * instances sharing PostgreSQL (and Redis with REDIS_URL). Skipped where /usr/bin/chromium is
 * missing. Screenshots land in packages/server/.artifacts/dashboard/<store>/.
 */

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS_ROOT = fileURLToPath(new URL('../../../.artifacts/dashboard/', import.meta.url));
const REDIS_URL = process.env['REDIS_URL'];
const XSS = '<script>alert(1)</script>';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const VIEWPORT = { width: 1280, height: 800 };

/** Where a suite's server keeps its state. */
interface StoreTarget {
  /** Folder of its screenshots, and its name in the test titles. */
  id: string;
  skip: boolean;
  /** Opens fresh stores (`undefined`: the app's in-memory default) and how to remove them. */
  open(): Promise<{ stores: ServerStores | undefined; close(): Promise<void> }>;
}

/** Opens the stores the CLI would open on a fresh SQL database (and Redis when given). */
function sqlTarget(id: string, target: typeof sqliteTarget, redisUrl?: string): StoreTarget {
  return {
    id,
    skip: target.skip,
    async open() {
      const database = await target.create();
      const { url, dataDir } = database.options;
      const stores = await openServerStores({ databaseUrl: url, dataDir, redisUrl });
      return {
        stores,
        async close() {
          await stores.close();
          await database.drop();
        },
      };
    },
  };
}

const STORE_TARGETS: StoreTarget[] = [
  { id: 'memory', skip: false, open: async () => ({ stores: undefined, close: async () => {} }) },
  sqlTarget('sqlite', sqliteTarget),
  sqlTarget('postgres', postgresTarget, REDIS_URL),
];

/**
 * What one suite watches across its browsers: dialogs other than our confirmations (an `alert`
 * would mean injected script ran), console errors (CSP violations included) and answers of 400
 * and above.
 */
function createHarness(artifacts: string) {
  const contexts: BrowserContext[] = [];
  const dirs: string[] = [];
  const alerts: string[] = [];
  const consoleErrors: string[] = [];
  const failures: string[] = [];

  function watch(page: Page): void {
    page.on('dialog', (dialog) => {
      if (dialog.type() === 'confirm') return void dialog.accept();
      alerts.push(`${dialog.type()}: ${dialog.message()}`);
      return void dialog.dismiss();
    });
    page.on('console', (message) => {
      const text = message.text();
      if (message.type() === 'error' && !text.startsWith('Failed to load resource')) {
        consoleErrors.push(text);
      }
    });
    page.on('response', (response) => {
      if (response.status() >= 400) {
        failures.push(`${response.status()} ${new URL(response.url()).pathname}`);
      }
    });
  }

  return {
    alerts,
    consoleErrors,
    failures,
    /** A browser of its own (its own cookies); `javaScript: false` for the no-script pages. */
    async openBrowser(
      options: { javaScript?: boolean; viewport?: typeof VIEWPORT } = {},
    ): Promise<BrowserContext> {
      const { chromium } = await import('playwright-core');
      const dir = await mkdtemp(join(tmpdir(), 'stereos-chromium-'));
      dirs.push(dir);
      const context = await chromium.launchPersistentContext(dir, {
        executablePath: CHROMIUM,
        headless: true,
        args: ARGS,
        viewport: options.viewport ?? VIEWPORT,
        javaScriptEnabled: options.javaScript ?? true,
      });
      contexts.push(context);
      context.on('page', watch);
      for (const page of context.pages()) watch(page);
      return context;
    },
    async shot(page: Page, name: string): Promise<void> {
      await mkdir(artifacts, { recursive: true });
      await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: false });
    },
    async close(): Promise<void> {
      for (const context of contexts) await context.close();
      for (const dir of dirs) await rm(dir, { recursive: true, force: true });
    },
  };
}

async function pageOf(context: BrowserContext): Promise<Page> {
  return context.pages()[0] ?? context.newPage();
}

async function chatAt(
  baseUrl: string,
  key: string,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
) {
  const response = await fetch(`${baseUrl}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, ...headers },
    body: JSON.stringify(body),
  });
  await response.text();
  return response.status;
}

async function signIn(page: Page, baseUrl: string, key: string): Promise<void> {
  await page.goto(`${baseUrl}/dashboard`);
  await page.waitForURL(/\/dashboard\/login$/);
  await page.fill('#key', key);
  await page.click('button[type="submit"]');
  await page.waitForURL(/\/dashboard\/overview$/);
}

const CHROMIUM_MISSING = !existsSync(CHROMIUM);

for (const target of STORE_TARGETS)
  describe.skipIf(CHROMIUM_MISSING || target.skip)(
    `dashboard in headless Chromium on ${target.id} stores`,
    () => {
      const harness = createHarness(join(ARTIFACTS_ROOT, target.id));
      const { alerts, consoleErrors, failures, shot } = harness;
      let up: FakeUpstream;
      let server: RunningServer;
      let closeStores: (() => Promise<void>) | undefined;
      let master: Page;
      let known: GatewayEvent[];
      let secret: string;
      let keyId: string;

      beforeAll(async () => {
        up = await startUpstream();
        const opened = await target.open();
        closeStores = opened.close;
        server = await startServer(
          testConfig(up, {
            STEREOS_MASTER_KEY: MASTER_KEY,
            OPENAI_API_KEY: 'sk-openai-env-0123',
            ANTHROPIC_API_KEY: 'sk-ant-env-0123',
            UPSTREAM_MAX_RETRIES: '0',
          }),
          { stores: opened.stores },
        );
        // The known set: 3 gpt-4o-mini, 2 claude-haiku-4-5, 1 upstream error.
        for (let i = 0; i < 3; i++) {
          expect(
            await chat(MASTER_KEY, chatBody(), {
              'x-stereos-user': 'alice',
              'x-stereos-tags': 'team-a',
            }),
          ).toBe(200);
        }
        for (let i = 0; i < 2; i++) {
          expect(
            await chat(MASTER_KEY, chatBody({ model: 'claude-haiku-4-5', max_tokens: 100 })),
          ).toBe(200);
        }
        up.enqueue({ kind: 'error', status: 400, message: 'bad request upstream' });
        expect(await chat(MASTER_KEY, chatBody())).toBe(400);
        known = server.app.events.events();
        expect(known).toHaveLength(6);
        // A SQL ledger writes in batches: the pages read what is written.
        await server.app.stores.ledger.flush();
        master = await pageOf(await harness.openBrowser());
      }, 60_000);

      afterAll(async () => {
        await harness.close();
        await server?.close();
        await closeStores?.();
        await up?.close();
      });

      const chat = (key: string, body: Record<string, unknown>, headers = {}) =>
        chatAt(server.url, key, body, headers);

      it('redirects to the sign-in form, then signs in with the master key', async () => {
        await master.goto(`${server.url}/dashboard/overview`);
        await master.waitForURL(/\/dashboard\/login$/);
        await shot(master, 'login');
        await master.fill('#key', 'not-the-master-key-000');
        await master.click('button[type="submit"]');
        await expect.poll(() => master.textContent('.notice.error')).toMatch(/Wrong key/);
        await signIn(master, server.url, MASTER_KEY);
        const cookies = await master.context().cookies();
        const session = cookies.find((c) => c.name === 'stereos_session');
        expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/dashboard' });
      });

      it('Overview: totals and charts match the requests made', async () => {
        const spend = known.reduce((sum, e) => sum + (e.costUsd ?? 0), 0);
        await master.waitForSelector('#chart-spend[data-rendered="true"] canvas');
        await master.waitForSelector('#chart-requests[data-rendered="true"] canvas');
        expect(await master.textContent('#total-requests')).toBe('6');
        expect(await master.textContent('#total-spend')).toBe(formatUsd(spend));
        expect(await master.textContent('#total-error-rate')).toBe(
          `${((1 / 6) * 100).toFixed(1)}%`,
        );
        expect(await master.textContent('#total-cache-hit-rate')).toBe('0.0%');
        expect(await master.textContent('#total-p50')).toMatch(/\d+ ms/);
        expect(Number(await master.getAttribute('#chart-requests', 'data-total'))).toBe(6);
        expect(Number(await master.getAttribute('#chart-spend', 'data-total'))).toBeCloseTo(
          spend,
          9,
        );
        // Split by model: one series each for gpt-4o-mini and claude-haiku-4-5.
        expect(await master.getAttribute('#chart-requests', 'data-series')).toBe('2');
        const rows = await master.$$eval('#groups tbody tr', (trs) =>
          trs.map((tr) => [
            tr.querySelector('th')?.textContent,
            tr.querySelector('td')?.textContent,
          ]),
        );
        expect(Object.fromEntries(rows)).toEqual({ 'gpt-4o-mini': '4', 'claude-haiku-4-5': '2' });
        await shot(master, 'overview');

        // Changing the split reloads the page with it (the select submits on change).
        await master.selectOption('select[name="split"]', 'provider');
        await master.waitForURL(/split=provider/);
        await master.waitForSelector('#chart-spend[data-rendered="true"]');
        const providers = await master.$$eval('#groups tbody th', (ths) =>
          ths.map((th) => th.textContent),
        );
        expect(providers.sort()).toEqual(['anthropic', 'openai']);
      });

      it('Keys: creates a key (shown once, with a copy button) that then works', async () => {
        await master.click('nav a[href="/dashboard/keys"]');
        await master.waitForURL(/\/dashboard\/keys$/);
        await master.click('details.create summary');
        await master.fill('#create-key input[name="name"]', 'browser-key');
        await master.fill('#create-key input[name="budget_usd"]', '2');
        await master.fill('#create-key input[name="rpm"]', '100');
        await master.fill('#create-key input[name="models"]', 'gpt-4o*');
        await master.click('#create-key button[type="submit"]');
        await master.waitForSelector('#secret');
        secret = await master.inputValue('#secret');
        expect(secret).toMatch(/^sk-st-/);
        await master.click('button[data-copy]');
        // The button says so once the clipboard write settled.
        await expect.poll(() => master.textContent('button[data-copy]')).toBe('Copied');
        await shot(master, 'key-created');
        const [record] = (await server.app.stores.keys.list()).filter(
          (k) => k.name === 'browser-key',
        );
        keyId = record?.id as string;
        expect(record).toMatchObject({ rpm: 100, models: ['gpt-4o*'], budget: { limitUsd: 2 } });

        await master.click('a[href="/dashboard/keys"]');
        await master.waitForSelector(`tr[data-key-id="${keyId}"]`);
        expect(await master.content()).not.toContain(secret);
      });

      it("Live: the key's call appears without reloading; a <script> name shows as text", async () => {
        await master.click('nav a[href="/dashboard/live"]');
        await master.waitForSelector('#live-state[data-state="open"]');
        const before = await master.$$eval('#live-rows tr', (trs) => trs.length);
        expect(await chat(secret, chatBody({ user: XSS }), { 'x-stereos-tags': XSS })).toBe(200);
        await master.waitForFunction(
          () => document.querySelector('#live')?.getAttribute('data-received') === '1',
        );
        const row = master.locator('#live-rows tr').first();
        expect(await row.locator('td').nth(4).textContent()).toBe(keyId);
        expect(await row.locator('td').nth(5).textContent()).toBe(XSS);
        expect(await row.locator('td').nth(6).textContent()).toBe(XSS);
        expect(await master.$$eval('#live-rows tr', (trs) => trs.length)).toBe(before + 1);
        expect(await master.$$eval('#live-rows script', (s) => s.length)).toBe(0);
        await shot(master, 'live');
      });

      it('Keys: shows the budget used, then revokes the key, which stops working', async () => {
        await master.click('nav a[href="/dashboard/keys"]');
        const row = master.locator(`tr[data-key-id="${keyId}"]`);
        const used = Number(await row.locator('meter').getAttribute('value'));
        const spent = server.app.events.events().find((e) => e.keyId === keyId)?.costUsd ?? 0;
        expect(used).toBeCloseTo(spent, 12);
        expect(used).toBeGreaterThan(0);
        await shot(master, 'keys');
        await row.locator('button[name="revoke"]').click();
        await master.waitForURL(/done=revoked/);
        expect(await master.locator(`tr[data-key-id="${keyId}"] .status`).textContent()).toBe(
          'revoked',
        );
        expect(await chat(secret, chatBody())).toBe(401);
      });

      it('Events: newest first, filtered by model, one event opens with every field', async () => {
        await server.app.stores.ledger.flush();
        await master.click('nav a[href="/dashboard/events"]');
        await master.waitForSelector('#events tbody tr');
        // The 6 known calls, the key's call and its refused call after revocation.
        expect(await master.$$eval('#events tbody tr', (trs) => trs.length)).toBe(8);
        expect(await master.locator('#events tbody td', { hasText: XSS }).count()).toBeGreaterThan(
          0,
        );
        await shot(master, 'events');

        await master.fill('#event-filters input[name="model"]', 'claude-haiku-4-5');
        await master.click('#event-filters button[type="submit"]');
        await master.waitForURL(/model=claude-haiku-4-5/);
        const models = await master.$$eval('#events tbody tr td:nth-child(3)', (tds) =>
          tds.map((td) => td.textContent),
        );
        expect(models).toEqual(['claude-haiku-4-5', 'claude-haiku-4-5']);

        await master.selectOption('#event-filters select[name="status"]', 'error');
        await master.fill('#event-filters input[name="model"]', '');
        await master.click('#event-filters button[type="submit"]');
        await master.waitForURL(/status=error/);
        expect(await master.$$eval('#events tbody tr', (trs) => trs.length)).toBe(1);

        await master.click('#events tbody tr a');
        await master.waitForSelector('#event');
        const text = (await master.textContent('#event')) ?? '';
        for (const field of [
          'id',
          'timestamp',
          'requestedModel',
          'status',
          'attempts',
          'latencyMs',
          'inputTokens',
          'costUsd',
          'error',
        ]) {
          expect(text).toContain(field);
        }
        expect(text).toContain('bad request upstream');
        const html = await master.content();
        expect(html).not.toContain('hello'); // the prompt
        expect(html).not.toMatch(/sk-st-|sk-openai-env|sk-ant-env/);
        expect(html).not.toContain(MASTER_KEY);
        await shot(master, 'event');
      });

      it('a virtual key signs in and sees only its own usage and events', async () => {
        const own = await createKey(server.app, { name: 'viewer' });
        expect(await chat(own.key, chatBody({ model: 'gpt-4o' }))).toBe(200);
        await server.app.stores.ledger.flush();
        const page = await pageOf(await harness.openBrowser());
        await signIn(page, server.url, own.key);
        await page.waitForSelector('#chart-requests[data-rendered="true"]');
        expect(await page.textContent('#total-requests')).toBe('1');
        expect(await page.locator('nav a[href="/dashboard/keys"]').count()).toBe(0);
        await page.click('nav a[href="/dashboard/events"]');
        const keys = await page.$$eval('#events tbody tr td:nth-child(5)', (tds) =>
          tds.map((td) => td.textContent),
        );
        expect(keys).toEqual([own.id]);
        expect(await page.locator('#event-filters input[name="key"]').count()).toBe(0);
        const response = await page.goto(`${server.url}/dashboard/keys`);
        expect(response?.status()).toBe(403);
        await page.goto(`${server.url}/dashboard/overview`);
        await page.setViewportSize({ width: 390, height: 844 });
        await page.waitForSelector('#chart-requests[data-rendered="true"]');
        await shot(page, 'overview-phone');
      });

      it('reads without JavaScript and fits a phone: every table is in the HTML', async () => {
        const phone = { width: 390, height: 844 };
        const page = await pageOf(
          await harness.openBrowser({ javaScript: false, viewport: phone }),
        );
        await signIn(page, server.url, MASTER_KEY);
        const pages: [string, string][] = [
          ['overview', '#groups tbody tr'],
          ['keys', 'tr[data-key-id]'],
          ['events', '#events tbody tr'],
          ['live', '#live-rows tr'],
        ];
        for (const [path, rows] of pages) {
          await page.goto(`${server.url}/dashboard/${path}`);
          expect(await page.locator(rows).count(), path).toBeGreaterThan(0);
          // Wide tables scroll inside their own box; the page itself never scrolls sideways.
          const width = await page.evaluate(() => document.documentElement.scrollWidth);
          expect(width, path).toBeLessThanOrEqual(phone.width);
        }
        expect(await page.textContent('#live-state')).toMatch(/Reload for new ones/);
        await shot(page, 'live-phone-no-script');
      });

      it('signs out: the pages ask to sign in again', async () => {
        await master.click('form.signout button');
        await master.waitForURL(/\/dashboard\/login\?reason=signed-out$/);
        expect(await master.textContent('.notice')).toMatch(/Signed out/);
        await master.goto(`${server.url}/dashboard/overview`);
        await master.waitForURL(/\/dashboard\/login$/);
        expect((await master.context().cookies()).some((c) => c.name === 'stereos_session')).toBe(
          false,
        );
      });

      it('ran no injected script, broke no CSP rule, and failed only where expected', () => {
        expect(alerts).toEqual([]);
        expect(consoleErrors).toEqual([]);
        // The wrong key at sign-in, and a virtual key asking for the Keys page.
        expect(failures).toEqual(['401 /dashboard/login', '403 /dashboard/keys']);
      });
    },
  );

/*
 * Two instances behind one address, as a load balancer without sticky sessions would use them:
 * each its own app and connections, one PostgreSQL database (and Redis with REDIS_URL). The
 * browser reaches both on 127.0.0.1, so it sends the same cookies to each (cookies are not
 * scoped by port).
 */
describe.skipIf(CHROMIUM_MISSING || postgresTarget.skip)(
  'dashboard in headless Chromium across two instances on one PostgreSQL',
  () => {
    const harness = createHarness(join(ARTIFACTS_ROOT, 'two-instances'));
    let up: FakeUpstream;
    let a: RunningServer;
    let b: RunningServer;
    const closing: (() => Promise<void>)[] = [];
    let page: Page;
    let secret: string;
    let keyId: string;

    beforeAll(async () => {
      up = await startUpstream();
      const database = await postgresTarget.create();
      const location = { databaseUrl: database.options.url, redisUrl: REDIS_URL };
      const storesA = await openServerStores(location);
      const storesB = await openServerStores(location);
      closing.push(
        () => storesA.close(),
        () => storesB.close(),
        () => database.drop(),
      );
      const config = testConfig(up, {
        STEREOS_MASTER_KEY: MASTER_KEY,
        OPENAI_API_KEY: 'sk-openai-env-0123',
        UPSTREAM_MAX_RETRIES: '0',
      });
      a = await startServer(config, { stores: storesA });
      b = await startServer(config, { stores: storesB });
      page = await pageOf(await harness.openBrowser());
    }, 60_000);

    afterAll(async () => {
      await harness.close();
      await a?.close();
      await b?.close();
      for (const close of closing) await close();
      await up?.close();
    });

    it('signs in on A, then browses on B without signing in again', async () => {
      await signIn(page, a.url, MASTER_KEY);
      await page.goto(`${b.url}/dashboard/overview`);
      expect(page.url()).toBe(`${b.url}/dashboard/overview`);
      expect(await page.textContent('#total-requests')).toBe('0');
      await page.goto(`${b.url}/dashboard/events`);
      expect(page.url()).toBe(`${b.url}/dashboard/events`);
    });

    it('creates a key on B that A lists', async () => {
      await page.goto(`${b.url}/dashboard/keys`);
      await page.click('details.create summary');
      await page.fill('#create-key input[name="name"]', 'made-on-b');
      await page.click('#create-key button[type="submit"]');
      await page.waitForSelector('#secret');
      secret = await page.inputValue('#secret');
      const [record] = (await b.app.stores.keys.list()).filter((k) => k.name === 'made-on-b');
      keyId = record?.id as string;
      await page.goto(`${a.url}/dashboard/keys`);
      await page.waitForSelector(`tr[data-key-id="${keyId}"]`);
    });

    it('shows a call made through A live on B’s Live page', async () => {
      await page.goto(`${b.url}/dashboard/live`);
      await page.waitForSelector('#live-state[data-state="open"]');
      // Past the relay's first read of the ledger, which only learns what is already there.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(await chatAt(a.url, secret, chatBody({ user: 'through-a' }))).toBe(200);
      await page.waitForFunction(
        () => document.querySelector('#live')?.getAttribute('data-received') === '1',
        undefined,
        { timeout: 10_000 },
      );
      const row = page.locator('#live-rows tr').first();
      expect(await row.locator('td').nth(4).textContent()).toBe(keyId);
      expect(await row.locator('td').nth(5).textContent()).toBe('through-a');
      await harness.shot(page, 'live-on-b');
    });

    it('signs out on A, which ends the session on B (its Live page too)', async () => {
      const live = await page.context().newPage();
      await live.goto(`${b.url}/dashboard/live`);
      await live.waitForSelector('#live-state[data-state="open"]');
      const cookie = (await page.context().cookies()).find((c) => c.name === 'stereos_session');
      expect(cookie).toBeDefined();

      await page.goto(`${a.url}/dashboard/overview`);
      await page.click('form.signout button');
      await page.waitForURL(/\/dashboard\/login\?reason=signed-out$/);

      // B's open stream ends at its next session check.
      await live.waitForFunction(
        () => /session ended/.test(document.querySelector('#live-state')?.textContent ?? ''),
        undefined,
        { timeout: 10_000 },
      );
      // The old cookie, replayed to B, no longer opens a page.
      const replayed = await fetch(`${b.url}/dashboard/overview`, {
        headers: { cookie: `stereos_session=${cookie?.value}` },
        redirect: 'manual',
      });
      expect(replayed.status).toBe(303);
      expect(replayed.headers.get('location')).toBe('/dashboard/login?reason=expired');
    });

    it('ran no injected script and broke no CSP rule', () => {
      expect(harness.alerts).toEqual([]);
      expect(harness.consoleErrors).toEqual([]);
      expect(harness.failures).toEqual([]);
    });
  },
);
