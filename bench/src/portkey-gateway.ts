import { createRequire } from 'node:module';
import { createServer, type Server } from 'node:net';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { announce } from './child-service';

/**
 * Portkey's open-source gateway (`@portkey-ai/gateway`, pinned in package.json) as a peer target,
 * started as its CLI starts it (`build/start-server.js --headless --port=…`: no console UI) in
 * this child process. Requests reach the fake upstream through its `x-portkey-provider: openai`
 * and `x-portkey-custom-host` headers (`PORTKEY_HEADERS` in `requests.ts`).
 */
const port = await freePort();
process.argv.push('--headless', `--port=${port}`);
const pkg = createRequire(import.meta.url).resolve('@portkey-ai/gateway/package.json');
await import(pathToFileURL(join(dirname(pkg), 'build/start-server.js')).href);
await waitUntilListening(port);
announce(`http://127.0.0.1:${port}`, () => undefined);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe: Server = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function waitUntilListening(target: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const ok = await fetch(`http://127.0.0.1:${target}/`).then(
      () => true,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Portkey did not listen on ${target}`);
}
