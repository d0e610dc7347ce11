// The demo's PAR plan: the Copyright Office's plan for the year of the demo's 2026 PAR Index, drawn up by its leader
// (demo.lanhdao) on the ministries' 2026 criteria set, with tasks in five fields owned by its two departments; the
// Copyright department (demo.chuyenvien) has reported progress on two, one done with evidence. Everything goes through
// ParPlanService. Idempotent: nothing is done when the office already has a plan for the year.
import { Readable } from 'node:stream';
import type { AppContext } from '../container.ts';
import { demoScanPdf } from './year.files.ts';

const OFFICE = '000.00.12.G14';
const YEAR = 2026;

export async function seedDemoParPlan(ctx: AppContext): Promise<number | null> {
  const [leader, specialist] = await Promise.all([ctx.services.identity.actorByUsername('demo.lanhdao'), ctx.services.identity.actorByUsername('demo.chuyenvien')]);
  const office = await ctx.db.selectFrom('agencies').select('id').where('code', '=', OFFICE).executeTakeFirst();
  const set = (await ctx.services.parPlan.sets()).find((s) => s.kind === 'ministry' && s.year === YEAR);
  if (!leader || !specialist || !office || !set) return null;
  if (await ctx.db.selectFrom('par_plans').select('id').where('agency_id', '=', office.id).where('year', '=', YEAR).executeTakeFirst()) return null;
  const departments = await ctx.services.agencies.departmentsOf(office.id);
  const dept = (code: string) => departments.find((d) => d.code === code)!.id;
  const plans = ctx.services.parPlan;
  const plan = await plans.create(leader, { agency: OFFICE, year: YEAR, setId: set.id, title: `Kế hoạch cải cách hành chính năm ${YEAR} của Cục Bản quyền tác giả` });
  const tasks = [
    { fieldCode: '1', title: 'Ban hành kế hoạch tuyên truyền cải cách hành chính năm 2026', ownerDepartmentId: dept('QTG'), deadline: '2026-02-27', expectedOutput: 'Kế hoạch tuyên truyền được Cục trưởng ký ban hành' },
    { fieldCode: '1', title: 'Báo cáo kết quả cải cách hành chính 6 tháng đầu năm', ownerDepartmentId: dept('QTG'), deadline: '2026-06-15', expectedOutput: 'Báo cáo 6 tháng gửi Bộ' },
    { fieldCode: '3', title: 'Rà soát, đơn giản hóa thủ tục cấp Giấy chứng nhận đăng ký quyền tác giả', ownerDepartmentId: dept('QTG'), deadline: '2026-09-30', expectedOutput: 'Phương án đơn giản hóa trình Bộ' },
    { fieldCode: '3', title: 'Niêm yết công khai đầy đủ thủ tục hành chính tại Bộ phận Một cửa', ownerDepartmentId: dept('MC'), deadline: '2026-03-31', expectedOutput: 'Ảnh chụp bảng niêm yết, danh mục TTHC' },
    { fieldCode: '5', title: 'Đánh giá mức độ hài lòng với cán bộ tiếp nhận tại quầy', ownerDepartmentId: dept('MC'), deadline: '2026-11-30', expectedOutput: 'Báo cáo kết quả đánh giá' },
    { fieldCode: '7', title: 'Cung cấp dịch vụ công trực tuyến toàn trình cho 100% thủ tục đủ điều kiện', ownerDepartmentId: dept('QTG'), deadline: '2026-12-15', expectedOutput: 'Danh mục DVC trực tuyến toàn trình' },
  ];
  const created = [];
  for (const t of tasks) created.push(await plans.addTask(leader, plan.id, { ...t, evidenceRequired: true }));
  const pdf = demoScanPdf();
  const staged = await ctx.services.files.stage(Readable.from([pdf]), 'ke-hoach-tuyen-truyen-cchc-2026.pdf');
  // Reported in the past: the first task done on time with its evidence, the third under way.
  await plans.report(specialist, created[0]!.id, { progress: 100, note: 'Đã ban hành Kế hoạch số 15/KH-BQTG ngày 20/02/2026.' }, staged, new Date('2026-02-20T03:00:00Z'));
  await plans.report(specialist, created[2]!.id, { progress: 40, note: 'Đã lấy ý kiến các tổ chức, cá nhân về phương án đơn giản hóa.' });
  return created.length;
}
