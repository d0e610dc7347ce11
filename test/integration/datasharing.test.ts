// Data sharing end to end below HTTP: the adapter against the platform simulator (a separate HTTP server on a free
// port) — records, "not found", and every bad answer (slow, empty, malformed, 5xx, refused credentials, too large) —
// and the dossier it serves: a citizen's draft of the demo procedure prefilled from the population database with its
// identification document not asked for, an organisation's from the business registry, and after a failed lookup
// the requirement back and the failure recorded.
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, it } from 'node:test';
import type { Actor } from '../../src/core/actor.ts';
import { DomainError } from '../../src/core/errors.ts';
import { HttpDataSharingClient } from '../../src/modules/datasharing/datasharing.adapter.ts';
import { DATA_SHARING_BUSINESS_PROCEDURE, DATA_SHARING_CITIZEN_PROCEDURE } from '../../src/seed/datasharing.ts';
import { startDataSharingSimulator, type SharingMode } from '../../src/simulators/data-sharing.ts';
import { listen } from '../../src/simulators/http.ts';
import { createTestContext } from '../helpers/db.ts';
import { actorByUsername, upload } from '../helpers/dossiers.ts';

const SECRET = 'integration-data-sharing-secret';
const simulator = await startDataSharingSimulator({ clientId: 'opendvc-test', clientSecret: SECRET });
after(() => simulator.close());
// 1.5 s: long enough for a loaded 2-core machine to answer a normal lookup, short for the "slow" cases (which wait it out).
const client = (secret = SECRET) => new HttpDataSharingClient({ baseUrl: simulator.url, clientId: 'opendvc-test', clientSecret: secret, timeoutMs: 1500, maxBytes: 16 * 1024 });

describe('data sharing adapter against the platform simulator', () => {
  before(() => {
    simulator.setMode('population', 'normal');
    simulator.setMode('business', 'normal');
  });

  it('finds a person and a business, and says "not found"; one token serves many lookups', async () => {
    const c = client();
    const issued = simulator.tokensIssued();
    const person = await c.lookup('population', '079090001234');
    assert.equal(person.outcome, 'found');
    assert.equal(person.outcome === 'found' && person.source === 'population' && person.record.fullName, 'Nguyễn Văn An');
    const business = await c.lookup('business', '0312345678');
    assert.equal(business.outcome === 'found' && business.source === 'business' && business.record.legalRepresentative, 'Trần Thị Hoa');
    assert.equal((await c.lookup('population', '000000000000')).outcome, 'not_found');
    assert.equal(simulator.tokensIssued() - issued, 1);
  });

  it('a revoked token is replaced once, and the lookup goes through', async () => {
    const c = client();
    assert.equal((await c.lookup('population', '079090001234')).outcome, 'found');
    const issued = simulator.tokensIssued();
    simulator.revokeTokens();
    assert.equal((await c.lookup('population', '079090001234')).outcome, 'found');
    assert.equal(simulator.tokensIssued() - issued, 1);
  });

  const bad: Array<[SharingMode, string]> = [
    ['slow', 'timeout'],
    ['empty', 'empty'],
    ['malformed', 'malformed'],
    ['error', 'error'],
  ];
  for (const [mode, outcome] of bad) {
    it(`a ${mode} answer is the outcome "${outcome}", never an exception`, async () => {
      simulator.setMode('population', mode);
      simulator.setMode('business', mode);
      try {
        assert.equal((await client().lookup('population', '079090001234')).outcome, outcome);
        assert.equal((await client().lookup('business', '0312345678')).outcome, outcome);
      } finally {
        simulator.setMode('population', 'normal');
        simulator.setMode('business', 'normal');
      }
    });
  }

  it('wrong credentials are refused; a platform that is not there is unreachable', async () => {
    assert.deepEqual(await client('wrong-secret-0000').lookup('population', '079090001234'), { outcome: 'refused', source: 'population', detail: 'token: HTTP 401' });
    const nowhere = new HttpDataSharingClient({ baseUrl: 'http://127.0.0.1:9', clientId: 'x', clientSecret: 'y', timeoutMs: 300 });
    assert.equal((await nowhere.lookup('population', '079090001234')).outcome, 'unreachable');
  });

  it('an answer larger than the limit is not read (malformed)', async () => {
    const server = http.createServer((request, response) => {
      if (request.url === '/oauth2/token') {
        response.writeHead(200, { 'content-type': 'application/json' });
        return response.end(JSON.stringify({ access_token: 'abc', token_type: 'Bearer', expires_in: 600 }));
      }
      response.writeHead(200, { 'content-type': 'application/json' });
      // Streamed without a length: the limit is enforced while reading.
      response.write('{"status":"found","person":{"fullName":"');
      response.end(`${'x'.repeat(100_000)}"}}`);
    });
    const listening = await listen(server);
    try {
      const answer = await new HttpDataSharingClient({ baseUrl: listening.url, clientId: 'x', clientSecret: 'y', timeoutMs: 2000, maxBytes: 16 * 1024 }).lookup('population', '079090001234');
      assert.equal(answer.outcome, 'malformed');
      assert.match(answer.outcome === 'malformed' ? (answer.detail ?? '') : '', /larger than 16384/);
    } finally {
      await listening.close();
    }
  });
});

describe('data sharing in the dossier', async () => {
  const ctx = await createTestContext({ demo: true, config: { DATA_SHARING_URL: simulator.url, DATA_SHARING_CLIENT_ID: 'opendvc-test', DATA_SHARING_CLIENT_SECRET: SECRET, DATA_SHARING_TIMEOUT_MS: '1500' } });
  const dossiers = ctx.services.dossiers;
  const citizen = await actorByUsername(ctx, 'demo.congdan');
  const company = await actorByUsername(ctx, 'demo.doanhnghiep');

  async function lookupsOf(dossierId: string) {
    return ctx.db.selectFrom('data_sharing_lookups').selectAll().where('dossier_id', '=', dossierId).execute();
  }

  async function attachRequired(who: Actor, draft: Awaited<ReturnType<typeof dossiers.createDraft>>) {
    for (const d of draft.documents.filter((x) => x.required)) await dossiers.addFile(who, draft.id, upload(d.documentId));
  }

  it('a citizen’s e-form is prefilled from the population database; the identification document is not asked for', async () => {
    simulator.setMode('population', 'normal');
    const draft = await dossiers.createDraft(citizen, DATA_SHARING_CITIZEN_PROCEDURE);
    assert.equal(draft.form.data.fullName, 'Nguyễn Văn An');
    assert.equal(draft.form.data.dateOfBirth, '1990-05-12');
    assert.equal(draft.form.data.permanentAddress, 'Số 5 Nguyễn Du, Phường Hai Bà Trưng, Thành phố Hà Nội');
    const identity = draft.documents.find((d) => d.obtainedBySharing)!;
    assert.equal(identity.obtainedBySharing, 'population');
    assert.equal(identity.required, false);
    const [lookup, ...more] = await lookupsOf(draft.id);
    assert.equal(more.length, 0);
    assert.equal(lookup!.service, 'population');
    assert.equal(lookup!.subject, '079090001234');
    assert.equal(lookup!.actor_id, citizen.id);
    assert.equal(lookup!.outcome, 'found');
    assert.equal((lookup!.answer as { fullName: string }).fullName, 'Nguyễn Văn An');
    assert.deepEqual(Object.keys(lookup!.filled).sort(), ['dateOfBirth', 'fullName', 'permanentAddress']);

    await dossiers.saveForm(citizen, draft.id, { ...draft.form.data, reason: 'Thay đổi nơi thường trú' });
    await attachRequired(citizen, draft);
    const detail = await dossiers.get(citizen, draft.id);
    assert.deepEqual(detail.sharing?.obtained, ['population']);
    assert.deepEqual(Object.keys(detail.sharing?.prefilled ?? {}).sort(), ['dateOfBirth', 'fullName', 'permanentAddress']);
    const submitted = await dossiers.submit(citizen, draft.id, null);
    assert.equal(submitted.status, 1);
  });

  for (const mode of ['slow', 'empty', 'malformed', 'error'] as const) {
    it(`a ${mode} answer: the draft starts anyway, the document is asked for again and the failed lookup is kept`, async () => {
      simulator.setMode('population', mode);
      try {
        const draft = await dossiers.createDraft(citizen, DATA_SHARING_CITIZEN_PROCEDURE);
        assert.equal(draft.form.data.dateOfBirth, undefined);
        assert.equal(draft.form.data.fullName, 'Nguyễn Văn An', 'the profile still prefills what it has');
        assert.ok(draft.documents.every((d) => !d.obtainedBySharing));
        assert.equal(draft.documents.filter((d) => d.required).length, 4);
        const [lookup] = await lookupsOf(draft.id);
        assert.equal(lookup!.outcome, mode === 'slow' ? 'timeout' : mode);
        assert.equal(lookup!.answer, null);
        const detail = await dossiers.get(citizen, draft.id);
        assert.deepEqual(detail.sharing, { obtained: [], prefilled: {}, failed: [{ source: 'population', outcome: lookup!.outcome }] });
        // The applicant fills in the fields; without the identification document the submission is refused, naming it.
        await dossiers.saveForm(citizen, draft.id, { ...draft.form.data, dateOfBirth: '1990-05-12', permanentAddress: 'Số 5 Nguyễn Du, Hà Nội', reason: 'Thay đổi nơi thường trú' });
        const identity = draft.documents[1]!;
        for (const d of draft.documents.filter((x) => x.required && x.documentId !== identity.documentId)) await dossiers.addFile(citizen, draft.id, upload(d.documentId));
        await assert.rejects(dossiers.submit(citizen, draft.id, null), (error: unknown) => error instanceof DomainError && error.fieldErrors.some((e) => e.path === `/documents/${identity.documentId}` && e.code === 'DOCUMENT_REQUIRED'));
        // Supplying it lets the applicant go on.
        await dossiers.addFile(citizen, draft.id, upload(identity.documentId));
        assert.equal((await dossiers.submit(citizen, draft.id, null)).status, 1);
      } finally {
        simulator.setMode('population', 'normal');
      }
    });
  }

  it('an organisation’s e-form is prefilled from the business registry', async () => {
    simulator.setMode('business', 'normal');
    const draft = await dossiers.createDraft(company, DATA_SHARING_BUSINESS_PROCEDURE);
    assert.equal(draft.form.data.organisationName, 'Công ty TNHH Truyền thông Sen Vàng');
    assert.equal(draft.form.data.legalRepresentative, 'Trần Thị Hoa');
    assert.equal(draft.form.data.headOffice, '12 Lê Lợi, Phường Bến Thành, Thành phố Hồ Chí Minh');
    assert.equal(draft.documents.find((d) => d.obtainedBySharing)?.obtainedBySharing, 'business');
    const [lookup] = await lookupsOf(draft.id);
    assert.equal(lookup!.subject, '0312345678');
    assert.equal(lookup!.outcome, 'found');
  });

  it('a procedure without marks makes no lookup', async () => {
    const calls = simulator.calls().length;
    const draft = await dossiers.createDraft(citizen, '1.001823');
    assert.equal((await lookupsOf(draft.id)).length, 0);
    assert.equal(simulator.calls().length, calls);
  });

  it('the officer sees where each value came from', async () => {
    const draft = await dossiers.createDraft(citizen, DATA_SHARING_CITIZEN_PROCEDURE);
    const data = { ...draft.form.data, fullName: 'Nguyễn Văn Ân', reason: 'Thay đổi nơi thường trú' };
    const rows = await ctx.services.dataSharing.officerRows(draft.id, data, 'vi');
    assert.equal(rows.lookups.length, 1);
    assert.equal(rows.lookups[0]!.subject, '••••••••1234');
    const origin = Object.fromEntries(rows.origins.map((o) => [o.field, o.kind]));
    assert.deepEqual(origin, { fullName: 'changed', dateOfBirth: 'shared', personalId: 'applicant', permanentAddress: 'shared', phone: 'applicant', email: 'applicant', reason: 'applicant' });
    assert.match(rows.origins.find((o) => o.field === 'dateOfBirth')!.origin, /Cơ sở dữ liệu quốc gia về dân cư/);
  });
});

describe('data sharing not configured', async () => {
  const ctx = await createTestContext({ demo: true });
  it('the lookup is recorded as unreachable and the applicant supplies everything', async () => {
    const citizen = await actorByUsername(ctx, 'demo.congdan');
    const draft = await ctx.services.dossiers.createDraft(citizen, DATA_SHARING_CITIZEN_PROCEDURE);
    assert.equal(draft.documents.filter((d) => d.required).length, 4);
    const lookups = await ctx.db.selectFrom('data_sharing_lookups').selectAll().where('dossier_id', '=', draft.id).execute();
    assert.deepEqual(
      lookups.map((l) => [l.outcome, l.detail]),
      [['unreachable', 'DATA_SHARING_URL is not configured']],
    );
  });
});
