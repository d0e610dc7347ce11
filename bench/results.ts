// Bench of the electronic results (issue 12): signing a one-page result (the copyright certificate rendered with
// the dossier's data, then signed as PAdES with the agency's certificate) in this process, against rendering the
// same page unsigned; and the public verification page `/xac-thuc/{code}` over HTTP (run.ts compares it with the
// bare HTTP route and with its own SQL replayed straight). Targets: signing p95 ≤ 150 ms; the page p95 ≤ 20 ms.
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import type { Actor } from '../src/core/actor.ts';
import type { AppContext } from '../src/container.ts';
import { actorOf } from '../src/modules/identity/identity.service.ts';
import { renderResult, signPdf } from '../src/modules/results/results.pdf.ts';
import { fillResult, verificationUrl } from '../src/modules/results/results.rules.ts';
import { measureHttp, stats, type Stats } from './measure.ts';

export interface ResultsBench {
  /** Render + sign of one page. */
  sign: Stats;
  /** Render alone (the ceiling of the signing). */
  render: Stats;
  signDetail: string;
  /** The verification page of an issued result. */
  page: Stats;
  pageUrl: string;
}

/** A minimal PDF attachment (detected by content). */
const PDF = Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1');

async function actorByUsername(ctx: AppContext, username: string): Promise<Actor> {
  const account = await ctx.db.selectFrom('accounts').selectAll().where('username', '=', username).executeTakeFirstOrThrow();
  const roles = await ctx.db.selectFrom('account_roles').select(['role', 'agency_id']).where('account_id', '=', account.id).execute();
  return actorOf(account, roles.map((r) => ({ role: r.role, agencyId: r.agency_id })));
}

/** One dossier of the demo's copyright office, put in progress, with an issued result; then the measurements. */
export async function benchResults(ctx: AppContext, options: { base: string; n: number; signs?: number }): Promise<ResultsBench> {
  const agency = await ctx.db.selectFrom('agencies').select(['id', 'name', 'parent_id']).where('code', '=', '000.00.12.G14').executeTakeFirstOrThrow();
  // A dossier of demo.congdan for the copyright registration, submitted, then in progress.
  const citizen = await actorByUsername(ctx, 'demo.congdan');
  const draft = await ctx.services.dossiers.createDraft(citizen, '1.001823');
  await ctx.services.dossiers.saveForm(citizen, draft.id, { ...draft.form.data, requestContent: 'Đăng ký quyền tác giả (bench).' });
  for (const d of draft.documents.filter((x) => x.required)) {
    await ctx.services.dossiers.addFile(citizen, draft.id, { documentId: d.documentId, source: Readable.from([PDF]), filename: 'to-khai.pdf', declaredType: 'application/pdf' });
  }
  await ctx.services.dossiers.submit(citizen, draft.id, null, new Date());
  const dossier = await ctx.db.selectFrom('dossiers').select(['id', 'code']).where('id', '=', draft.id).executeTakeFirstOrThrow();
  await ctx.db.updateTable('dossiers').set({ status: 4 }).where('id', '=', dossier.id).execute();
  const leader = await actorByUsername(ctx, 'demo.lanhdao');
  const issued = await ctx.services.results.issue(leader, dossier.id);

  // Signing: the same work as `issue` minus the storage, sequentially (latency of one signature).
  const identity = await ctx.services.results.pki.signer({ id: agency.id, name: agency.name });
  const filled = fillResult({
    dossierCode: dossier.code ?? '',
    procedureCode: '1.001823',
    procedureName: 'Cấp Giấy chứng nhận đăng ký quyền tác giả',
    agencyName: agency.name,
    applicantName: 'Nguyễn Văn An',
    formData: { fullName: 'Nguyễn Văn An', workTitle: 'Trường ca sông Hậu', workType: 'van-hoc', publication: 'da-cong-bo' },
    issuedAt: new Date(),
  });
  const document = (code: string) => ({
    agency: { parentName: 'Bộ Văn hóa, Thể thao và Du lịch', name: agency.name, place: 'Hà Nội' },
    filled,
    code,
    verifyUrl: verificationUrl(ctx.config.baseUrl, code),
    issuedAt: new Date(),
    signerName: agency.name,
  });
  const runs = options.signs ?? 100;
  const renderSamples: number[] = [];
  const signSamples: number[] = [];
  for (let i = 0; i < runs + 10; i++) {
    const code = `BENCH${String(i).padStart(7, '0')}`;
    let started = performance.now();
    await renderResult(document(code));
    if (i >= 10) renderSamples.push(performance.now() - started);
    started = performance.now();
    const pdf = await renderResult(document(code));
    await signPdf(pdf, identity, new Date(), { reason: filled.title, location: 'Hà Nội', name: identity.subject });
    if (i >= 10) signSamples.push(performance.now() - started);
  }
  const sign = stats(signSamples);
  const render = stats(renderSamples);
  const signDetail = `p50 ${sign.p50.toFixed(1)} ms, p95 ${sign.p95.toFixed(1)} ms (${runs} one-page results, rendered and signed); ratio to rendering the page unsigned ×${(sign.p95 / render.p95).toFixed(2)} (render p95 ${render.p95.toFixed(1)} ms)`;

  const pageUrl = `/xac-thuc/${issued.code}`;
  const page = await measureHttp([options.base + pageUrl], options.n);
  return { sign, render, signDetail, page, pageUrl };
}
