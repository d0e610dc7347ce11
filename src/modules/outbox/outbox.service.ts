// Outbox consumers: each consumer (the acknowledgement mailer, the notifications, the national-portal sync …)
// processes every message of its topics exactly once, independently of the others. A batch is claimed with
// FOR UPDATE SKIP LOCKED, its delivery rows are written first (ON CONFLICT DO NOTHING), and the consumer's
// effects are applied in the same transaction: all or nothing.
//
// Claims stay cheap however old the outbox: each consumer keeps a low-water mark over the writing transactions' ids
// (outbox_consumer_marks, migration 0066; OutboxRepository.advanceMark says why it is safe against late commits) and
// claims only the rows at or above it. Rows are kept OUTBOX_RETENTION_DAYS, then deleted by the daily job
// outbox.purge once every registered consumer of their topic has delivered them (OutboxRetention).
import type { Db, Executor } from '../../db/database.ts';
import { OutboxRepository, type OutboxMessage, type OutboxSubscription } from './outbox.repository.ts';

export type { OutboxMessage, OutboxSubscription } from './outbox.repository.ts';

export interface OutboxConsumer {
  /** Stable name (stored in outbox_deliveries): lower-case letters, digits, '.', '_', '-'. */
  readonly name: string;
  readonly topics: readonly string[];
  /** Applies the effects of one message inside the delivery transaction; returns true when it did something. */
  handle(tx: Executor, message: OutboxMessage): Promise<boolean>;
}

/**
 * The write side other modules use: queue a message in the caller's transaction (so it exists exactly when the
 * caller's effects commit). The narrow port services take instead of constructing the outbox repository.
 */
export interface OutboxWriter {
  enqueue(tx: Executor, topic: string, payload: Record<string, unknown>): Promise<void>;
}

export class OutboxService implements OutboxWriter {
  constructor(private readonly repo = new OutboxRepository()) {}

  enqueue(tx: Executor, topic: string, payload: Record<string, unknown>): Promise<void> {
    return this.repo.insert(tx, topic, payload);
  }
}

export interface ConsumeReport {
  /** Messages delivered to the consumer (handled or ignored). */
  processed: number;
  /** Messages for which the handler reported an effect. */
  handled: number;
}

export async function consumeOutbox(db: Db, consumer: OutboxConsumer, options: { batchSize?: number; maxBatches?: number } = {}, repo = new OutboxRepository()): Promise<ConsumeReport> {
  const batchSize = options.batchSize ?? 50;
  const maxBatches = options.maxBatches ?? 20;
  const report: ConsumeReport = { processed: 0, handled: 0 };
  const from = await repo.markOf(db, consumer.name, consumer.topics);
  for (let batch = 0; batch < maxBatches; batch++) {
    const done = await db.transaction().execute(async (tx) => {
      const rows = await repo.claim(tx, consumer.name, consumer.topics, batchSize, from);
      const fresh = await repo.recordDeliveries(tx, consumer.name, rows.map((r) => String(r.id)));
      let handled = 0;
      for (const row of rows) {
        if (!fresh.has(String(row.id))) continue;
        if (await consumer.handle(tx, { ...row, id: String(row.id) })) handled += 1;
      }
      return { claimed: rows.length, processed: fresh.size, handled };
    });
    report.processed += done.processed;
    report.handled += done.handled;
    if (done.claimed < batchSize) break;
  }
  // After the round's commits, outside their transactions (so concurrent workers do not queue on the mark's row).
  if (consumer.topics.length) await repo.advanceMark(db, consumer.name, consumer.topics, from);
  return report;
}

/**
 * The outbox's retention (job outbox.purge): rows older than `retentionDays` that every consumer of their topic has
 * delivered are deleted with their delivery rows; a row some consumer has not delivered (a failing one) stays.
 * `consumers` is the one list of the platform's consumers, their own `OutboxConsumer` objects (src/container.ts).
 */
export class OutboxRetention {
  constructor(
    private readonly db: Db,
    private readonly consumers: () => readonly OutboxSubscription[],
    private readonly options: { retentionDays: number },
    private readonly repo = new OutboxRepository(),
  ) {}

  /** The registered consumers: name and topics. */
  subscriptions(): OutboxSubscription[] {
    return this.consumers().map((c) => ({ name: c.name, topics: [...c.topics] }));
  }

  /** Deletes the fully delivered rows created more than `retentionDays` before `now`; returns how many. */
  purge(now = new Date()): Promise<number> {
    return this.repo.purgeDelivered(this.db, this.subscriptions(), new Date(now.getTime() - this.options.retentionDays * 86_400_000));
  }
}
