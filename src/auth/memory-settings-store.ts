/**
 * `memory://<id>` settings: kept in this process only, shared by every store opened with the same
 * id (so several connections in one program share one grant and refresh it once), and gone when
 * the process exits.
 */
import { inspect } from 'node:util';
import { ErrorCode, XeroSqlError } from '../errors.js';
import type { OAuthSettings, SettingsStore, SettingsUpdate } from './settings.js';
import { createKeyedMutex } from './settings-mutex.js';
import { checkSettings } from './settings-values.js';

/** The saved settings of every memory store in the process, by id. Values are sealed (frozen) copies. */
const saved = new Map<string, OAuthSettings>();
const exclusive = createKeyedMutex();

/** The settings store of `memory://<id>`. */
export class MemorySettingsStore implements SettingsStore {
  readonly description: string;
  readonly #id: string;

  constructor(id: string) {
    this.#id = id;
    this.description = `memory://${id}`;
  }

  async read(): Promise<OAuthSettings | undefined> {
    return saved.get(this.#id);
  }

  async update<T>(fn: (current: OAuthSettings | undefined) => Promise<SettingsUpdate<T>>): Promise<T> {
    return exclusive(this.#id, async () => {
      const { next, result } = await fn(saved.get(this.#id));
      if (next !== undefined) {
        // Checked and copied like a file round trip, so memory:// cannot accept what a file would refuse.
        const checked = checkSettings(next);
        if (!checked.ok) throw new XeroSqlError(ErrorCode.Settings, `Refusing to save OAuth settings to ${this.description}: ${checked.problem}. This is a bug in xero-sql.`);
        saved.set(this.#id, checked.settings);
      }
      return result;
    });
  }

  async clear(): Promise<void> {
    await exclusive(this.#id, async () => {
      saved.delete(this.#id);
    });
  }

  [inspect.custom](): string {
    return `MemorySettingsStore { ${this.description} }`;
  }
}
