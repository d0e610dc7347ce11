// The response conformance check of the test suite (test/helpers/openapi-conformance.ts) can fail: on the real
// document it refuses a status, a content type, a body and a problem code that the document does not give, and
// installed on an application it records the answers of a route that breaks its own declaration.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, test } from 'node:test';
import Fastify, { type FastifyReply } from 'fastify';
import swagger from '@fastify/swagger';
import { createTestApp } from '../helpers/app.ts';
import { conformanceChecker, recordConformance } from '../helpers/openapi-conformance.ts';
import { apiDocumentOptions } from '../../src/http/openapi.ts';
import type { App } from '../../src/http/app.ts';

const { app } = await createTestApp();
await app.ready();
const check = conformanceChecker(app.swagger() as Record<string, any>);
const JSON_TYPE = 'application/json; charset=utf-8';
const PROBLEM_TYPE = 'application/problem+json; charset=utf-8';
const problem = (status: number, code: string) => JSON.stringify({ type: `urn:opendvc:problem:${code.toLowerCase()}`, title: 'x', status, detail: 'x', code, errors: [] });

describe('OpenAPI conformance check', () => {
  test('a documented answer conforms', () => {
    assert.deepEqual(check({ method: 'GET', routeUrl: '/api/dossiers/:id', status: 404, contentType: PROBLEM_TYPE, payload: problem(404, 'NOT_FOUND') }), []);
    assert.deepEqual(check({ method: 'GET', routeUrl: '/api/dossiers', status: 200, contentType: JSON_TYPE, payload: JSON.stringify({ items: [] }) }), []);
    assert.deepEqual(check({ method: 'HEAD', routeUrl: '/api/dossiers', status: 200, contentType: JSON_TYPE, payload: '' }), []);
  });

  test('a status the operation does not document is refused', () => {
    const problems = check({ method: 'GET', routeUrl: '/api/dossiers/:id', status: 418, contentType: JSON_TYPE, payload: '{}' });
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /status 418 is not documented/);
  });

  test('a body that does not match the documented schema is refused', () => {
    const problems = check({ method: 'GET', routeUrl: '/api/dossiers', status: 200, contentType: JSON_TYPE, payload: JSON.stringify({ items: [{ id: 42 }] }) });
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /does not match the documented schema: \/items\/0/);
    // A named component ($ref) is resolved: a Dossier without its fields is refused.
    assert.match(check({ method: 'GET', routeUrl: '/api/dossiers/:id', status: 200, contentType: JSON_TYPE, payload: '{"id":"x"}' })[0] ?? '', /must have required property/);
  });

  test('an undocumented content type is refused', () => {
    const problems = check({ method: 'GET', routeUrl: '/api/dossiers/:id', status: 200, contentType: 'text/html; charset=utf-8', payload: '<p>x</p>' });
    assert.match(problems[0] ?? '', /content type text\/html is not documented for status 200/);
  });

  test('a problem code the operation does not list is refused', () => {
    const problems = check({ method: 'GET', routeUrl: '/api/dossiers/:id', status: 404, contentType: PROBLEM_TYPE, payload: problem(404, 'SOMETHING_ELSE') });
    assert.ok(problems.some((p) => /problem code SOMETHING_ELSE is not listed for status 404/.test(p)), problems.join('\n'));
  });

  test('an operation missing from the document is refused', () => {
    assert.match(check({ method: 'GET', routeUrl: '/api/nowhere', status: 200 })[0] ?? '', /no operation GET \/api\/v1\/nowhere/);
  });

  test('installed on an application, it records the answers that break the declaration', async () => {
    const teapot = Fastify({ logger: false });
    await teapot.register(swagger, { openapi: { openapi: '3.1.0', info: { title: 't', version: '1' } }, ...apiDocumentOptions({ baseUrl: 'http://localhost' }) });
    teapot.get(
      '/api/teapot',
      { schema: { querystring: { type: 'object', properties: { wrong: { type: 'string' } } }, response: { 200: { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] } } } },
      async (request, reply) => {
        const wrong = (request.query as { wrong?: string }).wrong;
        if (wrong === 'status') return (reply as FastifyReply).code(418).send({ ok: true });
        if (wrong === 'body') return reply.type('application/json').serializer(JSON.stringify).send({ ok: 'yes' });
        return { ok: true };
      },
    );
    const recorder = recordConformance(teapot as unknown as App, { mode: 'collect' });
    await teapot.ready();
    assert.equal((await teapot.inject({ method: 'GET', url: '/api/teapot' })).statusCode, 200);
    assert.equal(recorder.violations.length, 0, 'a conforming answer is not recorded');
    assert.equal((await teapot.inject({ method: 'GET', url: '/api/teapot?wrong=status' })).statusCode, 418);
    assert.equal((await teapot.inject({ method: 'GET', url: '/api/teapot?wrong=body' })).statusCode, 200);
    await teapot.close();
    assert.deepEqual(
      recorder.violations.map((v) => [v.method, v.path, v.status, v.problem.replace(/:.*/, '')]),
      [
        ['GET', '/api/v1/teapot', 418, 'status 418 is not documented (documented'],
        ['GET', '/api/v1/teapot', 200, 'the body does not match the documented schema'],
      ],
    );
  });

  test('enforcing, it fails the test file that broke the contract, and the cleanup hooks still run', async () => {
    const fixture = fileURLToPath(new URL('../helpers/openapi-conformance.fixture.ts', import.meta.url));
    // A test process of its own (not a subtest of this one): without the runner's NODE_TEST_CONTEXT.
    const { NODE_TEST_CONTEXT: _context, ...inherited } = process.env;
    const env = { ...inherited, OPENAPI_CONFORMANCE: 'enforce' };
    const result = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', fixture], { env }).then(
      (r) => ({ code: 0, output: r.stdout + r.stderr }),
      (error: { code?: number; stdout?: string; stderr?: string }) => ({ code: error.code ?? -1, output: `${error.stdout ?? ''}${error.stderr ?? ''}` }),
    );
    assert.equal(result.code, 1, result.output);
    assert.match(result.output, /2 answers do not conform to the OpenAPI document/);
    assert.match(result.output, /GET \/api\/v1\/teapot → 418 .*status 418 is not documented/);
    assert.match(result.output, /GET \/api\/v1\/kettle → 200 .*the body does not match the documented schema: \/ok must be boolean/);
    assert.match(result.output, /CLEANUP RAN/);
  });
});
