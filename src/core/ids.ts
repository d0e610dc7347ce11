// Identifiers: the one UUID pattern (record ids in paths and forms are checked before they reach PostgreSQL,
// whose uuid type would refuse a malformed one with an error instead of "not found").

/** A UUID in its canonical 8-4-4-4-12 hexadecimal form, either case. */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True when `value` is a UUID (8-4-4-4-12 hexadecimal digits, either case). */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID_PATTERN.test(value);
}
