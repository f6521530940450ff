import type { KeyJson } from '../../dashboard/views/key-form';

/** The answer of an admin API call. */
export type AdminResult<T> =
  | { ok: true; status: number; json: T }
  | { ok: false; status: number; message: string };

/** The admin API (`/admin/keys…`) as the Keys page uses it. */
export interface AdminClient {
  list(): Promise<AdminResult<{ data: KeyJson[] }>>;
  get(id: string): Promise<AdminResult<KeyJson>>;
  create(body: Record<string, unknown>): Promise<AdminResult<KeyJson & { key: string }>>;
  update(id: string, body: Record<string, unknown>): Promise<AdminResult<KeyJson>>;
  revoke(id: string): Promise<AdminResult<KeyJson>>;
  rotate(id: string): Promise<AdminResult<KeyJson & { key: string }>>;
}

/** Something that answers requests: the Stereos app itself. */
export interface FetchHandler {
  fetch(request: Request): Response | Promise<Response>;
}

const DISABLED = 'Key management needs STEREOS_MASTER_KEY on the server.';

/**
 * Key changes made from the dashboard go through the server's own admin API, in process: the
 * same validation (`key-schemas.ts`), store calls and key-cache invalidation as `curl` and
 * `stereos-server keys`, so there is one implementation of the key rules. Authenticated with the
 * configured master key, which never leaves the process. Only master sessions reach this.
 */
export function createAdminClient(app: FetchHandler, masterKey: string | undefined): AdminClient {
  async function call<T>(method: string, path: string, body?: unknown): Promise<AdminResult<T>> {
    if (masterKey === undefined) return { ok: false, status: 403, message: DISABLED };
    const headers: Record<string, string> = { authorization: `Bearer ${masterKey}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await app.fetch(
      new Request(`http://stereos.internal${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    );
    const json = (await response.json().catch(() => undefined)) as any;
    if (response.ok) return { ok: true, status: response.status, json: json as T };
    const message = json?.error?.message;
    return {
      ok: false,
      status: response.status,
      message: typeof message === 'string' ? message : `The admin API answered ${response.status}.`,
    };
  }
  const key = (id: string) => `/admin/keys/${encodeURIComponent(id)}`;
  return {
    list: () => call('GET', '/admin/keys'),
    get: (id) => call('GET', key(id)),
    create: (body) => call('POST', '/admin/keys', body),
    update: (id, body) => call('PATCH', key(id), body),
    revoke: (id) => call('DELETE', key(id)),
    rotate: (id) => call('POST', `${key(id)}/rotate`),
  };
}
