// What one online submission costs in SQL (issue 17: submissions against the same rows inserted straight): once
// warm, three statements — the session, the draft's snapshot, the submission statement (which writes the dossier,
// its history, audit entry and outbox message and commits by itself) — no BEGIN/COMMIT round trips.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { createContext } from '../../src/container.ts';
import { buildApp } from '../../src/http/app.ts';
import { modules } from '../../src/modules/index.ts';
import { argon2Hasher } from '../../src/modules/identity/passwords.ts';
import { login } from '../helpers/app.ts';
import { createTestContext, testConfig } from '../helpers/db.ts';
import { countingDb } from '../helpers/statements.ts';
import { actorByUsername, COPYRIGHT_PROCEDURE, upload } from '../helpers/dossiers.ts';

const ctx = await createTestContext({ demo: true });
const counting = countingDb(ctx.url);
const counted = counting.db;
const app = await buildApp(createContext(testConfig({ DEMO: 'true' }), counted, { hasher: argon2Hasher({ memoryCost: 1024, timeCost: 1 }) }), modules, { logger: false });
after(async () => {
  await app.close();
  await counted.destroy();
});
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
