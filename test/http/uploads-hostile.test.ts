// Every route that accepts a file, fed the generated hostile corpus (test/helpers/inspect-corpus.ts): each file is
// refused with a 4xx (problem+json, or the page with its error), the valid ones are accepted, and the server stays
// up. The content inspector's child is made to hang and to die: the upload is refused, the next one works.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ContentInspector, inspectUpload } from '../../src/modules/files/files.inspect.ts';
import type { StoredFiles } from '../../src/modules/files/files.service.ts';
import { authHeaders, createTestApp, login, type Session } from '../helpers/app.ts';
import { actorByUsername, submittedDossier } from '../helpers/dossiers.ts';
import { multipartBody } from '../helpers/forms.ts';
import { PDF, PNG, buildZip, docxEntries, hostileCorpus, validCorpus, xlsxEntries, zeros } from '../helpers/inspect-corpus.ts';

const REFUSALS = new Set([
  'FILE_TYPE_NOT_ALLOWED',
  'FILE_UNREADABLE',
  'FILE_ARCHIVE_UNSUPPORTED',
  'FILE_ENCRYPTED',
  'FILE_NESTED_ARCHIVE',
  'FILE_TOO_COMPLEX',
  'FILE_POLYGLOT',
  'FILE_EXTENSION_MISMATCH',
  'TEMPLATE_TYPE_MISMATCH',
]);

/** The 50-byte file that aborted the whole process through file-type (a local header declaring 4 GiB). */
function fileTypeAbort(): Buffer {
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(8, 8);
  header.writeUInt32LE(0xfffffff0, 18);
  header.writeUInt32LE(1, 22);
  header.writeUInt16LE(19, 26);
  return Buffer.concat([header, Buffer.from('[Content_Types].xml'), Buffer.from('x')]);
}

const hostile = [...hostileCorpus(), { name: 'file-type-abort.docx', bytes: fileTypeAbort(), expect: 'malformed' }];

describe('hostile uploads on every upload route', async () => {
  const { app, ctx } = await createTestApp({ demo: true });
  const citizen = await login(app, 'demo.congdan');
  const receptionist = await login(app, 'demo.motcua');
  const cataloguer = await login(app, 'demo.danhmuc');
  const admin = await login(app, 'demo.quantri');

  async function draft(session: Session) {
    const response = await app.inject({ method: 'POST', url: '/api/dossiers', headers: authHeaders(session), payload: { procedureCode: '1.001823' } });
    assert.equal(response.statusCode, 201, response.body);
    return response.json() as { id: string; documents: Array<{ documentId: string }> };
  }
  const attachmentDraft = await draft(citizen);
  const attach = (name: string, bytes: Buffer) => {
    const body = multipartBody([{ name: 'documentId', value: attachmentDraft.documents[0]!.documentId }, { name: 'file', filename: name, type: 'application/octet-stream', bytes }]);
    return app.inject({ method: 'POST', url: `/api/dossiers/${attachmentDraft.id}/files`, headers: { ...authHeaders(citizen), 'content-type': body.contentType }, payload: body.payload });
  };

  const intake = await app.inject({
    method: 'POST',
    url: '/api/officer/intake',
    headers: authHeaders(receptionist),
    payload: {
      procedureCode: '1.001823',
      channel: 1,
      applicant: { kind: 'citizen', personalId: (await ctx.db.selectFrom('accounts').select('personal_id').where('username', '=', 'demo.congdan').executeTakeFirstOrThrow()).personal_id },
      form: { phone: '0912345678', address: 'Số 5 Lý Thái Tổ, Hà Nội', requestContent: 'Đăng ký quyền tác giả.' },
      resultDelivery: 'counter',
    },
  });
  assert.equal(intake.statusCode, 201, intake.body);
  const counter = intake.json() as { id: string; documents: Array<{ documentId: string }> };
  const scan = (name: string, bytes: Buffer) => {
    const body = multipartBody([{ name: 'documentId', value: counter.documents[0]!.documentId }, { name: 'file', filename: name, type: 'application/octet-stream', bytes }]);
    return app.inject({ method: 'POST', url: `/api/officer/intake/${counter.id}/files`, headers: { ...authHeaders(receptionist), 'content-type': body.contentType }, payload: body.payload });
  };

  await app.inject({ method: 'POST', url: '/api/catalog/procedures/1.001824/versions', headers: authHeaders(cataloguer) });
  const template = (name: string, bytes: Buffer) => {
    const body = multipartBody([{ name: 'file', filename: name, type: 'application/octet-stream', bytes }]);
    return app.inject({ method: 'POST', url: '/api/catalog/procedures/1.001824/documents/1/template', headers: { ...authHeaders(cataloguer), 'content-type': body.contentType }, payload: body.payload });
  };

  // A dossier waiting for its result, and the leader who records it (the officer page, multipart).
  const applicant = await actorByUsername(ctx, 'demo.congdan');
  const { id: resultDossier } = await submittedDossier(ctx, applicant);
  for (const [who, action] of [['demo.motcua', 'accept'], ['demo.motcua', 'forward'], ['demo.chuyenvien', 'forward'], ['demo.truongphong', 'forward']] as const) {
    await ctx.services.handling.act(await actorByUsername(ctx, who), resultDossier, action);
  }
  const leader = await login(app, 'demo.lanhdao');
  const recordResult = async (name: string, bytes: Buffer) => {
    const row = await ctx.db.selectFrom('dossiers').select('version').where('id', '=', resultDossier).executeTakeFirstOrThrow();
    const body = multipartBody([
      { name: '_csrf', value: leader.csrfToken },
      { name: 'expectedVersion', value: String(row.version) },
      { name: 'resultFile', filename: name, type: 'application/octet-stream', bytes },
    ]);
    return app.inject({ method: 'POST', url: `/can-bo/ho-so/${resultDossier}/record_result`, headers: { cookie: leader.cookie, accept: 'text/html', 'content-type': body.contentType }, payload: body.payload });
  };

  const healthy = async () => assert.equal((await app.inject({ method: 'GET', url: '/api/health' })).statusCode, 200);

  const apiRoutes = [
    ['dossier attachment', attach],
    ['counter intake scan', scan],
    ['catalog template', template],
  ] as const;

  for (const [route, post] of apiRoutes) {
    it(`${route}: every hostile file is a 4xx problem, and the server stays up`, async () => {
      for (const item of hostile) {
        const response = await post(item.name, item.bytes);
        assert.ok(response.statusCode >= 400 && response.statusCode < 500, `${item.name}: ${response.statusCode} ${response.body}`);
        assert.match(String(response.headers['content-type']), /application\/problem\+json/, item.name);
        const problem = response.json() as { code: string; title: string };
        assert.ok(REFUSALS.has(problem.code) || problem.code === 'TEMPLATE_TYPE_NOT_ALLOWED', `${item.name}: ${problem.code}`);
        assert.ok(problem.title.length > 20, `${item.name}: a message`);
      }
      await healthy();
    });
  }

  it('names the reason: bomb, Zip64, nested, encrypted, polyglot, broken, each in Vietnamese with what is expected', async () => {
    const byName = new Map(hostile.map((h) => [h.name, h.bytes]));
    const expected: Array<[string, string, RegExp]> = [
      ['bomb.docx', 'FILE_TOO_COMPLEX', /khi giải nén quá lớn.*PDF, JPEG, PNG, DOCX, XLSX/],
      ['zip64.docx', 'FILE_ARCHIVE_UNSUPPORTED', /Zip64/],
      ['nested.docx', 'FILE_NESTED_ARCHIVE', /tệp nén khác/],
      ['encrypted.docx', 'FILE_ENCRYPTED', /mật khẩu/],
      ['polyglot.pdf', 'FILE_POLYGLOT', /loại tệp khác/],
      ['page.pdf', 'FILE_POLYGLOT', /HTML/],
      ['truncated.docx', 'FILE_UNREADABLE', /bị hỏng/],
      ['lying-bomb.docx', 'FILE_UNREADABLE', /bị hỏng/],
      ['file-type-abort.docx', 'FILE_UNREADABLE', /bị hỏng/],
      ['text.pdf', 'FILE_TYPE_NOT_ALLOWED', /không phải PDF/],
    ];
    for (const [name, code, message] of expected) {
      const response = await attach(name, byName.get(name)!);
      assert.equal(response.statusCode, 422, `${name}: ${response.body}`);
      assert.equal(response.json().code, code, name);
      assert.match(response.json().title, message, name);
      assert.equal(response.json().errors[0].path, '/file');
    }
    const zip64 = multipartBody([{ name: 'documentId', value: attachmentDraft.documents[0]!.documentId }, { name: 'file', filename: 'z.docx', type: 'x', bytes: byName.get('zip64.docx')! }]);
    const english = await app.inject({ method: 'POST', url: `/api/dossiers/${attachmentDraft.id}/files?lang=en`, headers: { ...authHeaders(citizen), 'content-type': zip64.contentType }, payload: zip64.payload });
    assert.equal(english.statusCode, 422);
    assert.match(english.json().title, /uses Zip64 compression/);
  });

  it('accepts the valid files; a lying extension is refused, a missing one added', async () => {
    for (const item of validCorpus()) {
      const response = await attach(item.name, item.bytes);
      assert.equal(response.statusCode, 201, `${item.name}: ${response.body}`);
      assert.equal(response.json().name, item.name);
    }
    const png = await attach('anh.pdf', PNG);
    assert.equal(png.statusCode, 422);
    assert.equal(png.json().code, 'FILE_EXTENSION_MISMATCH');
    assert.match(png.json().title, /đây là tệp PNG.*\.png/);
    const pdfAsDocx = await attach('x.docx', PDF);
    assert.equal(pdfAsDocx.json().code, 'FILE_EXTENSION_MISMATCH');
    const bare = await attach('ban-scan', PDF);
    assert.equal(bare.statusCode, 201, bare.body);
    assert.equal(bare.json().name, 'ban-scan.pdf');
    const stored = await ctx.db.selectFrom('files').select('original_name').where('id', '=', bare.json().fileId).executeTakeFirstOrThrow();
    assert.equal(stored.original_name, 'ban-scan.pdf');
    const scanned = await scan('ban-quet.jpg', validCorpus()[2]!.bytes);
    assert.equal(scanned.statusCode, 201, scanned.body);
    const docx = await template('mau.docx', buildZip(docxEntries()));
    assert.equal(docx.statusCode, 201, docx.body);
    const xlsxAsDocx = await template('mau.docx', buildZip(xlsxEntries()));
    assert.equal(xlsxAsDocx.statusCode, 415);
    assert.equal(xlsxAsDocx.json().code, 'TEMPLATE_TYPE_MISMATCH');
  });

  it('record_result: hostile result files are refused on the page (422, the error shown), a valid PDF is recorded', async () => {
    for (const item of [...hostile, { name: 'bang.xlsx', bytes: buildZip(xlsxEntries()) }, { name: 'anh.pdf', bytes: PNG }]) {
      const response = await recordResult(item.name, item.bytes);
      assert.equal(response.statusCode, 422, `${item.name}: ${response.statusCode}`);
      assert.match(response.body, /error-summary/, item.name);
      if (item.name === 'bomb.docx') assert.match(response.body, /khi giải nén quá lớn hoặc có quá nhiều thành phần/);
      if (item.name === 'anh.pdf') assert.match(response.body, /không khớp với nội dung: đây là tệp PNG/);
      if (item.name === 'bang.xlsx') assert.match(response.body, /PDF, PNG, JPEG/);
    }
    const row = await ctx.db.selectFrom('dossiers').select('status').where('id', '=', resultDossier).executeTakeFirstOrThrow();
    assert.notEqual(row.status, 9, 'nothing recorded');
    const ok = await recordResult('giay-chung-nhan.pdf', PDF);
    assert.equal(ok.statusCode, 303, ok.body);
    assert.equal((await ctx.db.selectFrom('dossiers').select('status').where('id', '=', resultDossier).executeTakeFirstOrThrow()).status, 9);
  });

  it('imports of .xlsx (historical dossiers, catalog) get the archive check before the workbook is opened', async () => {
    const bomb = buildZip([xlsxEntries()[0]!, { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(0), raw: zeros(120), centralUncompressed: 120 * 1024 * 1024 }]);
    for (const [name, bytes, code] of [
      ['bomb.xlsx', bomb, 'FILE_TOO_COMPLEX'],
      ['zip64.xlsx', buildZip(xlsxEntries(), { zip64Eocd: true }), 'FILE_ARCHIVE_UNSUPPORTED'],
    ] as const) {
      const body = multipartBody([{ name: '_csrf', value: admin.csrfToken }, { name: 'file', filename: name, type: 'application/octet-stream', bytes }]);
      const response = await app.inject({ method: 'POST', url: '/quan-tri/nhap-ho-so', headers: { accept: 'text/html', cookie: admin.cookie, 'content-type': body.contentType }, payload: body.payload });
      assert.equal(response.statusCode, 422, `${name}: ${response.statusCode}`);
      const runs = await ctx.db.selectFrom('dossier_imports').select('id').where('file_name', '=', name).execute();
      assert.equal(runs.length, 0, 'no import run');
      await assert.rejects(ctx.services.catalog.importFile(null, bytes, { system: true, source: 'cli' }), (error: { code?: string }) => error.code === code);
    }
    await healthy();
  });

  it('an inspector child that hangs or dies: the upload is refused (FILE_CHECK_FAILED), the next upload works', async () => {
    const files = ctx.services.files as StoredFiles;
    const original = files.inspector;
    const misbehaving = new ContentInspector({
      timeoutMs: 1000,
      maxDecompressedBytes: 100 * 1024 * 1024,
      poolSize: 1,
      workerPath: fileURLToPath(new URL('../helpers/inspect-misbehaving.worker.ts', import.meta.url)),
    });
    files.inspector = misbehaving;
    try {
      assert.deepEqual(misbehaving.pids(), [], 'started on first use only');
      const first = await attach('a.pdf', PDF);
      assert.equal(first.statusCode, 201, first.body);
      const [pid] = misbehaving.pids();
      assert.ok(pid);
      for (const trigger of ['HANG', 'DIE']) {
        const response = await attach('treo.pdf', Buffer.concat([Buffer.from(trigger), PDF]));
        assert.equal(response.statusCode, 422, response.body);
        assert.equal(response.json().code, 'FILE_CHECK_FAILED');
        assert.match(response.json().title, /Không kiểm tra được nội dung tệp "treo\.pdf"/);
        const next = await attach('b.pdf', PDF);
        assert.equal(next.statusCode, 201, `${trigger}: ${next.body}`);
      }
      assert.ok(!misbehaving.pids().includes(pid), 'the misbehaving child was replaced');
      await misbehaving.close();
      assert.deepEqual(misbehaving.pids(), [], 'close ends the children');
      // The real inspector's child killed from outside while idle: the next upload starts another.
      files.inspector = original;
      assert.equal((await attach('c.pdf', PDF)).statusCode, 201);
      const [realPid] = original.pids();
      process.kill(realPid!, 'SIGKILL');
      await new Promise<void>((resolve) => {
        const wait = () => (original.pids().includes(realPid!) ? setImmediate(wait) : resolve());
        wait();
      });
      assert.equal((await attach('d.pdf', PDF)).statusCode, 201);
      await healthy();
    } finally {
      files.inspector = original;
      await misbehaving.close();
    }
  });
});

describe('inspections waiting for a child are bounded', () => {
  it('refuses at once (503 FILE_CHECK_BUSY) past the queue, and inspects again once a child is free', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'opendvc-inspect-'));
    const inspector = new ContentInspector({
      timeoutMs: 60_000,
      maxDecompressedBytes: 100 * 1024 * 1024,
      poolSize: 1,
      maxQueued: 1,
      workerPath: fileURLToPath(new URL('../helpers/inspect-misbehaving.worker.ts', import.meta.url)),
    });
    try {
      const hang = path.join(dir, 'hang.pdf');
      const pdf = path.join(dir, 'ok.pdf');
      await writeFile(hang, Buffer.concat([Buffer.from('HANG'), PDF]));
      await writeFile(pdf, PDF);
      const stuck = inspector.inspect(hang, 'attachment'); // occupies the only child
      await new Promise<void>((resolve) => {
        const wait = () => (inspector.pids().length ? setTimeout(resolve, 50) : setImmediate(wait));
        wait();
      });
      const waiting = inspector.inspect(pdf, 'attachment'); // the one place in the queue
      // Refused at once: settled before the event loop turns (a queued inspection would still be pending).
      const third = inspectUpload(inspector, pdf, 'attachment', 'don.pdf').then(() => 'accepted', (error: { code?: string; status?: number }) => `${error.status} ${error.code}`);
      const settled = await Promise.race([third, new Promise<string>((resolve) => setImmediate(() => resolve('still waiting')))]);
      assert.equal(settled, '503 FILE_CHECK_BUSY');
      await inspector.close(); // ends the stuck child; the waiting inspection fails, nothing hangs
      assert.deepEqual(await Promise.all([stuck, waiting]), [{ ok: false, reason: 'check_failed' }, { ok: false, reason: 'check_failed' }]);
      assert.equal((await inspector.inspect(pdf, 'attachment')).ok, true, 'a new child inspects the next file');
    } finally {
      await inspector.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
