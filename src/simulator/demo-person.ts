/**
 * The demo person, scripted: follows an authorize URL on the simulator's pages over plain HTTP
 * (log in, consent to every organisation, Allow) and returns where the browser would land. This
 * is how `xero-sql --demo` completes a real OAuth flow with no browser.
 */

/** Who signs in, and what they decide. */
export interface DemoPersonOptions {
  readonly email: string;
  readonly password: string;
  /** Tenant ids to keep ticked on the consent page; default: all of them. */
  readonly tenants?: readonly string[];
}

/** Signs in and consents; resolves to the redirect URL (with `code` and `state`, or `error`). */
export async function signInAsDemoPerson(authorizeUrl: string, person: DemoPersonOptions): Promise<URL> {
  const cookies = new Map<string, string>();
  const send = async (url: URL, form?: URLSearchParams): Promise<Response> => {
    const headers: Record<string, string> = {};
    if (cookies.size > 0) headers.cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const response = await fetch(url, { method: form ? 'POST' : 'GET', headers, body: form?.toString(), redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const pair = line.split(';')[0] ?? '';
      const eq = pair.indexOf('=');
      if (eq > 0) cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
    return response;
  };
  const redirectOf = async (response: Response, step: string): Promise<URL> => {
    const location = response.headers.get('location');
    if (response.status !== 302 || !location) {
      const text = await response.text().catch(() => '');
      const code = /id="error-code"><code>([^<]*)</.exec(text)?.[1] ?? /id="error"[^>]*>([^<]*)</.exec(text)?.[1];
      throw new Error(`The simulator's ${step} answered HTTP ${response.status}${code ? ` (${code})` : ''}.`);
    }
    return new URL(location, authorizeUrl);
  };
  const fields = (html: string) => {
    const field = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? '';
    return { request: field('request'), csrf: field('csrf') };
  };

  let next = await redirectOf(await send(new URL(authorizeUrl)), 'authorize page');
  if (next.pathname === '/identity/user/login') {
    const login = await (await send(next)).text();
    const form = new URLSearchParams({ ...fields(login), email: person.email, password: person.password });
    next = await redirectOf(await send(new URL('/identity/user/login', next), form), 'login page');
  }
  const consent = await (await send(next)).text();
  const form = new URLSearchParams({ ...fields(consent), action: 'allow' });
  const tenants = person.tenants ?? [...consent.matchAll(/name="tenant" id="[^"]*" value="([^"]*)"/g)].map((m) => m[1] ?? '');
  for (const t of tenants) form.append('tenant', t);
  return redirectOf(await send(new URL('/identity/connect/consent', next), form), 'consent page');
}
