// Use cases of the procedure review (rà soát TTHC, Circular 02/2017/TT-VPCP): the yearly review of an agency,
// its procedures with their compliance-cost sheets (prefilled from the catalog's version through CatalogService,
// the yearly frequency from the product's own dossiers), the simplification proposals with their sheets after,
// the approval flow (draft → submitted → approved / returned, history rows), the report and plan of cuts, a new
// draft version in the catalog from an approved proposal, and the evidence a reviewer reads about a procedure.
//
// Who (the agency of the review, a grant above covers it): VIEW_ROLES read; EDIT_ROLES (specialists…) fill the
// sheets and submit; the agency leader approves or returns; drafting the new version goes through the catalog
// with the acting account (a catalog manager of the agency: the catalog checks it). Administrators set the wage.
import { DomainError, type FieldError } from '../../core/errors.ts';
import type { Actor } from '../../core/actor.ts';
import { rolesRoots } from '../../core/actor.ts';
import { vietnamYear } from '../../core/time.ts';
import type { Agency, Role } from '../../db/schema.ts';
import type { Db, Executor } from '../../db/database.ts';
import { isUuid } from '../../core/ids.ts';
import type { AgenciesService } from '../agencies/agencies.service.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { recordToExchange, type CatalogService, type VersionRecord } from '../catalog/catalog.service.ts';
import type { CalendarService } from '../calendar/calendar.service.ts';
import { parseDate } from '../calendar/calendar.rules.ts';
import type { AgencyHeading } from '../printouts/printouts.types.ts';
import { ReviewRepository, type EventRow, type ItemRow, type ReviewRow } from './review.repository.ts';
import {
  askedAgain,
  checkFrequency,
  checkMonthlyWage,
  checkProposal,
  checkSheet,
  compare,
  defaultMonthlyWage,
  draftPlan,
  histogram,
  hourlyWage,
  medianDays,
  nextStatus,
  prefillRows,
  reductionRateBp,
  reviewViolation,
  rowsAfter,
  type Comparison,
  type ProposalInput,
  type ReviewStatus,
  type RowInput,
  type VersionFacts,
} from './review.rules.ts';
import './review.errors.ts';

export const VIEW_ROLES: readonly Role[] = ['specialist', 'department_head', 'agency_leader', 'catalog_manager', 'admin'];
export const EDIT_ROLES: readonly Role[] = ['specialist', 'department_head', 'catalog_manager', 'admin'];
export const DECIDE_ROLES: readonly Role[] = ['agency_leader'];

const DAY_MS = 86_400_000;

export interface ItemView extends ItemRow {
  cost: Comparison;
  warnings: Array<'REVIEW_COST_RAISED'>;
  facts: VersionFacts;
  /** The reviewed version's number (0 when the version is gone). */
  versionNumber: number;
}

export interface ReviewDetail {
  review: ReviewRow;
  agency: Agency;
  items: ItemView[];
  hourly: bigint;
  monthly: number;
  wageSet: boolean;
  may: { edit: boolean; submit: boolean; decide: boolean; draft: boolean };
  events: EventRow[];
  totals: Totals;
}

export interface Totals {
  beforeYearlyVnd: bigint;
  afterYearlyVnd: bigint;
  savingYearlyVnd: bigint;
  rateBp: number | null;
  proposals: number;
}

export function versionFacts(v: VersionRecord): VersionFacts {
  return {
    documents: v.documents.map((d) => ({ name: d.name, copies: d.copies, originalKind: d.original_kind })),
    fees: (v.fees as unknown as Array<{ description: string; amountVnd: number }>).map((f) => ({ description: f.description, amountVnd: Number(f.amountVnd) })),
    onlineLevel: v.online_level,
    timeLimit: { value: Number(v.time_limit_value), unit: v.time_limit_unit, none: v.no_time_limit },
    steps: v.steps as unknown as string[],
  };
}

function invalid(code: string, errors: FieldError[]): never {
  throw new DomainError(code, undefined, errors);
}

export class ReviewService {
  constructor(
    private readonly db: Db,
    private readonly agencies: AgenciesService,
    private readonly audit: AuditService,
    private readonly catalog: CatalogService,
    private readonly calendar: CalendarService,
    private readonly options: { place?: string } = {},
    private readonly repo = new ReviewRepository(),
  ) {}

  // --- access ------------------------------------------------------------------------------------

  /** Staff accounts only (citizens, businesses: 403; anonymous: 401). */
  requireStaff(actor: Actor | null): Actor {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    if (actor.kind !== 'staff') throw new DomainError('FORBIDDEN');
    return actor;
  }

  private async rolesOn(actor: Actor, agencyId: string, db: Executor = this.db): Promise<Set<Role>> {
    return (await this.agencies.rolesOn(actor, [agencyId], db)).get(agencyId) ?? new Set();
  }

  /** The review, when the actor may read it (else NOT_FOUND, as if it did not exist), with the actor's roles on its agency. */
  private async load(actor: Actor | null, id: string, db: Executor = this.db, lock = false): Promise<{ by: Actor; review: ReviewRow; roles: Set<Role> }> {
    const by = this.requireStaff(actor);
    if (!isUuid(id)) throw new DomainError('NOT_FOUND');
    const review = await this.repo.review(db, id, lock);
    if (!review) throw new DomainError('NOT_FOUND');
    const roles = await this.rolesOn(by, review.agency_id, db);
    if (!VIEW_ROLES.some((r) => roles.has(r))) throw new DomainError('NOT_FOUND');
    return { by, review, roles };
  }

  private static can(roles: Set<Role>, allowed: readonly Role[]): boolean {
    return allowed.some((r) => roles.has(r));
  }

  private requireEdit(roles: Set<Role>, review: ReviewRow): void {
    if (!ReviewService.can(roles, EDIT_ROLES)) throw new DomainError('FORBIDDEN');
    const v = reviewViolation('edit', review.status);
    if (v) throw new DomainError(v, { status: review.status });
  }

  // --- the wage ----------------------------------------------------------------------------------

  /** The monthly base wage of a year (set by an administrator, else the statutory one) and its hourly wage. */
  async wageOf(year: number, db: Executor = this.db): Promise<{ monthly: number; hourly: bigint; set: boolean }> {
    const stored = await this.repo.wage(db, year);
    const monthly = stored ?? defaultMonthlyWage(year);
    return { monthly, hourly: hourlyWage(monthly), set: stored !== null };
  }

  wages() {
    return this.repo.wages(this.db);
  }

  async isWageAdmin(actor: Actor | null): Promise<boolean> {
    return !!actor && rolesRoots(actor, ['admin']).length > 0;
  }

  async setWage(actor: Actor | null, input: { year: number; monthlyWageVnd: number | null }): Promise<void> {
    const by = this.requireStaff(actor);
    if (!(await this.isWageAdmin(by))) throw new DomainError('FORBIDDEN');
    const errors = checkMonthlyWage(input.monthlyWageVnd);
    if (!Number.isInteger(input.year) || input.year < 2000 || input.year > 2100) errors.push({ path: '/year', code: 'REVIEW_YEAR_INVALID' });
    if (errors.length) invalid('VALIDATION_FAILED', errors);
    await this.db.transaction().execute(async (tx) => {
      await this.repo.setWage(tx, input.year, input.monthlyWageVnd!, by.id);
      await this.audit.record(tx, by, { action: 'review.wage.set', targetType: 'review_wage', targetId: String(input.year), summary: { year: input.year, monthlyWageVnd: input.monthlyWageVnd, hourlyWageVnd: Number(hourlyWage(input.monthlyWageVnd!)) } });
    });
  }

  // --- reviews -----------------------------------------------------------------------------------

  /** The reviews the actor may read, and the agencies where they may start one. */
  async list(actor: Actor | null) {
    const by = this.requireStaff(actor);
    const scope = await this.agencies.scopeOf(by, VIEW_ROLES);
    const items = await this.repo.reviews(this.db, scope);
    const agencies = (await this.agencies.scopeTree(by, EDIT_ROLES)).map((e) => ({ code: e.agency.code, name: e.agency.name, depth: e.depth }));
    return { items, agencies };
  }

  async create(actor: Actor | null, input: { agency: string; year: number }): Promise<ReviewRow> {
    const by = this.requireStaff(actor);
    const errors: FieldError[] = [];
    const agency = input.agency ? await this.agencies.byCode(input.agency.trim().toUpperCase()) : undefined;
    if (!agency) errors.push({ path: '/agency', code: 'REVIEW_AGENCY_UNKNOWN' });
    if (!Number.isInteger(input.year) || input.year < 2000 || input.year > 2100) errors.push({ path: '/year', code: 'REVIEW_YEAR_INVALID' });
    if (errors.length || !agency) invalid('VALIDATION_FAILED', errors);
    await this.agencies.authorize(by, EDIT_ROLES, agency.id);
    return this.db.transaction().execute(async (tx) => {
      const review = await this.repo.insertReview(tx, agency.id, input.year, by.id);
      await this.repo.addEvent(tx, { reviewId: review.id, actorId: by.id, actorName: by.fullName, action: 'create', from: null, to: 'draft', note: null });
      await this.audit.record(tx, by, { action: 'review.create', targetType: 'procedure_review', targetId: review.id, agencyId: agency.id, summary: { agency: agency.code, year: input.year } });
      return review;
    });
  }

  private async view(items: ItemRow[], hourly: bigint): Promise<ItemView[]> {
    const out: ItemView[] = [];
    for (const i of items) {
      const record = await this.catalog.versionRecord(this.db, i.version_id);
      const facts = record ? versionFacts(record) : { documents: [], fees: [], onlineLevel: 1, timeLimit: { value: 0, unit: 'working_days', none: true }, steps: [] };
      const cost = compare(i.sheet_before, i.proposal ? i.sheet_after : null, hourly, i.frequency);
      out.push({ ...i, cost, warnings: cost.raised ? ['REVIEW_COST_RAISED'] : [], facts, versionNumber: record?.version ?? 0 });
    }
    return out;
  }

  static totals(items: readonly ItemView[]): Totals {
    let before = 0n;
    let after = 0n;
    let proposals = 0;
    for (const i of items) {
      before += i.cost.before.yearlyVnd;
      after += i.cost.after ? i.cost.after.yearlyVnd : i.cost.before.yearlyVnd;
      if (i.cost.after) proposals++;
    }
    const saving = before - after;
    return { beforeYearlyVnd: before, afterYearlyVnd: after, savingYearlyVnd: saving, rateBp: reductionRateBp(before, saving), proposals };
  }

  async detail(actor: Actor | null, id: string): Promise<ReviewDetail> {
    const { review, roles } = await this.load(actor, id);
    const agency = (await this.agencies.byId(review.agency_id))!;
    const wage = await this.wageOf(review.year);
    const items = await this.view(await this.repo.items(this.db, id), wage.hourly);
    const open = review.status === 'draft' || review.status === 'returned';
    return {
      review,
      agency,
      items,
      hourly: wage.hourly,
      monthly: wage.monthly,
      wageSet: wage.set,
      may: {
        edit: open && ReviewService.can(roles, EDIT_ROLES),
        submit: open && ReviewService.can(roles, EDIT_ROLES) && items.length > 0,
        decide: review.status === 'submitted' && ReviewService.can(roles, DECIDE_ROLES),
        draft: review.status === 'approved' && roles.has('catalog_manager'),
      },
      events: await this.repo.events(this.db, id),
      totals: ReviewService.totals(items),
    };
  }

  async item(actor: Actor | null, id: string, itemId: string): Promise<{ detail: ReviewDetail; item: ItemView }> {
    const detail = await this.detail(actor, id);
    const item = detail.items.find((i) => i.id === itemId);
    if (!item) throw new DomainError('NOT_FOUND');
    return { detail, item };
  }

  /** Published procedures of the review's agency subtree not yet in it (the picker). */
  async candidates(actor: Actor | null, id: string): Promise<Array<{ code: string; name: string }>> {
    const { review } = await this.load(actor, id);
    const agency = (await this.agencies.byId(review.agency_id))!;
    const listed = new Set((await this.repo.items(this.db, id)).map((i) => i.procedure_code));
    const out: Array<{ code: string; name: string }> = [];
    for (let page = 1; page <= 5; page++) {
      const r = await this.catalog.search({ agency: agency.code, page, pageSize: 100 });
      for (const row of r.rows) if (!listed.has(row.code)) out.push({ code: row.code, name: row.name });
      if (page * 100 >= r.total) break;
    }
    return out;
  }

  /** Whether `agencyId` is `rootId` or below it. */
  private async within(rootId: string, agencyId: string): Promise<boolean> {
    const all = new Map((await this.agencies.list()).map((a) => [a.id, a]));
    for (let at: string | null = agencyId, hops = 0; at && hops < 50; hops++) {
      if (at === rootId) return true;
      at = all.get(at)?.parent_id ?? null;
    }
    return false;
  }

  /** The 12 months before `now`: [from, to). */
  static lastYear(now: Date): { from: Date; to: Date } {
    return { from: new Date(now.getTime() - 365 * DAY_MS), to: now };
  }

  /**
   * Adds a procedure: its current version (a withdrawn procedure — no published version, the latest retired — is
   * refused), the sheet prefilled from the version's documents and fees, the frequency from the dossiers received
   * in the 12 months before now.
   */
  async addProcedure(actor: Actor | null, id: string, code: string, now = new Date()): Promise<ItemRow> {
    const { by, review, roles } = await this.load(actor, id);
    this.requireEdit(roles, review);
    const key = (code ?? '').trim();
    const record = key ? await this.catalog.currentOrLatest(key) : undefined;
    if (!record) invalid('VALIDATION_FAILED', [{ path: '/code', code: 'REVIEW_PROCEDURE_UNKNOWN', params: { code: key } }]);
    if (record.status === 'retired') invalid('REVIEW_PROCEDURE_RETIRED', [{ path: '/code', code: 'REVIEW_PROCEDURE_RETIRED', params: { code: record.code } }]);
    if (!(await this.within(review.agency_id, record.agency_id))) invalid('VALIDATION_FAILED', [{ path: '/code', code: 'REVIEW_PROCEDURE_OTHER_AGENCY', params: { code: record.code } }]);
    const { from, to } = ReviewService.lastYear(now);
    const measured = await this.repo.receivedCount(this.db, record.code, from, to);
    return this.db.transaction().execute(async (tx) => {
      const locked = (await this.repo.review(tx, id, true))!;
      this.requireEdit(roles, locked);
      const item = await this.repo.insertItem(tx, { reviewId: id, code: record.code, versionId: record.id, name: record.name, frequency: measured, measured, rows: prefillRows(versionFacts(record)) });
      await this.repo.touch(tx, id);
      await this.audit.record(tx, by, { action: 'review.item.add', targetType: 'procedure_review', targetId: id, agencyId: review.agency_id, summary: { code: record.code, version: record.version, frequency: measured } });
      return item;
    });
  }

  async removeProcedure(actor: Actor | null, id: string, itemId: string): Promise<void> {
    const { by, review, roles } = await this.load(actor, id);
    this.requireEdit(roles, review);
    await this.db.transaction().execute(async (tx) => {
      const item = isUuid(itemId) ? await this.repo.item(tx, id, itemId) : undefined;
      if (!item) throw new DomainError('NOT_FOUND');
      await this.repo.removeItem(tx, itemId);
      await this.repo.touch(tx, id);
      await this.audit.record(tx, by, { action: 'review.item.remove', targetType: 'procedure_review', targetId: id, agencyId: review.agency_id, summary: { code: item.procedure_code } });
    });
  }

  private async editableItem(actor: Actor | null, id: string, itemId: string) {
    const { by, review, roles } = await this.load(actor, id);
    this.requireEdit(roles, review);
    const item = isUuid(itemId) ? await this.repo.item(this.db, id, itemId) : undefined;
    if (!item) throw new DomainError('NOT_FOUND');
    return { by, review, item };
  }

  /** Saves the sheet before and the frequency: a missing or negative value is refused, naming its row and field. */
  async saveSheet(actor: Actor | null, id: string, itemId: string, input: { frequency: number | null; rows: RowInput[] }): Promise<ItemView> {
    const { by, review, item } = await this.editableItem(actor, id, itemId);
    const sheet = checkSheet(input.rows, '/before');
    const errors = [...checkFrequency(input.frequency), ...sheet.errors];
    if (errors.length) invalid('REVIEW_SHEET_INVALID', errors);
    await this.db.transaction().execute(async (tx) => {
      await this.repo.saveSheet(tx, itemId, { frequency: input.frequency!, before: sheet.rows });
      await this.repo.touch(tx, id);
      await this.audit.record(tx, by, { action: 'review.sheet.save', targetType: 'procedure_review', targetId: id, agencyId: review.agency_id, summary: { code: item.procedure_code, rows: sheet.rows.length, frequency: input.frequency } });
    });
    return (await this.item(actor, id, itemId)).item;
  }

  /**
   * Saves the proposal and its sheet after (absent: prefilled from the sheet before with the proposal applied);
   * null removes the proposal. A proposal that raises the cost is kept, with the REVIEW_COST_RAISED warning.
   */
  async saveProposal(actor: Actor | null, id: string, itemId: string, input: { proposal: ProposalInput | null; after?: RowInput[] | null }): Promise<ItemView> {
    const { by, review, item } = await this.editableItem(actor, id, itemId);
    const record = await this.catalog.versionRecord(this.db, item.version_id);
    if (!record) throw new DomainError('NOT_FOUND');
    const facts = versionFacts(record);
    let proposal = null;
    let after = null;
    if (input.proposal) {
      const p = checkProposal(input.proposal, facts);
      const sheet = input.after ? checkSheet(input.after, '/after') : { rows: p.proposal ? rowsAfter(item.sheet_before, p.proposal, facts) : [], errors: [] };
      const errors = [...p.errors, ...sheet.errors];
      if (errors.length) invalid(sheet.errors.length ? 'REVIEW_SHEET_INVALID' : 'VALIDATION_FAILED', errors);
      proposal = p.proposal;
      after = sheet.rows;
    }
    await this.db.transaction().execute(async (tx) => {
      await this.repo.saveProposal(tx, itemId, proposal, after);
      await this.repo.touch(tx, id);
      const wage = await this.wageOf(review.year, tx);
      const cost = compare(item.sheet_before, after, wage.hourly, item.frequency);
      await this.audit.record(tx, by, {
        action: proposal ? 'review.proposal.save' : 'review.proposal.remove',
        targetType: 'procedure_review',
        targetId: id,
        agencyId: review.agency_id,
        summary: { code: item.procedure_code, kinds: proposal?.kinds ?? [], savingPerDossierVnd: cost.savingPerDossierVnd?.toString() ?? null, raised: cost.raised },
      });
    });
    return (await this.item(actor, id, itemId)).item;
  }

  private async transition(actor: Actor | null, id: string, action: 'submit' | 'approve' | 'return', note: string | null): Promise<ReviewRow> {
    const { by, roles } = await this.load(actor, id);
    if (!ReviewService.can(roles, action === 'submit' ? EDIT_ROLES : DECIDE_ROLES)) throw new DomainError('FORBIDDEN');
    const text = (note ?? '').normalize('NFC').trim().slice(0, 2000) || null;
    return this.db.transaction().execute(async (tx) => {
      const review = (await this.repo.review(tx, id, true))!;
      const v = reviewViolation(action, review.status);
      if (v) throw new DomainError(v, { status: review.status });
      if (action === 'submit' && !(await this.repo.items(tx, id)).length) throw new DomainError('REVIEW_EMPTY');
      if (action === 'return' && !text) invalid('VALIDATION_FAILED', [{ path: '/note', code: 'required' }]);
      const to: ReviewStatus = nextStatus(action);
      await this.repo.setStatus(tx, id, to);
      await this.repo.addEvent(tx, { reviewId: id, actorId: by.id, actorName: by.fullName, action, from: review.status, to, note: text });
      await this.audit.record(tx, by, { action: `review.${action}`, targetType: 'procedure_review', targetId: id, agencyId: review.agency_id, summary: { year: review.year, from: review.status, to, note: text } });
      return { ...review, status: to };
    });
  }

  submit(actor: Actor | null, id: string, note?: string | null) {
    return this.transition(actor, id, 'submit', note ?? null);
  }

  approve(actor: Actor | null, id: string, note?: string | null) {
    return this.transition(actor, id, 'approve', note ?? null);
  }

  returnForRework(actor: Actor | null, id: string, note: string | null) {
    return this.transition(actor, id, 'return', note);
  }

  /**
   * After approval: a new draft version of the procedure in the catalog (CatalogService.newVersion, then
   * updateDraft, as the acting account — a catalog manager of the agency), with the proposal applied where it is
   * mechanical (documents removed by name, the time limit shortened, the online level raised) and a note for the
   * rest (merged steps). The catalog's own transactions; the item records the drafted version afterwards.
   */
  async draftVersion(actor: Actor | null, id: string, itemId: string): Promise<{ version: number; note: string | null }> {
    const { by, review } = await this.load(actor, id);
    const v = reviewViolation('draft_version', review.status);
    if (v) throw new DomainError(v, { status: review.status });
    const item = isUuid(itemId) ? await this.repo.item(this.db, id, itemId) : undefined;
    if (!item) throw new DomainError('NOT_FOUND');
    if (!item.proposal) throw new DomainError('REVIEW_NO_PROPOSAL');
    if (item.drafted_version !== null) throw new DomainError('REVIEW_ALREADY_DRAFTED', { version: item.drafted_version });
    const reviewed = await this.catalog.versionRecord(this.db, item.version_id);
    const plan = draftPlan(item.proposal);
    const removedNames = new Set(plan.removeDocuments.map((i) => reviewed?.documents[i]?.name).filter((n): n is string => !!n));
    const draft = await this.catalog.newVersion(by, item.procedure_code);
    const exchange = recordToExchange(draft);
    exchange.documents = exchange.documents.filter((d) => !removedNames.has(d.name));
    if (plan.timeLimitValue !== null && !exchange.timeLimit.none) exchange.timeLimit = { ...exchange.timeLimit, value: plan.timeLimitValue };
    if (plan.onlineLevel !== null && plan.onlineLevel > exchange.onlineLevel) {
      exchange.onlineLevel = plan.onlineLevel;
      if (plan.onlineClass) exchange.onlineClass = plan.onlineClass;
    }
    delete exchange.effectiveFrom;
    const updated = await this.catalog.updateDraft(by, item.procedure_code, exchange);
    const notes: string[] = [];
    if (plan.manual.includes('merge_steps')) notes.push(`Gộp các bước thực hiện: sửa trình tự thực hiện và quy trình (workflow) theo phương án — ${item.proposal.reason}`);
    const note = notes.length ? notes.join('\n') : null;
    await this.db.transaction().execute(async (tx) => {
      await this.repo.setDrafted(tx, itemId, updated.version, note);
      await this.repo.addEvent(tx, { reviewId: id, actorId: by.id, actorName: by.fullName, action: 'draft_version', from: review.status, to: review.status, note: `${item.procedure_code} v${updated.version}` });
      await this.audit.record(tx, by, { action: 'review.draft_version', targetType: 'procedure_review', targetId: id, agencyId: review.agency_id, summary: { code: item.procedure_code, version: updated.version, removed: [...removedNames], timeLimit: plan.timeLimitValue, onlineLevel: plan.onlineLevel, manual: plan.manual } });
    });
    return { version: updated.version, note };
  }

  // --- the report --------------------------------------------------------------------------------

  async heading(agency: Agency): Promise<AgencyHeading> {
    const parent = agency.parent_id ? await this.agencies.byId(agency.parent_id) : undefined;
    return { parentName: parent?.name ?? null, name: agency.name, place: this.options.place ?? 'Hà Nội' };
  }

  // --- evidence ----------------------------------------------------------------------------------

  /**
   * The facts that argue for a cut, over the 12 months before `now`: the handling time of the resolved dossiers in
   * working days (the calendar's), the late rate, the supplement requests and what they asked for again (free-text
   * items matched to the version's documents by name), the online share and the ratings.
   */
  async evidence(actor: Actor | null, id: string, itemId: string, now = new Date()) {
    const { detail, item } = await this.item(actor, id, itemId);
    const { from, to } = ReviewService.lastYear(now);
    const raw = await this.repo.evidence(this.db, item.procedure_code, from, to);
    const years = new Set<number>();
    for (const d of raw.days) {
      years.add(Number(d.received.slice(0, 4)));
      years.add(Number(d.finished.slice(0, 4)));
    }
    const cal = await this.calendar.calendarFor([...years, vietnamYear(now)]);
    const entries = raw.days.map((d) => {
      const a = parseDate(d.received);
      const b = parseDate(d.finished);
      return { days: a !== null && b !== null && b > a ? cal.workingDaysBetween(a, b) : 0, count: d.count, late: d.late };
    });
    const resolved = entries.reduce((s, e) => s + e.count, 0);
    const late = entries.reduce((s, e) => s + e.late, 0);
    return {
      detail,
      item,
      from,
      to,
      received: raw.received,
      online: raw.online,
      onlineBp: raw.received ? Math.round((raw.online * 10_000) / raw.received) : null,
      resolved,
      late,
      lateBp: resolved ? Math.round((late * 10_000) / resolved) : null,
      histogram: histogram(entries),
      medianDays: medianDays(entries),
      supplementRequests: raw.supplementRequests,
      supplementDossiers: raw.supplementDossiers,
      askedAgain: askedAgain(raw.supplementLines, item.facts.documents.map((d) => d.name)),
      ratings: raw.ratings,
      ratingPct: raw.ratingPct,
    };
  }
}
