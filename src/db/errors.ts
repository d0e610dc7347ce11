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
 * Whether `error` is a conflict between concurrent transactions that the same statement, run again, gets past:
 * 40P01 deadlock_detected, 40001 serialization_failure, 23505 unique_violation and 42P07 duplicate_table (two
 * processes creating the same object at once, e.g. pg-boss's queue partitions when two servers start together).
 */
export function isConcurrentConflict(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return code === '40P01' || code === '40001' || code === '23505' || code === '42P07';
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

// ---------------------------------------------------------------------------------------------------------------
// The database is not there (stopped, restarting, unreachable, out of connections): not the request's fault and
// not a bug. The HTTP layer answers 503 DATABASE_UNAVAILABLE with Retry-After (src/http/problem.ts), and the pool
// reconnects by itself once PostgreSQL is back (src/db/database.ts).

/** Socket errors of the driver's connection (Node's `code`). */
const UNAVAILABLE_SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'EAI_AGAIN']);

/**
 * SQLSTATEs of a server that is going away or not taking us: class 08 (connection exception), 57P01
 * admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now (starting up, shutting down, in recovery),
 * 53300 too_many_connections.
 */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);

/** What pg and pg-pool say when the connection is lost or never made (they set no code). */
const UNAVAILABLE_MESSAGES = [
  /^Connection terminated\b/, // "Connection terminated", "… unexpectedly", "… due to connection timeout"
  /^timeout exceeded when trying to connect$/, // pg-pool: connectionTimeoutMillis passed
  /^Client has encountered a connection error and is not queryable$/,
  /^Client was closed and is not queryable$/,
];

/**
 * Whether `error` means the database is unavailable rather than the statement failing: a socket error of the
 * connection (pg throws Node's error as it is, or an AggregateError of them when it tried several addresses), a
 * connection-class SQLSTATE, or the driver's lost-connection message. `cause` is followed a few levels for the
 * SQLSTATEs and messages only: a socket error as the cause of something else (fetch's "fetch failed" to another
 * system) is not the database's. Pure.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0, viaCause = false): boolean {
  if (typeof error !== 'object' || error === null || depth > 4) return false;
  const { code, message, cause, errors } = error as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string') {
    if (!viaCause && UNAVAILABLE_SOCKET_CODES.has(code)) return true;
    // A Unix-domain socket that is not there (PostgreSQL stopped removes it); any other ENOENT is a missing file.
    if (!viaCause && code === 'ENOENT' && (error as { syscall?: unknown }).syscall === 'connect') return true;
    if (UNAVAILABLE_SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return true;
  }
  if (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((re) => re.test(message))) return true;
  if (Array.isArray(errors) && errors.some((e) => isDatabaseUnavailable(e, depth + 1, viaCause))) return true;
  return cause !== undefined && cause !== error && isDatabaseUnavailable(cause, depth + 1, true);
}
