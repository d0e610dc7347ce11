import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { createTestContext } from '../helpers/db.ts';

describe('audit log', async () => {
  const ctx = await createTestContext();

  it('chains entries and verifies them', async () => {
    for (let i = 0; i < 3; i++) {
      await ctx.db.transaction().execute((tx) => ctx.services.audit.record(tx, null, { action: 'test.entry', targetType: 'test', targetId: String(i), summary: { i, name: 'Đăng ký' } }));
    }
    const verdict = await ctx.services.audit.verify();
    assert.deepEqual(verdict, { ok: true, checked: 3 });
  });

  it('keeps the chain linear under concurrent appends', async () => {
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        ctx.db.transaction().execute((tx) => ctx.services.audit.record(tx, null, { action: 'test.concurrent', targetType: 'test', targetId: `c${i}` })),
      ),
    );
    const verdict = await ctx.services.audit.verify();
    assert.equal(verdict.ok, true);
    assert.equal(verdict.checked, 13);
  });

  it('appends without chaining; sealers running at the same time build one linear chain', async () => {
    const record = (i: number) =>
      ctx.db.transaction().execute((tx) => ctx.services.audit.record(tx, null, { action: 'test.sealing', targetType: 'test', targetId: `s${i}` }));
    await Promise.all(Array.from({ length: 5 }, (_, i) => record(i)));
    const pending = await ctx.db.selectFrom('audit_log').select(['seq', 'hash', 'prev_hash']).where('action', '=', 'test.sealing').execute();
    assert.equal(pending.length, 5);
    assert.ok(pending.every((r) => r.seq === null && r.hash === null && r.prev_hash === null));
    // Appends and sealers interleaved: every entry sealed once, positions gap-free, each linked to the one before.
    const sealed = await Promise.all([ctx.services.audit.seal(2), record(5), ctx.services.audit.seal(2), record(6), ctx.services.audit.seal()]);
    const rows = await ctx.db.selectFrom('audit_log').select(['seq', 'hash', 'prev_hash']).orderBy('seq').execute();
    const positions = rows.filter((r) => r.seq !== null).map((r) => Number(r.seq));
    assert.deepEqual(positions, positions.map((_, i) => i + 1));
    const total = await ctx.services.audit.seal();
    assert.equal((sealed[0] as number) + (sealed[2] as number) + (sealed[4] as number) + total, 7);
    const verdict = await ctx.services.audit.verify();
    assert.deepEqual(verdict, { ok: true, checked: 20 });
  });

  it('lets an unsealed entry be sealed, and nothing else be changed', async () => {
    await ctx.db.transaction().execute((tx) => ctx.services.audit.record(tx, null, { action: 'test.unsealed', targetType: 'test' }));
    await assert.rejects(sql`UPDATE audit_log SET action = 'x', seq = 999, hash = 'h', prev_hash = 'p' WHERE action = 'test.unsealed'`.execute(ctx.db), /append-only/);
    await assert.rejects(sql`UPDATE audit_log SET seq = 1 WHERE seq = 2`.execute(ctx.db), /append-only/);
    await assert.rejects(sql`DELETE FROM audit_log WHERE action = 'test.unsealed'`.execute(ctx.db), /append-only/);
    assert.equal(await ctx.services.audit.seal(), 1);
  });

  it('refuses updates and deletes', async () => {
    await assert.rejects(sql`UPDATE audit_log SET action = 'x'`.execute(ctx.db), /append-only/);
    await assert.rejects(sql`DELETE FROM audit_log`.execute(ctx.db), /append-only/);
  });

  it('drops the entry when the change it records rolls back', async () => {
    await assert.rejects(
      ctx.db.transaction().execute(async (tx) => {
        await ctx.services.audit.record(tx, null, { action: 'test.rollback', targetType: 'test' });
        throw new Error('boom');
      }),
      /boom/,
    );
    const count = await ctx.db.selectFrom('audit_log').select(sql<number>`count(*)::int`.as('n')).where('action', '=', 'test.rollback').executeTakeFirstOrThrow();
    assert.equal(count.n, 0);
  });

  it('reports the first row altered behind the trigger', async () => {
    // A superuser can switch the trigger off; the chain still tells.
    await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`.execute(ctx.db);
    const target = await ctx.db.selectFrom('audit_log').select('id').orderBy('id').offset(4).limit(1).executeTakeFirstOrThrow();
    await sql`UPDATE audit_log SET summary = '{"forged": true}' WHERE id = ${target.id}`.execute(ctx.db);
    await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`.execute(ctx.db);
    const verdict = await ctx.services.audit.verify();
    assert.equal(verdict.ok, false);
    assert.equal(!verdict.ok && verdict.brokenId, target.id);
    assert.equal(verdict.checked, 4);
  });
});
