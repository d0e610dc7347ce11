// Procedure review rules: the compliance-cost arithmetic of Article 27 of Circular 02/2017/TT-VPCP in exact integer
// đồng, table-tested clause by clause on a worked example and on published totals; the reduction rate; a proposal
// that raises the cost (flagged); the sheet's validation naming row and field; the proposal's checks; the approval
// flow; the evidence helpers.
//
// Article 27 as read (https://hethongphapluat.com/thong-tu-02-2017-tt-vpcp-huong-dan-ve-nghiep-vu-kiem-soat-thu-tuc-hanh-chinh-do-van-phong-chinh-phu-ban-hanh/dieu-27):
//   1(a) current cost · 1(b) cost after simplification = current adjusted by the cuts · 1(c) benefit = current − after
//   3(a) cost of 1 procedure = cost of the work needed + fees, charges and other costs
//   3(b) yearly = cost of 1 procedure × times performed a year as regulated × subjects in the year
// Clause 4 (how each cost is determined, the wage per hour) and the Circular's forms, and a worked example with
// figures (also looked for in Công văn 28/CCTTHC of 15/01/2010, the earlier guidance: only its opening is stored,
// https://thuviennhadat.vn/vbpl/cong-van-28-cctthc-huong-dan-tinh-toan-chi-phi-tuan-thu-thu-tuc-hanh-chinh-100565.html)
// were NOT found in the reference library. So the worked example is CONSTRUCTED by hand from the clauses: a
// copyright registration priced with the 2024 base wage, each figure below derived by its clause's formula from the
// previous ones (the table repeats the derivation as code):
//   hourly wage = 2,340,000 / 22 / 8 = 13,295.45… → 13,295 đồng (half up; the project's reading of the forms)
//   before, 3(a): work = declaration 2 h 26,590 + certified ID copy 1.5 h (19,942.5 → 19,943) + two specimens 4 h
//                 53,180 + travel to submit 3 h 39,885 + travel for the result 2 h 26,590                = 166,188
//                 fees, charges and other costs = 4,000 + 50,000 + 40,000 + 100,000 + 40,000             = 234,000
//                 cost of 1 procedure = 166,188 + 234,000                                                 = 400,188
//   after, 1(b) (certified copy removed — data sharing; submitted online, result by post), 3(a):
//                 work = 26,590 + 53,180 + online 0.5 h (6,647.5 → 6,648) + by post 0.5 h 6,648          =  93,066
//                 fees… = 50,000 + 100,000 + postage 25,000                                               = 175,000
//                 cost of 1 procedure = 93,066 + 175,000                                                  = 268,066
//   3(b): a registration is made once per work (1 time a year) by 1,250 applicants: 1 × 1,250 = 1,250 dossiers;
//         before 400,188 × 1 × 1,250 = 500,235,000; after 268,066 × 1 × 1,250 = 335,082,500
//   1(c): benefit 400,188 − 268,066 = 132,122 a dossier; 500,235,000 − 335,082,500 = 165,152,500 a year
//   rate (not in Article 27): 132,122 / 400,188 = 33.01498…% → 33,01 %.
// Published totals (figures only, no sheets) check the 1(c) subtraction and the rate on real magnitudes:
//   Hà Nội, 293 procedures restructured: before 2,306 tỷ, after 654 tỷ a year, saving 1,652 tỷ, 71,64 %
//     (https://dantri.com.vn/noi-vu/ha-noi-tiet-kiem-hon-1650-ty-dongnam-nho-tai-cau-truc-thu-tuc-hanh-chinh-20251225091944331.htm)
//   Bộ Xây dựng, 137 procedures: before 393,4 tỷ, after 201 tỷ a year, saving "192 tỷ" (rounded down there)
//     (https://baomoi.com/tiet-kiem-192-ty-dong-nam-nho-don-gian-hoa-thu-tuc/c/20959192.epi)
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  askedAgain,
  checkFrequency,
  checkProposal,
  checkSheet,
  compare,
  defaultMonthlyWage,
  draftPlan,
  formatRate,
  formatVndBig,
  histogram,
  hourlyWage,
  medianDays,
  parseNumber,
  prefillRows,
  reductionRateBp,
  reviewViolation,
  rowCost,
  rowsAfter,
  sheetCost,
  type SheetRow,
  type VersionFacts,
} from '../../src/modules/review/review.rules.ts';

const row = (kind: SheetRow['kind'], label: string, hours: number, amountVnd: number): SheetRow => ({ kind, label, hoursX100: Math.round(hours * 100), amountVnd });

const BEFORE: SheetRow[] = [
  row('document', 'Tờ khai đăng ký', 2, 0),
  row('document', 'Bản sao chứng thực giấy tờ tùy thân', 1.5, 4_000),
  row('document', 'Hai bản mẫu tác phẩm', 4, 50_000),
  row('submission', 'Đi lại, nộp hồ sơ', 3, 40_000),
  row('fee', 'Lệ phí cấp giấy chứng nhận', 0, 100_000),
  row('result', 'Đi lại, nhận kết quả', 2, 40_000),
];
const AFTER: SheetRow[] = [
  row('document', 'Tờ khai đăng ký', 2, 0),
  row('document', 'Hai bản mẫu tác phẩm', 4, 50_000),
  row('submission', 'Nộp hồ sơ trực tuyến', 0.5, 0),
  row('fee', 'Lệ phí cấp giấy chứng nhận', 0, 100_000),
  row('result', 'Nhận kết quả qua bưu chính', 0.5, 25_000),
];

describe('compliance cost: Article 27 of Circular 02/2017/TT-VPCP, clause by clause, on the worked example (constructed)', () => {
  const hourly = hourlyWage(2_340_000);

  it('prices an hour at the monthly base wage / 22 / 8, rounded half up to the đồng (the forms, clause 4: not found)', () => {
    for (const [monthly, expected] of [
      [2_340_000, 13_295n], // 13,295.45…
      [1_800_000, 10_227n], // 10,227.27…
      [1_490_000, 8_466n], // 8,465.909… → up
      [1_300_000, 7_386n], // 7,386.36…
      [176, 1n],
      [88, 1n], // 0.5 → half up
    ] as const) assert.equal(hourlyWage(monthly), expected, String(monthly));
    assert.equal(defaultMonthlyWage(2026), 2_340_000);
    assert.equal(defaultMonthlyWage(2023), 1_800_000);
    assert.equal(defaultMonthlyWage(2017), 1_300_000);
  });

  it('3(a), one row: hours × hourly wage rounded half up once (work) plus the cash costs (fees and other costs)', () => {
    const H = 13_295n;
    const halfUp = (x100: bigint) => (2n * x100 + 100n) / 200n; // (hours × 100 × H) / 100, half up
    const expected = [
      [halfUp(200n * H), 0n], // 26,590
      [halfUp(150n * H), 4_000n], // 19,942.5 → 19,943
      [halfUp(400n * H), 50_000n], // 53,180
      [halfUp(300n * H), 40_000n], // 39,885
      [0n, 100_000n],
      [halfUp(200n * H), 40_000n], // 26,590
    ];
    assert.equal(hourly, H);
    BEFORE.forEach((r, i) => {
      const [work, cash] = expected[i]!;
      assert.deepEqual([rowCost(r, hourly).timeVnd, rowCost(r, hourly).totalVnd], [work, work! + cash!], r.label);
    });
    assert.deepEqual(expected.map(([w]) => w), [26_590n, 19_943n, 53_180n, 39_885n, 0n, 26_590n]);
  });

  // [clause, what, the code's figure, the clause's formula over the previous steps, the example's figure]
  const TIMES_A_YEAR = 1n; // a registration is made once per work
  const SUBJECTS = 1_250n; // applicants in the year
  const c = compare(BEFORE, AFTER, hourly, Number(TIMES_A_YEAR * SUBJECTS));
  const work = (s: typeof c.before) => s.rows.reduce((t, r) => t + r.timeVnd, 0n);
  const cash = (s: typeof c.before) => s.rows.reduce((t, r) => t + r.totalVnd - r.timeVnd, 0n);
  const table: Array<[string, string, bigint | number | null, bigint | number | null, bigint | number | null]> = [
    ['3(a)', 'before: cost of the work needed', work(c.before), 26_590n + 19_943n + 53_180n + 39_885n + 0n + 26_590n, 166_188n],
    ['3(a)', 'before: fees, charges and other costs', cash(c.before), 4_000n + 50_000n + 40_000n + 100_000n + 40_000n, 234_000n],
    ['3(a)', 'before: cost of 1 procedure = work + fees…', c.before.perDossierVnd, 166_188n + 234_000n, 400_188n],
    ['3(b)', 'before: yearly = cost × times a year × subjects', c.before.yearlyVnd, 400_188n * TIMES_A_YEAR * SUBJECTS, 500_235_000n],
    ['1(b)', 'after: cost of the work needed (certified copy cut, online, by post)', work(c.after!), 26_590n + 53_180n + 6_648n + 0n + 6_648n, 93_066n],
    ['1(b)', 'after: fees, charges and other costs', cash(c.after!), 50_000n + 0n + 100_000n + 25_000n, 175_000n],
    ['1(b)', 'after: cost of 1 procedure', c.after!.perDossierVnd, 93_066n + 175_000n, 268_066n],
    ['1(b)', 'after: yearly', c.after!.yearlyVnd, 268_066n * TIMES_A_YEAR * SUBJECTS, 335_082_500n],
    ['1(c)', 'benefit a dossier = current − after', c.savingPerDossierVnd, 400_188n - 268_066n, 132_122n],
    ['1(c)', 'benefit a year = current − after', c.savingYearlyVnd, 500_235_000n - 335_082_500n, 165_152_500n],
    ['1(c)', 'benefit a year = benefit a dossier × times × subjects', c.savingYearlyVnd, 132_122n * TIMES_A_YEAR * SUBJECTS, 165_152_500n],
    ['rate', 'saving / current, half away from zero, 2 decimals (not in Art. 27)', c.rateBp, Number((132_122n * 10_000n * 2n + 400_188n) / (2n * 400_188n)), 3301],
  ];
  for (const [clause, what, actual, formula, figure] of table) {
    it(`${clause}: ${what} = ${String(figure)}`, () => {
      assert.equal(formula, figure, 'the formula gives the example\'s figure');
      assert.equal(actual, figure, 'the code gives the example\'s figure');
    });
  }

  it('shows the example as the report does', () => {
    assert.equal(formatRate(c.rateBp), '33,01 %');
    assert.equal(formatRate(c.rateBp, 'en'), '33.01%');
    assert.equal(formatVndBig(c.before.yearlyVnd), '500.235.000');
    assert.equal(c.raised, false);
    assert.equal(c.before.timeHoursX100, 1_250);
  });

  it('2(b) no opportunity cost: a shorter time limit alone leaves the sheet after equal to the sheet before (1(b))', () => {
    const p = { kinds: ['shorten_time_limit' as const], reason: 'Rút ngắn thời hạn', removeDocuments: [], timeLimitValue: 10, onlineLevel: null };
    const after = rowsAfter(BEFORE, p, FACTS);
    assert.deepEqual(after, BEFORE);
    assert.equal(compare(BEFORE, after, hourly, 1_250).savingYearlyVnd, 0n);
  });

  it('3(b) with two factors: the frequency is their product, the dossiers a year', () => {
    // A quarterly report (4 times a year as regulated) by 300 firms: 1,200 dossiers.
    const s = sheetCost(BEFORE, hourly, 4 * 300);
    assert.equal(s.yearlyVnd, 400_188n * 4n * 300n);
    assert.equal(s.yearlyVnd, 480_225_600n);
    assert.equal(sheetCost(BEFORE, hourly, 0).yearlyVnd, 0n, 'no dossier, no yearly cost');
  });

  it('1(c) and the rate on published totals (Hà Nội 2025; Bộ Xây dựng) — see the header for the addresses', () => {
    const TY = 1_000_000_000; // 1 tỷ đồng
    const total = (ty: number) => [row('other', 'Tổng chi phí tuân thủ một năm', 0, ty * TY)];
    // Hà Nội: before 2,306 tỷ, after 654 tỷ → saving 1,652 tỷ, 71,64 % (1,652 / 2,306 = 71.639…%).
    const hn = compare(total(2_306), total(654), hourly, 1);
    assert.equal(hn.savingYearlyVnd, 1_652n * BigInt(TY));
    assert.equal(hn.rateBp, 7164);
    assert.equal(formatRate(hn.rateBp), '71,64 %');
    // Bộ Xây dựng: 393,4 tỷ → 201 tỷ, saving 192,4 tỷ, published as "192 tỷ".
    const xd = compare([row('other', 'Tổng', 0, 393_400_000_000)], total(201), hourly, 1);
    assert.equal(xd.savingYearlyVnd, 192_400_000_000n);
    assert.equal(xd.savingYearlyVnd! / BigInt(TY), 192n);
  });

  it('stays exact where floating point would drift (large frequencies, many rows)', () => {
    const rows = Array.from({ length: 60 }, (_, i) => row('other', `Dòng ${i}`, 9_999.99, 999_999_999_999));
    const c = sheetCost(rows, hourlyWage(1_000_000_000), 100_000_000);
    // 5,681,818 đồng an hour (1e9 / 176 = 5,681,818.18…); 999,999 h × 5,681,818 / 100 = 56,818,123,181.82 → …182.
    assert.equal(hourlyWage(1_000_000_000), 5_681_818n);
    assert.equal(c.rows[0]!.timeVnd, 56_818_123_182n);
    assert.equal(c.perDossierVnd, 60n * (56_818_123_182n + 999_999_999_999n));
    assert.equal(c.yearlyVnd, c.perDossierVnd * 100_000_000n);
    assert.ok(c.yearlyVnd > BigInt(Number.MAX_SAFE_INTEGER));
  });
});

describe('the reduction rate and a proposal that raises the cost', () => {
  it('rounds the rate half away from zero to 2 decimals, none when the cost before is 0', () => {
    for (const [before, saving, bp] of [
      [400_188n, 132_122n, 3301],
      [3n, 1n, 3333],
      [3n, 2n, 6667],
      [20_000n, 1n, 1], // 0.005 % → 0.01 %
      [20_001n, 1n, 0],
      [100n, -50n, -5000],
      [3n, -2n, -6667],
      [0n, 0n, null],
      [100n, 100n, 10000],
    ] as const) assert.equal(reductionRateBp(before, saving), bp, `${before}/${saving}`);
  });

  it('allows a proposal that raises the cost and flags it (negative saving and rate)', () => {
    const hourly = hourlyWage(2_340_000);
    const raised = [...BEFORE, row('service', 'Thuê dịch vụ dịch thuật', 0, 300_000)];
    const c = compare(BEFORE, raised, hourly, 10);
    assert.equal(c.raised, true);
    assert.equal(c.savingPerDossierVnd, -300_000n);
    assert.equal(c.savingYearlyVnd, -3_000_000n);
    assert.equal(c.rateBp, -7496); // −300,000 / 400,188 = −74.964…%
    assert.equal(formatRate(c.rateBp), '−74,96 %');
    assert.equal(compare(BEFORE, BEFORE, hourly, 10).raised, false, 'the same cost is not a raise');
    assert.equal(compare(BEFORE, null, hourly, 10).raised, false);
  });
});

describe('checking a sheet: negative or missing values refused, naming the row and the field', () => {
  const ok = { kind: 'document', label: 'Tờ khai', hours: 1.5, amountVnd: 0 };
  const cases: Array<[string, Array<Record<string, unknown>>, Array<[string, string, Record<string, unknown>?]>]> = [
    ['a missing hours', [ok, { kind: 'travel', label: 'Đi lại', amountVnd: 30_000 }], [['/before/rows/1/hours', 'REVIEW_ROW_MISSING', { row: 2, label: 'Đi lại', field: 'hours' }]]],
    ['a negative amount', [{ ...ok, amountVnd: -5 }], [['/before/rows/0/amountVnd', 'REVIEW_ROW_NEGATIVE', { row: 1, label: 'Tờ khai', field: 'amountVnd' }]]],
    ['negative hours', [{ ...ok, hours: -1 }], [['/before/rows/0/hours', 'REVIEW_ROW_NEGATIVE']]],
    ['a missing amount (null)', [{ ...ok, amountVnd: null }], [['/before/rows/0/amountVnd', 'REVIEW_ROW_MISSING']]],
    ['NaN hours (a form that did not parse)', [{ ...ok, hours: Number.NaN }], [['/before/rows/0/hours', 'REVIEW_ROW_MISSING']]],
    ['a missing label', [{ ...ok, label: '  ' }], [['/before/rows/0/label', 'REVIEW_ROW_MISSING']]],
    ['an unknown kind', [{ ...ok, kind: 'bribe' }], [['/before/rows/0/kind', 'REVIEW_ROW_KIND']]],
    ['three decimals of hours', [{ ...ok, hours: 1.255 }], [['/before/rows/0/hours', 'REVIEW_ROW_HOURS_DECIMALS']]],
    ['a fraction of a đồng', [{ ...ok, amountVnd: 10.5 }], [['/before/rows/0/amountVnd', 'REVIEW_ROW_AMOUNT_WHOLE']]],
    ['an amount beyond the bound', [{ ...ok, amountVnd: 1e13 }], [['/before/rows/0/amountVnd', 'REVIEW_ROW_TOO_LARGE']]],
    ['no row', [], [['/before/rows', 'REVIEW_SHEET_EMPTY']]],
    [
      'several problems at once',
      [{ kind: 'fee', label: 'Lệ phí', hours: -2, amountVnd: -1 }, ok],
      [
        ['/before/rows/0/hours', 'REVIEW_ROW_NEGATIVE'],
        ['/before/rows/0/amountVnd', 'REVIEW_ROW_NEGATIVE'],
      ],
    ],
  ];
  for (const [name, rows, expected] of cases) {
    it(`refuses ${name}`, () => {
      const r = checkSheet(rows as never, '/before');
      assert.deepEqual(r.rows, []);
      assert.deepEqual(r.errors.map((e) => [e.path, e.code]), expected.map(([p, c]) => [p, c]));
      expected.forEach(([, , params], i) => {
        if (params) assert.deepEqual(r.errors[i]!.params, params);
      });
    });
  }

  it('accepts a good sheet (hours kept in hundredths, labels trimmed)', () => {
    const r = checkSheet([{ ...ok, label: '  Tờ   khai ' }, { kind: 'fee', label: 'Lệ phí', hours: 0, amountVnd: 100_000 }], '/before');
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.rows, [row('document', 'Tờ khai', 1.5, 0), row('fee', 'Lệ phí', 0, 100_000)]);
  });

  it('checks the frequency: a whole number of dossiers, not negative', () => {
    assert.deepEqual(checkFrequency(1250), []);
    assert.deepEqual(checkFrequency(0), []);
    for (const bad of [-1, 1.5, null, Number.NaN, 1e9]) assert.equal(checkFrequency(bad)[0]?.code, 'REVIEW_FREQUENCY_INVALID', String(bad));
  });
});

const FACTS: VersionFacts = {
  documents: [
    { name: 'Tờ khai đăng ký', copies: 1, originalKind: 'original' },
    { name: 'Bản sao chứng thực giấy tờ tùy thân', copies: 2, originalKind: 'certified_copy' },
    { name: 'Hai bản mẫu tác phẩm', copies: 2, originalKind: 'original' },
  ],
  fees: [{ description: 'Lệ phí cấp giấy chứng nhận', amountVnd: 100_000 }],
  onlineLevel: 3,
  timeLimit: { value: 15, unit: 'working_days', none: false },
  steps: ['Nộp hồ sơ', 'Thẩm định', 'Trả kết quả'],
};

describe('the sheet prefilled from the version, the proposal and the draft plan', () => {
  it('prefills one row per required document, submission and result, the fees and external services', () => {
    const rows = prefillRows(FACTS);
    assert.deepEqual(rows.map((r) => r.kind), ['document', 'document', 'document', 'submission', 'result', 'fee', 'service']);
    assert.equal(rows[1]!.amountVnd, 4_000, 'a certified copy costs its certification, 2 copies');
    assert.equal(rows[5]!.amountVnd, 100_000);
    assert.deepEqual(checkSheet(rows.map((r) => ({ ...r, hours: r.hoursX100 / 100 })), '/before').errors, []);
  });

  it('checks a proposal against the version', () => {
    assert.deepEqual(checkProposal({ kinds: [], reason: '' }, FACTS).errors.map((e) => e.code), ['REVIEW_PROPOSAL_KIND', 'REVIEW_PROPOSAL_REASON']);
    assert.equal(checkProposal({ kinds: ['remove_document'], reason: 'x', removeDocuments: [7] }, FACTS).errors[0]!.code, 'REVIEW_PROPOSAL_DOCUMENTS');
    assert.equal(checkProposal({ kinds: ['shorten_time_limit'], reason: 'x', timeLimitValue: 15 }, FACTS).errors[0]!.code, 'REVIEW_PROPOSAL_TIME_LIMIT');
    assert.equal(checkProposal({ kinds: ['move_online'], reason: 'x', onlineLevel: 3 }, FACTS).errors[0]!.code, 'REVIEW_PROPOSAL_ONLINE');
    const ok = checkProposal({ kinds: ['remove_document', 'shorten_time_limit', 'move_online', 'merge_steps', 'nonsense'], reason: ' Khai thác dữ liệu dân cư ', removeDocuments: [1], timeLimitValue: 10, onlineLevel: 4 }, FACTS);
    assert.deepEqual(ok.errors, []);
    assert.deepEqual(ok.proposal, { kinds: ['remove_document', 'shorten_time_limit', 'move_online', 'merge_steps'], reason: 'Khai thác dữ liệu dân cư', removeDocuments: [1], timeLimitValue: 10, onlineLevel: 4 });
    assert.deepEqual(draftPlan(ok.proposal!), { removeDocuments: [1], timeLimitValue: 10, onlineLevel: 4, onlineClass: 'full', manual: ['merge_steps'] });
    // The sheet after starts from the sheet before: the removed document's row gone, submission and result online.
    const after = rowsAfter(prefillRows(FACTS), ok.proposal!, FACTS);
    assert.ok(!after.some((r) => r.label === 'Bản sao chứng thực giấy tờ tùy thân'));
    assert.deepEqual(after.filter((r) => r.kind === 'submission' || r.kind === 'result').map((r) => r.amountVnd), [0, 0]);
  });
});

describe('the approval flow', () => {
  it('edits and submits a draft or returned review; decides a submitted one; drafts after approval', () => {
    const table: Array<[Parameters<typeof reviewViolation>[0], Parameters<typeof reviewViolation>[1], string | null]> = [
      ['edit', 'draft', null],
      ['edit', 'returned', null],
      ['edit', 'submitted', 'REVIEW_STATE'],
      ['edit', 'approved', 'REVIEW_STATE'],
      ['submit', 'draft', null],
      ['submit', 'submitted', 'REVIEW_STATE'],
      ['approve', 'submitted', null],
      ['approve', 'draft', 'REVIEW_STATE'],
      ['return', 'submitted', null],
      ['return', 'approved', 'REVIEW_STATE'],
      ['draft_version', 'approved', null],
      ['draft_version', 'submitted', 'REVIEW_NOT_APPROVED'],
    ];
    for (const [action, status, expected] of table) assert.equal(reviewViolation(action, status), expected, `${action} on ${status}`);
  });
});

describe('evidence helpers', () => {
  it('buckets handling times in working days and finds the median', () => {
    const entries = [
      { days: 0, count: 2 },
      { days: 2, count: 3 },
      { days: 5, count: 1 },
      { days: 12, count: 4 },
      { days: 45, count: 1 },
    ];
    assert.deepEqual(histogram(entries), [2, 3, 1, 0, 4, 0, 0, 1]);
    assert.equal(medianDays(entries), 5);
    assert.equal(medianDays([]), null);
  });

  it('matches supplement items to the documents by name, accents and case aside', () => {
    const top = askedAgain(
      [
        { text: 'Bổ sung bản sao chứng thực giấy tờ tùy thân', count: 5 },
        { text: 'BAN SAO CHUNG THUC GIAY TO TUY THAN (bản rõ nét)', count: 2 },
        { text: 'Ảnh chân dung', count: 3 },
      ],
      FACTS.documents.map((d) => d.name),
    );
    assert.deepEqual(top, [
      { item: 'Bản sao chứng thực giấy tờ tùy thân', document: true, count: 7 },
      { item: 'Ảnh chân dung', document: false, count: 3 },
    ]);
  });

  it('reads numbers typed in forms, Vietnamese or English style', () => {
    assert.equal(parseNumber('1.234.567', false), 1_234_567);
    assert.equal(parseNumber('100000', false), 100_000);
    assert.equal(parseNumber('-5', false), -5);
    assert.equal(parseNumber('1,5', true), 1.5);
    assert.equal(parseNumber('2.25', true), 2.25);
    assert.equal(parseNumber('', true), null);
    assert.ok(Number.isNaN(parseNumber('abc', false)));
  });
});
