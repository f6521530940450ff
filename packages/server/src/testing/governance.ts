import type { StereosApp } from '../app';

/** Test-only helpers for the admin API and virtual keys (not exported from the package). */

/** The master key the governance tests configure. */
export const MASTER_KEY = 'master-key-for-tests-0123456789';

/** A request to the admin API with the master key (or `key`), through `app.request`. */
export async function admin(
  app: StereosApp,
  method: string,
  path: string,
  body?: unknown,
  key: string = MASTER_KEY,
): Promise<{ status: number; json: any; text: string }> {
  const response = await app.request(path, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : undefined, text };
}

/** Creates a virtual key through the admin API; returns its id and secret. */
export async function createKey(
  app: StereosApp,
  body: Record<string, unknown> = {},
): Promise<{ id: string; key: string }> {
  const created = await admin(app, 'POST', '/admin/keys', { name: 'test', ...body });
  if (created.status !== 201) throw new Error(`create failed: ${created.text}`);
  return { id: created.json.id, key: created.json.key };
}
