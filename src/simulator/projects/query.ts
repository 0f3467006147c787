/**
 * Reading the Projects API's query parameters (xero-api-endpoints.md §5). Parameter names match
 * case-insensitively, as ASP.NET binds them (`contactID` and `contactId` alike). Ids must be GUIDs
 * and enumerations one of their values, or the request is refused with 400, as a strongly typed
 * ASP.NET action refuses them.
 */

/** "Set to 50 by default", "Must be a number between 1 and 500" (spec, Pagination). */
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A parameter that could not be read, with ASP.NET-style wording. */
export interface ParamProblem {
  readonly parameter: string;
  readonly message: string;
}

/** Thrown by the readers below; the route turns it into a 400. */
export class BadParameter extends Error {
  constructor(readonly problem: ParamProblem) {
    super(problem.message);
  }
}

/** The request's query, read with the API's rules. */
export class ProjectsQuery {
  readonly #query: URLSearchParams;

  constructor(query: URLSearchParams) {
    this.#query = query;
  }

  /** The parameter's values: repeated keys and comma-separated values both count. */
  list(name: string): string[] {
    const wanted = name.toLowerCase();
    const out: string[] = [];
    for (const [key, value] of this.#query) {
      if (key.toLowerCase() !== wanted) continue;
      for (const part of value.split(',')) if (part.trim() !== '') out.push(part.trim());
    }
    return out;
  }

  /** The parameter's first value, or undefined. */
  value(name: string): string | undefined {
    return this.list(name)[0];
  }

  /** `page` (≥ 1, default 1) and `pageSize` (1-500, default 50). */
  paging(): { page: number; pageSize: number } {
    const page = this.#int('page', 1);
    if (page < 1) throw new BadParameter({ parameter: 'page', message: 'The page must be a number greater than 0.' });
    const pageSize = this.#int('pageSize', DEFAULT_PAGE_SIZE);
    if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
      throw new BadParameter({ parameter: 'pageSize', message: `The pageSize must be a number between 1 and ${MAX_PAGE_SIZE}.` });
    }
    return { page, pageSize };
  }

  /** Lower-cased GUIDs of a comma-separated id parameter. */
  guids(name: string): string[] {
    return this.list(name).map((v) => {
      if (!GUID.test(v)) throw new BadParameter({ parameter: name, message: `The value '${v}' is not valid for ${name}.` });
      return v.toLowerCase();
    });
  }

  /** Upper-cased values of an enumeration parameter, each one of `allowed`. */
  enums(name: string, allowed: readonly string[]): string[] {
    return this.list(name).map((v) => {
      const upper = v.toUpperCase();
      if (!allowed.includes(upper)) throw new BadParameter({ parameter: name, message: `The value '${v}' is not valid for ${name}. Use one of ${allowed.join(', ')}.` });
      return upper;
    });
  }

  /** `true`/`false`, or undefined when absent. */
  boolean(name: string): boolean | undefined {
    const v = this.value(name);
    if (v === undefined) return undefined;
    if (/^(true|false)$/i.test(v)) return v.toLowerCase() === 'true';
    throw new BadParameter({ parameter: name, message: `The value '${v}' is not valid for ${name}.` });
  }

  #int(name: string, fallback: number): number {
    const v = this.value(name);
    if (v === undefined) return fallback;
    if (!/^[+-]?\d+$/.test(v) || !Number.isSafeInteger(Number(v))) {
      throw new BadParameter({ parameter: name, message: `The value '${v}' is not valid for ${name}.` });
    }
    return Number(v);
  }
}

/** The paged envelope: `{pagination: {page, pageSize, pageCount, itemCount}, items}`. */
export function paged<T>(records: readonly T[], page: number, pageSize: number): { pagination: Record<string, number>; items: T[] } {
  return {
    pagination: { page, pageSize, pageCount: Math.ceil(records.length / pageSize), itemCount: records.length },
    items: records.slice((page - 1) * pageSize, page * pageSize),
  };
}
