import { trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';

/**
 * Exports the gateway's spans over OTLP/HTTP when the standard variables ask for it
 * (`OTEL_EXPORTER_OTLP_ENDPOINT` or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`; the exporter also
 * reads `OTEL_EXPORTER_OTLP_HEADERS` and friends itself). Nothing is loaded or sent otherwise.
 * https://opentelemetry.io/docs/specs/otel/protocol/exporter/
 */
export function startTelemetry(
  env: Record<string, string | undefined>,
): { shutdown(): Promise<void> } | undefined {
  const endpoint = env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'] || env['OTEL_EXPORTER_OTLP_ENDPOINT'];
  if (!endpoint || env['OTEL_SDK_DISABLED'] === 'true' || env['OTEL_TRACES_EXPORTER'] === 'none') {
    return undefined;
  }
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({
      'service.name': env['OTEL_SERVICE_NAME'] || 'stereos-server',
    }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  trace.setGlobalTracerProvider(provider);
  // Flushes the spans still batched: called at shutdown, after the last call has ended.
  return { shutdown: () => provider.shutdown() };
}
