/**
 * The HTML of the authorize pages. Plain forms with stable `id`/`name` attributes (`#email`,
 * `#password`, `#login`, `#allow`, `#deny`, `input[name=tenant]`) so both a headless browser and
 * a test posting forms over HTTP can drive them. No scripts: everything works with forms alone.
 */
import { escapeHtml, html, type SimResponse } from '../http.js';

const STYLE = `body{font-family:system-ui,sans-serif;background:#f4f5f7;margin:0}
main{max-width:28rem;margin:3rem auto;background:#fff;padding:2rem;border-radius:8px;box-shadow:0 1px 4px #0002}
h1{font-size:1.4rem}label{display:block;margin:.8rem 0 .2rem}input[type=email],input[type=password]{width:100%;padding:.5rem;box-sizing:border-box}
button{padding:.6rem 1.2rem;margin:1rem .5rem 0 0}.error{color:#b00020}ul{padding-left:1.2rem}code{word-break:break-all}`;

function page(status: number, title: string, body: string, headers: Record<string, string> = {}): SimResponse {
  return html(
    status,
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>` +
      `<meta name="viewport" content="width=device-width,initial-scale=1"><style>${STYLE}</style></head>` +
      `<body><main>${body}</main></body></html>`,
    headers,
  );
}

function hidden(requestId: string, csrf: string): string {
  return `<input type="hidden" name="request" value="${escapeHtml(requestId)}"><input type="hidden" name="csrf" value="${escapeHtml(csrf)}">`;
}

function errorLine(error: string | undefined): string {
  return error ? `<p class="error" id="error" role="alert">${escapeHtml(error)}</p>` : '';
}

/**
 * Xero's error screen for a bad authorize request: it does not redirect (xero-platform-facts.md §2).
 * `code` is Xero's wording (e.g. `unauthorized_client : Invalid redirect_uri`); `detail` names the
 * offending parameter so a developer can fix it.
 */
export function errorPage(status: number, code: string, detail: string): SimResponse {
  return page(
    status,
    'Error',
    `<h1>Sorry, something went wrong</h1><p id="error-code"><code>${escapeHtml(code)}</code></p>` +
      `<p id="error-detail">${escapeHtml(detail)}</p><p>Error code: ${status}</p>`,
  );
}

/** What the login page shows. */
export interface LoginPageModel {
  readonly requestId: string;
  readonly csrf: string;
  readonly appName: string;
  readonly email?: string;
  readonly error?: string;
}

/** The login form. */
export function loginPage(m: LoginPageModel, headers: Record<string, string> = {}): SimResponse {
  return page(
    200,
    'Log in to Xero',
    `<h1>Log in to Xero</h1><p>to continue to <strong id="app-name">${escapeHtml(m.appName)}</strong></p>${errorLine(m.error)}` +
      `<form method="post" action="/identity/user/login" id="login-form">${hidden(m.requestId, m.csrf)}` +
      `<label for="email">Email address</label><input type="email" id="email" name="email" autocomplete="username" required value="${escapeHtml(m.email ?? '')}">` +
      `<label for="password">Password</label><input type="password" id="password" name="password" autocomplete="current-password" required>` +
      `<button type="submit" id="login">Log in</button></form>`,
    headers,
  );
}

/** What the consent page shows. */
export interface ConsentPageModel {
  readonly requestId: string;
  readonly csrf: string;
  readonly appName: string;
  readonly scopes: readonly string[];
  readonly tenants: readonly { readonly tenantId: string; readonly tenantName: string; readonly checked: boolean }[];
  readonly error?: string;
}

/** The consent page: the app, the scopes asked for, one checkbox per organisation, Allow and Deny. */
export function consentPage(status: number, m: ConsentPageModel): SimResponse {
  const scopes = m.scopes.map((s) => `<li><code>${escapeHtml(s)}</code></li>`).join('');
  const tenants = m.tenants
    .map(
      (t, i) =>
        `<label><input type="checkbox" name="tenant" id="tenant-${i}" value="${escapeHtml(t.tenantId)}"${t.checked ? ' checked' : ''}> ` +
        `${escapeHtml(t.tenantName)}</label>`,
    )
    .join('');
  return page(
    status,
    'Allow access',
    `<h1><span id="app-name">${escapeHtml(m.appName)}</span> wants access to your Xero organisations</h1>${errorLine(m.error)}` +
      `<p>It asks for these permissions:</p><ul id="scopes">${scopes}</ul>` +
      `<form method="post" action="/identity/connect/consent" id="consent-form">${hidden(m.requestId, m.csrf)}` +
      `<fieldset id="tenants"><legend>Organisations to connect</legend>${tenants}</fieldset>` +
      `<button type="submit" name="action" value="allow" id="allow">Allow access</button>` +
      `<button type="submit" name="action" value="deny" id="deny" formnovalidate>Cancel</button></form>`,
  );
}
