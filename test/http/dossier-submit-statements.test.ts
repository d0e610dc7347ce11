// What one online submission costs in SQL (issue 17: submissions against the same rows inserted straight): once
// warm, three statements — the session, the draft's snapshot, the submission statement (which writes the dossier,
// its history, audit entry and outbox message and commits by itself) — no BEGIN/COMMIT round trips.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { login } from '../helpers/app.ts';
import { createTestContext } from '../helpers/db.ts';
import { countingApp } from '../helpers/statements.ts';
import { actorByUsername, COPYRIGHT_PROCEDURE, upload } from '../helpers/dossiers.ts';

const ctx = await createTestContext({ demo: true });
const counting = await countingApp(ctx.url);
const { app } = counting;
const citizen = await actorByUsername(ctx, 'demo.congdan');

async function draft(): Promise<string> {
  const dossiers = ctx.services.dossiers;
  const d = await dossiers.createDraft(citizen, COPYRIGHT_PROCEDURE);
  await dossiers.saveForm(citizen, d.id, { ...d.form.data, requestContent: 'Đăng ký quyền tác giả cho tác phẩm "Mùa thu Hà Nội".' });
  for (const doc of d.documents.filter((x) => x.required)) await dossiers.addFile(citizen, d.id, upload(doc.documentId));
  return d.id;
}

describe('statements per online submission', () => {
  it('costs three statements once warm: session, snapshot, the submission statement', async () => {
    const session = await login(app, 'demo.congdan');
    const submit = async (id: string) => {
      const { result, statements } = await counting.statementsOf(() =>
        app.inject({ method: 'POST', url: `/api/dossiers/${id}/submit`, headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken, 'content-type': 'application/json', 'idempotency-key': `k-${id}` }, payload: '{}' }),
      );
      assert.equal(result.statusCode, 201, result.body);
      return statements;
    };
    // The first fills the caches of the process (the procedure version, the agency's working hours and calendar).
    await submit(await draft());
    const statements = await submit(await draft());
    const report = `${statements.length} statements:\n${statements.map((s) => s.replace(/\s+/g, ' ').slice(0, 200)).join('\n---\n')}`;
    assert.equal(statements.length, 3, report);
    assert.equal(statements.filter((s) => /^\s*(begin|commit)\b/i.test(s)).length, 0, report);
    assert.equal(statements.filter((s) => s.includes('INSERT INTO audit_log')).length, 1, report);
  });
});

// The batched statements take their keys as one JSON document, which the planner always estimates at 100 rows. As a
// plain join, the submission statement then scanned and sorted every draft of the platform on each group commit
// (its cost grew with the drafts citizens leave open), and the lookup hashed every dossier on a small platform.
describe('plans of the batched submission and lookup statements', () => {
  it('find each draft by its id and each dossier by its code, however many drafts wait', async () => {
    // Enough drafts, with fresh statistics, for a scan of them to look cheaper than 100 index probes.
    await sql`INSERT INTO dossiers (agency_id, procedure_version_id, applicant_id, form_data)
              SELECT d.agency_id, d.procedure_version_id, d.applicant_id, d.form_data
                FROM dossiers d CROSS JOIN generate_series(1, 2000) WHERE d.id = ${await draft()}`.execute(ctx.db);
    await sql`ANALYZE dossiers`.execute(ctx.db);
    const session = await login(app, 'demo.congdan');
    const id = await draft();
    const submitted = await counting.statementsOf(() =>
      app.inject({ method: 'POST', url: `/api/dossiers/${id}/submit`, headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken, 'content-type': 'application/json' }, payload: '{}' }),
    );
    assert.equal(submitted.result.statusCode, 201, submitted.result.body);
    const { code, lookupSecret } = submitted.result.json() as { code: string; lookupSecret: string };
    const looked = await counting.statementsOf(() => app.inject({ method: 'GET', url: `/api/lookup/${encodeURIComponent(code)}?secret=${lookupSecret}`, headers: { accept: 'application/json' } }));
    assert.equal(looked.result.statusCode, 200, looked.result.body);
    const batched = [...submitted.statements, ...looked.statements].filter((s) => s.includes('jsonb_to_recordset'));
    assert.equal(batched.length, 2, batched.join('\n---\n'));
    // The plan a prepared statement gets once it goes generic (the parameters unknown), as PostgreSQL reuses it.
    // (Sent as a simple query: a $1 without a value is only accepted there.)
    const client = new pg.Client({ connectionString: ctx.url });
    await client.connect();
    after(() => client.end());
    for (const statement of batched) {
      const { rows } = await client.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>(`EXPLAIN (GENERIC_PLAN, FORMAT JSON) ${statement}`);
      const scans = nodes(rows[0]!['QUERY PLAN'][0]!.Plan).filter((n) => n['Relation Name'] === 'dossiers' && n['Node Type'] !== 'ModifyTable');
      assert.ok(scans.length > 0, statement);
      for (const scan of scans) {
        assert.equal(scan['Node Type'], 'Index Scan', `${statement.slice(0, 80)}: ${JSON.stringify(scan)}`);
        assert.ok(['dossiers_pkey', 'dossiers_code_key'].includes(scan['Index Name'] ?? ''), JSON.stringify(scan));
      }
    }
  });
});

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}
