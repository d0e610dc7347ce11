// The National Public Service Portal's dossier exchange over HTTP, with the portal simulator as a separate HTTP
// server: its deliveries go to the application (app.inject), our outbound messages go to it over HTTP. Inbound:
// a dossier registered in the reception queue (channel 4), the same dossier twice (duplicate, one dossier), an
// unknown procedure, a file whose hash does not match, a bad token. Outbound: every step in order, the portal down
// for an hour (nothing lost, in order after), a refusal shown on the reconciliation page and retried.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { Actor } from '../../src/core/actor.ts';
import type { App } from '../../src/http/app.ts';
import { HttpNationalPortalGateway } from '../../src/modules/nationalportal/nationalportal.adapter.ts';
import { startNationalPortalSimulator } from '../../src/simulators/national-portal.ts';
import { createTestApp, login } from '../helpers/app.ts';
import { actorByUsername, COPYRIGHT_PROCEDURE, PDF } from '../helpers/dossiers.ts';
import { urlencodedForm } from '../helpers/forms.ts';

const TOKEN = 'test-national-portal-inbound-token-0123';
let app: App | null = null;
const simulator = await startNationalPortalSimulator({
  inboundToken: TOKEN,
  username: 'motcua.test',
  password: 'secret-password',
  procedures: [{ code: COPYRIGHT_PROCEDURE, name: 'Đăng ký quyền tác giả' }],
  agencyUrl: 'http://opendvc.test/api/national-portal/dossiers',
  send: async (url, body, headers) => {
    const response = await app!.inject({ method: 'POST', url: new URL(url).pathname, headers, payload: body });
    return { status: response.statusCode, text: response.body };
  },
});
after(() => simulator.close());
const built = await createTestApp({
  demo: true,
  config: { NATIONAL_PORTAL_URL: simulator.url, NATIONAL_PORTAL_USERNAME: 'motcua.test', NATIONAL_PORTAL_PASSWORD: 'secret-password', NATIONAL_PORTAL_UNIT: 'G22.TEST', NATIONAL_PORTAL_INBOUND_TOKEN: TOKEN },
});
app = built.app;
const { ctx } = built;
const http = built.app;
const portal = ctx.services.nationalPortal;
const logs: string[] = [];
const log = (_level: string, message: string) => void logs.push(message);

const [reception, specialist] = (await Promise.all(['demo.motcua', 'demo.chuyenvien'].map((u) => actorByUsername(ctx, u)))) as [Actor, Actor];

let nextId = 100;
function citizen() {
  nextId += 1;
  return { fullName: 'Lê Thị Mai', personalId: `0791900${String(nextId).padStart(5, '0')}`, phone: '0987654321', email: `mai${nextId}@example.vn`, address: 'Phường Trà Vinh, Vĩnh Long', content: 'Đăng ký quyền tác giả bài hát "Sông quê".' };
}

async function count(table: 'dossiers' | 'national_portal_dossiers' | 'files') {
  const row = await ctx.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

async function delivered(extra: Partial<Parameters<typeof simulator.submit>[0]> = {}) {
  const d = await simulator.submit({ procedureCode: COPYRIGHT_PROCEDURE, ...citizen(), file: { name: 'to-khai.pdf', mediaType: 'application/pdf', bytes: PDF }, ...extra });
  return d;
}

async function dossierOf(nationalCode: string) {
  return await ctx.db
    .selectFrom('national_portal_dossiers as n')
    .innerJoin('dossiers as d', 'd.id', 'n.dossier_id')
    .select(['d.id', 'd.code', 'd.channel', 'd.source', 'd.status', 'd.expected_date', 'n.files'])
    .where('n.national_code', '=', nationalCode)
    .executeTakeFirstOrThrow();
}

/** The messages the simulator received for a dossier, as applied there. */
function received(nationalCode: string) {
  return simulator.messages().filter((m) => m.nationalCode === nationalCode);
}

describe('dossiers from the national portal', () => {
  it('registers a delivered dossier in the reception queue with channel 4, its file verified', async () => {
    const d = await delivered();
    assert.equal(d.delivery?.errorCode, '0', JSON.stringify(d.delivery));
    const row = await dossierOf(d.nationalCode);
    assert.equal(row.channel, 4);
    assert.equal(row.source, 'national_portal');
    assert.equal(row.status, 1);
    assert.ok(row.expected_date, 'the same statutory clock gives an expected date');
    assert.equal(row.files.length, 1);
    assert.equal(row.files[0]!.sha256, d.files[0]!.sha256);
    const attached = await ctx.db.selectFrom('dossier_files as df').innerJoin('files as f', 'f.id', 'df.file_id').select(['f.sha256']).where('df.dossier_id', '=', row.id).execute();
    assert.deepEqual(attached.map((f) => f.sha256), [d.files[0]!.sha256]);
    // In the officers' reception queue.
    const session = await login(http, 'demo.motcua');
    const queue = await http.inject({ method: 'GET', url: '/can-bo', headers: { accept: 'text/html', cookie: session.cookie } });
    assert.ok(queue.body.includes(row.code!), 'the dossier is in /can-bo');
  });

  it('counts as an online dossier in the statistics once received (Biểu 06 metric 1, not 2)', async () => {
    const d = await delivered();
    const row = await dossierOf(d.nationalCode);
    const sums = async () => {
      const rows = await ctx.db.selectFrom('report_daily').select(['metric', (eb) => eb.fn.sum<string>('n').as('n')]).where('metric', 'in', [1, 2]).groupBy('metric').execute();
      return Object.fromEntries(rows.map((r) => [r.metric, Number(r.n)])) as Record<number, number>;
    };
    const before = await sums();
    await ctx.services.handling.act(reception, row.id, 'accept');
    const afterAccept = await sums();
    assert.equal((afterAccept[1] ?? 0) - (before[1] ?? 0), 1, 'received online');
    assert.equal((afterAccept[2] ?? 0) - (before[2] ?? 0), 0, 'not in person / by post');
  });

  it('answers 1 (duplicate) when the same dossier comes again, and keeps one dossier', async () => {
    const d = await delivered();
    const before = await count('dossiers');
    const again = await simulator.redeliver(d.nationalCode);
    assert.equal(again?.delivery?.errorCode, '1');
    assert.equal(await count('dossiers'), before);
    const rows = await ctx.db.selectFrom('national_portal_dossiers').select('dossier_id').where('national_code', '=', d.nationalCode).execute();
    assert.equal(rows.length, 1);
  });

  it('the same dossier delivered twice at once: one dossier, one "0" and one "1"', async () => {
    const body = { data: [{ MaHoSo: 'G22-CONCURRENT-1', MaTTHC: COPYRIGHT_PROCEDURE, ChuHoSo: 'Lê Văn Tám', MaDoiTuong: '079190000777', DuLieuBieuMau: { requestContent: 'Đăng ký' } }] };
    const post = () => http.inject({ method: 'POST', url: '/api/national-portal/dossiers', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, payload: body });
    const answers = await Promise.all([post(), post(), post()]);
    assert.deepEqual(answers.map((a) => a.statusCode), [200, 200, 200], answers.map((a) => a.body).join('\n'));
    assert.deepEqual(answers.map((a) => a.json().error_code).sort(), ['0', '1', '1']);
    assert.equal(new Set(answers.map((a) => a.json().data.dossierId)).size, 1);
    const rows = await ctx.db.selectFrom('dossiers').select('id').where('applicant_id_number', '=', '079190000777').execute();
    assert.equal(rows.length, 1);
  });

  it('refuses an unknown procedure code with -1 and a message, storing nothing', async () => {
    const [dossiers, inbound] = [await count('dossiers'), await count('national_portal_dossiers')];
    const d = await delivered({ procedureCode: '9.999999' });
    assert.equal(d.delivery?.errorCode, '-1');
    assert.match(d.delivery!.message, /9\.999999/);
    assert.equal(await count('dossiers'), dossiers);
    assert.equal(await count('national_portal_dossiers'), inbound);
  });

  it('refuses a file whose hash does not match with -1, storing nothing', async () => {
    const [dossiers, files] = [await count('dossiers'), await count('files')];
    const d = await delivered({ announcedSha256: 'a'.repeat(64) });
    assert.equal(d.delivery?.errorCode, '-1');
    assert.match(d.delivery!.message, /SHA-256/);
    assert.equal(await count('dossiers'), dossiers);
    assert.equal(await count('files'), files);
  });

  it('refuses a bad or missing token with 401 problem+json', async () => {
    for (const authorization of ['Bearer wrong-token-wrong-token', undefined]) {
      const response = await http.inject({
        method: 'POST',
        url: '/api/national-portal/dossiers',
        headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
        payload: { data: [{ MaHoSo: 'X-1', MaTTHC: COPYRIGHT_PROCEDURE, ChuHoSo: 'A', MaDoiTuong: '079190000001' }] },
      });
      assert.equal(response.statusCode, 401);
      assert.match(String(response.headers['content-type']), /application\/problem\+json/);
      assert.equal(response.json().code, 'NATIONAL_PORTAL_TOKEN_INVALID');
    }
  });

  it('answers -1 problem+json for a malformed delivery and a file outside the portal', async () => {
    const malformed = await http.inject({ method: 'POST', url: '/api/national-portal/dossiers', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, payload: { data: [] } });
    assert.equal(malformed.statusCode, 422);
    assert.equal(malformed.json().error_code, '-1');
    const foreign = await http.inject({
      method: 'POST',
      url: '/api/national-portal/dossiers',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      payload: { data: [{ MaHoSo: 'X-2', MaTTHC: COPYRIGHT_PROCEDURE, ChuHoSo: 'A', MaDoiTuong: '079190000002', TaiLieuNop: [{ TenTepDinhKem: 'a.pdf', DuongDanTaiTepTin: 'http://169.254.169.254/latest', MaBamSHA256: 'b'.repeat(64) }] }] },
    });
    assert.equal(foreign.statusCode, 422);
    assert.equal(foreign.json().code, 'NATIONAL_PORTAL_FILE_URL_FOREIGN');
    const missing = await http.inject({
      method: 'POST',
      url: '/api/national-portal/dossiers',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      payload: { data: [{ MaHoSo: 'X-3', MaTTHC: COPYRIGHT_PROCEDURE, ChuHoSo: 'A', MaDoiTuong: '079190000003', TaiLieuNop: [{ TenTepDinhKem: 'a.pdf', DuongDanTaiTepTin: `${simulator.url}/files/00000000-0000-4000-8000-000000000000`, MaBamSHA256: 'b'.repeat(64) }] }] },
    });
    assert.equal(missing.statusCode, 422);
    assert.equal(missing.json().code, 'NATIONAL_PORTAL_FILE_UNAVAILABLE');
    assert.equal(missing.json().error_code, '-1');
  });
});

describe('every step goes back to the portal', () => {
  it('sends progress and status in order; the tracking page shows them', async () => {
    const d = await delivered();
    const row = await dossierOf(d.nationalCode);
    await ctx.services.handling.act(reception, row.id, 'accept');
    await ctx.services.handling.act(reception, row.id, 'forward');
    const report = await portal.sync(new Date(), { log });
    assert.ok(report.sent >= 4, JSON.stringify(report));
    const messages = received(d.nationalCode);
    // accept: progress + status 2→... ; forward: progress (+ status when it changes)
    assert.deepEqual(
      messages.map((m) => m.sequence),
      messages.map((_, i) => i + 1),
    );
    assert.ok(messages.every((m) => m.applied && !m.outOfOrder && !m.duplicate));
    const progress = messages.find((m) => m.service === 'CapNhatTienDoHoSoMC')!;
    assert.equal(progress.body.NguoiXuLy, reception.fullName);
    assert.match(String(progress.body.NgayBatDau), /^\d{14}$/);
    assert.match(String(progress.body.NgayKetThucTheoQuyDinh), /^\d{14}$/);
    assert.ok(messages.some((m) => m.service === 'DongBoHoSoMC' && m.body.TrangThaiHoSo === 2));
    assert.equal(simulator.dossier(d.nationalCode)?.status, 4);
    const page = await fetch(`${simulator.url}/ho-so/${d.nationalCode}`).then((r) => r.text());
    assert.ok(page.includes(reception.fullName));
    // Sent once: a second run sends nothing more.
    assert.equal((await portal.sync(new Date(), { log })).sent, 0);
    const rows = await portal.messagesOf(row.id);
    assert.ok(rows.every((m) => m.state === 'sent' && m.sent_at !== null));
  });

  it('the portal down for an hour: nothing lost, everything delivered in order afterwards, and the alert', async () => {
    const d = await delivered();
    const row = await dossierOf(d.nationalCode);
    const t0 = Date.now();
    simulator.setDown(true);
    await ctx.services.handling.act(reception, row.id, 'accept');
    await ctx.services.handling.act(reception, row.id, 'forward');
    await ctx.services.handling.act(specialist, row.id, 'forward');
    let report = await portal.sync(new Date(t0 + 1000), { log });
    assert.equal(report.sent, 0);
    assert.equal(report.unreachable, 1);
    assert.equal(await portal.alert(new Date(t0 + 60_000)), null, 'no alert before the configured time');
    for (const minutes of [10, 20, 31, 45]) await portal.sync(new Date(t0 + minutes * 60_000), { log });
    assert.ok(await portal.alert(new Date(t0 + 45 * 60_000)), 'alert after 30 minutes');
    assert.equal(logs.filter((l) => l.includes('unreachable for more than 30 minutes')).length, 1, 'one log line per outage');
    // The banner on the administrators' reconciliation page reads the clock: the outage is moved an hour back.
    await ctx.db.updateTable('national_portal_health').set({ unreachable_since: new Date(Date.now() - 3_600_000) }).execute();
    const admin = await login(http, 'demo.quantri');
    const reconciliation = await http.inject({ method: 'GET', url: '/quan-tri/cong-dvc-quoc-gia', headers: { accept: 'text/html', cookie: admin.cookie } });
    assert.ok(reconciliation.body.includes('data-national-portal-alert'), 'the alert banner');
    const hub = await http.inject({ method: 'GET', url: '/quan-tri', headers: { accept: 'text/html', cookie: admin.cookie } });
    assert.ok(hub.body.includes('data-national-portal-alert'), 'the banner on the administrators\' hub');
    assert.ok(hub.body.includes('href="/quan-tri/cong-dvc-quoc-gia"'));
    assert.equal(received(d.nationalCode).length, 0);
    simulator.setDown(false);
    for (let i = 0; i < 3; i++) report = await portal.sync(new Date(t0 + 61 * 60_000 + i * 20 * 60_000), { log });
    const rows = await portal.messagesOf(row.id);
    assert.ok(rows.length >= 5);
    assert.ok(rows.every((m) => m.state === 'sent'), JSON.stringify(rows.map((r) => [r.sequence, r.state, r.last_error])));
    const messages = received(d.nationalCode);
    assert.deepEqual(
      messages.map((m) => m.sequence),
      rows.map((r) => r.sequence),
    );
    assert.ok(messages.every((m) => m.applied && !m.outOfOrder));
    assert.equal(await portal.alert(new Date(t0 + 2 * 3_600_000)), null, 'the alert ends once the portal answers');
  });

  it('a refused message is kept failed with the reason, shown to administrators, and retried', async () => {
    const d = await delivered();
    const row = await dossierOf(d.nationalCode);
    simulator.refuseNext('Mã trạng thái không hợp lệ (mô phỏng)');
    await ctx.services.handling.act(reception, row.id, 'accept');
    const report = await portal.sync(new Date(), { log });
    assert.equal(report.refused, 1);
    const failed = (await portal.messagesOf(row.id)).find((m) => m.state === 'failed')!;
    assert.equal(failed.sequence, 1);
    assert.equal(failed.last_error, 'Mã trạng thái không hợp lệ (mô phỏng)');
    // Its later messages wait behind it.
    await ctx.services.handling.act(reception, row.id, 'forward');
    await portal.sync(new Date(), { log });
    assert.ok((await portal.messagesOf(row.id)).every((m) => m.state !== 'sent'));
    const admin = await login(http, 'demo.quantri');
    const page = await http.inject({ method: 'GET', url: '/quan-tri/cong-dvc-quoc-gia', headers: { accept: 'text/html', cookie: admin.cookie } });
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes('Mã trạng thái không hợp lệ (mô phỏng)'));
    assert.ok(page.body.includes(`/quan-tri/cong-dvc-quoc-gia/${failed.id}/gui-lai`));
    // Officers may not see it.
    const officer = await login(http, 'demo.motcua');
    assert.equal((await http.inject({ method: 'GET', url: '/quan-tri/cong-dvc-quoc-gia', headers: { accept: 'text/html', cookie: officer.cookie } })).statusCode, 403);
    // Retry (CSRF form): sent, and the waiting ones after it, in order.
    const retried = await http.inject({ method: 'POST', url: `/quan-tri/cong-dvc-quoc-gia/${failed.id}/gui-lai`, ...urlencodedForm(admin, {}) });
    assert.equal(retried.statusCode, 303, retried.body);
    const rows = await portal.messagesOf(row.id);
    assert.ok(rows.every((m) => m.state === 'sent'), JSON.stringify(rows.map((r) => [r.sequence, r.state])));
    const applied = received(d.nationalCode).filter((m) => m.applied);
    assert.deepEqual(
      applied.map((m) => m.sequence),
      rows.map((r) => r.sequence),
    );
    // A second retry of a sent message is refused (409).
    const again = await http.inject({ method: 'POST', url: `/quan-tri/cong-dvc-quoc-gia/${failed.id}/gui-lai`, ...urlencodedForm(admin, {}) });
    assert.equal(again.statusCode, 409);
  });

  it('signs in again when the portal has forgotten the session', async () => {
    const d = await delivered();
    const row = await dossierOf(d.nationalCode);
    simulator.forgetSessions();
    await ctx.services.handling.act(reception, row.id, 'accept');
    const report = await portal.sync(new Date(), { log });
    assert.equal(report.sent, 2);
    assert.equal(report.unreachable, 0);
  });

  it('our own online dossiers are pushed first (isUpdating false, our code), then every step; counter dossiers are not', async () => {
    const { submittedDossier } = await import('../helpers/dossiers.ts');
    const own = await submittedDossier(ctx, await actorByUsername(ctx, 'demo.congdan'));
    await portal.sync(new Date(), { log });
    assert.equal(simulator.dossier(own.code)?.status, 1, 'pushed when submitted');
    await ctx.services.handling.act(reception, own.id, 'accept');
    const counter = await ctx.services.intake.register(reception, {
      procedureCode: COPYRIGHT_PROCEDURE,
      channel: 1,
      applicant: { kind: 'citizen', personalId: '079090001234' },
      form: { phone: '0912345678', address: 'Số 5 Lý Thái Tổ, Hà Nội', requestContent: 'Đăng ký quyền tác giả.' },
      resultDelivery: 'counter',
    });
    await ctx.services.handling.act(reception, counter.id, 'accept');
    await portal.sync(new Date(), { log });
    assert.deepEqual(await portal.messagesOf(counter.id), []);
    const rows = await portal.messagesOf(own.id);
    assert.deepEqual(rows.map((r) => [r.sequence, r.kind, r.state]), [
      [1, 'status', 'sent'],
      [2, 'progress', 'sent'],
      [3, 'status', 'sent'],
    ]);
    const there = simulator.dossier(own.code);
    assert.ok(there, 'the portal knows the dossier under our code');
    assert.equal(there.origin, 'agency');
    assert.equal(there.status, 2);
    assert.equal(there.messages[0]!.body.TrangThaiHoSo, 1);
    assert.ok(there.messages.every((m) => m.applied && !m.outOfOrder));
  });

  it('sends the national code (mã TTHC); a procedure with only a local code is not synced, and the audit log says why', async () => {
    const { submittedDossier } = await import('../helpers/dossiers.ts');
    const national = await submittedDossier(ctx, await actorByUsername(ctx, 'demo.congdan'));
    // The copyright registration again, under a local code of its agency only (issue 15, migration 0038).
    const exported = (await ctx.services.catalog.exportCatalog()).procedures.find((p) => p.code === COPYRIGHT_PROCEDURE)!;
    const key = `${exported.agencyCode}:TP09`;
    await ctx.services.catalog.importCatalog(null, { format: 'opendvc-catalog', version: 1, fields: [], procedures: [{ ...exported, code: key, localCode: 'TP09', name: `${exported.name} (mã riêng)` }] }, { source: 'cli', system: true });
    const local = await submittedDossier(ctx, await actorByUsername(ctx, 'demo.congdan'), { procedureCode: key });
    await portal.sync(new Date(), { log });
    assert.equal(simulator.dossier(national.code)?.messages[0]!.body.MaTTHC, COPYRIGHT_PROCEDURE);
    assert.equal(simulator.dossier(local.code) ?? null, null, 'not sent to the portal');
    assert.deepEqual(await portal.messagesOf(local.id), []);
    assert.equal((await ctx.db.selectFrom('national_portal_dossiers').select('dossier_id').where('dossier_id', '=', local.id).execute()).length, 0);
    const note = await ctx.db.selectFrom('audit_log').select(['summary']).where('action', '=', 'nationalportal.not_pushed').where('target_id', '=', local.id).executeTakeFirstOrThrow();
    assert.equal((note.summary as { reason: string; procedureCode: string }).reason, 'PROCEDURE_WITHOUT_NATIONAL_CODE');
    assert.equal((note.summary as { procedureCode: string }).procedureCode, key);
  });

  it('an authentication the portal refuses leaves the message to retry (unreachable), never sent', async () => {
    const gateway = new HttpNationalPortalGateway({ url: simulator.url, username: 'motcua.test', password: 'wrong', unit: undefined });
    const outcome = await gateway.send({ id: '00000000-0000-4000-8000-000000000001', kind: 'progress', sequence: 1, payload: { MaHoSo: 'none' } });
    assert.equal(outcome.outcome, 'unreachable');
  });
});
