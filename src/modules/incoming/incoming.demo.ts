// The demo's incoming documents (văn bản đến; issue 19): a dozen documents at the Copyright Office, registered,
// routed, assigned and handled through the incoming service as the clerk (demo.motcua), the leader (demo.lanhdao),
// the department head (demo.truongphong) and the specialist (demo.chuyenvien) would — over the last three weeks, so
// that the register, the reminders and the report (one overdue, one handled late) have something to show; one
// confidential, one received electronically. Idempotent (skipped when the first one is there).
import type { AppContext } from '../../container.ts';
import { addDays, vietnamDate } from '../../core/time.ts';

const COPYRIGHT_OFFICE = '000.00.12.G14';
const FIRST = '215/UBND-VX';

type Step = 'register' | 'route' | 'assign' | 'opinion' | 'close';

interface DemoDocument {
  issuer: string;
  numberSymbol: string;
  docType: string;
  excerpt: string;
  urgency?: string;
  confidentiality?: string;
  /** Days ago it was received (and issued two days before). */
  daysAgo: number;
  /** How far it went. */
  until: Step;
  workingDays?: number;
  electronic?: boolean;
}

const DOCUMENTS: DemoDocument[] = [
  { issuer: 'Ủy ban nhân dân tỉnh Trà Vinh', numberSymbol: FIRST, docType: 'official_letter', excerpt: 'Về việc đề nghị hướng dẫn đăng ký quyền tác giả đối với tác phẩm văn học nghệ thuật dân gian', daysAgo: 20, until: 'close', workingDays: 10 },
  { issuer: 'Bộ Văn hóa, Thể thao và Du lịch', numberSymbol: '1024/QĐ-BVHTTDL', docType: 'decision', excerpt: 'Quyết định công bố thủ tục hành chính được sửa đổi trong lĩnh vực quyền tác giả, quyền liên quan', urgency: 'urgent', daysAgo: 18, until: 'close', workingDays: 3 },
  { issuer: 'Văn phòng Chính phủ', numberSymbol: '812/VPCP-KSTT', docType: 'official_letter', excerpt: 'Về việc đẩy mạnh cung cấp dịch vụ công trực tuyến toàn trình', urgency: 'very_urgent', daysAgo: 14, until: 'opinion', workingDays: 5 },
  { issuer: 'Sở Văn hóa, Thể thao và Du lịch Hà Nội', numberSymbol: '356/SVHTTDL-QLDSVH', docType: 'official_letter', excerpt: 'Về việc xác minh thông tin Giấy chứng nhận đăng ký quyền tác giả số 1234/2024/QTG', daysAgo: 9, until: 'assign', workingDays: 10 },
  { issuer: 'Thanh tra Bộ Văn hóa, Thể thao và Du lịch', numberSymbol: '45/TTr-TTB', docType: 'official_letter', excerpt: 'Về việc cung cấp hồ sơ phục vụ thanh tra việc cấp giấy chứng nhận', confidentiality: 'confidential', daysAgo: 7, until: 'assign', workingDays: 5 },
  { issuer: 'Ủy ban nhân dân tỉnh Trà Vinh', numberSymbol: '88/KH-UBND', docType: 'plan', excerpt: 'Kế hoạch số hóa hồ sơ, kết quả giải quyết thủ tục hành chính năm 2026', daysAgo: 6, until: 'route' },
  { issuer: 'Cục Bản quyền tác giả khu vực phía Nam', numberSymbol: '77/BC-BQTGPN', docType: 'report', excerpt: 'Báo cáo tình hình tiếp nhận, giải quyết hồ sơ đăng ký quyền tác giả quý III', daysAgo: 5, until: 'close', workingDays: 5 },
  { issuer: 'Hội Nhà văn Việt Nam', numberSymbol: '19/HNV-VP', docType: 'official_letter', excerpt: 'Về việc đề nghị phối hợp tổ chức hội thảo về bảo hộ quyền tác giả trên môi trường số', daysAgo: 4, until: 'assign', workingDays: 15 },
  { issuer: 'Bộ Tư pháp', numberSymbol: '2105/BTP-KSTT', docType: 'official_letter', excerpt: 'Về việc rà soát, đơn giản hóa thủ tục hành chính, giấy tờ công dân', daysAgo: 3, until: 'register', electronic: true },
  { issuer: 'Ủy ban nhân dân thành phố Hồ Chí Minh', numberSymbol: '5012/UBND-VX', docType: 'invitation', excerpt: 'Giấy mời dự hội nghị trực tuyến về chuyển đổi số trong lĩnh vực văn hóa', urgency: 'flash', daysAgo: 2, until: 'route' },
  { issuer: 'Công ty TNHH Truyền thông Sen Vàng', numberSymbol: '03/CV-SV', docType: 'official_letter', excerpt: 'Về việc đề nghị cấp lại Giấy chứng nhận đăng ký quyền tác giả bị mất', daysAgo: 1, until: 'register' },
  { issuer: 'Sở Văn hóa và Thể thao Đà Nẵng', numberSymbol: '1210/SVHTT-VP', docType: 'notice', excerpt: 'Thông báo lịch tiếp công dân định kỳ tháng 12', daysAgo: 0, until: 'register' },
];

const ORDER: Step[] = ['register', 'route', 'assign', 'opinion', 'close'];

export async function seedDemoIncoming(ctx: AppContext): Promise<number | null> {
  if (await ctx.db.selectFrom('incoming_documents').select('id').where('number_symbol', '=', FIRST).limit(1).executeTakeFirst()) return null;
  const [clerk, leader, head, specialist] = await Promise.all([ctx.services.identity.actorByUsername('demo.motcua'), ctx.services.identity.actorByUsername('demo.lanhdao'), ctx.services.identity.actorByUsername('demo.truongphong'), ctx.services.identity.actorByUsername('demo.chuyenvien')]);
  const agency = await ctx.db.selectFrom('agencies').select('id').where('code', '=', COPYRIGHT_OFFICE).executeTakeFirst();
  if (!clerk || !leader || !head || !specialist || !agency) return null;
  const department = await ctx.db.selectFrom('departments').select('id').where('agency_id', '=', agency.id).where('code', '=', 'QTG').executeTakeFirst();
  const incoming = ctx.services.incoming;
  const now = Date.now();
  let count = 0;
  for (const d of DOCUMENTS) {
    const at = (hours: number) => new Date(now - d.daysAgo * 86_400_000 + hours * 3_600_000);
    const day = vietnamDate(at(0));
    const metadata = { issuer: d.issuer, numberSymbol: d.numberSymbol, issuedOn: addDays(day, -2), docType: d.docType, excerpt: d.excerpt, urgency: d.urgency ?? 'normal', confidentiality: d.confidentiality ?? 'none', pageCount: 2 };
    const registered = d.electronic
      ? await incoming.registerReceived({ ...metadata, agencyId: agency.id, senderCode: '000.00.00.G12', packageId: `demo-${d.numberSymbol}`, receivedAt: at(0).toISOString() })
      : await incoming.register(clerk, { ...metadata, agencyId: agency.id }, undefined, at(0));
    count++;
    const reach = ORDER.indexOf(d.until);
    if (reach >= 1) await incoming.act(clerk, registered.id, 'route', { leaderId: leader.id }, at(1));
    if (reach >= 2) {
      await incoming.act(leader, registered.id, 'assign', { leadId: specialist.id, coordinateIds: [head.id], leadDepartmentId: department?.id, workingDays: d.workingDays ?? 10 }, at(2));
    }
    if (reach >= 3) await incoming.act(specialist, registered.id, 'opinion', { text: 'Đã rà soát, đề xuất phương án trả lời và xin ý kiến lãnh đạo.' }, at(20));
    if (reach >= 4) await incoming.act(specialist, registered.id, 'close', { note: 'Đã xử lý xong, lưu hồ sơ.' }, at(d.daysAgo > 15 ? 24 * 7 : 26));
  }
  return count;
}
