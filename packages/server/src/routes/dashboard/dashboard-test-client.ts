/*
 * Test-only (not exported from the package): a cookie-keeping client of the dashboard over
 * `app.request()`, posting forms the way Chromium does from a dashboard page: `Origin: null`
 * (the pages' `Referrer-Policy: no-referrer`) and `Sec-Fetch-Site: same-origin`.
 */

/** Something with Hono's `request()`. */
export interface RequestTarget {
  request(path: string, init?: RequestInit): Response | Promise<Response>;
}

export interface DashboardTestClient {
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  /** A form POST from a dashboard page, unless `headers` say otherwise. */
  post(
    path: string,
    form: Record<string, string>,
    headers?: Record<string, string>,
  ): Promise<Response>;
  /** Signs in with `key`; returns the sign-in answer. */
  signIn(key: string): Promise<Response>;
  /** The CSRF token of the signed-in session, read from a page's sign-out form. */
  csrf(): Promise<string>;
  readonly cookies: Map<string, string>;
}

/** The hidden `_csrf` value of the first form of a page. */
export function csrfOf(page: string): string {
  const token = /name="_csrf" value="([^"]+)"/.exec(page)?.[1];
  if (!token) throw new Error('no CSRF field on the page');
  return token;
}

export function createDashboardTestClient(app: RequestTarget): DashboardTestClient {
  const cookies = new Map<string, string>();

  function remember(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at);
      const value = pair.slice(at + 1);
      if (/max-age=0/i.test(line) || value === '') cookies.delete(name);
      else cookies.set(name, value);
    }
    return response;
  }

  function cookieHeader(): Record<string, string> {
    if (cookies.size === 0) return {};
    return { cookie: [...cookies].map(([n, v]) => `${n}=${v}`).join('; ') };
  }

  const client: DashboardTestClient = {
    cookies,
    async get(path, headers = {}) {
      return remember(await app.request(path, { headers: { ...cookieHeader(), ...headers } }));
    },
    async post(path, form, headers = {}) {
      return remember(
        await app.request(path, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            origin: 'null',
            'sec-fetch-site': 'same-origin',
            ...cookieHeader(),
            ...headers,
          },
          body: new URLSearchParams(form).toString(),
        }),
      );
    },
    async signIn(key) {
      const form = await client.get('/dashboard/login');
      const token = csrfOf(await form.text());
      return client.post('/dashboard/login', { _csrf: token, key });
    },
    async csrf() {
      return csrfOf(await (await client.get('/dashboard/live')).text());
    },
  };
  return client;
}
