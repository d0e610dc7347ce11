// The live board's reads (floor.board.ts): one agency's last calls, its results ready for pickup and the counts of
// the day. Run once per change of an agency's floor, whatever the number of screens. The ready results read the
// dossiers table (a read model, as the reports and the scorecard do): status 9 of the agency's own dossiers.
// Every change runs them: built and compiled by Kysely once (compiledQuery), named statements in PostgreSQL (PREPARED,
// planned once per connection).
import { sql } from 'kysely';
import { compiledQuery } from '../../db/compiled.ts';
import { PREPARED, type Executor } from '../../db/database.ts';
import type { CallRow, ReadyRow, TicketCounts } from './floor.board.rules.ts';
import { BOARD_CALLS, BOARD_READY } from './floor.board.rules.ts';

const callsQuery = compiledQuery((db: Executor, agencyId: string, day: string) =>
  db
    .selectFrom('floor_tickets as t')
    .innerJoin('floor_counters as c', 'c.id', 't.counter_id')
    .where('t.agency_id', '=', agencyId)
    .where('t.day', '=', day)
    .where('t.status', 'in', ['called', 'serving', 'done'])
    .where('t.called_at', 'is not', null)
    // The latest call or recall first (a recalled ticket comes back to the top).
    .select(['t.id as ticket_id', 't.code as ticket', 't.calls', 'c.number as counter_number', 'c.label as counter_label', sql<Date>`coalesce(t.last_called_at, t.called_at)`.as('called_at')])
    .modifyFront(PREPARED)
    .orderBy(sql`coalesce(t.last_called_at, t.called_at)`, 'desc')
    .orderBy('t.id')
    .limit(BOARD_CALLS),
);

const readyQuery = compiledQuery((db: Executor, agencyId: string, since: Date) =>
  db
    .selectFrom('dossiers as d')
    .where('d.agency_id', '=', agencyId)
    .where('d.status', '=', 9)
    .where('d.finished_at', '>=', since)
    .where('d.code', 'is not', null)
    .select([sql<string>`d.code`.as('code'), 'd.applicant_name'])
    .modifyFront(PREPARED)
    .orderBy('d.finished_at', 'desc')
    .limit(BOARD_READY),
);

const countsQuery = compiledQuery((db: Executor, agencyId: string, day: string) =>
  db
    .selectFrom('floor_tickets as t')
    .where('t.agency_id', '=', agencyId)
    .where('t.day', '=', day)
    .groupBy('t.status')
    .select([
      't.status',
      sql<string>`count(*)`.as('n'),
      sql<string>`coalesce(sum(t.wait_seconds), 0)`.as('wait_s'),
      sql<string>`count(t.wait_seconds)`.as('called'),
    ])
    .modifyFront(PREPARED),
);

export class FloorBoardRepository {
  calls(db: Executor, agencyId: string, day: string): Promise<CallRow[]> {
    return callsQuery(db, agencyId, day);
  }

  ready(db: Executor, agencyId: string, since: Date): Promise<ReadyRow[]> {
    return readyQuery(db, agencyId, since);
  }

  async counts(db: Executor, agencyId: string, day: string): Promise<TicketCounts> {
    const rows = await countsQuery(db, agencyId, day);
    const out: TicketCounts = { byStatus: {}, waitSumMs: 0, waitCount: 0 };
    for (const r of rows) {
      out.byStatus[r.status] = Number(r.n);
      out.waitSumMs += Number(r.wait_s) * 1000;
      out.waitCount += Number(r.called);
    }
    return out;
  }
}
