/**
 * Tolerant readers for stored records' fields: a report must not fail on a record missing an
 * optional field, it just treats the field as empty.
 */
import type { Json, JsonObject } from '../../data/types.js';

/** A string field of a record, or "". */
export function textField(record: JsonObject | undefined, key: string): string {
  const value = record?.[key];
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

/** A nested object field, if it is one. */
export function objectField(record: JsonObject | undefined, key: string): JsonObject | undefined {
  const value = record?.[key];
  return value && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
}

/** The objects of an array field (other items are skipped). */
export function arrayField(record: JsonObject | undefined, key: string): JsonObject[] {
  const value: Json | undefined = record?.[key];
  if (!Array.isArray(value)) return [];
  return value.filter((v): v is JsonObject => !!v && typeof v === 'object' && !Array.isArray(v));
}
