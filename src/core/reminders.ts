// The one loop of the "remind once before the deadline, then once when it has passed" jobs (feedback.remind,
// incoming.remind, parplan.remind). It does no I/O of its own: the module hands over its candidates, the agency's
// "due soon" limit (the calendar's working days: CalendarService.dueAt), its pure rule, the transaction, the locked
// re-read and what is sent. Recipients, mail texts, marks, events and the report's shape stay in the module.
// The database is handed over only to open each candidate's transaction (`TransactionSource`: Kysely's shape).
//
// Per candidate, in order: the agency's limit (asked once per agency in a run) → the rule → nothing due: next; else
// `prepare` (reads outside the transaction) → a transaction of its own: the row re-read under lock, the rule asked
// again with the same limit → `send` only when it still wants the same notice. A failure ends the run (no catch).

/** What opens a transaction that `work` runs in (the database: `db.transaction().execute(work)`). */
export interface TransactionSource<Tx> {
  transaction(): { execute<T>(work: (tx: Tx) => Promise<T>): Promise<T> };
}

/**
 * What one reminder job hands to `runReminders`. `Limit` is the rule's form of "due soon" (an instant, a day).
 * (`lock` before `kindOf`: TypeScript infers `Row` from `lock` in the order the properties are written.)
 */
export interface ReminderJob<Item, Row, Kind extends string, Limit, Tx, Prepared = undefined> {
  /** The candidates (the module's open items due before its bound), in the order they are handled. */
  readonly items: readonly Item[];
  agencyOf(item: Item): string;
  /** The agency's "due soon" limit; asked once per agency in a run. */
  limitOf(agencyId: string): Promise<Limit>;
  /** The item's row, re-read and locked in the item's transaction (undefined: gone). */
  lock(tx: Tx, item: Item): Promise<Row | undefined>;
  /** The module's pure rule, over a candidate and again over its locked row: the notice due, or null. */
  kindOf(entry: Item | Row, limit: Limit): Kind | null;
  /** Read once a notice is due, before the item's transaction and outside it; handed to `send`. */
  prepare?(item: Item, kind: Kind): Promise<Prepared>;
  /** Mails, marks the row, records the event: called only when the locked row still wants `kind`. */
  send(tx: Tx, row: Row, kind: Kind, prepared: Prepared | undefined): Promise<void>;
}

/** A notice the rule found due: its kind, and whether it was sent (false: the locked row no longer wanted it). */
export interface ReminderOutcome<Kind extends string> {
  kind: Kind;
  sent: boolean;
}

/** Runs one reminder job; the outcomes in the order of the candidates (the module counts them as its report says). */
export async function runReminders<Item, Row, Kind extends string, Limit, Tx, Prepared = undefined>(
  db: TransactionSource<Tx>,
  job: ReminderJob<Item, Row, Kind, Limit, Tx, Prepared>,
): Promise<Array<ReminderOutcome<Kind>>> {
  const limits = new Map<string, { limit: Limit }>();
  const outcomes: Array<ReminderOutcome<Kind>> = [];
  for (const item of job.items) {
    const agencyId = job.agencyOf(item);
    let known = limits.get(agencyId);
    if (!known) {
      known = { limit: await job.limitOf(agencyId) };
      limits.set(agencyId, known);
    }
    const { limit } = known;
    const kind = job.kindOf(item, limit);
    if (!kind) continue;
    const prepared = job.prepare ? await job.prepare(item, kind) : undefined;
    const sent = await db.transaction().execute(async (tx) => {
      const row = await job.lock(tx, item);
      if (!row || job.kindOf(row, limit) !== kind) return false;
      await job.send(tx, row, kind, prepared);
      return true;
    });
    outcomes.push({ kind, sent });
  }
  return outcomes;
}

/** How many notices of `kind` were sent (a notice the locked re-check no longer wanted is not counted). */
export function countReminders<Kind extends string>(outcomes: ReadonlyArray<ReminderOutcome<Kind>>, kind: Kind): number {
  return outcomes.filter((o) => o.kind === kind && o.sent).length;
}
