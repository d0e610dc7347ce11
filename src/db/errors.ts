// PostgreSQL errors a repository turns into typed errors, so services never read SQLSTATE codes or
// constraint names (those are the schema's, which only repositories know).

/** SQLSTATE 23505 unique_violation: the name of the violated constraint ('' when the driver gave none), else null. */
export function uniqueViolation(error: unknown): string | null {
  if (typeof error !== 'object' || error === null || (error as { code?: unknown }).code !== '23505') return null;
  const constraint = (error as { constraint?: unknown }).constraint;
  return typeof constraint === 'string' ? constraint : '';
}

/** Whether `error` is a unique violation (of `constraint` — its exact name, or a pattern — when given). */
export function isUniqueViolation(error: unknown, constraint?: string | RegExp): boolean {
  const name = uniqueViolation(error);
  if (name === null) return false;
  if (constraint === undefined) return true;
  return typeof constraint === 'string' ? name === constraint : constraint.test(name);
}

/**
 * A row that another transaction inserted at the same moment (a unique index decided): the caller may read again
 * and retry. Thrown by repositories in place of the driver's error, which stays as `cause`.
 */
export class ConcurrentInsert extends Error {
  readonly constraint: string;
  constructor(constraint: string, cause: unknown) {
    super(`concurrent insert (unique constraint ${constraint})`, { cause });
    this.name = 'ConcurrentInsert';
    this.constraint = constraint;
  }
}
