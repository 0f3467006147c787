/** Looks up procedures by name (case-insensitively) and runs EXEC statements. */
import { ErrorCode, XeroSqlError } from '../errors.js';
import { closest } from '../connection/options.js';
import { validateArgs, type ProcedureContext, type ProcedureDef } from './define-procedure.js';
import { OAUTH_PROCEDURES } from './oauth-procedures.js';
import { parseExec, type StatementParams } from './parse-exec.js';

/** Every procedure, in every schema for now (schema-specific ones arrive with their schemas). */
export const PROCEDURES: readonly ProcedureDef[] = Object.freeze([...OAUTH_PROCEDURES]);

export function findProcedure(name: string): ProcedureDef {
  const found = PROCEDURES.find((p) => p.name.toLowerCase() === name.toLowerCase());
  if (found) return found;
  const suggestion = closest(name, PROCEDURES.map((p) => p.name));
  throw new XeroSqlError(
    ErrorCode.Procedure,
    `Unknown procedure ${name}.${suggestion ? ` Did you mean ${suggestion}?` : ''} Procedures: ${PROCEDURES.map((p) => p.name).join(', ')}.`,
  );
}

/** Parses, validates and runs an EXEC statement; returns its one output row and the procedure. */
export async function runExec(
  sql: string,
  params: StatementParams | undefined,
  ctx: ProcedureContext,
): Promise<{ procedure: ProcedureDef; row: Record<string, string | null> }> {
  const statement = parseExec(sql, params);
  const procedure = findProcedure(statement.name);
  const args = validateArgs(procedure, statement.args);
  return { procedure, row: await procedure.run(ctx, args) };
}
