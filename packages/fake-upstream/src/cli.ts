import { startFakeUpstream } from './start-fake-upstream.js';

// Standalone fake for examples and benchmarks: `PORT=4010 node dist/cli.js`.
async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 4010);
  const host = process.env.HOST ?? '127.0.0.1';
  // Bounded log: the CLI serves benchmarks and must not grow without limit.
  const upstream = await startFakeUpstream({ port, host, maxRecordedRequests: 100 });
  console.log(`fake-upstream listening on ${upstream.url}`);
  const shutdown = () => {
    void upstream.close().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
