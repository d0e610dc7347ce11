// The demo's feedback (phản ánh, kiến nghị; issue 18): a few items at the Copyright Office, through the feedback
// service as a citizen and the officers would send and handle them — two answered and published (personal data
// masked, one rated), a complaint about one of demo.congdan's dossiers (classified, assigned, counted by the 766
// scorecard), and one taken at the counter, still open. Runs after the demo's year of history. Idempotent.
import type { AppContext } from '../container.ts';

const COPYRIGHT_OFFICE = '000.00.12.G14';
const FIRST_TITLE = 'Đề nghị hướng dẫn rõ thành phần hồ sơ đăng ký quyền tác giả';

export async function seedDemoFeedback(ctx: AppContext): Promise<number | null> {
  if (await ctx.db.selectFrom('feedback').select('id').where('title', '=', FIRST_TITLE).limit(1).executeTakeFirst()) return null;
  const [citizen, reception, specialist] = await Promise.all([ctx.services.identity.actorByUsername('demo.congdan'), ctx.services.identity.actorByUsername('demo.motcua'), ctx.services.identity.actorByUsername('demo.chuyenvien')]);
  if (!citizen || !reception || !specialist) return null;
  const feedback = ctx.services.feedback;
  let count = 0;

  const first = await feedback.submit(citizen, {
    category: 'procedure',
    agencyCode: COPYRIGHT_OFFICE,
    procedureCode: '1.001823',
    title: FIRST_TITLE,
    content: 'Tôi là Nguyễn Văn An, điện thoại 0912345678. Trang thủ tục chưa nói rõ có cần nộp bản sao tác phẩm hay không.',
  });
  count++;
  await feedback.act(reception, first.id, 'assign', { assigneeId: specialist.id });
  await feedback.act(specialist, first.id, 'answer', {
    answer: 'Cảm ơn ông Nguyễn Văn An. Hồ sơ gồm tờ khai và hai bản sao tác phẩm; hướng dẫn trên cổng đã được bổ sung.',
  });
  await feedback.act(specialist, first.id, 'publish', {});
  await feedback.rate({ actor: citizen }, first.id, { rating: 'satisfied', comment: 'Trả lời nhanh, rõ ràng.' });

  const second = await feedback.submit(citizen, {
    category: 'conduct',
    agencyCode: COPYRIGHT_OFFICE,
    title: 'Thời gian chờ tại bộ phận một cửa',
    content: 'Sáng thứ Hai phải chờ hơn một giờ tại quầy tiếp nhận. Đề nghị bố trí thêm cán bộ vào đầu tuần.',
  });
  count++;
  await feedback.act(reception, second.id, 'answer', { answer: 'Cơ quan đã bố trí thêm một quầy tiếp nhận vào sáng thứ Hai từ tháng này.' });
  await feedback.act(reception, second.id, 'publish', {});

  // A complaint about one of demo.congdan's dossiers at the Copyright Office (if the demo year made one).
  const dossier = await ctx.db
    .selectFrom('dossiers as d')
    .innerJoin('agencies as a', 'a.id', 'd.agency_id')
    .select(['d.code'])
    .where('d.applicant_id', '=', citizen.id)
    .where('a.code', '=', COPYRIGHT_OFFICE)
    .where('d.code', 'is not', null)
    .orderBy('d.submitted_at', 'desc')
    .executeTakeFirst();
  if (dossier?.code) {
    const complaint = await feedback.submit(citizen, {
      category: 'procedure',
      dossierCode: dossier.code,
      title: 'Hồ sơ bị yêu cầu bổ sung nhiều lần',
      content: 'Hồ sơ của tôi bị yêu cầu bổ sung hai lần với hai nội dung khác nhau. Đề nghị xem xét.',
    });
    count++;
    await feedback.act(reception, complaint.id, 'classify', { isComplaint: true });
    await feedback.act(reception, complaint.id, 'assign', { assigneeId: specialist.id });
  }

  await feedback.intake(reception, {
    category: 'regulation',
    agencyCode: COPYRIGHT_OFFICE,
    title: 'Kiến nghị về lệ phí cấp giấy chứng nhận',
    content: 'Đề nghị công khai mức lệ phí tại quầy và trên cổng dịch vụ công.',
    contactName: 'Lê Thị Hoa',
    phone: '0987654321',
  });
  count++;
  return count;
}
