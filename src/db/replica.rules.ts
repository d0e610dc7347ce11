// Reading the reports from a streaming replica (DATABASE_REPLICA_URL): which database a read goes to, which errors
// send it back to the primary, and how far behind the replica is. Pure: no I/O, no clock (src/db/replica.ts runs it).

/** Where a read-only report was computed. */
export interface ReadSource {
  /**
   * 'primary': no replica is configured (nothing is shown); 'replica': read on the replica; 'fallback': a replica is
   * configured but could not be reached, the primary answered (the page says so).
   */
  kind: 'primary' | 'replica' | 'fallback';
  /** On the replica: seconds behind the primary (0 when it has replayed all it received, or is not in recovery); null when unknown. */
  lagSeconds: number | null;
  /** On the replica: the instant its figures are as of (the last transaction replayed, or now when up to date); else null. */
  asOf: Date | null;
}

export const PRIMARY_SOURCE: ReadSource = { kind: 'primary', lagSeconds: null, asOf: null };
export const FALLBACK_SOURCE: ReadSource = { kind: 'fallback', lagSeconds: null, asOf: null };

/** How long after a connection failure the replica is left alone (reads go to the primary) before it is tried again. */
export const REPLICA_RETRY_AFTER_MS = 30_000;

/**
 * The database for the next read: the replica when one is configured and it has not failed within `retryAfterMs`
 * (a replica that is down is not dialled on every request); the primary otherwise — 'fallback' when that is because
 * the replica failed.
 */
export function chooseReadSource(input: { replicaConfigured: boolean; lastFailureAt: number | null; now: number; retryAfterMs?: number }): 'replica' | 'primary' | 'fallback' {
  if (!input.replicaConfigured) return 'primary';
  if (input.lastFailureAt === null) return 'replica';
  const elapsed = input.now - input.lastFailureAt;
  return elapsed >= 0 && elapsed < (input.retryAfterMs ?? REPLICA_RETRY_AFTER_MS) ? 'fallback' : 'replica';
}

/** Node's socket errors of a server that cannot be reached. */
const UNREACHABLE_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'ECONNABORTED']);

/**
 * SQLSTATEs after which the same read on the primary answers: connection exceptions (class 08), the server shutting
 * down or starting (57P01-57P03), too many connections (53300), and a query cancelled by a conflict with recovery on a
 * hot standby (40001, "canceling statement due to conflict with recovery"). An unknown database or role (3D000,
 * 28P01, 28000) is a configuration error of the replica: it falls back too rather than breaking the reports.
 */
const FALLBACK_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300', '40001', '3D000', '28P01', '28000']);

/** The messages of node-postgres for a connection lost or never made. */
const CONNECTION_MESSAGES = [/^Connection terminated/i, /timeout exceeded when trying to connect/i, /Client has encountered a connection error/i, /connect ECONNREFUSED/i];

/**
 * After an error on the replica: 'fallback' (read on the primary, the page says so) when the replica could not be
 * reached or cannot serve the read; 'rethrow' for anything else (a bug in a query fails on the primary too).
 */
export function replicaErrorOutcome(error: unknown): 'fallback' | 'rethrow' {
  if (typeof error !== 'object' || error === null) return 'rethrow';
  // Errors wrapped by AggregateError (several addresses tried) carry the causes in `errors`.
  const nested = (error as { errors?: unknown }).errors;
  if (Array.isArray(nested) && nested.some((e) => replicaErrorOutcome(e) === 'fallback')) return 'fallback';
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (UNREACHABLE_ERRNOS.has(code)) return 'fallback';
    if (/^08[0-9A-Z]{3}$/.test(code) || FALLBACK_SQLSTATES.has(code)) return 'fallback';
  }
  const message = (error as { message?: unknown }).message;
  if (typeof message === 'string' && CONNECTION_MESSAGES.some((re) => re.test(message))) return 'fallback';
  return 'rethrow';
}

/** What the replica says about itself (src/db/replica.ts LAG_QUERY). */
export interface ReplicaProbe {
  /** pg_is_in_recovery(): false when the "replica" is in fact a primary (or a promoted standby). */
  inRecovery: boolean;
  /** now() - pg_last_xact_replay_timestamp() in seconds, in recovery; null before anything was replayed. */
  replayDelaySeconds: number | null;
  /** pg_last_xact_replay_timestamp(). */
  replayedAt: Date | null;
  /** pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn(): everything received is replayed; null when not streaming. */
  caughtUp: boolean | null;
  /** The replica's now(). */
  now: Date;
}

/**
 * How far behind the replica is. On an idle primary the last replayed transaction stays old although the replica is
 * current: when it has replayed all it received the lag is 0 and the figures are as of now. Not in recovery (the URL
 * names a primary): lag 0, as of now. Otherwise now - the last replayed transaction (never below 0: clocks), as of it;
 * unknown (null) before the replica replayed any transaction.
 */
export function replicaLag(probe: ReplicaProbe): ReadSource {
  if (!probe.inRecovery || probe.caughtUp === true) return { kind: 'replica', lagSeconds: 0, asOf: probe.now };
  if (probe.replayDelaySeconds === null || probe.replayedAt === null || !Number.isFinite(probe.replayDelaySeconds)) return { kind: 'replica', lagSeconds: null, asOf: null };
  return { kind: 'replica', lagSeconds: Math.max(0, Math.floor(probe.replayDelaySeconds)), asOf: probe.replayedAt };
}
