import { type ChildService, startFakeUpstreamProcess, startTsChild } from './child-service';
import { CHAT_HEADERS, portkeyHeaders } from './requests';

/** What the server bench measures, all on the same fake upstream. */
export type TargetName =
  | 'upstream'
  | 'bare proxy'
  | 'stereos'
  | 'stereos governed'
  | 'stereos governed sqlite'
  | 'portkey';

/** One running target and the headers a chat request to it carries. */
export interface Target {
  name: TargetName;
  url: string;
  pid: number;
  headers: Record<string, string>;
}

export interface Targets {
  /** The fake upstream's URL. */
  upstream: string;
  list: Target[];
  get(name: TargetName): Target | undefined;
  /** Targets that could not start, with why (e.g. Portkey missing). */
  skipped: { name: TargetName; reason: string }[];
  close(): Promise<void>;
}

/**
 * Starts the fake upstream and every target in its own process: the bare proxy (the limit),
 * Stereos with its default configuration (passthrough), Stereos governed (stored virtual key,
 * key and global budgets, ledger; in-process stores, or the embedded SQLite file) and Portkey's
 * gateway (the peer).
 */
export async function startTargets(
  names: readonly TargetName[] = [
    'upstream',
    'bare proxy',
    'stereos',
    'stereos governed',
    'stereos governed sqlite',
    'portkey',
  ],
): Promise<Targets> {
  const children: ChildService[] = [];
  const list: Target[] = [];
  const skipped: Targets['skipped'] = [];
  const upstream = await startFakeUpstreamProcess();
  children.push(upstream);
  const env = { UPSTREAM_URL: upstream.url };
  const add = (
    name: TargetName,
    child: ChildService,
    headers: Record<string, string> = CHAT_HEADERS,
  ) => {
    children.push(child);
    list.push({ name, url: child.url, pid: child.pid, headers });
  };
  try {
    if (names.includes('upstream')) add('upstream', upstream);
    if (names.includes('bare proxy')) {
      add('bare proxy', await startTsChild('bare proxy', './bare-proxy.ts', env));
    }
    if (names.includes('stereos')) {
      add('stereos', await startTsChild('stereos server', './stereos-server.ts', env));
    }
    const governed = [
      ['stereos governed', 'memory'],
      ['stereos governed sqlite', 'sqlite'],
    ] as const;
    for (const [name, stores] of governed) {
      if (!names.includes(name)) continue;
      const child = await startTsChild(name, './stereos-server.ts', {
        ...env,
        STEREOS_BENCH_GOVERNED: stores,
      });
      add(name, child, { ...CHAT_HEADERS, authorization: `Bearer ${child.info['key']}` });
    }
    if (names.includes('portkey')) {
      try {
        const child = await startTsChild('portkey', './portkey-gateway.ts');
        add('portkey', child, portkeyHeaders(upstream.url));
      } catch (error) {
        skipped.push({ name: 'portkey', reason: String(error) });
      }
    }
  } catch (error) {
    await Promise.all(children.map((child) => child.close()));
    throw error;
  }
  return {
    upstream: upstream.url,
    list,
    get: (name) => list.find((t) => t.name === name),
    skipped,
    close: async () => {
      await Promise.all(children.map((child) => child.close()));
    },
  };
}
