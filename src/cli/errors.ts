/** How the CLI shows an error: the message (which says how to fix it), never a stack unless --verbose. */
import { XeroSqlError } from '../errors.js';

export function describeError(err: unknown, verbose: boolean): string {
  const head = err instanceof XeroSqlError ? `Error: ${err.message}` : `Error: ${err instanceof Error ? err.message : String(err)}`;
  if (!verbose) return head;
  const lines = [head];
  if (err instanceof XeroSqlError) lines.push(`  code: ${err.code}`);
  let cause = (err as { cause?: unknown })?.cause;
  while (cause) {
    lines.push(`  caused by: ${cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause)}`);
    cause = (cause as { cause?: unknown }).cause;
  }
  if (err instanceof Error && err.stack) lines.push(err.stack.split('\n').slice(1).join('\n'));
  return lines.join('\n');
}

/** Exit code for an error: 2 for mistakes in how the command was called, 1 for everything else. */
export function exitCodeOf(err: unknown): number {
  if (err instanceof XeroSqlError && ['XSQL_USAGE', 'XSQL_CONFIG', 'XSQL_CONN_STRING', 'XSQL_CONN_OPTION'].includes(err.code)) return 2;
  return 1;
}
