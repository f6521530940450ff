import { trace } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, beforeEach } from 'vitest';

/**
 * Test-only, not exported from the package (tsup builds `src/index.ts` alone): `@stereos/ai`'s
 * tests import it by relative path, so both packages share one set-up without a runtime export.
 */

/**
 * Records the test file's spans in memory: a global tracer provider that exports each ended span
 * at once is registered before its tests, emptied before each, and removed after them. Read
 * them with `exporter.getFinishedSpans()`.
 */
export function recordSpans(): InMemorySpanExporter {
  const exporter = new InMemorySpanExporter();
  beforeAll(() => {
    trace.setGlobalTracerProvider(
      new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }),
    );
  });
  afterAll(() => {
    trace.disable();
  });
  beforeEach(() => exporter.reset());
  return exporter;
}
