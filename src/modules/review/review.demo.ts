// The demo's procedure review: the Copyright Office's review of the current year with two of its published
// procedures (sheets prefilled from the catalog, frequencies from the demo's dossiers), one with a proposal (the
// certified copy of the ID removed — data sharing — and the dossier moved online). Through ReviewService as the
// demo specialist (demo.chuyenvien). Idempotent: nothing when the office already has a review of the year.
import type { AppContext } from '../../container.ts';
import { vietnamYear } from '../../core/time.ts';

const COPYRIGHT_OFFICE = '000.00.12.G14';

/** The number of procedures reviewed, or null when there was nothing to do. */
export async function seedDemoReview(ctx: AppContext, now = new Date()): Promise<number | null> {
  const actor = await ctx.services.identity.actorByUsername('demo.chuyenvien');
  const agency = await ctx.services.agencies.byCode(COPYRIGHT_OFFICE);
  if (!actor || !agency) return null;
  const year = vietnamYear(now);
  if (await ctx.db.selectFrom('procedure_reviews').select('id').where('agency_id', '=', agency.id).where('year', '=', year).executeTakeFirst()) return null;
  const review = ctx.services.review;
  const created = await review.create(actor, { agency: COPYRIGHT_OFFICE, year });
  const candidates = (await review.candidates(actor, created.id)).slice(0, 2);
  let count = 0;
  for (const [n, c] of candidates.entries()) {
    const item = await review.addProcedure(actor, created.id, c.code, now);
    count++;
    if (n !== 0) continue;
    const { item: view } = await review.item(actor, created.id, item.id);
    const certified = view.facts.documents.findIndex((d) => d.originalKind === 'certified_copy' || d.originalKind === 'original_or_certified');
    const kinds = [...(certified >= 0 ? ['remove_document'] : []), ...(view.facts.onlineLevel < 4 ? ['move_online'] : []), 'merge_steps'];
    await review.saveProposal(actor, created.id, item.id, {
      proposal: {
        kinds,
        reason: 'Khai thác thông tin nhân thân từ Cơ sở dữ liệu quốc gia về dân cư thay cho bản sao chứng thực; tiếp nhận, trả kết quả trực tuyến toàn trình; gộp bước thẩm định và trình ký.',
        removeDocuments: certified >= 0 ? [certified] : [],
        onlineLevel: view.facts.onlineLevel < 4 ? 4 : null,
      },
    });
  }
  return count;
}
