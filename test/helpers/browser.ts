/**
 * Launching Debian's Chromium for browser tests. Tests skip only when Chromium is absent, and
 * CI (`.ci/run` sets XERO_SQL_REQUIRE_BROWSER=1) turns that skip into a failure so a missing
 * browser can never pass silently.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Flags for a headless Chromium on a machine with no network beyond loopback. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;

/** `false` when Chromium is installed, else the skip reason; throws when CI requires the browser. */
export function browserSkip(): false | string {
  if (existsSync(CHROMIUM_PATH)) return false;
  if (process.env.XERO_SQL_REQUIRE_BROWSER === '1') {
    throw new Error(`${CHROMIUM_PATH} is missing but XERO_SQL_REQUIRE_BROWSER=1: install it with apt-get install chromium`);
  }
  return `chromium not installed (apt-get install chromium to run browser tests)`;
}

/** Starts headless Chromium. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] });
}
