// The demo's one-stop floor at the Copyright Office: three counter groups (A copyright, B related rights, C results)
// and three counters (seedDemoFloor, part of the demo data: the test template has them, no counter open); and, with
// the demo's history, a morning's tickets (seedDemoFloorTickets: counter 3 opened by demo.motcua, tickets issued,
// one served and rated, one called). Idempotent, through the floor service as the agency's leader would.
import type { AppContext } from '../../container.ts';

export const DEMO_FLOOR_AGENCY = '000.00.12.G14';

/** Groups and counters of the demo agency; null when already there (or the demo accounts are missing). */
export async function seedDemoFloor(ctx: AppContext): Promise<{ groups: number; counters: number } | null> {
  const floor = ctx.services.floor;
  const agency = await ctx.services.agencies.byCode(DEMO_FLOOR_AGENCY);
  const leader = await ctx.services.identity.actorByUsername('demo.lanhdao');
  if (!agency || !leader) return null;
  if ((await floor.repo.groups(ctx.db, agency.id, '2000-01-01')).length) return null;
  const { procedures } = await floor.config(leader, DEMO_FLOOR_AGENCY);
  const related = procedures.filter((p) => /liên quan/i.test(p.name)).map((p) => p.code);
  const copyright = procedures.filter((p) => !related.includes(p.code)).map((p) => p.code);
  const a = await floor.createGroup(leader, DEMO_FLOOR_AGENCY, { code: 'A', nameVi: 'Đăng ký quyền tác giả', nameEn: 'Copyright registration', procedureCodes: copyright });
  const b = await floor.createGroup(leader, DEMO_FLOOR_AGENCY, { code: 'B', nameVi: 'Đăng ký quyền liên quan', nameEn: 'Related rights registration', procedureCodes: related });
  const c = await floor.createGroup(leader, DEMO_FLOOR_AGENCY, { code: 'C', nameVi: 'Trả kết quả', nameEn: 'Results', procedureCodes: [] });
  await floor.createCounter(leader, DEMO_FLOOR_AGENCY, { number: 1, label: 'Quầy quyền tác giả', groupIds: [a.id] });
  await floor.createCounter(leader, DEMO_FLOOR_AGENCY, { number: 2, label: 'Quầy quyền liên quan', groupIds: [b.id] });
  await floor.createCounter(leader, DEMO_FLOOR_AGENCY, { number: 3, label: 'Quầy tổng hợp, trả kết quả', groupIds: [a.id, b.id, c.id] });
  return { groups: 3, counters: 3 };
}

/** A morning at the demo's counters (with the history, first start only); null when tickets already exist. */
export async function seedDemoFloorTickets(ctx: AppContext): Promise<number | null> {
  const floor = ctx.services.floor;
  const agency = await ctx.services.agencies.byCode(DEMO_FLOOR_AGENCY);
  const reception = await ctx.services.identity.actorByUsername('demo.motcua');
  if (!agency || !reception) return null;
  if (await ctx.db.selectFrom('floor_tickets').select('id').where('agency_id', '=', agency.id).limit(1).executeTakeFirst()) return null;
  const counters = await floor.repo.counters(ctx.db, agency.id);
  const three = counters.find((c) => c.number === 3);
  if (!three || (three.officer_id && three.officer_id !== reception.id)) return null;
  if (!three.officer_id && (await floor.repo.counterOf(ctx.db, reception.id))) return null;
  await floor.openCounter(reception, three.id);
  const groups = await floor.listGroups(agency.id);
  const [a, b, c] = ['A', 'B', 'C'].map((code) => groups.find((g) => g.code === code)!);
  if (!a || !b || !c) return null;
  const issue = (groupId: string, priority: 'none' | 'elderly' = 'none') => floor.issueTicket({ agencyId: agency.id, groupId, priority, source: 'kiosk' });
  await issue(a.id);
  await issue(c.id);
  await issue(a.id, 'elderly');
  await issue(b.id);
  await issue(a.id);
  // The elderly visitor first (priority), served and rating the officer; then the next one called.
  const first = await floor.callNext(reception, three.id);
  await floor.act(reception, first.id, 'start');
  await floor.act(reception, first.id, 'finish');
  await floor.rate(reception, first.id, { grade: 'satisfied' });
  await floor.callNext(reception, three.id);
  return 5;
}
