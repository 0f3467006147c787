/**
 * A child process for the shared-settings test: opens a connection from XERO_SQL_TEST_CONNECTION
 * and, each time the parent says "go", makes one authorised call (listing organisations), then
 * reports `ok` or the error code. Prints no token.
 */
import { connect } from '../../src/index.js';

const text = process.env.XERO_SQL_TEST_CONNECTION;
if (!text || !process.send) throw new Error('refresh-worker: run me with fork() and XERO_SQL_TEST_CONNECTION');
const conn = await connect(text, { onNotice: () => {} });
process.on('message', async (message) => {
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
