/**
 * The Xero app credentials a person typed into the token server's first page (client id, client
 * secret, tenant id), kept so that a restart needs neither the form nor a new sign-in. They are
 * kept the way tokens are: in a settings store next to the OAuth settings (`<file>.token-server`,
 * or `memory://<id>.token-server`), encrypted with the same key, written atomically with mode 0600
 * under the same kind of lock. The values ride in a field of their own that the settings format's
 * loose schema keeps, so no second file format or crypto is needed.
 */
import { z } from 'zod';
import type { SettingsLocation } from '../connection/options.js';
import { openSettingsStore, type SettingsKeySource } from '../auth/settings-store.js';
import type { OAuthSettings, SettingsStore } from '../auth/settings.js';

/** The app the server signs in with. */
export interface AppCredentials {
  readonly clientId: string;
  /** Absent for a PKCE app (no secret): the server then signs in with PKCE. */
  readonly clientSecret?: string;
  /** The organisation `/token` names when the request does not say (`?tenant=`). */
  readonly tenantId?: string;
}

const FIELD = 'tokenServerApp';

const saved = z.object({
  clientSecret: z.string().min(1).optional(),
  tenantId: z.string().min(1).optional(),
});

/** Where a settings location's companion app-credentials store lives. */
export function appStoreLocation(location: SettingsLocation): SettingsLocation {
  return location.kind === 'file' ? { kind: 'file', path: `${location.path}.token-server` } : { kind: 'memory', id: `${location.id}.token-server` };
}

export class AppStore {
  readonly #store: SettingsStore;

  constructor(location: SettingsLocation, keys: SettingsKeySource) {
    this.#store = openSettingsStore(appStoreLocation(location), keys);
  }

  get description(): string {
    return this.#store.description;
  }

  /** The saved credentials, or undefined when none were saved. */
  async read(): Promise<AppCredentials | undefined> {
    const settings = await this.#store.read();
    if (settings?.clientId === undefined) return undefined;
    const extra = saved.safeParse((settings as unknown as Record<string, unknown>)[FIELD] ?? {});
    if (!extra.success) return undefined;
    return Object.freeze({
      clientId: settings.clientId,
      ...(extra.data.clientSecret !== undefined ? { clientSecret: extra.data.clientSecret } : {}),
      ...(extra.data.tenantId !== undefined ? { tenantId: extra.data.tenantId } : {}),
    });
  }

  async save(app: AppCredentials): Promise<void> {
    const next = {
      version: 1,
      clientId: app.clientId,
      [FIELD]: {
        ...(app.clientSecret !== undefined ? { clientSecret: app.clientSecret } : {}),
        ...(app.tenantId !== undefined ? { tenantId: app.tenantId } : {}),
      },
    } as unknown as OAuthSettings;
    await this.#store.update(async () => ({ next, result: undefined }));
  }

  async clear(): Promise<void> {
    await this.#store.clear();
  }
}
