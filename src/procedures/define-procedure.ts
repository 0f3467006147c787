/**
 * Stored procedures as declarations: a name, parameters (validated with zod from the
 * declaration), outputs, and what running it does. `sys_procedures` and the README are generated
 * from the same declarations.
 */
import { z } from 'zod';
import { ErrorCode, XeroSqlError } from '../errors.js';
import type { TokenManager } from '../auth/token-manager.js';
import type { ConnectionOptions } from '../connection/options.js';
import type { SchemaName } from '../connection/properties.js';
import type { ApiRequest, ApiResponse } from '../http/xero-client.js';

export interface ProcedureParamDef {
  readonly name: string;
  readonly required: boolean;
  readonly description: string;
  /** Allowed values (matched case-insensitively, passed on in this spelling). */
  readonly values?: readonly string[];
  /** Used when the parameter is not given. */
  readonly default?: string;
  /** `url`: the value must be an absolute http(s) URL (a redirect URI). */
  readonly kind?: 'url';
}

export interface ProcedureOutputDef {
  readonly name: string;
  readonly description: string;
}

/** What a running procedure may use. */
export interface ProcedureContext {
  readonly options: ConnectionOptions;
  readonly tokens: TokenManager;
  /** Epoch ms (injectable for tests). */
  readonly now: () => number;
  /** Xero's API, for procedures that read data (DownloadFile); absent where none is needed. */
  readonly api?: {
    get(request: ApiRequest): Promise<ApiResponse>;
    /** The connection's organisation. */
    tenantId(): Promise<string>;
  };
}

/** Validated arguments: each declared parameter, as text, or undefined when not given. */
export type ProcedureArgs = Readonly<Record<string, string | undefined>>;

export interface ProcedureDef {
  readonly name: string;
  readonly description: string;
  readonly params: readonly ProcedureParamDef[];
  readonly outputs: readonly ProcedureOutputDef[];
  /** The schemas that have it; absent: every schema (the OAuth procedures). */
  readonly schemas?: readonly SchemaName[];
  /** Runs the procedure; returns one row keyed by output name. */
  run(ctx: ProcedureContext, args: ProcedureArgs): Promise<Record<string, string | null>>;
}

/** Declares a procedure (frozen). */
export function defineProcedure(def: ProcedureDef): ProcedureDef {
  return Object.freeze({ ...def, params: Object.freeze([...def.params]), outputs: Object.freeze([...def.outputs]) });
}

/**
 * Checks raw arguments (names matched case-insensitively) against the declaration: unknown
 * parameters, missing required ones and values outside an allowed list are `XSQL_PROCEDURE`
 * errors naming the parameter.
 */
export function validateArgs(def: ProcedureDef, raw: ReadonlyMap<string, unknown>): ProcedureArgs {
  const byLower = new Map(def.params.map((p) => [p.name.toLowerCase(), p]));
  const given: Record<string, unknown> = {};
  for (const [name, value] of raw) {
    const param = byLower.get(name.toLowerCase());
    if (!param) {
      throw new XeroSqlError(
        ErrorCode.Procedure,
        `${def.name} has no parameter @${name}. Its parameters are ${def.params.map((p) => `@${p.name}`).join(', ') || '(none)'}.`,
      );
    }
    given[param.name] = value;
  }
  const shape: Record<string, z.ZodType<string | undefined>> = {};
  for (const p of def.params) {
    let text: z.ZodType<string> = z
      .union([z.string(), z.number(), z.boolean()])
      .transform((v) => String(v).trim())
      .pipe(z.string().min(1, 'may not be empty'));
    if (p.values) {
      const values = p.values;
      text = text.transform((v, ctx) => {
        const match = values.find((x) => x.toLowerCase() === v.toLowerCase());
        if (match === undefined) ctx.addIssue({ code: 'custom', message: `must be one of ${values.join(', ')}` });
        return match ?? z.NEVER;
      });
    }
    if (p.kind === 'url') {
      text = text.refine((v) => {
        try {
          const url = new URL(v);
          return (url.protocol === 'http:' || url.protocol === 'https:') && url.host !== '';
        } catch {
          return false;
        }
      }, 'must be an absolute http:// or https:// URL');
    }
    shape[p.name] =
      p.required && p.default === undefined
        ? text
        : z.preprocess((v) => (v === null ? undefined : v), text.optional()).transform((v) => v ?? p.default);
  }
  const parsed = z.object(shape).safeParse(given);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const param = String(issue?.path[0] ?? '');
    const missing = given[param] === undefined || given[param] === null;
    throw new XeroSqlError(
      ErrorCode.Procedure,
      missing ? `${def.name} needs @${param}: ${def.params.find((p) => p.name === param)?.description ?? ''}` : `@${param} of ${def.name} ${issue?.message ?? 'is invalid'}.`,
    );
  }
  return Object.freeze(parsed.data as Record<string, string | undefined>);
}
