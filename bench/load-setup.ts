// The world of `npm run load`, made as `npm run bench` makes its own (bench/run.ts): an embedded PostgreSQL in a
// temporary directory, migrated, with the demo data, generated procedures and a year of dossiers at the copyright
// office; citizens with live sessions; the demo officers signed in; dossiers waiting at reception; and the server
// under test as its own `opendvc serve` process (so its CPU and memory are measured apart from the load generator).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { createContext, type AppContext } from '../src/container.ts';
import { createDb } from '../src/db/database.ts';
import { startEmbeddedPostgres, type EmbeddedServer } from '../src/db/embedded.ts';
import { migrate } from '../src/db/migrate.ts';
import { actorOf } from '../src/modules/identity/identity.service.ts';
import { freePort } from '../src/core/net.ts';
import { seedDemo } from '../src/seed/demo.ts';
import { seedGeneratedProcedures } from '../src/seed/catalog.ts';
import { generateAgencyDossiers } from './handling.ts';

export const AGENCY = '000.00.12.G14'; // Cục Bản quyền tác giả: the demo officers' agency
export const PROCEDURE = '1.001823'; // Cấp Giấy chứng nhận đăng ký quyền tác giả (online, one required document)

export interface Session {
  cookie: string;
  csrfToken: string;
}

export interface LoadWorld {
  base: string;
  url: string;
  dataDir: string;
  serverPid: number;
  pgDataDir: string;
  pgVersion: string;
  citizens: Session[];
  officers: { reception: Session; specialist: Session; leader: Session };
  /** Dossiers submitted online (status 1) waiting for reception: each officer session takes its own. */
  waiting: string[];
  /** Dossiers in progress at the specialists (status 4): what a specialist opens. */
  inProgress: string[];
  /** Codes and lookup secrets of submitted dossiers (the load adds the ones it submits). */
  lookups: Array<{ code: string; secret: string }>;
  /** Procedure codes with a published version (the catalog pages). */
  procedures: string[];
  stop(): Promise<void>;
}

export interface WorldOptions {
  procedures: number;
  agencyDossiers: number;
  citizens: number;
  waiting: number;
  log: (message: string) => void;
}

export async function createWorld(options: WorldOptions): Promise<LoadWorld> {
  const { log } = options;
  const dir = path.join(os.tmpdir(), `opendvc-load-${process.pid}`);
  await rm(dir, { recursive: true, force: true });
  const pgServer: EmbeddedServer = await startEmbeddedPostgres({ dir, port: await freePort(), log });
  let served: ChildProcess | null = null;
  const stop = async () => {
    if (served && served.exitCode === null) {
      const exited = new Promise((resolve) => served!.once('exit', resolve));
      served.kill('SIGTERM');
      await exited;
    }
    await pgServer.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await pgServer.ensureDatabase('load');
    const url = pgServer.urlFor('load');
    await migrate(url);
    const config = loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: dir });
    const db = createDb(url, { max: 4 });
    const ctx = createContext(config, db, { demo: true });
    log('loading the demo data');
    await seedDemo(ctx);
    log(`generating ${options.procedures} procedures`);
    await seedGeneratedProcedures(ctx, options.procedures);
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      log(`generating ${options.agencyDossiers} dossiers at the copyright office`);
      await generateAgencyDossiers(admin, options.agencyDossiers);
      const pgVersion = (await admin.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]!.v;
      const procedures = (
        await admin.query<{ code: string }>("SELECT p.code FROM procedures p JOIN procedure_versions v ON v.procedure_id = p.id AND v.status = 'published' ORDER BY random() LIMIT 200")
      ).rows.map((r) => r.code);
      const inProgress = (await admin.query<{ id: string }>("SELECT id FROM dossiers WHERE code LIKE 'BENCH-%' AND status = 4 ORDER BY random() LIMIT 500")).rows.map((r) => r.id);
      const waiting = await waitingAtReception(admin, options.waiting);

      log(`signing in ${options.citizens} citizens and the demo officers`);
      const citizens = await citizenSessions(ctx, admin, options.citizens);
      const officer = async (username: string) => sessionOf(ctx, username);
      const officers = { reception: await officer('demo.motcua'), specialist: await officer('demo.chuyenvien'), leader: await officer('demo.lanhdao') };
      const lookups = await submittedForLookup(ctx, 50);
      await admin.query('ANALYZE');
      await db.destroy();

      const port = await freePort();
      served = spawn(process.execPath, [path.resolve(import.meta.dirname, '../bin/opendvc.mjs'), 'serve'], {
        env: { ...process.env, DATABASE_URL: url, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'silent', DATA_DIR: dir },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      await new Promise<void>((resolve, reject) => {
        let out = '';
        served!.stdout!.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes('OpenDVC is running')) resolve();
        });
        served!.on('exit', (code) => reject(new Error(`the server under load exited with ${code}: ${out}`)));
      });
      served.stdout!.resume();
      return {
        base: `http://127.0.0.1:${port}`,
        url,
        dataDir: dir,
        serverPid: served.pid!,
        pgDataDir: path.join(dir, 'pg'),
        pgVersion,
        citizens,
        officers,
        waiting,
        inProgress,
        lookups,
        procedures,
        stop,
      };
    } finally {
      await admin.end();
    }
  } catch (error) {
    await stop();
    throw error;
  }
}

async function sessionOf(ctx: AppContext, username: string): Promise<Session> {
  const { token, csrfToken } = await ctx.services.identity.login({ username, password: 'Demo@2026', ip: '127.0.0.1' });
  return { cookie: `opendvc_sid=${token}`, csrfToken };
}

/** `count` citizen accounts (the demo citizen's password) with one live session each. */
async function citizenSessions(ctx: AppContext, admin: pg.Client, count: number): Promise<Session[]> {
  const run = randomUUID().slice(0, 6);
  await admin.query(
    `INSERT INTO accounts (username, kind, password_hash, full_name, email, email_verified_at, personal_id, phone, address)
     SELECT 'load.' || $2 || '.' || i, 'citizen', d.password_hash, 'Công dân ' || i, 'load.' || $2 || '.' || i || '@example.vn', now(),
            '0791' || lpad(i::text, 8, '0'), '0912345678', 'Số ' || i || ' Tràng Tiền, Hà Nội'
       FROM generate_series(1, $1::int) AS i, accounts d WHERE d.username = 'demo.congdan'`,
    [count, run],
  );
  const sessions: Session[] = [];
  for (let i = 1; i <= count; i += 4) {
    const batch = Array.from({ length: Math.min(4, count - i + 1) }, (_, k) => sessionOf(ctx, `load.${run}.${i + k}`));
    sessions.push(...(await Promise.all(batch)));
  }
  return sessions;
}

/** Dossiers submitted online at the copyright office (status 1), as bench/handling.ts makes them for its accept load. */
async function waitingAtReception(admin: pg.Client, count: number): Promise<string[]> {
  const { rows } = await admin.query<{ id: string }>(
    `INSERT INTO dossiers (code, agency_id, procedure_version_id, applicant_id, status, channel, form_data, applicant_name, lookup_secret_hash, submitted_at)
     SELECT 'LOAD-NEW-' || lpad(i::text, 6, '0'), a.id, pv.id, acc.id, 1, 2, '{"fullName":"Trần Thị Bình"}'::jsonb, 'Trần Thị Bình', md5(i::text), now()
       FROM generate_series(1, $3::int) AS i
       JOIN agencies a ON a.code = $1
       JOIN procedures p ON p.code = $2
       JOIN procedure_versions pv ON pv.procedure_id = p.id AND pv.status = 'published'
       JOIN accounts acc ON acc.username = 'demo.congdan'
     RETURNING id`,
    [AGENCY, PROCEDURE, count],
  );
  return rows.map((r) => r.id);
}

/** A few dossiers submitted through the service (real codes and lookup secrets) for the lookups of the first seconds. */
async function submittedForLookup(ctx: AppContext, count: number): Promise<Array<{ code: string; secret: string }>> {
  const account = await ctx.db.selectFrom('accounts').selectAll().where('username', '=', 'demo.congdan').executeTakeFirstOrThrow();
  const citizen = actorOf(account, []);
  const out: Array<{ code: string; secret: string }> = [];
  for (let i = 0; i < count; i++) {
    const draft = await ctx.services.dossiers.createDraft(citizen, PROCEDURE);
    await ctx.services.dossiers.saveForm(citizen, draft.id, { ...draft.form.data, requestContent: `Đăng ký quyền tác giả (tải thử ${i}).` });
    for (const d of draft.documents.filter((x) => x.required)) {
      await ctx.services.dossiers.addFile(citizen, draft.id, { documentId: d.documentId, source: Readable.from([SMALL_PDF]), filename: 'to-khai.pdf', declaredType: 'application/pdf' });
    }
    const result = await ctx.services.dossiers.submit(citizen, draft.id, null, new Date());
    if (result.lookupSecret) out.push({ code: result.code, secret: result.lookupSecret });
  }
  return out;
}

/** A small valid PDF (about 3 KB: one page of text), the file a citizen attaches. */
export const SMALL_PDF = (() => {
  const text = Array.from({ length: 40 }, (_, i) => `(Dong ${i + 1}: to khai dang ky quyen tac gia, noi dung tac pham van hoc.) Tj T*`).join('\n');
  const stream = `BT /F1 10 Tf 12 TL 50 780 Td\n${text}\nET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
})();
