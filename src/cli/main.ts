/**
 * The `xero-sql` command line. Exit codes: 0 ok, 1 runtime error (query, auth, network),
 * 2 usage error (unknown flag, bad value).
 */
import { Command, CommanderError } from 'commander';
import { XeroSqlError } from '../errors.js';
import { registerSimulatorCommand } from './simulator-command.js';

export const EXIT_OK = 0;
export const EXIT_ERROR = 1;
export const EXIT_USAGE = 2;

/** Builds the commander program. Exposed for tests. */
export function createProgram(): Command {
  const program = new Command('xero-sql')
    .description('SQL for the Xero APIs, with a built-in Xero simulator')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerSimulatorCommand(program);
  return program;
}

/** Runs the CLI with `argv` (as `process.argv`); resolves to the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = createProgram();
  try {
    await program.parseAsync([...argv]);
    return EXIT_OK;
  } catch (err) {
    return reportError(err);
  }
}

function reportError(err: unknown): number {
  if (err instanceof CommanderError) {
    // commander has already printed its message (and help where useful).
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return EXIT_OK;
    return EXIT_USAGE;
  }
  if (err instanceof XeroSqlError) {
    process.stderr.write(`xero-sql: ${err.message}\n`);
    return err.code === 'XSQL_USAGE' || err.code === 'XSQL_CONFIG' ? EXIT_USAGE : EXIT_ERROR;
  }
  process.stderr.write(`xero-sql: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  return EXIT_ERROR;
}
