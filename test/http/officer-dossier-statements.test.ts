// How many SQL statements one render of the officer's dossier page (/can-bo/ho-so/:id) costs (issue 17: under load
// it held the pool longest). A dossier in progress with documents, e-form, timeline, control sheet and a task: the
// render is bounded, and a second render (caches warm) costs no more than the first.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { login } from '../helpers/app.ts';
import { createTestContext } from '../helpers/db.ts';
import { countingApp } from '../helpers/statements.ts';
import { actorByUsername, submittedDossier } from '../helpers/dossiers.ts';

/**
 * The statements one render may cost at most. Measured: 27 before issue 17 (the dossier, its open step, workflow
 * and roles read twice, BEGIN/COMMIT around the messages, the agency read for the department picker); 19 after
 * (session 1, unread count 1, postal mark 3, dossier page 9, messages 3, data sharing 1, departments 1); 20 with
 * issue 19's outgoing documents of the dossier (one indexed lookup by dossier_id, the outgoing pages' preHandler).
 */
const MAX_STATEMENTS = 20;

const ctx = await createTestContext({ demo: true });

// The app over a second pool on the same database whose clients record every statement they send
// (test/helpers/statements.ts, countingApp).
const counting = await countingApp(ctx.url);
const { app } = counting;

async function render(url: string, cookie: string): Promise<{ html: string; statements: string[] }> {
  const { result: response, statements } = await counting.statementsOf(() => app.inject({ method: 'GET', url, headers: { cookie, accept: 'text/html' } }));
  assert.equal(response.statusCode, 200, response.body.slice(0, 2000));
  return { html: response.body, statements };
}

const citizen = await actorByUsername(ctx, 'demo.congdan');
const reception = await actorByUsername(ctx, 'demo.motcua');

describe('statements per render of the officer dossier page', () => {
  it(`a dossier in progress costs at most ${MAX_STATEMENTS} statements, the same on every render`, async () => {
    const { id } = await submittedDossier(ctx, citizen);
    await ctx.services.handling.act(reception, id, 'accept');
    await ctx.services.handling.act(reception, id, 'forward');
    const session = await login(app, 'demo.chuyenvien');
    // The first render fills the caches of the process (calendar, workflows, e-forms of a version).
    const first = await render(`/can-bo/ho-so/${id}`, session.cookie);
    const second = await render(`/can-bo/ho-so/${id}`, session.cookie);
    assert.equal(second.html.replace(/name="_csrf" value="[^"]*"/g, ''), first.html.replace(/name="_csrf" value="[^"]*"/g, ''));
    const report = (r: { statements: string[] }) => `${r.statements.length} statements:\n${r.statements.map((s) => s.replace(/\s+/g, ' ').slice(0, 300)).join('\n---\n')}`;
    assert.ok(second.statements.length <= first.statements.length, `second render: ${report(second)}`);
    assert.ok(second.statements.length <= MAX_STATEMENTS, `render: ${report(second)}`);
    // No repeated reads of what the page already has: the dossier with its version, the workflow, the roles.
    const count = (re: RegExp) => second.statements.filter((s) => re.test(s)).length;
    assert.equal(count(/^\s*select "d"\.\*/i), 1, `the handled dossier is read once: ${report(second)}`);
    assert.equal(count(/\bchosen AS\b/), 1, `the workflow is resolved once: ${report(second)}`);
    assert.equal(count(/JOIN unnest\(/), 1, `the officer's roles are read once: ${report(second)}`);
    assert.equal(count(/^\s*(begin|commit)\b/i), 0, 'a page that only reads opens no transaction');
    assert.equal(count(/from "agencies" where "code"/), 0, 'the agency is known from the dossier');
    assert.equal(count(/select "id", "procedure_version_id", "organisation_id", "status", "form_data", "officer_data" from "dossiers"/), 0, 'the e-form answers come with the dossier');
  });
});
