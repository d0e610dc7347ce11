// The demo's PAR Index: the 2026 sets (copies of the 2025 trees of migration 0049) and, for the two top-level demo
// agencies — Bộ VHTTDL on the ministries' tree, UBND tỉnh Trà Vinh on the provinces' — a 2025 assessment
// self-assessed with evidence, appraised with survey points and closed, and a 2026 self-assessment in progress.
// Everything goes through ParIndexService as the demo administrator (demo.quantri: administrator of both roots,
// so both the agencies' assessor and the reviewing body). Points are generated (seeded), not real results.
// Idempotent: nothing is done when a demo agency already has an assessment.
import { Readable } from 'node:stream';
import type { AppContext } from '../container.ts';
import { seededRandom } from '../core/random.ts';
import { actorOf } from '../modules/identity/identity.service.ts';
import { leaves } from '../modules/parindex/parindex.rules.ts';
import { demoScanPdf } from './year.files.ts';

const DEMO = [
  { code: '000.00.00.G14', kind: 'ministry' as const },
  { code: '000.00.00.H59', kind: 'province' as const },
];

export async function seedDemoParIndex(ctx: AppContext): Promise<number | null> {
  const account = await ctx.db.selectFrom('accounts').selectAll().where('username', '=', 'demo.quantri').executeTakeFirst();
  if (!account) return null;
  const agencyIds = (await ctx.db.selectFrom('agencies').select('id').where('code', 'in', DEMO.map((d) => d.code)).execute()).map((a) => a.id);
  if (agencyIds.length !== DEMO.length) return null;
  if (await ctx.db.selectFrom('par_assessments').select('id').where('agency_id', 'in', agencyIds).limit(1).executeTakeFirst()) return null;
  const roles = await ctx.db.selectFrom('account_roles').select(['role', 'agency_id']).where('account_id', '=', account.id).execute();
  const actor = actorOf(account, roles.map((r) => ({ role: r.role, agencyId: r.agency_id })));
  const par = ctx.services.parIndex;
  const random = seededRandom(2026);
  // Points: 75–100% of each maximum, in quarter points.
  const pointsOf = (max: number) => Math.min(max, Math.round(max * (0.75 + random() * 0.25) * 4) / 4);
  const pdf = demoScanPdf();
  for (const kind of ['ministry', 'province'] as const) {
    if (!(await par.sets()).some((s) => s.kind === kind && s.year === 2026)) await par.createSet(actor, { kind, year: 2026 });
  }
  let count = 0;
  for (const demo of DEMO) {
    for (const year of [2025, 2026]) {
      const started = await par.start(actor, { agency: demo.code, year, kind: demo.kind });
      count++;
      const detail = await par.detail(actor, started.id);
      const own = leaves(detail.nodes).filter((l) => !l.fromSurvey);
      // 2026 is the year under way: the first fields only, no evidence yet.
      const filled = year === 2025 ? own : own.filter((l) => Number(l.code.split('.')[0]) <= 3);
      await par.saveSelf(actor, started.id, filled.map((l) => ({ code: l.code, points: pointsOf(l.maxPoints), note: null })));
      if (year === 2026) continue;
      for (const leaf of own.filter((l) => l.evidenceRequired)) {
        const staged = await ctx.services.files.stage(Readable.from([pdf]), `minh-chung-${leaf.code}.pdf`);
        await par.addEvidence(actor, started.id, leaf.code, staged);
      }
      await par.submit(actor, started.id);
      const survey = leaves(detail.nodes).filter((l) => l.fromSurvey);
      const adjusted = own[1]!;
      await par.appraise(actor, started.id, [
        ...survey.map((l) => ({ code: l.code, points: pointsOf(l.maxPoints), comment: null })),
        { code: adjusted.code, points: Math.max(0, adjusted.maxPoints - 0.5), comment: 'Tài liệu kiểm chứng chưa thể hiện đầy đủ mức độ hoàn thành: trừ 0,5 điểm.' },
      ]);
      await par.finish(actor, started.id);
    }
  }
  return count;
}
