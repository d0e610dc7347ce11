// File content in an S3-compatible object store, against the local S3 simulator (src/simulators/s3.ts): the whole
// dossier upload / store / download / remove path over HTTP, the orphan clean-up, and the configuration checks.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { startS3Simulator } from '../../src/simulators/s3.ts';
import { authHeaders, createTestApp, login } from '../helpers/app.ts';
import { COPYRIGHT_PROCEDURE, PDF } from '../helpers/dossiers.ts';

function multipart(fields: Record<string, string>, file: { name: string; type: string; bytes: Buffer }) {
  const boundary = `----opendvc${randomBytes(8).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`), file.bytes, Buffer.from('\r\n'));
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('S3 storage (simulator)', async () => {
  const sim = await startS3Simulator({ buckets: ['opendvc-test'], accessKeyId: 'test-key' });
  const filesDir = await mkdtemp(path.join(os.tmpdir(), 'opendvc-s3-'));
  after(async () => {
    await sim.close();
    await rm(filesDir, { recursive: true, force: true });
  });
  const { app, ctx } = await createTestApp({
    demo: true,
    config: { FILES_DIR: filesDir, S3_ENDPOINT: sim.url, S3_BUCKET: 'opendvc-test', S3_REGION: 'ap-southeast-1', S3_ACCESS_KEY_ID: 'test-key', S3_SECRET_ACCESS_KEY: 'test-secret', S3_PREFIX: 'dvc/' },
  });
  const session = await login(app, 'demo.congdan');
  // A PDF of ~300 KB (several chunks on the way).
  const big = Buffer.concat([PDF, Buffer.alloc(300 * 1024, 0x20)]);

  it('uses the S3 backend and signs every request (SigV4)', async () => {
    assert.equal(ctx.services.files.backend, 's3');
    const unsigned = await fetch(`${sim.url}/opendvc-test/dvc/aa/x`);
    assert.equal(unsigned.status, 403);
    assert.match(await unsigned.text(), /<Code>AccessDenied<\/Code>/);
  });

  it('uploads, keeps in the store, downloads, attaches from the store, removes and submits with content in S3', async () => {
    const created = await app.inject({ method: 'POST', url: '/api/dossiers', headers: authHeaders(session), payload: { procedureCode: COPYRIGHT_PROCEDURE } });
    assert.equal(created.statusCode, 201, created.body);
    const draft = created.json() as { id: string; form: { data: Record<string, unknown> }; documents: Array<{ documentId: string; required: boolean }> };
    const form = await app.inject({ method: 'PUT', url: `/api/dossiers/${draft.id}/form`, headers: authHeaders(session), payload: { ...draft.form.data, requestContent: 'Đăng ký quyền tác giả cho tác phẩm "Mùa thu Hà Nội".' } });
    assert.equal(form.statusCode, 200, form.body);
    const required = draft.documents.filter((d) => d.required);
    const before = sim.requests.filter((r) => r.method === 'PUT').length;
    const uploads: Array<{ id: string; fileId: string; sha256: string; sizeBytes: number }> = [];
    for (const d of required) {
      const body = multipart({ documentId: d.documentId }, { name: 'ban-goc.pdf', type: 'application/pdf', bytes: big });
      const res = await app.inject({ method: 'POST', url: `/api/dossiers/${draft.id}/files`, headers: { ...authHeaders(session), 'content-type': body.contentType }, payload: body.payload });
      assert.equal(res.statusCode, 201, res.body);
      uploads.push(res.json() as { id: string; fileId: string; sha256: string; sizeBytes: number });
    }
    assert.equal(uploads[0]!.sha256, sha256(big));
    assert.equal(uploads[0]!.sizeBytes, big.length);
    // One PutObject per file, signed, under the prefix; nothing left in the local staging folder.
    const puts = sim.requests.filter((r) => r.method === 'PUT').slice(before);
    assert.equal(puts.length, required.length);
    assert.ok(puts.every((r) => /^AWS4-HMAC-SHA256 Credential=test-key\/\d{8}\/ap-southeast-1\/s3\/aws4_request/.test(r.authorization ?? '')));
    const keys = await ctx.db.selectFrom('files').select(['id', 'storage_key']).where('id', 'in', uploads.map((u) => u.fileId)).execute();
    for (const k of keys) assert.ok(sim.keys('opendvc-test').includes(`dvc/${k.storage_key}`));
    assert.deepEqual((await readdir(path.join(filesDir, 'tmp')).catch(() => [])).filter((n) => n.endsWith('.part')), []);
    assert.equal(existsSync(path.join(filesDir, keys[0]!.storage_key)), false, 'not on local disk');

    // The store lists it; its download streams the same bytes back from S3.
    const store = await app.inject({ method: 'GET', url: '/api/documents', headers: authHeaders(session) });
    assert.equal(store.statusCode, 200);
    const entry = (store.json() as { items: Array<{ id: string; fileId: string }> }).items.find((i) => i.fileId === uploads[0]!.fileId)!;
    assert.ok(entry);
    const download = await app.inject({ method: 'GET', url: `/api/documents/${entry.id}/content`, headers: authHeaders(session) });
    assert.equal(download.statusCode, 200);
    assert.equal(download.headers['content-type'], 'application/pdf');
    assert.equal(sha256(download.rawPayload), sha256(big));
    // Another person cannot download it.
    const stranger = await login(app, 'demo.doanhnghiep');
    assert.equal((await app.inject({ method: 'GET', url: `/api/documents/${entry.id}/content`, headers: authHeaders(stranger) })).statusCode, 404);

    // A second draft attaches it from the store (no new object), then removes it (the object stays: still used).
    const second = (await app.inject({ method: 'POST', url: '/api/dossiers', headers: authHeaders(session), payload: { procedureCode: COPYRIGHT_PROCEDURE } })).json() as { id: string };
    const objects = sim.keys('opendvc-test').length;
    const attached = await app.inject({ method: 'POST', url: `/api/dossiers/${second.id}/files/from-store`, headers: authHeaders(session), payload: { documentId: required[0]!.documentId, personalDocumentId: entry.id } });
    assert.equal(attached.statusCode, 201, attached.body);
    assert.equal((attached.json() as { fileId: string }).fileId, uploads[0]!.fileId);
    assert.equal(sim.keys('opendvc-test').length, objects);
    const removed = await app.inject({ method: 'DELETE', url: `/api/dossiers/${second.id}/files/${uploads[0]!.fileId}`, headers: authHeaders(session) });
    assert.equal(removed.statusCode, 204);
    assert.ok(sim.keys('opendvc-test').includes(`dvc/${keys[0]!.storage_key}`));

    // An extra upload removed from the first draft: its object is deleted from S3.
    const extraBody = multipart({ documentId: required[0]!.documentId }, { name: 'nham.pdf', type: 'application/pdf', bytes: PDF });
    const extra = (await app.inject({ method: 'POST', url: `/api/dossiers/${draft.id}/files`, headers: { ...authHeaders(session), 'content-type': extraBody.contentType }, payload: extraBody.payload })).json() as { id: string; fileId: string };
    const extraKey = (await ctx.db.selectFrom('files').select('storage_key').where('id', '=', extra.fileId).executeTakeFirstOrThrow()).storage_key;
    assert.ok(sim.keys('opendvc-test').includes(`dvc/${extraKey}`));
    assert.equal((await app.inject({ method: 'DELETE', url: `/api/dossiers/${draft.id}/files/${extra.id}`, headers: authHeaders(session) })).statusCode, 204);
    assert.equal(sim.keys('opendvc-test').includes(`dvc/${extraKey}`), false);
    assert.ok(sim.requests.some((r) => r.method === 'DELETE' && r.path.endsWith(extraKey)));

    // Submitted: the files are there; changes are refused (409).
    const submitted = await app.inject({ method: 'POST', url: `/api/dossiers/${draft.id}/submit`, headers: { ...authHeaders(session), 'idempotency-key': randomBytes(8).toString('hex') } });
    assert.equal(submitted.statusCode, 201, submitted.body);
    assert.equal((await app.inject({ method: 'DELETE', url: `/api/dossiers/${draft.id}/files/${uploads[0]!.id}`, headers: authHeaders(session) })).statusCode, 409);
    const opened = await ctx.services.files.open(uploads[1]?.fileId ?? uploads[0]!.fileId);
    assert.ok(opened);
    const chunks: Buffer[] = [];
    for await (const c of opened.stream) chunks.push(c as Buffer);
    assert.equal(sha256(Buffer.concat(chunks)), sha256(big));
  });

  it('sweeps unreferenced files and objects without a row from the bucket after the grace period', async () => {
    const now = new Date();
    const old = new Date(now.getTime() - 3 * 86_400_000);
    const orphan = await ctx.db.transaction().execute((tx) => ctx.services.files.put(tx, PDF, { name: 'mo-coi.pdf', mediaType: 'application/pdf', createdBy: null }));
    await ctx.db.updateTable('files').set({ created_at: old }).where('id', '=', orphan.id).execute();
    // An object whose row was rolled back: stored, then the transaction failed.
    const rolledBack = await ctx.db
      .transaction()
      .execute(async (tx) => {
        const file = await ctx.services.files.put(tx, PDF, { name: 'rollback.pdf', mediaType: 'application/pdf', createdBy: null });
        throw Object.assign(new Error('rollback'), { key: file.storage_key });
      })
      .catch((e: Error & { key: string }) => e.key);
    assert.ok(sim.keys('opendvc-test').includes(`dvc/${rolledBack}`));
    const recentStray = await ctx.db
      .transaction()
      .execute(async (tx) => {
        const file = await ctx.services.files.put(tx, PDF, { name: 'moi.pdf', mediaType: 'application/pdf', createdBy: null });
        throw Object.assign(new Error('rollback'), { key: file.storage_key });
      })
      .catch((e: Error & { key: string }) => e.key);
    for (const key of sim.keys('opendvc-test')) if (key !== `dvc/${recentStray}`) sim.setLastModified('opendvc-test', key, old);

    const referenced = await ctx.db.selectFrom('dossier_files as df').innerJoin('files as f', 'f.id', 'df.file_id').select('f.storage_key').execute();
    assert.ok(referenced.length > 0);
    await ctx.services.dossiers.cleanup(now);
    const result = await ctx.services.files.sweep(now); // job files.sweep
    assert.ok(result.filesDeleted + result.strayContentDeleted >= 2);
    const left = sim.keys('opendvc-test');
    assert.equal(left.includes(`dvc/${orphan.storage_key}`), false);
    assert.equal(left.includes(`dvc/${rolledBack}`), false);
    assert.ok(left.includes(`dvc/${recentStray}`), 'recent content is kept');
    for (const r of referenced) assert.ok(left.includes(`dvc/${r.storage_key}`), 'referenced content is kept');
    assert.equal((await ctx.db.selectFrom('files').select('id').where('id', '=', orphan.id).execute()).length, 0);
  });
});

describe('S3 configuration', () => {
  const base = { LOG_LEVEL: 'silent', DATA_DIR: os.tmpdir() };
  const fails = (env: Record<string, string>, variable: string) =>
    assert.throws(() => loadConfig({ ...base, ...env }), (e: unknown) => e instanceof ConfigError && e.variable === variable);

  it('is off without S3 variables and complete with them', () => {
    assert.equal(loadConfig(base).s3, null);
    const s3 = loadConfig({ ...base, S3_ENDPOINT: 'http://127.0.0.1:9000', S3_BUCKET: 'hoso', S3_ACCESS_KEY_ID: 'k', S3_SECRET_ACCESS_KEY: 's' }).s3;
    assert.deepEqual(s3, { endpoint: 'http://127.0.0.1:9000', bucket: 'hoso', region: 'us-east-1', accessKeyId: 'k', secretAccessKey: 's', forcePathStyle: true, prefix: '' });
    assert.equal(loadConfig({ ...base, S3_BUCKET: 'hoso', S3_ACCESS_KEY_ID: 'k', S3_SECRET_ACCESS_KEY: 's', S3_FORCE_PATH_STYLE: 'false' }).s3?.forcePathStyle, false);
  });

  it('names the variable that is missing or wrong', () => {
    const ok = { S3_ENDPOINT: 'http://127.0.0.1:9000', S3_BUCKET: 'hoso', S3_ACCESS_KEY_ID: 'k', S3_SECRET_ACCESS_KEY: 's' };
    fails({ S3_ENDPOINT: 'http://127.0.0.1:9000' }, 'S3_BUCKET');
    fails({ ...ok, S3_BUCKET: 'Bad_Bucket' }, 'S3_BUCKET');
    fails({ ...ok, S3_ACCESS_KEY_ID: '' }, 'S3_ACCESS_KEY_ID');
    fails({ ...ok, S3_SECRET_ACCESS_KEY: ' ' }, 'S3_SECRET_ACCESS_KEY');
    fails({ ...ok, S3_ENDPOINT: 'ftp://x' }, 'S3_ENDPOINT');
    fails({ ...ok, S3_ENDPOINT: 'not a url' }, 'S3_ENDPOINT');
    fails({ ...ok, S3_REGION: 'Viet Nam' }, 'S3_REGION');
    fails({ ...ok, S3_FORCE_PATH_STYLE: 'maybe' }, 'S3_FORCE_PATH_STYLE');
    fails({ ...ok, S3_PREFIX: '../x' }, 'S3_PREFIX');
    fails({ ...ok, FILES_ORPHAN_GRACE_HOURS: '0' }, 'FILES_ORPHAN_GRACE_HOURS');
  });
});
