// The stack's floor for the submission bench (bench/dossiers.ts): a bare Fastify route on node-postgres, in a process
// of its own, that does only what every submission's round trips do at the least — read the signed-in account and
// the draft (its 2 KB form), each as a named prepared statement — and answers a submission-shaped JSON document.
// No session check, CSRF, text checks, form validation, writes, audit or outbox. Its server CPU per request is what
// the HTTP server and the database driver cost on this machine under the same load: the part of a submission's
// server CPU that no change to our code removes (issue 17).
// Started with fork(): argv = database URL, account id. Answers over IPC: { port } once listening.
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import pg from 'pg';

const [url, accountId] = process.argv.slice(2);
if (!url || !accountId || !process.send) throw new Error('usage: fork(bench/stack-floor-server.ts, [databaseUrl, accountId])');
const pool = new pg.Pool({ connectionString: url, max: 10 });
const app = Fastify({ logger: false });
app.post<{ Params: { id: string } }>('/api/dossiers/:id/submit', async (request, reply) => {
  const account = await pool.query({ name: 'floor_account', text: 'SELECT id, full_name, kind, status, agency_id FROM accounts WHERE id = $1', values: [accountId] });
  const draft = await pool.query({ name: 'floor_draft', text: 'SELECT id, agency_id, procedure_version_id, form_data, xmin::text AS row_version FROM dossiers WHERE id = $1 AND applicant_id = $2', values: [request.params.id, accountId] });
  if (!account.rows[0] || !draft.rows[0]) return reply.code(404).send({ code: 'NOT_FOUND' });
  reply.code(201);
  return { id: draft.rows[0].id, code: 'H00.00-261205-0001', lookupSecret: 'ABCD2345', status: 1, expectedDate: '2026-12-12', submittedAt: new Date().toISOString(), replayed: false };
});
await app.listen({ port: 0, host: '127.0.0.1' });
process.send({ port: (app.server.address() as AddressInfo).port });
process.on('disconnect', () => {
  void app.close().then(() => pool.end()).finally(() => process.exit(0));
});
