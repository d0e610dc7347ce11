// Procedure review (rà soát thủ tục hành chính) with the compliance-cost method of Circular 02/2017/TT-VPCP
// (Văn phòng Chính phủ), Article 27 "Tính chi phí tuân thủ thủ tục hành chính". Pure: no I/O, no clock.
//
// What Article 27 says (text read at https://hethongphapluat.com/thong-tu-02-2017-tt-vpcp-huong-dan-ve-nghiep-vu-kiem-soat-thu-tuc-hanh-chinh-do-van-phong-chinh-phu-ban-hanh/dieu-27)
// and where it is here:
//   1(a) the current cost (chi phí tuân thủ hiện tại)               → the sheet before, `sheetCost`
//   1(b) the cost after simplification = the current cost adjusted
//        by what the proposal cuts                                   → the sheet after starts from the sheet before
//                                                                       (`rowsAfter`), the specialist corrects it
//   1(c) the benefit = current cost − cost after                      → saving (`compare`)
//   2(a) low-average figures when sources differ                      → the prefilled rows are low estimates to correct
//   2(b) no opportunity cost                                          → only work done and cash paid are rows; waiting for
//                                                                       the result is not costed, so shortening the time
//                                                                       limit alone changes no figure
//   3(a) cost of 1 procedure = cost of the work needed by the rules
//        to get its result + fees, charges and other costs           → cost per dossier = Σ row costs
//   3(b) yearly total = cost of 1 procedure × times performed per
//        year as regulated × number of subjects in the year          → yearly = cost per dossier × dossiers a year.
//        One dossier is one performance by one subject, so the dossiers a year ARE (times a year × subjects); the
//        product counts dossiers (the measured frequency), so the sheet takes that one factor. Two inputs (times per
//        subject, subjects) were not added: the product cannot observe them separately, their product is the
//        same number, and a reviewer who thinks in them (a report due twice a year × 3,000 firms) enters 6,000.
//   4    how each kind of cost is determined (the wage per hour…) and the Circular's forms: NOT found in the
//        reference library; the 22 × 8-hour month and the statutory base wage below are this project's reading of
//        the forms ("mức thu nhập bình quân / giờ làm việc"), not checked against their text.
//   The reduction rate is not in Article 27: it is the share the yearly review reports (saving / current cost).
//
// The arithmetic, in exact integer đồng (bigint, no floating point anywhere):
//   hourly wage    = monthly base wage / 22 working days / 8 hours, rounded half up to the đồng
//                    (the administrator sets the monthly figure per year, `defaultMonthlyWage` gives the statutory
//                    base wage when none is set)
//   row cost       = round_half_up(hours × hourly wage) + cash costs of the row                          (3(a), a part)
//                    (hours are entered with at most 2 decimals, kept as hundredths; each row's time cost is rounded
//                    half up to the đồng once, as the form shows it on the row)
//   cost per dossier = Σ row costs        (time of preparing each document, submitting, receiving the result, travel,
//                                           fees and charges, copies, external services…)                    (3(a))
//   yearly cost    = cost per dossier × dossiers per year (exact)                                           (3(b))
//   saving         = before − after (per dossier and per year; negative when the proposal raises the cost)  (1(c))
//   reduction rate = saving / before × 100 %, rounded half away from zero to 2 decimals (basis points); none when
//                    the cost before is 0. Per dossier and per year give the same rate (same frequency).
import type { FieldError } from '../../core/errors.ts';
import { foldVietnamese } from '../../core/text.ts';

export const REVIEW_STATUSES = ['draft', 'submitted', 'approved', 'returned'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

export const ROW_KINDS = ['document', 'submission', 'result', 'travel', 'fee', 'service', 'other'] as const;
export type RowKind = (typeof ROW_KINDS)[number];

export const PROPOSAL_KINDS = ['remove_document', 'shorten_time_limit', 'move_online', 'merge_steps'] as const;
export type ProposalKind = (typeof PROPOSAL_KINDS)[number];

/** 22 working days of 8 hours: the month of the form. */
export const HOURS_PER_MONTH = 22n * 8n;
export const MAX_ROWS = 60;
export const MAX_HOURS_X100 = 1_000_000; // 10,000 hours
export const MAX_AMOUNT_VND = 1_000_000_000_000; // 10^12 đồng on a row
export const MAX_FREQUENCY = 100_000_000;
export const MAX_WAGE_VND = 1_000_000_000;

/**
 * The statutory base wage (mức lương cơ sở) of a year, in đồng per month, when the administrator set none: the
 * figure in force on 1 July of the year (Decree 47/2017 1,300,000; 72/2018 1,390,000; 38/2019 1,490,000;
 * 24/2023 1,800,000; 73/2024 2,340,000).
 */
export function defaultMonthlyWage(year: number): number {
  if (year >= 2024) return 2_340_000;
  if (year === 2023) return 1_800_000;
  if (year >= 2019) return 1_490_000;
  if (year === 2018) return 1_390_000;
  return 1_300_000;
}

/** a / b rounded half up (a ≥ 0, b > 0). */
function divHalfUp(a: bigint, b: bigint): bigint {
  return (2n * a + b) / (2n * b);
}

/** a / b rounded half away from zero (b > 0). */
function divHalfAway(a: bigint, b: bigint): bigint {
  return a < 0n ? -divHalfUp(-a, b) : divHalfUp(a, b);
}

/** The form's hourly wage: monthly / 22 / 8, rounded half up to the đồng. */
export function hourlyWage(monthlyVnd: number | bigint): bigint {
  return divHalfUp(BigInt(monthlyVnd), HOURS_PER_MONTH);
}

export interface SheetRow {
  kind: RowKind;
  label: string;
  /** Hours of the applicant's time, in hundredths (150 = 1.5 h). */
  hoursX100: number;
  /** Cash costs of the row (fees and charges, travel fares, copies, external services), đồng. */
  amountVnd: number;
}

export interface RowCost {
  timeVnd: bigint;
  totalVnd: bigint;
}

export interface SheetCost {
  rows: RowCost[];
  perDossierVnd: bigint;
  yearlyVnd: bigint;
  timeHoursX100: number;
}

/**
 * One row of Article 27 clause 3(a): the row's share of "the cost of the work needed" (hours × hourly wage, rounded
 * half up to the đồng once) plus its share of "fees, charges and other costs" (the cash amount).
 */
export function rowCost(row: SheetRow, hourly: bigint): RowCost {
  const timeVnd = divHalfUp(BigInt(row.hoursX100) * hourly, 100n);
  return { timeVnd, totalVnd: timeVnd + BigInt(row.amountVnd) };
}

/**
 * The cost of a checked sheet (see `checkSheet`): per dossier by Article 27 clause 3(a) (Σ row costs), per year by
 * clause 3(b) (× `frequency`, the dossiers a year = times performed a year × subjects, one dossier being one
 * performance by one subject).
 */
export function sheetCost(rows: readonly SheetRow[], hourly: bigint, frequency: number): SheetCost {
  const costs = rows.map((r) => rowCost(r, hourly));
  const perDossierVnd = costs.reduce((s, c) => s + c.totalVnd, 0n);
  return { rows: costs, perDossierVnd, yearlyVnd: perDossierVnd * BigInt(frequency), timeHoursX100: rows.reduce((s, r) => s + r.hoursX100, 0) };
}

export interface Comparison {
  before: SheetCost;
  after: SheetCost | null;
  savingPerDossierVnd: bigint | null;
  savingYearlyVnd: bigint | null;
  /** Reduction rate in basis points (3302 = 33,02 %); null without a proposal or with a cost before of 0. */
  rateBp: number | null;
  /** The proposal raises the cost (allowed, flagged: REVIEW_COST_RAISED). */
  raised: boolean;
}

/** saving / before in basis points, rounded half away from zero; null when before ≤ 0. Not in Article 27: the report's share. */
export function reductionRateBp(before: bigint, saving: bigint): number | null {
  if (before <= 0n) return null;
  return Number(divHalfAway(saving * 10_000n, before));
}

/**
 * Article 27 clause 1: the current cost (1(a), `before`), the cost after simplification (1(b), `after`, null without a
 * proposal) and the benefit, current − after (1(c)), per dossier and per year; with the reduction rate.
 */
export function compare(before: readonly SheetRow[], after: readonly SheetRow[] | null, hourly: bigint, frequency: number): Comparison {
  const b = sheetCost(before, hourly, frequency);
  if (!after) return { before: b, after: null, savingPerDossierVnd: null, savingYearlyVnd: null, rateBp: null, raised: false };
  const a = sheetCost(after, hourly, frequency);
  const saving = b.perDossierVnd - a.perDossierVnd;
  return { before: b, after: a, savingPerDossierVnd: saving, savingYearlyVnd: b.yearlyVnd - a.yearlyVnd, rateBp: reductionRateBp(b.perDossierVnd, saving), raised: saving < 0n };
}

// --- checking what was entered ------------------------------------------------------------------------------

/** A row as entered: numbers may be missing or not numbers (a form), and are checked here. */
export interface RowInput {
  kind?: string | null;
  label?: string | null;
  hours?: number | null;
  amountVnd?: number | null;
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * Checks a sheet, naming the row and the field of every problem (paths `${prefix}/rows/{i}/{field}`, params the
 * row's number and label): a missing value, a negative one, hours with more than 2 decimals, a non-integer amount,
 * values beyond the bounds. The rows, checked, or the errors.
 */
export function checkSheet(rows: readonly RowInput[] | null | undefined, prefix: string): { rows: SheetRow[]; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const out: SheetRow[] = [];
  const list = rows ?? [];
  if (!list.length) errors.push({ path: `${prefix}/rows`, code: 'REVIEW_SHEET_EMPTY' });
  if (list.length > MAX_ROWS) errors.push({ path: `${prefix}/rows`, code: 'REVIEW_SHEET_TOO_LONG', params: { max: MAX_ROWS } });
  list.slice(0, MAX_ROWS).forEach((r, i) => {
    const label = (r.label ?? '').normalize('NFC').trim().replace(/\s+/g, ' ');
    const params = { row: i + 1, label: label || `#${i + 1}` };
    const at = (field: string) => `${prefix}/rows/${i}/${field}`;
    const kind = (ROW_KINDS as readonly string[]).includes(r.kind ?? '') ? (r.kind as RowKind) : null;
    if (!kind) errors.push({ path: at('kind'), code: 'REVIEW_ROW_KIND', params });
    if (!label) errors.push({ path: at('label'), code: 'REVIEW_ROW_MISSING', params: { ...params, field: 'label' } });
    else if (label.length > 300) errors.push({ path: at('label'), code: 'REVIEW_ROW_LABEL_LONG', params });
    let hoursX100 = 0;
    if (!isNumber(r.hours)) errors.push({ path: at('hours'), code: 'REVIEW_ROW_MISSING', params: { ...params, field: 'hours' } });
    else if (r.hours < 0) errors.push({ path: at('hours'), code: 'REVIEW_ROW_NEGATIVE', params: { ...params, field: 'hours' } });
    else {
      hoursX100 = Math.round(r.hours * 100);
      if (Math.abs(hoursX100 - r.hours * 100) > 1e-6) errors.push({ path: at('hours'), code: 'REVIEW_ROW_HOURS_DECIMALS', params });
      else if (hoursX100 > MAX_HOURS_X100) errors.push({ path: at('hours'), code: 'REVIEW_ROW_TOO_LARGE', params: { ...params, field: 'hours' } });
    }
    let amountVnd = 0;
    if (!isNumber(r.amountVnd)) errors.push({ path: at('amountVnd'), code: 'REVIEW_ROW_MISSING', params: { ...params, field: 'amountVnd' } });
    else if (r.amountVnd < 0) errors.push({ path: at('amountVnd'), code: 'REVIEW_ROW_NEGATIVE', params: { ...params, field: 'amountVnd' } });
    else if (!Number.isInteger(r.amountVnd)) errors.push({ path: at('amountVnd'), code: 'REVIEW_ROW_AMOUNT_WHOLE', params });
    else if (r.amountVnd > MAX_AMOUNT_VND) errors.push({ path: at('amountVnd'), code: 'REVIEW_ROW_TOO_LARGE', params: { ...params, field: 'amountVnd' } });
    else amountVnd = r.amountVnd;
    if (kind && label) out.push({ kind, label, hoursX100, amountVnd });
  });
  return errors.length ? { rows: [], errors } : { rows: out, errors: [] };
}

/**
 * The yearly frequency as entered: a whole number of dossiers, 0 … MAX_FREQUENCY — Article 27 clause 3(b)'s "times
 * performed a year × subjects" as one product (see the header).
 */
export function checkFrequency(value: number | null | undefined, path = '/frequency'): FieldError[] {
  if (!isNumber(value)) return [{ path, code: 'REVIEW_FREQUENCY_INVALID' }];
  if (value < 0 || !Number.isInteger(value) || value > MAX_FREQUENCY) return [{ path, code: 'REVIEW_FREQUENCY_INVALID' }];
  return [];
}

export function checkMonthlyWage(value: number | null | undefined): FieldError[] {
  if (!isNumber(value) || !Number.isInteger(value) || value <= 0 || value > MAX_WAGE_VND) return [{ path: '/monthlyWageVnd', code: 'REVIEW_WAGE_INVALID' }];
  return [];
}

// --- the sheet prefilled from the procedure's version ---------------------------------------------------------

export interface VersionFacts {
  documents: Array<{ name: string; copies: number; originalKind: string }>;
  fees: Array<{ description: string; amountVnd: number }>;
  onlineLevel: number;
  timeLimit: { value: number; unit: string; none: boolean };
  steps: string[];
}

/**
 * The rows of a new sheet: one per required document of the version (the time of preparing it: 1 hour, a
 * certified copy also costs its certification, 2,000 đồng a page as the certification fee sets it), submitting and
 * receiving the result (travel: 2 hours and 30,000 đồng each way unless the procedure is fully online), the fees
 * and charges of the version, and an external-services row at 0. Estimates to correct, not measurements.
 */
export function prefillRows(v: VersionFacts): SheetRow[] {
  const rows: SheetRow[] = v.documents.map((d) => ({
    kind: 'document',
    label: d.name.slice(0, 300),
    hoursX100: 100,
    amountVnd: d.originalKind === 'certified_copy' || d.originalKind === 'original_or_certified' ? 2_000 * Math.max(1, d.copies) : 0,
  }));
  const online = v.onlineLevel >= 4;
  rows.push({ kind: 'submission', label: online ? 'Nộp hồ sơ trực tuyến' : 'Đi lại, nộp hồ sơ tại bộ phận một cửa', hoursX100: online ? 50 : 200, amountVnd: online ? 0 : 30_000 });
  rows.push({ kind: 'result', label: online ? 'Nhận kết quả trực tuyến' : 'Đi lại, nhận kết quả', hoursX100: online ? 25 : 200, amountVnd: online ? 0 : 30_000 });
  for (const f of v.fees) rows.push({ kind: 'fee', label: f.description.slice(0, 300) || 'Phí, lệ phí', hoursX100: 0, amountVnd: Math.max(0, Math.round(f.amountVnd)) });
  rows.push({ kind: 'service', label: 'Thuê dịch vụ bên ngoài (tư vấn, dịch thuật…)', hoursX100: 0, amountVnd: 0 });
  return rows;
}

// --- the proposal -------------------------------------------------------------------------------------------

export interface Proposal {
  kinds: ProposalKind[];
  reason: string;
  /** Positions (0-based) in the version's documents list of the documents to remove. */
  removeDocuments: number[];
  /** The new time limit's value (same unit as the version's). */
  timeLimitValue: number | null;
  /** The new online level (higher than the version's). */
  onlineLevel: number | null;
}

export interface ProposalInput {
  kinds?: readonly string[] | null;
  reason?: string | null;
  removeDocuments?: readonly number[] | null;
  timeLimitValue?: number | null;
  onlineLevel?: number | null;
}

/** Checks a proposal against the reviewed version's facts (paths `/proposal/...`). */
export function checkProposal(input: ProposalInput, v: VersionFacts): { proposal: Proposal | null; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const kinds = [...new Set((input.kinds ?? []).filter((k): k is ProposalKind => (PROPOSAL_KINDS as readonly string[]).includes(k)))];
  if (!kinds.length) errors.push({ path: '/proposal/kinds', code: 'REVIEW_PROPOSAL_KIND' });
  const reason = (input.reason ?? '').normalize('NFC').trim();
  if (!reason) errors.push({ path: '/proposal/reason', code: 'REVIEW_PROPOSAL_REASON' });
  else if (reason.length > 4000) errors.push({ path: '/proposal/reason', code: 'REVIEW_PROPOSAL_REASON' });
  let removeDocuments: number[] = [];
  if (kinds.includes('remove_document')) {
    removeDocuments = [...new Set(input.removeDocuments ?? [])].filter((i) => Number.isInteger(i) && i >= 0 && i < v.documents.length).sort((a, b) => a - b);
    if (!removeDocuments.length || removeDocuments.length !== new Set(input.removeDocuments ?? []).size) errors.push({ path: '/proposal/removeDocuments', code: 'REVIEW_PROPOSAL_DOCUMENTS' });
  }
  let timeLimitValue: number | null = null;
  if (kinds.includes('shorten_time_limit')) {
    const t = input.timeLimitValue;
    if (v.timeLimit.none || !isNumber(t) || t < 0 || t >= v.timeLimit.value || Math.round(t * 10) !== t * 10) errors.push({ path: '/proposal/timeLimitValue', code: 'REVIEW_PROPOSAL_TIME_LIMIT', params: { current: v.timeLimit.value } });
    else timeLimitValue = t;
  }
  let onlineLevel: number | null = null;
  if (kinds.includes('move_online')) {
    const l = input.onlineLevel;
    if (!isNumber(l) || !Number.isInteger(l) || l <= v.onlineLevel || l > 4) errors.push({ path: '/proposal/onlineLevel', code: 'REVIEW_PROPOSAL_ONLINE', params: { current: v.onlineLevel } });
    else onlineLevel = l;
  }
  return errors.length ? { proposal: null, errors } : { proposal: { kinds, reason, removeDocuments, timeLimitValue, onlineLevel }, errors: [] };
}

/**
 * The cost-after sheet a proposal starts from (Article 27 clause 1(b): the current cost adjusted by what is cut): the
 * rows before without the removed documents' rows (matched by name), and with submission and result rows online
 * once the level reaches 4. A shorter time limit changes no row (clause 2(b): no opportunity cost). The specialist
 * corrects it.
 */
export function rowsAfter(before: readonly SheetRow[], proposal: Proposal, v: VersionFacts): SheetRow[] {
  const removed = new Set(proposal.removeDocuments.map((i) => v.documents[i]?.name.slice(0, 300)));
  const online = (proposal.onlineLevel ?? 0) >= 4;
  return before
    .filter((r) => !(r.kind === 'document' && removed.has(r.label)))
    .map((r) => (online && (r.kind === 'submission' || r.kind === 'result') ? { ...r, hoursX100: Math.min(r.hoursX100, 50), amountVnd: 0 } : { ...r }));
}

/** What a new version drafted from the proposal changes mechanically, and what is left as a note. */
export interface DraftPlan {
  removeDocuments: number[];
  timeLimitValue: number | null;
  onlineLevel: number | null;
  onlineClass: 'full' | 'partial' | null;
  /** Proposal kinds that need an editor's hand (merging steps). */
  manual: ProposalKind[];
}

export function draftPlan(p: Proposal): DraftPlan {
  return {
    removeDocuments: p.kinds.includes('remove_document') ? p.removeDocuments : [],
    timeLimitValue: p.kinds.includes('shorten_time_limit') ? p.timeLimitValue : null,
    onlineLevel: p.kinds.includes('move_online') ? p.onlineLevel : null,
    onlineClass: p.kinds.includes('move_online') && p.onlineLevel !== null ? (p.onlineLevel >= 4 ? 'full' : 'partial') : null,
    manual: p.kinds.filter((k) => k === 'merge_steps'),
  };
}

// --- the approval flow --------------------------------------------------------------------------------------

export type ReviewAction = 'edit' | 'submit' | 'approve' | 'return' | 'draft_version';

/** null: allowed; else the error code. Edits in draft or returned; submit from draft/returned; decide a submitted one. */
export function reviewViolation(action: ReviewAction, status: ReviewStatus): string | null {
  switch (action) {
    case 'edit':
    case 'submit':
      return status === 'draft' || status === 'returned' ? null : 'REVIEW_STATE';
    case 'approve':
    case 'return':
      return status === 'submitted' ? null : 'REVIEW_STATE';
    case 'draft_version':
      return status === 'approved' ? null : 'REVIEW_NOT_APPROVED';
  }
}

export function nextStatus(action: 'submit' | 'approve' | 'return'): ReviewStatus {
  return action === 'submit' ? 'submitted' : action === 'approve' ? 'approved' : 'returned';
}

// --- evidence: handling-time histogram ------------------------------------------------------------------------

export const HISTOGRAM_BUCKETS = [
  { from: 0, to: 0 },
  { from: 1, to: 2 },
  { from: 3, to: 5 },
  { from: 6, to: 10 },
  { from: 11, to: 15 },
  { from: 16, to: 20 },
  { from: 21, to: 30 },
  { from: 31, to: null },
] as const;

/** Counts per bucket of working days (each entry: working days, how many dossiers). */
export function histogram(entries: ReadonlyArray<{ days: number; count: number }>): number[] {
  const out = HISTOGRAM_BUCKETS.map(() => 0);
  for (const e of entries) {
    const i = HISTOGRAM_BUCKETS.findIndex((b) => e.days >= b.from && (b.to === null || e.days <= b.to));
    out[i === -1 ? out.length - 1 : i]! += e.count;
  }
  return out;
}

/** The median of a weighted list of working days (null when empty). */
export function medianDays(entries: ReadonlyArray<{ days: number; count: number }>): number | null {
  const sorted = [...entries].filter((e) => e.count > 0).sort((a, b) => a.days - b.days);
  const total = sorted.reduce((s, e) => s + e.count, 0);
  if (!total) return null;
  let seen = 0;
  for (const e of sorted) {
    seen += e.count;
    if (seen * 2 >= total) return e.days;
  }
  return sorted[sorted.length - 1]!.days;
}

/** Folded text to match supplement items with document names: core/text.ts's folding, dots as spaces. */
export function foldItem(text: string): string {
  return foldVietnamese(text).replace(/\./g, ' ').replace(/\s+/g, ' ').trim();
}

/**
 * Supplement requests are free text, one missing item a line (handling's request_supplement): each line is
 * matched to a document of the version when the folded line contains the folded document name, or the name
 * contains the line; counts per document, and the unmatched lines counted by their own text.
 */
export function askedAgain(lines: ReadonlyArray<{ text: string; count: number }>, documents: readonly string[], top = 10): Array<{ item: string; document: boolean; count: number }> {
  const folded = documents.map((d) => ({ name: d, key: foldItem(d) })).filter((d) => d.key.length >= 3);
  const counts = new Map<string, { item: string; document: boolean; count: number }>();
  for (const l of lines) {
    const key = foldItem(l.text);
    if (!key) continue;
    const doc = folded.find((d) => key.includes(d.key) || (key.length >= 6 && d.key.includes(key)));
    const id = doc ? `d:${doc.name}` : `t:${key}`;
    const entry = counts.get(id) ?? { item: doc ? doc.name : l.text.trim(), document: !!doc, count: 0 };
    entry.count += l.count;
    counts.set(id, entry);
  }
  return [...counts.values()].sort((a, b) => b.count - a.count || a.item.localeCompare(b.item)).slice(0, top);
}

// --- display ------------------------------------------------------------------------------------------------

/** 400188n → "400.188" (vi) / "400,188" (en). */
export function formatVndBig(v: bigint, locale: 'vi' | 'en' = 'vi'): string {
  const neg = v < 0n;
  const digits = (neg ? -v : v).toString().replace(/\B(?=(\d{3})+(?!\d))/g, locale === 'vi' ? '.' : ',');
  return neg ? `−${digits}` : digits;
}

/** 3302 → "33,02 %" (vi) / "33.02%" (en); null → "—". */
export function formatRate(bp: number | null, locale: 'vi' | 'en' = 'vi'): string {
  if (bp === null) return '—';
  const neg = bp < 0;
  const abs = Math.abs(bp);
  const text = `${Math.floor(abs / 100)}${locale === 'vi' ? ',' : '.'}${String(abs % 100).padStart(2, '0')}`;
  return `${neg ? '−' : ''}${text}${locale === 'vi' ? ' %' : '%'}`;
}

/** 150 → "1,5" (vi) / "1.5" (en). */
export function formatHours(x100: number, locale: 'vi' | 'en' = 'vi'): string {
  const whole = Math.floor(x100 / 100);
  const frac = x100 % 100;
  if (!frac) return String(whole);
  const f = String(frac).padStart(2, '0').replace(/0$/, '');
  return `${whole}${locale === 'vi' ? ',' : '.'}${f}`;
}

/** A number typed in a form, Vietnamese or English style ("1.234.567", "1,5", "1.5"): NaN when it is not one; null when empty. */
export function parseNumber(text: string | undefined | null, decimals: boolean): number | null {
  const t = (text ?? '').trim().replace(/\s/g, '');
  if (!t) return null;
  if (!decimals) {
    const digits = t.replace(/[.,](?=\d{3}(\D|$))/g, '');
    return /^-?\d+$/.test(digits) ? Number(digits) : NaN;
  }
  const normal = t.replace(',', '.');
  return /^-?\d+(\.\d+)?$/.test(normal) ? Number(normal) : NaN;
}
