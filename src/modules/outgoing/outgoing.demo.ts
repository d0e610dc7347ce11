// The demo's outgoing documents (issue 19): at the Copyright Office, an approval chain for official letters (head of
// department, then the leader) and three documents through the service as the officers would make them — a
// draft, an official letter in review (at the head of department), and an issued notice (signed by the leader and
// sealed by the agency, number 01 of the year's register). Runs after the demo's history. Idempotent.
import type { AppContext } from '../../container.ts';

const COPYRIGHT_OFFICE = '000.00.12.G14';
const FIRST_EXCERPT = 'Về việc hướng dẫn thành phần hồ sơ đăng ký quyền tác giả';

/** The number of documents made (null when already there or the demo accounts are missing). */
export async function seedDemoOutgoing(ctx: AppContext): Promise<number | null> {
  if (await ctx.db.selectFrom('outgoing_documents').select('id').where('excerpt', '=', FIRST_EXCERPT).limit(1).executeTakeFirst()) return null;
  const [specialist, leader] = await Promise.all([ctx.services.identity.actorByUsername('demo.chuyenvien'), ctx.services.identity.actorByUsername('demo.lanhdao')]);
  if (!specialist || !leader) return null;
  const outgoing = ctx.services.outgoing;
  const base = { place: 'Hà Nội', signerId: leader.id, signerTitle: 'Cục trưởng', agencyCode: COPYRIGHT_OFFICE };
  await outgoing.saveChain(leader, COPYRIGHT_OFFICE, 'official_letter', [{ role: 'department_head' }, { accountId: leader.id }]);

  await outgoing.create(specialist, {
    ...base,
    docType: 'official_letter',
    unitAbbreviation: 'QTG',
    excerpt: FIRST_EXCERPT,
    body: 'Cục Bản quyền tác giả hướng dẫn thành phần hồ sơ đăng ký quyền tác giả như sau:\nTờ khai đăng ký (mẫu số 01), hai bản sao tác phẩm, giấy ủy quyền nếu nộp qua người được ủy quyền.',
    recipients: [{ agencyCode: '000.20.00.H59' }, { name: 'Hội Nhà văn Việt Nam', address: '9 Nguyễn Đình Chiểu, Hà Nội' }],
  });

  const review = await outgoing.create(specialist, {
    ...base,
    docType: 'official_letter',
    unitAbbreviation: 'QTG',
    excerpt: 'Về việc phối hợp kiểm tra bản quyền tại các cơ sở in',
    body: 'Đề nghị Sở Văn hóa, Thể thao và Du lịch tỉnh Trà Vinh phối hợp kiểm tra việc tuân thủ quy định về quyền tác giả tại các cơ sở in trên địa bàn.',
    recipients: [{ agencyCode: '000.20.00.H59' }],
  });
  await outgoing.act(specialist, review.id, 'submit');

  const notice = await outgoing.create(specialist, {
    ...base,
    docType: 'notice',
    excerpt: 'Thông báo lịch tiếp công dân quý I',
    body: 'Cục Bản quyền tác giả tiếp công dân vào sáng thứ Năm hằng tuần tại trụ sở cơ quan.',
    recipients: [{ name: 'Các phòng, đơn vị thuộc Cục' }],
  });
  await outgoing.act(specialist, notice.id, 'submit');
  await outgoing.issue(leader, notice.id);
  return 3;
}
