/**
 * The `xero-sql` command line. Exit codes: 0 ok, 1 query/auth/network error, 2 usage error
 * (unknown flag, bad value, bad connection string).
 */
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { defaultIo, registerCommands, type CliIo } from './commands.js';
import { describeError, exitCodeOf } from './errors.js';
import { runRepl } from './repl.js';
import { resolveConnectionString, type GlobalFlags } from './connection-source.js';
import { XeroSqlError } from '../errors.js';
import { registerSimulatorCommand } from './simulator-command.js';
import { normalizeTokenServerArgs, registerTokenServerCommand } from './token-server-command.js';

export const EXIT_OK = 0;
export const EXIT_ERROR = 1;
export const EXIT_USAGE = 2;

/** Builds the commander program. Exposed for tests. */
export function createProgram(io: CliIo = defaultIo): Command {
  const program = new Command('xero-sql')
    .description('SQL for the Xero APIs. With no command, starts the interactive shell.')
    .option('-c, --connection <string>', 'connection string (default: XERO_SQL_CONNECTION, else the config file profile)')
    .option('-p, --profile <name>', 'a named connection string from the config file')
    .option('--demo', 'use the built-in Xero simulator, signed in to Demo Company (AU)')
    .option('-v, --verbose', 'show error details')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .addHelpText(
      'after',
      `
Examples:
  xero-sql --demo                                   # the shell, on the built-in simulator
  xero-sql --demo query "SELECT Name, Code FROM Accounts WHERE Type = 'BANK'"
  xero-sql -c "InitiateOAuth=GETANDREFRESH;OAuthClientId=..." login
  XERO_SQL_CONNECTION="..." xero-sql tables Invoice*
  xero-sql simulator --port 4010
  xero-sql -c "OAuthClientId=...;OAuthClientSecret=..." token-server`,
    )
    .action(async (_flags: unknown, cmd: Command) => {
      // A word that is no command (the root takes no arguments): name it rather than "too many arguments".
      if (cmd.args.length > 0) {
        throw new InvalidArgumentError(`unknown command '${cmd.args[0]}'. Commands: ${cmd.commands.map((c) => c.name()).join(', ')} (see xero-sql --help).`);
      }
      return runRepl(cmd, io);
    });
  program
    .command('repl')
    .description('Start the interactive shell')
    .addHelpText('after', '\nExamples:\n  xero-sql --demo repl\n  XERO_SQL_HISTORY=/tmp/history xero-sql --profile work repl')
    .action(async (_flags: unknown, cmd: Command) => runRepl(cmd, io));
  registerCommands(program, io);
  registerSimulatorCommand(program);
  registerTokenServerCommand(program, io);
  for (const cmd of program.commands) cmd.exitOverride().configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
  // Set after the subcommands exist (they copy it when created): the root's action reports stray words.
  program.allowExcessArguments();
  return program;
}

/** Runs the CLI with `argv` (as `process.argv`); resolves to the exit code. */
export async function main(argv: readonly string[], io: CliIo = defaultIo): Promise<number> {
  const program = createProgram(io);
  try {
    await program.parseAsync(normalizeTokenServerArgs(argv));
    return EXIT_OK;
  } catch (err) {
    // InvalidArgumentError is a CommanderError, so it is tested first: one reaching here was thrown
    // by an action (e.g. exec's parameter parsing) and commander has not printed it.
    if (err instanceof InvalidArgumentError) {
      io.stderr.write(`xero-sql: ${err.message}\n`);
      return EXIT_USAGE;
    }
    if (err instanceof CommanderError) {
      // commander has already printed its message (and help where useful).
      if (['commander.helpDisplayed', 'commander.version', 'commander.help', 'commander.executeSubCommandAsync'].includes(err.code)) return EXIT_OK;
      return EXIT_USAGE;
    }
    if (!(err as { reported?: boolean }).reported) {
      const flags = program.opts() as GlobalFlags;
      io.stderr.write(`${describeError(err, Boolean(flags.verbose)).replace(/^Error: /, 'xero-sql: ')}\n`);
      if (err instanceof XeroSqlError && err.code === 'XSQL_AUTH_REQUIRED' && !flags.demo && safeConnectionString(flags, io.env) === '') {
        io.stderr.write('No connection is configured: try --demo for the built-in simulator, or give --connection, XERO_SQL_CONNECTION or a profile (see --help).\n');
      }
    }
    return exitCodeOf(err);
  }
}

function safeConnectionString(flags: GlobalFlags, env: NodeJS.ProcessEnv): string | undefined {
  try {
    return resolveConnectionString(flags, env);
  } catch {
    return undefined;
  }
}
