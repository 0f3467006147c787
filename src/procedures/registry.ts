/** Looks up procedures by name (case-insensitively) and runs EXEC statements. */
import { ErrorCode, XeroSqlError } from '../errors.js';
import { closest } from '../connection/options.js';
import type { SchemaName } from '../connection/properties.js';
import { FILES_PROCEDURES } from './files-procedures.js';
import { validateArgs, type ProcedureContext, type ProcedureDef } from './define-procedure.js';
import { OAUTH_PROCEDURES } from './oauth-procedures.js';
import { parseExec, type StatementParams } from './parse-exec.js';

/** Every procedure of every schema. */
export const PROCEDURES: readonly ProcedureDef[] = Object.freeze([...OAUTH_PROCEDURES, ...FILES_PROCEDURES]);

/** The procedures a schema offers. */
export function proceduresOf(schema: SchemaName): ProcedureDef[] {
  return PROCEDURES.filter((p) => p.schemas === undefined || p.schemas.includes(schema));
}

/**
 * The procedure named `name` (case-insensitively) that `schema` offers; without a schema, any.
 * `XSQL_PROCEDURE` names the schema to connect with when another schema has it.
 */
export function findProcedure(name: string, schema?: SchemaName): ProcedureDef {
  const offered = schema === undefined ? [...PROCEDURES] : proceduresOf(schema);
  const found = offered.find((p) => p.name.toLowerCase() === name.toLowerCase());
  if (found) return found;
  const elsewhere = PROCEDURES.find((p) => p.name.toLowerCase() === name.toLowerCase());
  if (elsewhere?.schemas) {
    throw new XeroSqlError(ErrorCode.Procedure, `${elsewhere.name} is a procedure of the ${elsewhere.schemas.join(', ')} schema: connect with Schema=${elsewhere.schemas[0]} to run it.`);
  }
  const suggestion = closest(name, offered.map((p) => p.name));
  throw new XeroSqlError(
    ErrorCode.Procedure,
    `Unknown procedure ${name}.${suggestion ? ` Did you mean ${suggestion}?` : ''} Procedures: ${offered.map((p) => p.name).join(', ')}.`,
  );
}

/** Parses, validates and runs an EXEC statement; returns its one output row and the procedure. */
export async function runExec(
  sql: string,
  params: StatementParams | undefined,
  ctx: ProcedureContext,
  schema?: SchemaName,
): Promise<{ procedure: ProcedureDef; row: Record<string, string | null> }> {
  const statement = parseExec(sql, params);
  const procedure = findProcedure(statement.name, schema);
  const args = validateArgs(procedure, statement.args);
  return { procedure, row: await procedure.run(ctx, args) };
}
