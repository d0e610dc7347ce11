// The per-dossier numbering of the national portal's outbound messages when two transactions number the same
// dossier at once (two job runs, two instances): the second waits for the first (a per-dossier advisory lock), then
// numbers after its messages — no duplicate sequence, no unique violation, nothing lost. The first transaction is
// held open until the second is seen waiting on a lock (or has finished, which is the bug), so the two do overlap.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { Executor } from '../../src/db/database.ts';
import { NationalPortalRepository } from '../../src/modules/nationalportal/nationalportal.repository.ts';
import type { OutboxMessage } from '../../src/modules/outbox/outbox.repository.ts';
import { createTestContext } from '../helpers/db.ts';
import { newCitizen, submittedDossier } from '../helpers/dossiers.ts';

const ctx = await createTestContext({ demo: true });
after(() => ctx.db.destroy());
const repo = new NationalPortalRepository();

/** A submitted dossier, made known to the portal under `code` (a national_portal_dossiers row). */
async function knownDossier(code: string): Promise<{ id: string; procedureId: string }> {
  const submitted = await submittedDossier(ctx, await newCitizen(ctx));
  const d = await ctx.db
    .selectFrom('dossiers as d')
    .innerJoin('procedure_versions as v', 'v.id', 'd.procedure_version_id')
    .select(['d.id', 'v.procedure_id'])
    .where('d.id', '=', submitted.id)
    .executeTakeFirstOrThrow();
  await ctx.db.insertInto('national_portal_dossiers').values({ national_code: code, dossier_id: d.id, procedure_code: 'TEST' }).execute();
  return { id: d.id, procedureId: d.procedure_id };
}

/** Whether some other connection of this database is waiting for a lock. */
async function someoneWaits(): Promise<boolean> {
  const { rows } = await sql<{ n: string }>`
    SELECT count(*) AS n FROM pg_stat_activity
    WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`.execute(ctx.db);
  return Number(rows[0]!.n) > 0;
}

/**
 * Runs `first` in a transaction kept open until `second` (its own transaction, started once `first` has run) is
 * seen waiting on a lock or has ended; then both commit. The error of either is thrown.
 */
async function overlapping(first: (tx: Executor) => Promise<unknown>, second: (tx: Executor) => Promise<unknown>): Promise<void> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let ranFirst!: () => void;
  const firstRan = new Promise<void>((resolve) => (ranFirst = resolve));
  const a = ctx.db.transaction().execute(async (tx) => {
    await first(tx);
    ranFirst();
    await released;
  });
  await firstRan;
  let secondEnded = false;
  const b = ctx.db
    .transaction()
    .execute(async (tx) => second(tx))
    .finally(() => (secondEnded = true));
  b.catch(() => undefined);
  while (!secondEnded && !(await someoneWaits())) await new Promise((resolve) => setImmediate(resolve));
  release();
  await a;
  await b;
}

async function sequencesOf(dossierId: string): Promise<number[]> {
  const rows = await ctx.db.selectFrom('national_portal_messages').select('sequence').where('dossier_id', '=', dossierId).orderBy('sequence').execute();
  return rows.map((r) => r.sequence);
}

describe('national portal message numbering under concurrency', () => {
  it('two handlers of the same dossier at once: the second numbers after the first (1–4), none lost', async () => {
    const dossier = await knownDossier('SEQ-HANDLE-1');
    const message = (status: number, previousStatus: number): OutboxMessage => ({
      id: crypto.randomUUID(),
      topic: 'dossier.status',
      payload: { dossierId: dossier.id, status, previousStatus, action: 'test', content: 'bước xử lý' },
      created_at: new Date(),
    });
    const portal = ctx.services.nationalPortal;
    await overlapping(
      (tx) => portal.handle(tx, message(2, 1)),
      (tx) => portal.handle(tx, message(3, 2)),
    );
    assert.deepEqual(await sequencesOf(dossier.id), [1, 2, 3, 4]);
    const kinds = await ctx.db.selectFrom('national_portal_messages').select(['sequence', 'kind', 'payload']).where('dossier_id', '=', dossier.id).orderBy('sequence').execute();
    assert.deepEqual(kinds.map((k) => [k.kind, (k.payload as { TrangThai?: number; TrangThaiHoSo?: number }).TrangThai ?? (k.payload as { TrangThaiHoSo?: number }).TrangThaiHoSo]), [
      ['progress', 2], ['status', 2], ['progress', 3], ['status', 3],
    ]);
  });

  it('the numbering itself serialises per dossier, whatever row locks the caller holds', async () => {
    const dossier = await knownDossier('SEQ-REPO-1');
    const number = async (tx: Executor) => {
      const sequence = await repo.nextSequence(tx, dossier.id);
      await repo.insertMessages(tx, [{ dossier_id: dossier.id, procedure_id: dossier.procedureId, kind: 'progress', sequence, payload: { n: sequence }, created_at: new Date() }]);
    };
    await overlapping(number, number);
    assert.deepEqual(await sequencesOf(dossier.id), [1, 2]);
    // Another dossier is not held up by this one's lock: numbering it inside the first transaction does not wait.
    const other = await knownDossier('SEQ-REPO-2');
    await ctx.db.transaction().execute(async (tx) => {
      await number(tx);
      await ctx.db.transaction().execute(async (tx2) => {
        assert.equal(await repo.nextSequence(tx2, other.id), 1);
      });
    });
  });
});
