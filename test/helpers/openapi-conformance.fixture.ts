// A test file that breaks the contract on purpose, run in a child process by test/http/openapi-conformance.test.ts:
// a route answers a status and a body its declaration does not give, and the recorder (enforcing) must fail the
// file while still running the cleanup hooks registered after it.
import { after, test } from 'node:test';
import Fastify, { type FastifyReply } from 'fastify';
import swagger from '@fastify/swagger';
import { recordConformance } from './openapi-conformance.ts';
import { apiDocumentOptions } from '../../src/http/openapi.ts';
import type { App } from '../../src/http/app.ts';

const app = Fastify({ logger: false });
await app.register(swagger, { openapi: { openapi: '3.1.0', info: { title: 't', version: '1' } }, ...apiDocumentOptions({ baseUrl: 'http://localhost' }) });
app.get('/api/teapot', { schema: { response: { 200: { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] } } } }, async (_request, reply) =>
  (reply as FastifyReply).code(418).send({ ok: true }),
);
app.get('/api/kettle', { schema: { response: { 200: { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] } } } }, async (_request, reply) =>
  reply.type('application/json').serializer(JSON.stringify).send({ ok: 'yes' }),
);
recordConformance(app as unknown as App, { mode: 'enforce' });
after(async () => {
  await app.close();
  process.stdout.write('CLEANUP RAN\n');
});

test('answers against its declaration', async () => {
  await app.inject({ method: 'GET', url: '/api/teapot' });
  await app.inject({ method: 'GET', url: '/api/kettle' });
});
