// Procedure review on a real database: the frequency prefilled from the dossiers of the last 12 months, the sheet
// prefilled from the catalog's version, a withdrawn procedure refused, the approval flow with its history and audit
// entries (who may do what), a new catalog version drafted from an approved proposal, and the evidence figures
// (working days, late rate, supplement items matched to documents, online share, ratings).
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { Actor } from '../../src/core/actor.ts';
import { DomainError } from '../../src/core/errors.ts';
import { seedDemoReview } from '../../src/modules/review/review.demo.ts';
import { createTestContext } from '../helpers/db.ts';
import { actorByUsername, COPYRIGHT_PROCEDURE, newCitizen, submittedDossier } from '../helpers/dossiers.ts';

const ctx = await createTestContext({ demo: true });
const review = ctx.services.review;
let specialist: Actor;
let leader: Actor;
let catalogManager: Actor;
let admin: Actor;
let receptionist: Actor;

const code = (error: unknown) => (error instanceof DomainError ? error.code : String(error));
const NOW = new Date('2026-06-15T03:00:00Z');
const DAY = 86_400_000;

before(async () => {
  specialist = await actorByUsername(ctx, 'demo.chuyenvien');
  leader = await actorByUsername(ctx, 'demo.lanhdao');
  catalogManager = await actorByUsername(ctx, 'demo.danhmuc');
  admin = await actorByUsername(ctx, 'demo.quantri');
  receptionist = await actorByUsername(ctx, 'demo.motcua');
});

/** Dossiers of the copyright procedure: received `daysAgo` before NOW, resolved after `took` calendar days. */
async function dossiers(specs: Array<{ daysAgo: number; took?: number; late?: boolean; channel?: number; supplement?: string; rating?: number }>) {
  const citizen = await newCitizen(ctx, 'Trần Văn Rà Soát');
  for (const s of specs) {
    const d = await submittedDossier(ctx, citizen, { procedureCode: COPYRIGHT_PROCEDURE, now: new Date(NOW.getTime() - s.daysAgo * DAY) });
    const received = new Date(NOW.getTime() - s.daysAgo * DAY);
    const finished = s.took === undefined ? null : new Date(received.getTime() + s.took * DAY);
    await ctx.db
      .updateTable('dossiers')
      .set({ status: finished ? 10 : 2, received_at: received, finished_at: finished, timeliness: finished ? (s.late ? 'late' : 'on_time') : null, channel: s.channel ?? 2 })
      .where('id', '=', d.id)
      .execute();
    if (s.supplement) await ctx.db.insertInto('dossier_pauses').values({ dossier_id: d.id, kind: 'supplement', started_at: new Date(received.getTime() + DAY), ended_at: new Date(received.getTime() + 2 * DAY), reason: s.supplement }).execute();
    if (s.rating !== undefined) await ctx.db.insertInto('dossier_ratings').values({ dossier_id: d.id, account_id: citizen.id, agency_id: d.agencyId, score: s.rating, max_score: 10, comment: null, created_at: new Date(received.getTime() + 5 * DAY) }).execute();
  }
}

describe('procedure review: a review, the sheet and the frequency from the dossiers', () => {
  let reviewId = '';
  let itemId = '';

  it('counts the dossiers received in the 12 months before as the yearly frequency, and prefills the sheet from the version', async () => {
    await dossiers([
      { daysAgo: 10, took: 7, supplement: 'Bản sao chứng thực giấy tờ tùy thân\nẢnh chân dung', rating: 8 },
      { daysAgo: 40, took: 3, channel: 1 },
      { daysAgo: 100, took: 30, late: true, supplement: 'Bổ sung bản sao chứng thực giấy tờ tùy thân (rõ nét)', rating: 10 },
      { daysAgo: 200 },
      { daysAgo: 400, took: 5 }, // before the 12 months: not counted
    ]);
    // The procedure offered at level 3 (partial): the proposal raises it.
    await ctx.db.updateTable('procedure_versions').set({ online_level: 3, online_class: 'partial' }).where('id', '=', (await ctx.services.catalog.published(COPYRIGHT_PROCEDURE)).id).execute();
    const r = await review.create(specialist, { agency: '000.00.12.G14', year: 2026 });
    reviewId = r.id;
    const item = await review.addProcedure(specialist, r.id, COPYRIGHT_PROCEDURE, NOW);
    itemId = item.id;
    assert.equal(item.measured_frequency, 4);
    assert.equal(item.frequency, 4);
    const version = await ctx.services.catalog.published(COPYRIGHT_PROCEDURE);
    const docs = item.sheet_before.filter((row) => row.kind === 'document').map((row) => row.label);
    assert.deepEqual(docs, version.documents.map((d) => d.name));
    assert.ok(item.sheet_before.some((row) => row.kind === 'submission'));
    // A second time: already listed.
    await assert.rejects(review.addProcedure(specialist, r.id, COPYRIGHT_PROCEDURE, NOW), (e) => code(e) === 'REVIEW_PROCEDURE_LISTED');
    // Another year for the same agency is another review; the same year again is refused.
    await assert.rejects(review.create(specialist, { agency: '000.00.12.G14', year: 2026 }), (e) => code(e) === 'REVIEW_EXISTS');
  });

  it('refuses a retired (withdrawn) procedure, naming it', async () => {
    // A published procedure of the office, retired through the catalog.
    const other = (await ctx.services.catalog.search({ agency: '000.00.12.G14', pageSize: 50 })).rows.find((row) => row.code !== COPYRIGHT_PROCEDURE)!;
    await ctx.services.catalog.retire(catalogManager, other.code, NOW);
    await assert.rejects(review.addProcedure(specialist, reviewId, other.code, NOW), (e) => {
      assert.equal(code(e), 'REVIEW_PROCEDURE_RETIRED');
      assert.deepEqual((e as DomainError).fieldErrors.map((f) => [f.path, f.code, f.params?.code]), [['/code', 'REVIEW_PROCEDURE_RETIRED', other.code]]);
      return true;
    });
    await assert.rejects(review.addProcedure(specialist, reviewId, '9.999999', NOW), (e) => code(e) === 'VALIDATION_FAILED');
  });

  it('refuses a sheet with negative or missing values, naming the row and field; saves a good one', async () => {
    await assert.rejects(
      review.saveSheet(specialist, reviewId, itemId, { frequency: 4, rows: [{ kind: 'document', label: 'Tờ khai', hours: 2, amountVnd: -1 }, { kind: 'travel', label: 'Đi lại', hours: null, amountVnd: 30_000 }] }),
      (e) => {
        assert.equal(code(e), 'REVIEW_SHEET_INVALID');
        assert.deepEqual((e as DomainError).fieldErrors.map((f) => [f.path, f.code]), [['/before/rows/0/amountVnd', 'REVIEW_ROW_NEGATIVE'], ['/before/rows/1/hours', 'REVIEW_ROW_MISSING']]);
        return true;
      },
    );
    const rows = [
      { kind: 'document', label: 'Tờ khai đăng ký', hours: 2, amountVnd: 0 },
      { kind: 'document', label: 'Bản sao chứng thực giấy tờ tùy thân', hours: 1.5, amountVnd: 4_000 },
      { kind: 'document', label: 'Hai bản mẫu tác phẩm', hours: 4, amountVnd: 50_000 },
      { kind: 'submission', label: 'Đi lại, nộp hồ sơ', hours: 3, amountVnd: 40_000 },
      { kind: 'fee', label: 'Lệ phí', hours: 0, amountVnd: 100_000 },
      { kind: 'result', label: 'Đi lại, nhận kết quả', hours: 2, amountVnd: 40_000 },
    ];
    const saved = await review.saveSheet(specialist, reviewId, itemId, { frequency: 1_250, rows });
    // The worked example of the rules test, with the year's statutory wage (2,340,000 đồng a month).
    assert.equal(saved.cost.before.perDossierVnd, 400_188n);
    assert.equal(saved.cost.before.yearlyVnd, 500_235_000n);
  });

  it('keeps a proposal that raises the cost, flagged', async () => {
    const item = await review.saveProposal(specialist, reviewId, itemId, {
      proposal: { kinds: ['merge_steps'], reason: 'Thuê dịch vụ tư vấn' },
      after: [{ kind: 'service', label: 'Tư vấn', hours: 0, amountVnd: 500_000 }, { kind: 'fee', label: 'Lệ phí', hours: 0, amountVnd: 100_000 }],
    });
    assert.equal(item.cost.raised, true);
    assert.deepEqual(item.warnings, ['REVIEW_COST_RAISED']);
  });

  it('goes through draft → submitted → returned → submitted → approved, each step with a history row and an audit entry', async () => {
    const { item } = await review.item(specialist, reviewId, itemId);
    const version = await ctx.services.catalog.published(COPYRIGHT_PROCEDURE);
    const certified = version.documents.findIndex((d) => d.original_kind === 'certified_copy' || d.original_kind === 'original_or_certified');
    const removeIndex = certified >= 0 ? certified : 0;
    const p = await review.saveProposal(specialist, reviewId, itemId, {
      proposal: { kinds: ['remove_document', 'shorten_time_limit', 'move_online', 'merge_steps'], reason: 'Khai thác dữ liệu dân cư; trực tuyến toàn trình', removeDocuments: [removeIndex], timeLimitValue: Math.max(0, Number(version.time_limit_value) - 5), onlineLevel: 4 },
    });
    assert.equal(p.cost.raised, false);
    assert.ok(p.cost.rateBp! > 0);
    assert.ok(!p.sheet_after!.some((row) => row.kind === 'document' && row.label === version.documents[removeIndex]!.name), 'the removed document’s row is not in the sheet after');
    void item;

    await assert.rejects(review.approve(leader, reviewId), (e) => code(e) === 'REVIEW_STATE');
    await assert.rejects(review.submit(leader, reviewId), (e) => code(e) === 'FORBIDDEN');
    await assert.rejects(review.detail(receptionist, reviewId), (e) => code(e) === 'NOT_FOUND');
    await review.submit(specialist, reviewId);
    await assert.rejects(review.saveSheet(specialist, reviewId, itemId, { frequency: 1, rows: [] }), (e) => code(e) === 'REVIEW_STATE');
    await assert.rejects(review.approve(specialist, reviewId), (e) => code(e) === 'FORBIDDEN');
    await assert.rejects(review.returnForRework(leader, reviewId, ''), (e) => code(e) === 'VALIDATION_FAILED');
    await review.returnForRework(leader, reviewId, 'Bổ sung số liệu thời gian giải quyết');
    await review.submit(specialist, reviewId);
    await assert.rejects(review.draftVersion(catalogManager, reviewId, itemId), (e) => code(e) === 'REVIEW_NOT_APPROVED');
    await review.approve(leader, reviewId, 'Đồng ý');
    const d = await review.detail(leader, reviewId);
    assert.equal(d.review.status, 'approved');
    assert.deepEqual(d.events.map((e) => [e.action, e.to_status]), [['create', 'draft'], ['submit', 'submitted'], ['return', 'returned'], ['submit', 'submitted'], ['approve', 'approved']]);
    assert.equal(d.events[2]!.note, 'Bổ sung số liệu thời gian giải quyết');
    const actions = (await ctx.db.selectFrom('audit_log').select('action').where('action', 'like', 'review.%').execute()).map((r) => r.action);
    for (const a of ['review.create', 'review.item.add', 'review.sheet.save', 'review.proposal.save', 'review.submit', 'review.return', 'review.approve']) assert.ok(actions.includes(a), a);
  });

  it('drafts a new catalog version from the approved proposal: document removed, time limit shortened, level raised, a note for merged steps', async () => {
    const published = await ctx.services.catalog.published(COPYRIGHT_PROCEDURE);
    const { item } = await review.item(specialist, reviewId, itemId);
    const removedName = published.documents[item.proposal!.removeDocuments[0]!]!.name;
    // The specialist is no catalog manager: the catalog refuses.
    await assert.rejects(review.draftVersion(specialist, reviewId, itemId), (e) => code(e) === 'FORBIDDEN');
    const drafted = await review.draftVersion(catalogManager, reviewId, itemId);
    assert.equal(drafted.version, published.version + 1);
    assert.match(drafted.note ?? '', /Gộp các bước/);
    const admin = await ctx.services.catalog.adminProcedure(catalogManager, COPYRIGHT_PROCEDURE);
    const draft = admin.draft!;
    assert.equal(draft.version, drafted.version);
    assert.ok(!draft.documents.some((d) => d.name === removedName));
    assert.equal(draft.documents.length, published.documents.length - 1);
    assert.equal(Number(draft.time_limit_value), item.proposal!.timeLimitValue);
    assert.equal(draft.online_level, 4);
    assert.equal(draft.online_class, 'full');
    // Once only.
    await assert.rejects(review.draftVersion(catalogManager, reviewId, itemId), (e) => code(e) === 'REVIEW_ALREADY_DRAFTED');
    assert.equal((await review.item(specialist, reviewId, itemId)).item.drafted_version, drafted.version);
  });

  it('shows the evidence: handling time in working days, late rate, supplement items matched to documents, online share, ratings', async () => {
    const e = await review.evidence(specialist, reviewId, itemId, NOW);
    assert.equal(e.received, 4);
    assert.equal(e.online, 3);
    assert.equal(e.onlineBp, 7500);
    assert.equal(e.resolved, 3);
    assert.equal(e.late, 1);
    assert.equal(e.lateBp, 3333);
    assert.equal(e.histogram.reduce((s, n) => s + n, 0), 3);
    assert.ok(e.medianDays !== null && e.medianDays >= 4 && e.medianDays <= 5, String(e.medianDays)); // 7 calendar days
    assert.equal(e.supplementRequests, 2);
    assert.equal(e.supplementDossiers, 2);
    const published = await ctx.services.catalog.versionRecord(ctx.db, e.item.version_id);
    const certified = published!.documents.find((d) => /chứng thực/i.test(d.name));
    if (certified) assert.deepEqual(e.askedAgain[0], { item: certified.name, document: true, count: 2 });
    assert.ok(e.askedAgain.some((a) => a.item === 'Ảnh chân dung' && !a.document));
    assert.equal(e.ratings, 2);
    assert.equal(e.ratingPct, 90);
  });

  it('lets administrators set the wage of a year (others: 403), which prices the sheets', async () => {
    await assert.rejects(review.setWage(specialist, { year: 2026, monthlyWageVnd: 2_500_000 }), (e) => code(e) === 'FORBIDDEN');
    await assert.rejects(review.setWage(admin, { year: 2026, monthlyWageVnd: -1 }), (e) => code(e) === 'VALIDATION_FAILED');
    await review.setWage(admin, { year: 2026, monthlyWageVnd: 2_640_000 });
    const d = await review.detail(specialist, reviewId);
    assert.equal(d.hourly, 15_000n);
  });
});

describe('procedure review: the demo', () => {
  it('reviews two procedures of the Copyright Office, one with a proposal, once', async () => {
    const year = 2031;
    const now = new Date(`${year}-03-01T03:00:00Z`);
    assert.equal(await seedDemoReview(ctx, now), 2);
    assert.equal(await seedDemoReview(ctx, now), null);
    const { items } = await review.list(specialist);
    const demo = items.find((r) => r.year === year)!;
    const d = await review.detail(specialist, demo.id);
    assert.equal(d.items.length, 2);
    assert.equal(d.items.filter((i) => i.proposal).length, 1);
  });
});
