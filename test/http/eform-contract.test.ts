// The e-form contract over HTTP (issue 14): for each published demo procedure and each kind of applicant, data
// generated from the schema the draft serves — and from nothing else — is accepted by the JSON API; a required
// field removed gives a 422 naming it; a few mutations the schema refuses, the server refuses too, naming the
// field. Every endpoint serving the e-form serves that same schema (the draft, the dossier, the catalog's form
// per applicant kind), and counter intake accepts what the schema allows.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { OnlineClass } from '../../src/db/schema.ts';
import { isOnlineCapable } from '../../src/modules/catalog/catalog.rules.ts';
import { authHeaders, createTestApp, login, type Session } from '../helpers/app.ts';
import { eformData, validator } from '../helpers/eform-arbitrary.ts';

type Json = Record<string, unknown>;
interface Problem {
  code: string;
  errors: Array<{ path: string; code: string; message: string }>;
}

const RUNS = 6;

describe('the e-form contract: what the schema allows, the server accepts', async () => {
  const { app } = await createTestApp({ demo: true });
  const sessions: Record<'citizen' | 'organisation', Session> = { citizen: await login(app, 'demo.congdan'), organisation: await login(app, 'demo.doanhnghiep') };
  const manager = await login(app, 'demo.danhmuc');
  const receptionist = await login(app, 'demo.motcua');

  type Listed = { code: string; audience: string[]; onlineLevel: number; onlineClass: OnlineClass };
  const items: Listed[] = [];
  for (let page = 1; page <= 20; page++) {
    const list = await app.inject({ method: 'GET', url: `/api/procedures?pageSize=100&page=${page}` });
    assert.equal(list.statusCode, 200, list.body);
    const answer = list.json() as { items: Listed[]; total: number };
    items.push(...answer.items);
    if (!answer.items.length || items.length >= answer.total) break;
  }
  assert.ok(items.length >= 5, 'the demo publishes procedures');
  /** The procedures a kind of applicant may apply for online (others answer 409 before any e-form). */
  const open = (kind: 'citizen' | 'organisation') => items.filter((p) => p.audience.includes(kind) && isOnlineCapable(p.onlineLevel, p.onlineClass)).map((p) => p.code);

  async function draft(session: Session, procedureCode: string) {
    const response = await app.inject({ method: 'POST', url: '/api/dossiers', headers: authHeaders(session), payload: { procedureCode } });
    return response.statusCode === 201 ? (response.json() as { id: string; form: { schema: Json; data: Json } }) : null;
  }
  const save = (session: Session, id: string, data: Json) => app.inject({ method: 'PUT', url: `/api/dossiers/${id}/form`, headers: authHeaders(session), payload: data });

  const exercised: Record<'citizen' | 'organisation', string[]> = { citizen: [], organisation: [] };

  for (const kind of ['citizen', 'organisation'] as const) {
    it(`${kind}: every generated valid value is accepted; a required field removed is named; mutations are refused`, async (t) => {
      const session = sessions[kind];
      for (const code of open(kind)) {
        const started = await draft(session, code);
        assert.ok(started, `${kind} starts a draft of ${code}`);
        exercised[kind].push(code);
        const schema = started.form.schema;
        assert.equal(schema['x-applicantKind'], kind, `${code}: the draft serves the schema for its applicant`);
        let id = started.id;

        // GET /api/dossiers/{id} serves the very same schema.
        const detail = await app.inject({ method: 'GET', url: `/api/dossiers/${id}`, headers: { cookie: session.cookie } });
        assert.deepEqual(detail.json().form.schema, schema, `${code}: the dossier serves the draft's schema`);

        await fc.assert(
          fc.asyncProperty(eformData(schema), async (data) => {
            const response = await save(session, id, data);
            assert.equal(response.statusCode, 200, `${code} ${JSON.stringify(data)} → ${response.body}`);
            assert.deepEqual(response.json().data, data, 'valid data is kept as sent');
          }),
          { numRuns: RUNS },
        );

        // Submitting: whatever else is missing (documents, a fee), nothing about the form.
        const [valid] = fc.sample(eformData(schema), { numRuns: 1, seed: 42 });
        assert.equal((await save(session, id, valid!)).statusCode, 200);
        const submitted = await app.inject({ method: 'POST', url: `/api/dossiers/${id}/submit`, headers: authHeaders(session) });
        if (submitted.statusCode === 422) {
          const formErrors = (submitted.json() as Problem).errors.filter((e) => e.path.startsWith('/form'));
          assert.deepEqual(formErrors, [], `${code}: submission finds nothing wrong with the form`);
        } else {
          assert.ok([200, 201, 402].includes(submitted.statusCode), `${code}: ${submitted.statusCode} ${submitted.body}`);
          id = (await draft(session, code))!.id;
        }

        // A required field removed: 422 naming it.
        for (const field of (schema.required ?? []) as string[]) {
          const { [field]: _gone, ...rest } = valid!;
          const response = await save(session, id, rest);
          assert.equal(response.statusCode, 422, `${code}: without ${field}`);
          const named = (response.json() as Problem).errors.find((e) => e.path === `/${field}`);
          assert.equal(named?.code, 'required', `${code}: ${field} named ${JSON.stringify(response.json())}`);
          assert.ok(named.message.length > 0);
        }

        // The reverse: values the schema refuses, the server refuses, naming the field.
        const properties = schema.properties as Record<string, Json>;
        const mutations: Array<[string, Json]> = [['khongCoTruongNay', { ...valid, khongCoTruongNay: 'x' }]];
        for (const [name, p] of Object.entries(properties)) {
          if (p.type === 'string') mutations.push([name, { ...valid, [name]: 12345 }]);
          if (Array.isArray(p.enum)) mutations.push([name, { ...valid, [name]: 'khong-co-lua-chon-nay' }]);
          if (typeof p.pattern === 'string') {
            // A value the field's own pattern refuses (a name pattern accepts 'sai-dinh-dang' but not an emoji).
            const pattern = new RegExp(p.pattern, 'u');
            const wrong = ['sai-dinh-dang', '😀', '0'].find((candidate) => !pattern.test(candidate));
            if (wrong !== undefined) mutations.push([name, { ...valid, [name]: wrong }]);
          }
          if (p.type === 'integer' || p.type === 'number') mutations.push([name, { ...valid, [name]: 'mot' }]);
          if (p.type === 'array') mutations.push([name, { ...valid, [name]: 'khong-phai-danh-sach' }]);
        }
        for (const [field, data] of mutations) {
          assert.equal(validator(schema)(data), false, `${code}: the schema refuses the mutation of ${field}`);
          const response = await save(session, id, data);
          assert.equal(response.statusCode, 422, `${code}: mutation of ${field}`);
          assert.ok((response.json() as Problem).errors.some((e) => e.path === `/${field}`), `${code}: ${field} named in ${response.body}`);
        }
      }
      t.diagnostic(`${kind}: ${exercised[kind].length} procedures: ${exercised[kind].join(' ')}`);
      assert.ok(exercised[kind].length >= 2, `${kind}: demo procedures exercised: ${exercised[kind].join(', ')}`);
    });
  }

  it("the catalog's form endpoint serves, per applicant kind, the schema the drafts serve", async () => {
    for (const code of exercised.citizen.slice(0, 5)) {
      const procedure = (await app.inject({ method: 'GET', url: `/api/procedures/${code}` })).json() as { version: number };
      const form = await app.inject({ method: 'GET', url: `/api/procedures/${code}/versions/${procedure.version}/form`, headers: { cookie: manager.cookie } });
      if (form.statusCode !== 200) continue; // another agency's procedure
      const served = form.json() as { applicantSchemas: Record<string, Json> };
      for (const kind of ['citizen', 'organisation'] as const) {
        if (!exercised[kind].includes(code)) continue;
        const started = await draft(sessions[kind], code);
        assert.deepEqual(served.applicantSchemas[kind], started!.form.schema, `${code} ${kind}`);
      }
    }
  });

  it('counter intake accepts the data the schema for the applicant allows', async () => {
    const code = '1.001823';
    const procedure = (await app.inject({ method: 'GET', url: `/api/procedures/${code}` })).json() as { version: number };
    const form = await app.inject({ method: 'GET', url: `/api/procedures/${code}/versions/${procedure.version}/form`, headers: { cookie: manager.cookie } });
    assert.equal(form.statusCode, 200, form.body);
    const schema = (form.json() as { applicantSchemas: { citizen: Json } }).applicantSchemas.citizen;
    await fc.assert(
      fc.asyncProperty(eformData(schema), async (data) => {
        const response = await app.inject({
          method: 'POST',
          url: '/api/officer/intake',
          headers: authHeaders(receptionist),
          payload: { procedureCode: code, channel: 1, applicant: { kind: 'citizen', personalId: '079090001234', fullName: 'Nguyễn Văn An' }, form: data, resultDelivery: 'counter' },
        });
        assert.equal(response.statusCode, 201, `${JSON.stringify(data)} → ${response.body}`);
      }),
      { numRuns: 4 },
    );
  });
});
