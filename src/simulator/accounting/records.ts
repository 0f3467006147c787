/**
 * Small helpers for reading and reshaping stored records without mutating them.
 */
import type { Json, JsonObject, XeroRecord } from '../data/types.js';

/** Reads a dotted path (`Contact.ContactID`) from a record; undefined when any step is missing. */
export function getPath(record: JsonObject, path: string): Json | undefined {
  let value: Json | undefined = record;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    value = value[key];
  }
  return value;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a string shaped like a GUID. */
export function isGuid(value: string): boolean {
  return GUID.test(value);
}

/** Compares a stored value with a query value: GUIDs case-insensitively, everything else as text. */
export function sameValue(stored: Json | undefined, wanted: string): boolean {
  if (stored === undefined || stored === null) return false;
  const text = String(stored);
  return isGuid(wanted) ? text.toLowerCase() === wanted.toLowerCase() : text === wanted;
}

/** A shallow copy of `record` with `changes` applied. */
export function withFields(record: XeroRecord, changes: XeroRecord): XeroRecord {
  return { ...record, ...changes };
}
