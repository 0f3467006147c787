/**
 * A child process of the soak tests: opens a connection from XERO_SQL_TEST_CONNECTION (settings
 * lock stale time XERO_SQL_TEST_LOCK_STALE_MS) and, each time the parent says "go", makes one
 * authorised call (listing organisations, which refreshes the token when Xero says it expired),
 * then reports `ok` or the error code. The parent may SIGKILL it at any moment. Prints no token.
 */
import { connect } from '../../src/index.js';

const text = process.env.XERO_SQL_TEST_CONNECTION;
if (!text || !process.send) throw new Error('soak-worker: run me with fork() and XERO_SQL_TEST_CONNECTION');
const staleMs = Number(process.env.XERO_SQL_TEST_LOCK_STALE_MS ?? '2000');
// The parent may send the simulator's time with "go" ({ go: true, now }): this process's clock then
// follows it, as every process on one machine shares one wall clock.
let offsetMs = 0;
const conn = await connect(text, { onNotice: () => {}, settingsLockStaleMs: staleMs, now: () => Date.now() + offsetMs });
process.on('message', async (message) => {
  if (typeof message === 'object' && message !== null && typeof (message as { now?: unknown }).now === 'number') offsetMs = (message as { now: number }).now - Date.now();
  if (message === 'stop') {
    await conn.close();
    process.disconnect?.();
    return;
  }
  try {
    const tenants = await conn.tenants();
    process.send?.({ ok: true, tenants: tenants.length });
  } catch (err) {
    process.send?.({ ok: false, code: (err as { code?: string }).code ?? 'unknown', message: (err as Error).message });
  }
});
process.send({ ready: true });
