// The virtual users of `npm run load`: what each kind of visitor does in one session, request after request with a
// pause to read in between. Each request is timed and tallied under its route name (a page or an API call, not a
// URL); a session ends early when the load is stopping.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Agent, request } from 'undici';
import type { RouteTally } from './load-stats.ts';
import { AGENCY, PROCEDURE, SMALL_PDF, type LoadWorld, type Session } from './load-setup.ts';

export const SCENARIOS = ['browse', 'lookup', 'submit', 'reception', 'specialist', 'leader'] as const;
export type Scenario = (typeof SCENARIOS)[number];

/** The default mix: most visitors read the catalog; a few submit; officers and a leader work meanwhile. */
export const DEFAULT_MIX: Record<Scenario, number> = { browse: 45, lookup: 20, submit: 15, reception: 8, specialist: 8, leader: 4 };

export const SEARCHES = ['đăng ký quyền tác giả', 'giấy phép', 'du lịch', 'karaoke', 'lễ hội', 'thể thao', 'biểu diễn nghệ thuật', 'quang cao'];

export interface LoadContext {
  world: LoadWorld;
  tally: RouteTally;
  /** Requests are tallied only while this is true (not during warm-up). */
  measuring: () => boolean;
  stopping: () => boolean;
  /** A pause between two requests of a session (think time), in ms. */
  think: () => number;
  random: () => number;
}

/** Keep-alive connections to the server under test (loopback only). */
const agent = new Agent({ connections: 1024, keepAliveTimeout: 30_000, headersTimeout: 30_000, bodyTimeout: 30_000 });

export function closeAgent(): Promise<void> {
  return agent.close();
}

interface Answer {
  status: number;
  body: string;
}

type Method = 'GET' | 'POST' | 'PUT';

/** Thrown by a request asked for after the window closed: the session ends there (see `isStopped`). */
class Stopped extends Error {}

export function isStopped(error: unknown): boolean {
  return error instanceof Stopped;
}

async function call(
  ctx: LoadContext,
  route: string,
  method: Method,
  pathAndQuery: string,
  options: { session?: Session; json?: unknown; body?: Buffer; contentType?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  if (ctx.stopping()) throw new Stopped('the load is stopping');
  const url = ctx.world.base + pathAndQuery;
  if (!url.startsWith('http://127.0.0.1:')) throw new Error(`not a loopback address: ${url}`);
  const headers: Record<string, string> = { accept: pathAndQuery.startsWith('/api/') ? 'application/json' : 'text/html', ...options.headers };
  if (options.session) {
    headers.cookie = options.session.cookie;
    if (method !== 'GET') headers['x-csrf-token'] = options.session.csrfToken;
  }
  let body: string | Buffer | undefined;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.body) {
    headers['content-type'] = options.contentType ?? 'application/octet-stream';
    body = options.body;
  }
  const measured = ctx.measuring();
  const started = performance.now();
  let answer: Answer;
  try {
    const response = await request(url, { dispatcher: agent, method, headers, body });
    answer = { status: response.statusCode, body: await response.body.text() };
  } catch (error) {
    answer = { status: 0, body: (error as Error).message };
  }
  if (measured) ctx.tally.record(route, performance.now() - started, answer.status, answer.status >= 400 || answer.status === 0 ? `${method} ${pathAndQuery} ${answer.body.slice(0, 160)}` : '');
  return answer;
}

const pause = (ctx: LoadContext) => new Promise<void>((resolve) => setTimeout(resolve, ctx.think()));
const pick = <T>(ctx: LoadContext, list: readonly T[]): T => list[Math.floor(ctx.random() * list.length)]!;

function multipart(fields: Array<{ name: string; value: string } | { name: string; filename: string; type: string; bytes: Buffer }>): { body: Buffer; contentType: string } {
  const boundary = `----opendvcload${randomUUID().replace(/-/g, '')}`;
  const chunks: Buffer[] = [];
  for (const f of fields) {
    if ('value' in f) chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${f.name}"\r\n\r\n${f.value}\r\n`));
    else chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${f.name}"; filename="${f.filename}"\r\nContent-Type: ${f.type}\r\n\r\n`), f.bytes, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** A citizen reads the catalog: the home page, a search, a procedure, and sometimes the search API. */
async function browse(ctx: LoadContext): Promise<void> {
  await call(ctx, 'GET /', 'GET', '/');
  if (ctx.stopping()) return;
  await pause(ctx);
  await call(ctx, 'GET /thu-tuc?q=', 'GET', `/thu-tuc?q=${encodeURIComponent(pick(ctx, SEARCHES))}`);
  if (ctx.stopping()) return;
  await pause(ctx);
  await call(ctx, 'GET /thu-tuc/:code', 'GET', `/thu-tuc/${pick(ctx, ctx.world.procedures)}`);
  if (ctx.stopping() || ctx.random() < 0.5) return;
  await pause(ctx);
  await call(ctx, 'GET /api/procedures?q=', 'GET', `/api/procedures?q=${encodeURIComponent(pick(ctx, SEARCHES))}`);
}

/** Anyone with a receipt looks a dossier up by its code and lookup secret. */
async function lookup(ctx: LoadContext): Promise<void> {
  await call(ctx, 'GET /tra-cuu', 'GET', '/tra-cuu');
  if (ctx.stopping()) return;
  await pause(ctx);
  const { code, secret } = pick(ctx, ctx.world.lookups);
  await call(ctx, 'GET /api/lookup/:code', 'GET', `/api/lookup/${encodeURIComponent(code)}?secret=${encodeURIComponent(secret)}`);
}

/** A signed-in citizen submits a dossier: draft, e-form, one small PDF, submit; then looks it up. */
async function submit(ctx: LoadContext): Promise<void> {
  const session = pick(ctx, ctx.world.citizens);
  await call(ctx, 'GET /thu-tuc/:code', 'GET', `/thu-tuc/${PROCEDURE}`);
  if (ctx.stopping()) return;
  await pause(ctx);
  const created = await call(ctx, 'POST /api/dossiers', 'POST', '/api/dossiers', { session, json: { procedureCode: PROCEDURE } });
  if (created.status !== 201) return;
  const draft = JSON.parse(created.body) as { id: string; form: { data: Record<string, unknown> }; documents: Array<{ documentId: string; required: boolean }> };
  await pause(ctx);
  const form = { ...draft.form.data, requestContent: 'Đăng ký quyền tác giả cho tác phẩm văn học "Mùa thu Hà Nội" (tải thử).' };
  const saved = await call(ctx, 'PUT /api/dossiers/:id/form', 'PUT', `/api/dossiers/${draft.id}/form`, { session, json: form });
  if (saved.status !== 200) return;
  for (const document of draft.documents.filter((d) => d.required)) {
    await pause(ctx);
    const upload = multipart([{ name: 'documentId', value: document.documentId }, { name: 'file', filename: 'to-khai.pdf', type: 'application/pdf', bytes: SMALL_PDF }]);
    const attached = await call(ctx, 'POST /api/dossiers/:id/files', 'POST', `/api/dossiers/${draft.id}/files`, { session, body: upload.body, contentType: upload.contentType });
    if (attached.status !== 201) return;
  }
  await pause(ctx);
  const submitted = await call(ctx, 'POST /api/dossiers/:id/submit', 'POST', `/api/dossiers/${draft.id}/submit`, { session, json: {}, headers: { 'idempotency-key': randomUUID() } });
  if (submitted.status !== 201) return;
  const result = JSON.parse(submitted.body) as { code: string; lookupSecret: string | null };
  if (result.lookupSecret) ctx.world.lookups.push({ code: result.code, secret: result.lookupSecret });
  if (ctx.stopping()) return;
  await pause(ctx);
  await call(ctx, 'GET /ho-so', 'GET', '/ho-so', { session });
}

/** The receptionist: the queue, a dossier submitted online, accept it, forward it to the specialists. */
async function reception(ctx: LoadContext): Promise<void> {
  const session = ctx.world.officers.reception;
  await call(ctx, 'GET /can-bo', 'GET', '/can-bo', { session });
  const id = ctx.world.waiting.pop();
  if (!id || ctx.stopping()) return;
  await pause(ctx);
  await call(ctx, 'GET /can-bo/ho-so/:id', 'GET', `/can-bo/ho-so/${id}`, { session });
  await pause(ctx);
  const accepted = await call(ctx, 'POST /api/dossiers/:id/actions/accept', 'POST', `/api/dossiers/${id}/actions/accept`, { session, json: {} });
  if (accepted.status !== 200 || ctx.stopping()) return;
  await pause(ctx);
  await call(ctx, 'POST /api/dossiers/:id/actions/forward', 'POST', `/api/dossiers/${id}/actions/forward`, { session, json: {} });
}

/** A specialist: the own queue, a dossier in progress, the department's queue further on. */
async function specialist(ctx: LoadContext): Promise<void> {
  const session = ctx.world.officers.specialist;
  await call(ctx, 'GET /can-bo', 'GET', '/can-bo', { session });
  if (ctx.stopping()) return;
  await pause(ctx);
  await call(ctx, 'GET /can-bo/ho-so/:id', 'GET', `/can-bo/ho-so/${pick(ctx, ctx.world.inProgress)}`, { session });
  if (ctx.stopping()) return;
  await pause(ctx);
  await call(ctx, 'GET /can-bo?scope=department', 'GET', `/can-bo?scope=department&page=${1 + Math.floor(ctx.random() * 3)}`, { session });
}

/** The agency's leader: the year's handling report (Biểu 06) and the dashboard. */
async function leader(ctx: LoadContext): Promise<void> {
  const session = ctx.world.officers.leader;
  const year = new Date().getUTCFullYear();
  await call(ctx, 'GET /bao-cao/tong-quan', 'GET', `/bao-cao/tong-quan?agency=${AGENCY}`, { session });
  if (ctx.stopping()) return;
  await pause(ctx);
  await call(ctx, 'GET /bao-cao/xu-ly (Biểu 06)', 'GET', `/bao-cao/xu-ly?agency=${AGENCY}&preset=year&year=${year}`, { session });
}

export const RUN: Record<Scenario, (ctx: LoadContext) => Promise<void>> = { browse, lookup, submit, reception, specialist, leader };
