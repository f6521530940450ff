import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Behaviour } from './behaviour.js';
import { BehaviourSource, type DefaultBehaviour } from './behaviour-source.js';
import {
  type CloudflareFakeOptions,
  type CloudflareLogEntry,
  createCloudflareState,
  resetCloudflareState,
} from './cloudflare-state.js';
import { handleRequest, type UpstreamState } from './handle-request.js';
import { DEFAULT_MODELS } from './models.js';
import type { RecordedRequest } from './recorded-request.js';
import { RequestLog } from './request-log.js';

/** Options for {@link startFakeUpstream}. */
export interface FakeUpstreamOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Interface to bind; default `127.0.0.1`. */
  host?: string;
  /** Model ids for `GET …/models`. */
  models?: string[];
  /** Keep only the newest N recorded requests (default: all). Useful for long-running fakes. */
  maxRecordedRequests?: number;
  /** The fake Cloudflare AI Gateway's settings (authentication, default cache TTL). */
  cloudflare?: CloudflareFakeOptions;
}

/** A running fake provider server. */
export interface FakeUpstream {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:54321`. */
  url: string;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  /** The fake Cloudflare AI Gateway's log, in order (cleared in place by `reset()`). */
  cloudflareLogs: CloudflareLogEntry[];
  /** Queues behaviours, consumed one per chat/messages request (FIFO). */
  enqueue(...behaviours: Behaviour[]): void;
  /** Behaviour used when the queue is empty; initially an echo reply. */
  setDefault(behaviour: DefaultBehaviour): void;
  /** Clears the queue, the recorded requests and the default. */
  reset(): void;
  /** Closes the server and every open socket. */
  close(): Promise<void>;
  /** Resolves once `n` requests have been received. */
  waitForRequests(n: number, timeoutMs?: number): Promise<RecordedRequest[]>;
}

/** Starts a fake OpenAI-compatible + Anthropic upstream on a local port. */
export async function startFakeUpstream(options: FakeUpstreamOptions = {}): Promise<FakeUpstream> {
  const state: UpstreamState = {
    log: new RequestLog(options.maxRecordedRequests),
    behaviours: new BehaviourSource(),
    models: options.models ?? DEFAULT_MODELS,
    cloudflare: createCloudflareState(options.cloudflare),
    closing: false,
  };
  // No request timeout: `hang` must stay open until the client gives up.
  const server = createServer({ requestTimeout: 0 }, (req, res) => {
    void handleRequest(state, req, res);
  });
  server.keepAliveTimeout = 30_000;
  const host = options.host ?? '127.0.0.1';
  const port = await listen(server, options.port ?? 0, host);
  return {
    url: `http://${urlHost(host)}:${port}`,
    requests: state.log.requests,
    cloudflareLogs: state.cloudflare.logs,
    enqueue: (...behaviours) => state.behaviours.enqueue(behaviours),
    setDefault: (behaviour) => state.behaviours.setDefault(behaviour),
    reset: () => {
      state.behaviours.reset();
      state.log.clear();
      resetCloudflareState(state.cloudflare);
    },
    close: () => closeServer(server, state),
    waitForRequests: (n, timeoutMs) => state.log.waitFor(n, timeoutMs),
  };
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

// Wildcard binds are reachable on loopback; IPv6 literals need brackets in URLs.
function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

function closeServer(server: Server, state: UpstreamState): Promise<void> {
  state.closing = true;
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
