/**
 * The token server's HTML pages. Every value is escaped; forms carry the CSRF token; there is no
 * script at all, and the one stylesheet is allowed by its hash, so the Content-Security-Policy can
 * forbid everything else. Stable ids (`#client`, `#secret`, `#tenantid`, `#save`, `#signin`,
 * `#connection`, `#tenants`, `#refresh`, `#revoke`, `#logout`) let a headless browser drive them.
 * No page ever shows a token or secret: only what `/status` shows.
 */
import { createHash } from 'node:crypto';
import type { StatusReport } from './token-service.js';

const STYLE = `body{font-family:system-ui,sans-serif;background:#f4f5f7;margin:0;color:#1d1d1f}
main{max-width:40rem;margin:2.5rem auto;background:#fff;padding:2rem;border-radius:8px;box-shadow:0 1px 4px #0002}
h1{font-size:1.4rem}label{display:block;margin:.8rem 0 .2rem}input[type=text],input[type=password]{width:100%;padding:.5rem;box-sizing:border-box}
button,.button{display:inline-block;padding:.5rem 1.1rem;margin:.8rem .5rem 0 0;font:inherit;cursor:pointer}
form.inline{display:inline}.error{color:#b00020}.ok{color:#1b7f3b}dt{font-weight:600;margin-top:.5rem}dd{margin-left:0}code{word-break:break-all}`;

/** The Content-Security-Policy of every response: nothing but this stylesheet and forms to ourselves. */
export const CONTENT_SECURITY_POLICY = `default-src 'none'; style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`;

/** HTML-escapes text for element content and double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

function layout(title: string, body: string): string {
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} - xero-sql token server</title>` +
    `<meta name="viewport" content="width=device-width,initial-scale=1"><style>${STYLE}</style></head>` +
    `<body><main>${body}</main></body></html>`
  );
}

function csrfField(csrf: string): string {
  return `<input type="hidden" name="csrf" value="${escapeHtml(csrf)}">`;
}

function errorLine(error: string | undefined): string {
  return error ? `<p class="error" id="error" role="alert">${escapeHtml(error)}</p>` : '';
}

/** A button that POSTs to `action` (with the CSRF token). */
function actionButton(action: string, id: string, label: string, csrf: string): string {
  return `<form class="inline" method="post" action="${escapeHtml(action)}">${csrfField(csrf)}<button type="submit" id="${id}">${escapeHtml(label)}</button></form>`;
}

/** `/`: the Xero app to sign in with (the original's fields: client, secret, tenantid). */
export function credentialsPage(m: { csrf: string; error?: string; clientId?: string; tenantId?: string; redirect: string }): string {
  return layout(
    'Xero app',
    `<h1 id="title">Xero app credentials</h1>` +
      `<p>Enter the client id of your Xero app (developer.xero.com, My Apps), its client secret (leave it empty for a PKCE app), and optionally the tenant id of the organisation <code>/token</code> should name. The app must have <code>${escapeHtml(m.redirect)}</code> among its redirect URIs.</p>` +
      errorLine(m.error) +
      `<form method="post" action="/">${csrfField(m.csrf)}` +
      `<label for="client">Client id</label><input type="text" id="client" name="client" autocomplete="off" spellcheck="false" required value="${escapeHtml(m.clientId ?? '')}">` +
      `<label for="secret">Client secret</label><input type="password" id="secret" name="secret" autocomplete="off">` +
      `<label for="tenantid">Tenant id (optional)</label><input type="text" id="tenantid" name="tenantid" autocomplete="off" spellcheck="false" value="${escapeHtml(m.tenantId ?? '')}">` +
      `<button type="submit" id="save">Continue</button></form>`,
  );
}

/** `/home`: start the sign-in (or sign in again), and what can be done once connected. */
export function homePage(m: { status: StatusReport; signInUrl: string; csrf: string; canChangeApp: boolean }): string {
  const connected = m.status.status === 'connected';
  return layout(
    'Sign in',
    `<h1 id="title">${connected ? 'Signed in to Xero' : 'Sign in to Xero'}</h1>` +
      (connected
        ? `<p class="ok">The server holds a grant and serves tokens at <a href="/token">/token</a>; see <a href="/status" id="status-link">/status</a>. Signing in again replaces the grant.</p>`
        : `<p>Sign in with Xero and choose the organisations to connect. The tokens are then kept in <code>${escapeHtml(m.status.settingsLocation)}</code> and refreshed by this server.</p>`) +
      `<p><a class="button" id="signin" href="${escapeHtml(m.signInUrl)}">${connected ? 'Sign in again with Xero' : 'Sign in with Xero'}</a></p>` +
      actions(m.status, m.csrf, m.canChangeApp),
  );
}

/** `/status` for a browser. */
export function statusPage(m: { status: StatusReport; csrf: string; canChangeApp: boolean }): string {
  const s = m.status;
  const connected = s.status === 'connected';
  const rows: [string, string][] = [
    ['Client id', s.clientId ?? '(none)'],
    ['Sign-in', s.authScheme === 'PKCE' ? 'PKCE (no client secret)' : s.authScheme === 'OAuth' ? 'authorization code with a client secret' : '(none)'],
    ['Scopes asked for', s.scopes.join(' ')],
    ['Scopes granted', s.grantedScopes?.join(' ') ?? '(none)'],
    ['Access token expires', s.access_token_expiry_utc ?? '(none)'],
    ['Refresh token refreshed by', s.refresh_token_expiry_utc ?? '(none)'],
    ['Redirect URI', s.redirect],
    ['Tokens kept in', s.settingsLocation],
  ];
  const tenants = s.tenants
    .map((t) => `<li data-tenant-id="${escapeHtml(t.tenantId)}">${escapeHtml(t.tenantName)} <code>${escapeHtml(t.tenantId)}</code>${t.tenantId === s.tenantId ? ' (default for /token)' : ''}</li>`)
    .join('');
  const headline =
    s.status === 'connected'
      ? `Connected to ${s.tenants.length} organisation${s.tenants.length === 1 ? '' : 's'}`
      : s.status === 'signed-out'
        ? 'Not signed in'
        : 'No Xero app credentials yet';
  return layout(
    'Status',
    `<h1 id="title">Token server status</h1>` +
      `<p id="connection" class="${connected ? 'ok' : 'error'}" data-status="${escapeHtml(s.status)}">${escapeHtml(headline)}</p>` +
      errorLine(s.lastError) +
      `<ul id="tenants">${tenants}</ul>` +
      `<dl>${rows.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>` +
      `<p>JSON: <a href="/status?format=json">/status</a>, <a href="/token">/token</a>, <a href="/tenants">/tenants</a>. <a href="/home">Home</a>.</p>` +
      actions(s, m.csrf, m.canChangeApp),
  );
}

function actions(s: StatusReport, csrf: string, canChangeApp: boolean): string {
  const buttons = [
    ...(s.status === 'connected'
      ? [actionButton('/refresh', 'refresh', 'Refresh now', csrf), actionButton('/revoke', 'revoke', 'Revoke the grant', csrf)]
      : []),
    ...(s.status !== 'no-credentials' ? [actionButton('/logout', 'logout', canChangeApp ? 'Log out (revoke, forget the app)' : 'Log out (revoke)', csrf)] : []),
  ];
  return buttons.length > 0 ? `<div id="actions">${buttons.join('')}</div>` : '';
}

/** An error page; `message` is ours and safe to show (it never holds a secret). */
export function errorPage(title: string, message: string): string {
  return layout(title, `<h1 id="title">${escapeHtml(title)}</h1><p class="error" id="error" role="alert">${escapeHtml(message)}</p><p><a href="/home">Home</a></p>`);
}

/** Asks a browser for the server's auth token, which buys it a session cookie. */
export function authPage(m: { csrf: string; error?: string }): string {
  return layout(
    'Auth token',
    `<h1 id="title">This token server needs its auth token</h1>` +
      `<p>It was started with <code>--auth-token</code>. Enter that token to use these pages in this browser.</p>` +
      errorLine(m.error) +
      `<form method="post" action="/auth">${csrfField(m.csrf)}<label for="token">Auth token</label><input type="password" id="token" name="token" autocomplete="off" required>` +
      `<button type="submit" id="unlock">Continue</button></form>`,
  );
}
