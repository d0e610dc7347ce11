// The database the heavy read-only report reads go to (the reports, the 766 scorecard's live counts): a streaming
// replica (DATABASE_REPLICA_URL, a hot standby) when one is configured, else the primary. A read on the replica first
// asks it how far behind it is; a replica that cannot be reached (or cannot serve the read) sends the read to the
// primary and says so, so the pages never fail because of it (src/db/replica.rules.ts decides).
import { sql } from 'kysely';
import type { Db } from './database.ts';
import { chooseReadSource, FALLBACK_SOURCE, PRIMARY_SOURCE, replicaErrorOutcome, replicaLag, type ReadSource } from './replica.rules.ts';

export type { ReadSource } from './replica.rules.ts';

/** What a read-only report gets: its figures and where they were read. */
export interface SourcedRead<T> {
  value: T;
  source: ReadSource;
}

/** The narrow port the report services take: read-only queries on the replica, or the primary. Never for writes. */
export interface ReadDb {
  /** Runs `fn` (read-only queries, no transaction that must see its own writes) and says where it ran. */
  read<T>(fn: (db: Db) => Promise<T>): Promise<SourcedRead<T>>;
  /** Whether a replica is configured: the pages show where the figures come from only then. */
  readonly replicaConfigured: boolean;
  /** Closes the replica's pool (the primary's belongs to its owner). */
  close(): Promise<void>;
}

/** No replica: every read on the primary (source 'primary', nothing shown). */
export function primaryReadDb(primary: Db): ReadDb {
  return {
    replicaConfigured: false,
    async read(fn) {
      return { value: await fn(primary), source: PRIMARY_SOURCE };
    },
    async close() {},
  };
}

/**
 * The lag, computed on the replica: seconds since the last replayed transaction, and whether everything received is
 * replayed (then the replica is current even if the primary has been idle since). Not in recovery: nulls.
 */
const LAG_QUERY = sql<{ in_recovery: boolean; replay_delay: number | string | null; replayed_at: Date | null; caught_up: boolean | null; now: Date }>`
  SELECT pg_is_in_recovery() AS in_recovery,
         CASE WHEN pg_is_in_recovery() THEN extract(epoch FROM now() - pg_last_xact_replay_timestamp()) END AS replay_delay,
         CASE WHEN pg_is_in_recovery() THEN pg_last_xact_replay_timestamp() END AS replayed_at,
         CASE WHEN pg_is_in_recovery() THEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() END AS caught_up,
         now() AS now`;

/** Asks the replica how far behind it is. */
export async function probeReplica(replica: Db): Promise<ReadSource> {
  const row = (await LAG_QUERY.execute(replica)).rows[0]!;
  return replicaLag({
    inRecovery: row.in_recovery,
    replayDelaySeconds: row.replay_delay === null ? null : Number(row.replay_delay),
    replayedAt: row.replayed_at,
    caughtUp: row.caught_up,
    now: row.now,
  });
}

/**
 * Reads on a replica with the primary as fallback. The replica's Db is made on first use (a context that never reads a
 * report opens no second pool). After a failure the replica is left alone for REPLICA_RETRY_AFTER_MS; reads meanwhile
 * go to the primary as 'fallback'.
 */
export class ReplicaReadDb implements ReadDb {
  readonly replicaConfigured = true;
  private replica: Db | null = null;
  private lastFailureAt: number | null = null;

  constructor(
    private readonly primary: Db,
    private readonly openReplica: () => Db,
    private readonly options: { clock?: () => number; onFallback?: (error: unknown) => void; retryAfterMs?: number } = {},
  ) {}

  private now(): number {
    return (this.options.clock ?? Date.now)();
  }

  async read<T>(fn: (db: Db) => Promise<T>): Promise<SourcedRead<T>> {
    const choice = chooseReadSource({ replicaConfigured: true, lastFailureAt: this.lastFailureAt, now: this.now(), retryAfterMs: this.options.retryAfterMs });
    if (choice !== 'replica') return { value: await fn(this.primary), source: choice === 'fallback' ? FALLBACK_SOURCE : PRIMARY_SOURCE };
    try {
      this.replica ??= this.openReplica();
      const source = await probeReplica(this.replica);
      const value = await fn(this.replica);
      this.lastFailureAt = null;
      return { value, source };
    } catch (error) {
      if (replicaErrorOutcome(error) === 'rethrow') throw error;
      // Logged once per failure, not on the reads that follow within the retry delay.
      this.lastFailureAt = this.now();
      this.options.onFallback?.(error);
      return { value: await fn(this.primary), source: FALLBACK_SOURCE };
    }
  }

  async close(): Promise<void> {
    const replica = this.replica;
    this.replica = null;
    if (replica) await replica.destroy();
  }
}
