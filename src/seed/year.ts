// The demo's year of history (issue 16): a realistic recent year — the 12 months before `now` — of dossiers for the
// published procedures of the demo agencies, so that the dashboard, Biểu 06, the disclosure pages and the 766
// scorecard have something to show on the first `npm start`.
//
// Each dossier is lived in memory through the back office's own pure rules (year.plan.ts: `decide` and
// `planTransition` along the version's resolved workflow, deadlines from the calendar's working-day arithmetic),
// then everything is written in ONE transaction with a few set-based statements per table (INSERT … SELECT FROM
// jsonb_to_recordset, in chunks), as the bulk generator of src/seed/dossiers.ts does: the whole year loads in
// seconds. Channels: counter, online, public postal service, National Public Service Portal; some refused,
// withdrawn, stopped, supplement-requested, waiting for fees, late, overdue now; fees paid online (payment orders
// as the payments module stores them, with receipt numbers); ratings with answers to the rating criteria.
// Applicants are generated citizens and organisations (never demo.congdan, whose own pages stay readable).
// E-form data: generated from the version's own e-form when it has one (year.eform.ts; enums, patterns, dates,
// addresses, groups; the seed test validates every dossier as submission would). Files: ONE
// small demo PDF stored once (year.files.ts) attached to the documents of most dossiers (online uploads, counter
// scans: `digitised`); electronic results signed by the demo PKI — one signed PDF per agency for the few busiest
// agencies (a signature per dossier would cost more than the rest of the year together), referenced by each result
// row with its own verification code; results returned by post with the delivery address, the shipment and its
// tracking events (src/modules/postal's tables).
//
// Idempotent: the year is written with an audit entry `seed.demo_year` in the same transaction; a second run
// finds it and does nothing. The 766 snapshots of the months it fills are dropped (recomputed on demand).
import { randomBytes, randomUUID } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { AppContext } from '../container.ts';
import type { DB as Database } from '../db/schema.ts';
import type { Audience, Fee, OnlineClass, TimeLimitUnit, WorkflowRole } from '../db/schema.ts';
import { vietnamDayNumber, vietnamDayStartMs, vietnamMonth, vietnamYear, DAY_MS } from '../core/time.ts';
import { formatDossierCode } from '../modules/kernel/dossier.ts';
import { isoOfDay, type WorkingHours } from '../modules/calendar/calendar.rules.ts';
import { HandlingRepository } from '../modules/handling/handling.repository.ts';
import { WorkflowsService } from '../modules/handling/handling.workflows.ts';
import { asFeeDefinition, computeFees, orderLines } from '../modules/payments/payments.rules.ts';
import { checkRating, type Criterion } from '../modules/ratings/ratings.rules.ts';
import { hashLookupSecret } from '../modules/dossiers/dossiers.rules.ts';
import { between, company, person, pick, REQUESTS, seededRandom, type Company, type Person, type Random } from './year.people.ts';
import { drawFate, simulateDossier, type Officer, type SimResult, type Team, type VersionFacts } from './year.plan.ts';
import { DemoFormData, type ApplicantFacts } from './year.eform.ts';
import { demoScanFile, postalRows, RESULT_AGENCIES, signResults, type ResultSource } from './year.files.ts';
import { verificationCode } from '../modules/results/results.rules.ts';

export const DEMO_YEAR_ACTION = 'seed.demo_year';
/** Dossiers of the demo year (about 15 a working day over the demo agencies). */
export const DEMO_YEAR_DOSSIERS = 3600;

/**
 * Signed results at most: each row's trigger (migration 0024) updates its dossier, one statement per row, which the
 * reports' statement triggers follow — a few hundred keep the first start fast.
 */
const MAX_RESULTS = 80;

/** The password hash of the generated people: no password signs in with it (as accounts created at the counter). */
const NO_PASSWORD = '!seed-no-password';

export interface DemoYearOptions {
  now?: Date;
  /** Dossiers to generate (default DEMO_YEAR_DOSSIERS). */
  count?: number;
  /** Seed of the random source (the same seed and `now` give the same year). */
  seed?: number;
}

export interface DemoYear {
  dossiers: number;
  events: number;
  steps: number;
  pauses: number;
  payments: number;
  ratings: number;
  applicants: number;
  /** Dossiers whose e-form data was generated from their version's own e-form (all valid). */
  eforms: number;
  /** Attached document rows (all pointing to the one demo PDF). */
  files: number;
  /** Signed electronic results (dossier_results rows). */
  results: number;
  /** Results sent by post (shipments). */
  shipments: number;
  ms: number;
}

interface VersionRow {
  id: string;
  procedure_code: string;
  agency_id: string;
  agency_code: string;
  time_limit_value: string;
  time_limit_unit: TimeLimitUnit;
  same_day: boolean;
  fees: Fee[];
  fee_rules: Record<string, unknown> | null;
  audience: Audience[];
  online_class: OnlineClass;
  online_level: number;
  name: string;
  form_schema: Record<string, unknown> | null;
  form_ui: Record<string, unknown> | null;
}

/** Whether the demo year was already loaded. */
export async function hasDemoYear(db: Kysely<Database>): Promise<boolean> {
  return !!(await db.selectFrom('audit_log').select('id').where('action', '=', DEMO_YEAR_ACTION).limit(1).executeTakeFirst());
}

/** Loads the demo year once (null when it was already there, or when nothing is published). */
export async function seedDemoYear(ctx: AppContext, options: DemoYearOptions = {}): Promise<DemoYear | null> {
  const started = Date.now();
  if (await hasDemoYear(ctx.db)) return null;
  const now = options.now ?? new Date();
  const count = options.count ?? DEMO_YEAR_DOSSIERS;
  const random = seededRandom(options.seed ?? 2026);

  const versions = (await ctx.db
    .selectFrom('procedure_versions as v')
    .innerJoin('procedures as p', 'p.id', 'v.procedure_id')
    .innerJoin('agencies as a', 'a.id', 'v.agency_id')
    .select(['v.id', 'p.code as procedure_code', 'v.agency_id', 'a.code as agency_code', 'v.time_limit_value', 'v.time_limit_unit', 'v.same_day', 'v.fees', 'v.fee_rules', 'v.audience', 'v.online_class', 'v.online_level', 'v.name', 'v.form_schema', 'v.form_ui'])
    .where('v.status', '=', 'published')
    // A procedure without a statutory time limit (migration 0038) has no due date to simulate against: left out.
    .where('v.no_time_limit', '=', false)
    .where('a.active', '=', true)
    .orderBy('p.code')
    .execute()) as VersionRow[];
  if (!versions.length) return null;

  // Each version's workflow as the back office resolves it (own, agency template, global, built-in default).
  const workflows = new WorkflowsService(ctx.db, ctx.services.agencies, ctx.services.audit, new HandlingRepository());
  const facts = new Map<string, VersionFacts>();
  for (const v of versions) {
    const limit = { value: Number(v.time_limit_value), unit: v.time_limit_unit, sameDay: v.same_day };
    const wf = await workflows.resolve(ctx.db, v.id, limit);
    facts.set(v.id, {
      id: v.id,
      code: v.procedure_code,
      agencyId: v.agency_id,
      limit,
      steps: wf.rules,
      stepDepartmentNames: new Map(wf.steps.map((s) => [s.position, s.departmentName])),
      fees: v.fees ?? [],
    });
  }

  // The calendar: the official schedules of the years spanned, and each agency's working hours.
  const calendar = await ctx.services.calendar.calendarFor([vietnamYear(now) - 1, vietnamYear(now), vietnamYear(now) + 1]);
  const agencyIds = new Set<string>(versions.map((v) => v.agency_id));
  for (const f of facts.values()) for (const s of f.steps) if (s.agencyId) agencyIds.add(s.agencyId);
  const hours = new Map<string, WorkingHours>();
  for (const id of agencyIds) hours.set(id, await ctx.services.calendar.workingHoursOf(id));
  const hoursOf = (id: string) => hours.get(id) ?? hours.values().next().value!;

  // The documents each dossier attaches: those asked of every applicant (not looked up by data sharing, no condition).
  const documentRows = await ctx.db
    .selectFrom('procedure_documents')
    .select(['id', 'version_id'])
    .where('version_id', 'in', versions.map((v) => v.id))
    .where('shared_source', 'is', null)
    .where('condition', 'is', null)
    .orderBy('position')
    .execute();
  const documentsOf = new Map<string, string[]>();
  for (const r of documentRows) documentsOf.set(r.version_id, [...(documentsOf.get(r.version_id) ?? []), r.id]);
  const forms = new DemoFormData();

  const criteria = (await ctx.db.selectFrom('rating_criteria').select(['code', 'options']).where('active', '=', true).orderBy('position').execute()) as unknown as Criterion[];

  return ctx.db.transaction().execute(async (tx) => {
    const people = makeApplicants(random, Math.max(50, Math.round(count / 4)), Math.max(10, Math.round(count / 60)));
    const applicants = await insertApplicants(tx, people);

    // Procedures: a few take most dossiers (a seeded order, weights 1/rank); those of the agencies with officers of
    // their own (the demo accounts: the Copyright Office) come first, so the demo's officers have the busiest year.
    const staffed = new Set((await tx.selectFrom('account_roles').select('agency_id').where('role', 'in', ROLES).execute()).map((r) => r.agency_id));
    const shuffled = [...versions].sort(() => random() - 0.5);
    const order = [...shuffled.filter((v) => staffed.has(v.agency_id)), ...shuffled.filter((v) => !staffed.has(v.agency_id))];
    const teams = await teamsFor(tx, [...agencyIds], random);
    const weights = order.map((_, i) => 1 / (i + 1) ** 0.9);
    const total = weights.reduce((a, b) => a + b, 0);
    const drawVersion = () => {
      let r = random() * total;
      for (let i = 0; i < order.length; i++) if ((r -= weights[i]!) <= 0) return order[i]!;
      return order[order.length - 1]!;
    };

    // Codes continue each agency's daily sequence (a day of the window may already have dossiers).
    const sequences = new Map<string, number>();
    const existing = await tx
      .selectFrom('dossier_sequences')
      .select(['agency_id', 'day', 'last'])
      .where('day', '>=', isoOfDay(vietnamDayNumber(now) - 370))
      .execute();
    const taken = new Map(existing.map((r) => [`${r.agency_id}|${vietnamDayNumber(new Date(`${r.day}T12:00:00+07:00`))}`, r.last]));
    const dossierRows: Record<string, unknown>[] = [];
    const eventRows: Record<string, unknown>[] = [];
    const stepRows: Record<string, unknown>[] = [];
    const pauseRows: Record<string, unknown>[] = [];
    const paymentRows: Record<string, unknown>[] = [];
    const ratingRows: Record<string, unknown>[] = [];
    const answerRows: Record<string, unknown>[] = [];
    const portalRows: Record<string, unknown>[] = [];
    const fileRows: Record<string, unknown>[] = [];
    const resultRows: Record<string, unknown>[] = [];
    const storeRows: Record<string, unknown>[] = [];
    const deliveryRows: Record<string, unknown>[] = [];
    const shipmentRows: Record<string, unknown>[] = [];
    const shipmentEventRows: Record<string, unknown>[] = [];
    const scan = await demoScanFile(ctx, tx);
    // The busiest agencies (by the weights of their procedures) sign their results: one signed PDF each.
    const agencyWeight = new Map<string, number>();
    order.forEach((v, i) => agencyWeight.set(v.agency_id, (agencyWeight.get(v.agency_id) ?? 0) + weights[i]!));
    const signing = new Set([...agencyWeight].sort((a, b) => b[1] - a[1]).slice(0, RESULT_AGENCIES).map(([id]) => id));
    // The signed PDF is made after the loop, while PostgreSQL writes the year (signing is CPU, the inserts wait on the
    // database): the result rows name their agency, and get the file once it is stored.
    const resultSources = new Map<string, ResultSource>();
    let eforms = 0;
    let tracking = 0;
    const receipts = new Map<string, number>();
    const nowDay = vietnamDayNumber(now);

    // Submissions in time order, so that the codes' daily sequences follow the time of day.
    const submissions = Array.from({ length: count }, () => {
      const v = drawVersion();
      const online = v.online_class !== 'none' || v.online_level >= 3;
      const r = random();
      const channel: 1 | 2 | 3 | 4 = online ? (r < 0.5 ? 1 : r < 0.87 ? 2 : r < 0.92 ? 3 : 4) : r < 0.93 ? 1 : 3;
      return { v, online, channel, submittedAt: submissionTime(random, now, nowDay, channel, calendar) };
    }).sort((a, b) => a.submittedAt.getTime() - b.submittedAt.getTime());

    for (const s of submissions) {
      const v = s.v;
      const f = facts.get(v.id)!;
      const organisation = v.audience.includes('organisation') && (!v.audience.includes('citizen') || random() < 0.3);
      const applicant = organisation ? pick(random, applicants.organisations) : pick(random, applicants.citizens);
      const generic = organisation
        ? { fullName: applicant.person.fullName, organisationName: applicant.company!.name, taxCode: applicant.company!.taxCode, phone: applicant.person.phone, address: applicant.company!.address, requestContent: pick(random, REQUESTS) }
        : { fullName: applicant.person.fullName, personalId: applicant.person.personalId, phone: applicant.person.phone, address: applicant.person.address, requestContent: pick(random, REQUESTS) };
      // A version with its own e-form: answers generated from it (year.eform.ts); else the generic block.
      const who: ApplicantFacts = organisation
        ? { fullName: applicant.person.fullName, phone: applicant.person.phone, address: applicant.company!.address, organisationName: applicant.company!.name, taxCode: applicant.company!.taxCode }
        : { fullName: applicant.person.fullName, personalId: applicant.person.personalId, dateOfBirth: applicant.person.dateOfBirth, phone: applicant.person.phone, address: applicant.person.address };
      const own = forms.data(v, random, who);
      if (own) eforms++;
      const formData: Record<string, unknown> = own ?? generic;
      const definition = asFeeDefinition(v.fee_rules);
      const computed = definition ? computeFees(definition, formData) : null;
      const channel = s.channel;
      const fate = drawFate(random, channel, { feeBeforeSubmission: definition?.charge === 'before_submission' && !!computed?.totalVnd, online: s.online });
      const nationalCode = channel === 4 ? `G22.DVCQG-${String(portalRows.length + 1).padStart(7, '0')}` : null;
      const sim = simulateDossier({
        now,
        submittedAt: s.submittedAt,
        channel,
        version: f,
        teams,
        applicant: { id: applicant.accountId, name: applicant.person.fullName, organisationId: applicant.organisationId },
        fate,
        computedFeeVnd: computed ? computed.totalVnd : undefined,
        nationalCode,
        orderNo: () => `DVC${randomBytes(8).toString('hex').toUpperCase()}`,
        trackingNo: () => `RR${String(++tracking + between(random, 0, 9) * 100_000_000).padStart(9, '0')}VN`,
        calendar,
        hoursOf,
        random,
      });
      const id = randomUUID();
      const dayKey = `${v.agency_id}|${vietnamDayNumber(s.submittedAt)}`;
      const sequence = (sequences.get(dayKey) ?? taken.get(dayKey) ?? 0) + 1;
      sequences.set(dayKey, sequence);
      const code = formatDossierCode(v.agency_code, s.submittedAt, sequence);
      // Documents (the first three): uploaded online, scanned at the counter most of the time (digitised) — every row
      // the one demo PDF.
      const documents = documentsOf.get(v.id) ?? [];
      const online = channel === 2 || channel === 4;
      const attached = documents.length > 0 && sim.dossier.status !== null && (online || random() < 0.7);
      if (attached) for (const documentId of documents.slice(0, 3)) fileRows.push({ dossier_id: id, document_id: documentId, file_id: scan, created_at: sim.dossier.received_at ?? s.submittedAt });
      // A signed electronic result: some resolved dossiers of the signing agencies (mostly those returned online).
      let electronic = false;
      const finished = sim.dossier.finished_at;
      if (signing.has(v.agency_id) && finished && (sim.dossier.status === 9 || sim.dossier.status === 10) && resultRows.length < MAX_RESULTS && random() < (fate.returnMethod === 'online' ? 0.6 : 0.1)) {
        const verification = verificationCode(randomBytes(12));
        // The PDF is rendered for the agency's first result: it prints that row's verification code.
        if (!resultSources.has(v.agency_id)) resultSources.set(v.agency_id, { agencyId: v.agency_id, code: verification, dossierCode: code, procedureCode: v.procedure_code, procedureName: v.name, applicantName: applicant.company ? applicant.company.name : applicant.person.fullName, formData, issuedAt: finished });
        electronic = true;
        resultRows.push({ agency: v.agency_id, dossier_id: id, code: verification, source: 'generated', created_by: team(teams, v.agency_id), created_at: finished });
        storeRows.push({ agency: v.agency_id, owner_id: applicant.accountId, organisation_id: applicant.organisationId, title: `Kết quả giải quyết hồ sơ ${code}: ${v.name}`.slice(0, 500), kind: 'result', source_dossier_id: id, created_at: finished });
      }
      if (fate.returnMethod === 'post') {
        const postal = postalRows(random, { dossierId: id, agencyId: v.agency_id, accountId: applicant.accountId, name: applicant.company ? applicant.company.name : applicant.person.fullName, phone: applicant.person.phone, createdAt: s.submittedAt, returnedAt: sim.dossier.return_method === 'post' ? sim.dossier.returned_at : null, trackingNumber: sim.trackingNumber ?? null, now });
        deliveryRows.push(postal.delivery);
        if (postal.shipment) {
          shipmentRows.push(postal.shipment);
          shipmentEventRows.push(...postal.events);
        }
      }
      dossierRows.push({ ...dossierRow(id, code, v, channel, applicant, formData, sim, s.submittedAt, fate.returnMethod), digitised: attached && !online, electronic_result: electronic });
      for (const e of sim.events) eventRows.push({ dossier_id: id, ...e, message: e.message });
      for (const st of sim.steps) stepRows.push({ dossier_id: id, ...st });
      for (const p of sim.pauses) pauseRows.push({ dossier_id: id, ...p });
      if (sim.payment) {
        const year = vietnamYear(sim.payment.paid_at);
        const key = `${v.agency_id}|${year}`;
        const receiptNo = (receipts.get(key) ?? 0) + 1;
        receipts.set(key, receiptNo);
        paymentRows.push({
          ...sim.payment,
          dossier_id: id,
          agency_id: v.agency_id,
          lines: orderLines(computed, sim.payment.amount_vnd),
          status: 'paid',
          transaction_id: `${sim.payment.provider === 'platform' ? 'TT' : 'QR'}${randomBytes(6).toString('hex').toUpperCase()}`,
          bank_code: pick(random, ['VCB', 'BIDV', 'VTB', 'AGR', 'TCB', 'MB']),
          created_by: applicant.accountId,
          receipt_year: year,
          receipt_no: receiptNo,
          updated_at: sim.payment.paid_at,
        });
      }
      if (sim.ratedAt && criteria.length) {
        const rating = rate(random, criteria, sim);
        if (rating) {
          ratingRows.push({ dossier_id: id, account_id: applicant.accountId, agency_id: v.agency_id, score: rating.score, max_score: rating.maxScore, comment: rating.comment, created_at: sim.ratedAt });
          for (const a of rating.answers) answerRows.push({ dossier_id: id, ...a });
        }
      }
      if (nationalCode) portalRows.push({ national_code: nationalCode, dossier_id: id, origin: 'portal', procedure_code: v.procedure_code, received_at: s.submittedAt });
    }

    const signedFiles = signResults(ctx, tx, [...resultSources.values()]);
    await insertMany(tx, 'dossiers', DOSSIER_COLUMNS, dossierRows);
    await insertMany(tx, 'dossier_events', EVENT_COLUMNS, eventRows);
    await insertMany(tx, 'dossier_steps', STEP_COLUMNS, stepRows);
    await insertMany(tx, 'dossier_pauses', PAUSE_COLUMNS, pauseRows);
    await insertMany(tx, 'payment_orders', PAYMENT_COLUMNS, paymentRows);
    await insertMany(tx, 'dossier_ratings', RATING_COLUMNS, ratingRows);
    await insertMany(tx, 'dossier_rating_answers', ANSWER_COLUMNS, answerRows);
    await insertMany(tx, 'national_portal_dossiers', PORTAL_COLUMNS, portalRows);
    await insertMany(tx, 'dossier_files', FILE_COLUMNS, fileRows);
    const signed = await signedFiles;
    const withFile = (rows: Record<string, unknown>[]) =>
      rows.flatMap(({ agency, ...row }) => {
        const file = signed.get(agency as string);
        return file ? [{ ...row, file_id: file.fileId, sha256: file.sha256, signer_subject: file.signerSubject, signed_at: file.signedAt }] : [];
      });
    const results = withFile(resultRows);
    await insertMany(tx, 'dossier_results', RESULT_COLUMNS, results);
    // One store entry per applicant and file: an applicant with two results of the same agency keeps the first.
    await insertMany(tx, 'personal_documents', STORE_COLUMNS, withFile(storeRows), 'ON CONFLICT DO NOTHING');
    // An agency whose result could not be signed (a configured PKCS#12 unreadable…): its dossiers have none.
    const unsigned = resultRows.filter((r) => !signed.has(r.agency as string)).map((r) => r.dossier_id as string);
    if (unsigned.length) await tx.updateTable('dossiers').set({ electronic_result: false }).where('id', 'in', unsigned).execute();
    await insertMany(tx, 'postal_deliveries', DELIVERY_COLUMNS, deliveryRows);
    await insertMany(tx, 'postal_shipments', SHIPMENT_COLUMNS, shipmentRows);
    await insertMany(tx, 'postal_shipment_events', SHIPMENT_EVENT_COLUMNS, shipmentEventRows);
    // The agencies' daily sequences and receipt counters continue after the generated numbers.
    const sequenceRows = [...sequences].map(([key, last]) => {
      const [agencyId, day] = key.split('|');
      return { agency_id: agencyId, day: isoOfDay(Number(day)), last };
    });
    await upsertCounters(tx, 'dossier_sequences', 'day', 'date', sequenceRows);
    await upsertCounters(tx, 'payment_receipt_counters', 'year', 'int', [...receipts].map(([key, last]) => ({ agency_id: key.split('|')[0], year: Number(key.split('|')[1]), last })));

    // The 766 snapshots of the months the year now fills were computed without it: recomputed on first demand.
    await tx.deleteFrom('scorecard_snapshots').where('month', '>=', `${vietnamMonth(new Date(now.getTime() - 366 * DAY_MS))}-01`).execute();

    const summary: DemoYear = {
      dossiers: dossierRows.length,
      events: eventRows.length,
      steps: stepRows.length,
      pauses: pauseRows.length,
      payments: paymentRows.length,
      ratings: ratingRows.length,
      applicants: applicants.citizens.length + applicants.organisations.length,
      eforms,
      files: fileRows.length,
      results: results.length,
      shipments: shipmentRows.length,
      ms: 0,
    };
    await ctx.services.audit.record(tx, null, { action: DEMO_YEAR_ACTION, targetType: 'dossier', summary: { ...summary, from: new Date(now.getTime() - 365 * DAY_MS).toISOString(), to: now.toISOString() } });
    return { ...summary, ms: Date.now() - started };
  });
}

// --- the submissions ---------------------------------------------------------------------------

/**
 * When a dossier came in: a day of the last 365 (fewer long ago: the office grew), at the counter on a working
 * day in office hours, online and from the national portal at any hour from morning to late evening.
 */
function submissionTime(random: Random, now: Date, nowDay: number, channel: number, calendar: { isWorkingDay(day: number): boolean }): Date {
  for (;;) {
    const back = Math.floor(365 * random() ** 1.15);
    const day = nowDay - back;
    const counter = channel === 1 || channel === 3;
    if (counter && !calendar.isWorkingDay(day)) continue;
    if (!counter && !calendar.isWorkingDay(day) && random() < 0.7) continue;
    const minutes = counter ? between(random, 7 * 60 + 30, 16 * 60 + 45) : between(random, 6 * 60, 23 * 60);
    const at = new Date(vietnamDayStartMs(day, minutes) + between(random, 0, 59) * 1000);
    if (at.getTime() < now.getTime() - 60_000) return at;
  }
}

// --- people --------------------------------------------------------------------------------------

interface Applicant {
  accountId: string;
  person: Person;
  company: Company | null;
  organisationId: string | null;
}

function makeApplicants(random: Random, citizens: number, organisations: number): { citizens: Person[]; companies: Company[] } {
  const ids = new Set<string>(['079090001234']); // demo.congdan's
  const taxCodes = new Set<string>(['0312345678']); // demo.doanhnghiep's organisation
  const people: Person[] = [];
  while (people.length < citizens) {
    const p = person(random);
    if (ids.has(p.personalId)) continue;
    ids.add(p.personalId);
    people.push(p);
  }
  const companies: Company[] = [];
  while (companies.length < organisations) {
    const c = company(random);
    if (taxCodes.has(c.taxCode)) continue;
    taxCodes.add(c.taxCode);
    companies.push(c);
  }
  return { citizens: people, companies };
}

async function insertApplicants(tx: Transaction<Database>, made: { citizens: Person[]; companies: Company[] }): Promise<{ citizens: Applicant[]; organisations: Applicant[] }> {
  // People already there (a citizen registered with the same personal ID) are reused, never duplicated.
  const citizenRows = made.citizens.map((p) => ({
    id: randomUUID(), username: `cccd.${p.personalId}`, kind: 'citizen', status: 'active', password_hash: NO_PASSWORD, full_name: p.fullName,
    personal_id: p.personalId, date_of_birth: p.dateOfBirth, phone: p.phone, address: p.address,
  }));
  await insertMany(tx, 'accounts', ACCOUNT_COLUMNS, citizenRows, 'ON CONFLICT DO NOTHING');
  const found = await tx.selectFrom('accounts').select(['id', 'personal_id']).where('personal_id', 'in', made.citizens.map((p) => p.personalId)).execute();
  const byId = new Map(found.map((r) => [r.personal_id, r.id]));
  const citizens = made.citizens.filter((p) => byId.has(p.personalId)).map((p) => ({ accountId: byId.get(p.personalId)!, person: p, company: null, organisationId: null }));

  const orgRows = made.companies.map((c) => ({ id: randomUUID(), tax_code: c.taxCode, name: c.name, legal_representative: c.representative.fullName, address: c.address }));
  await insertMany(tx, 'organisations', ORGANISATION_COLUMNS, orgRows, 'ON CONFLICT DO NOTHING');
  const orgs = await tx.selectFrom('organisations').select(['id', 'tax_code']).where('tax_code', 'in', made.companies.map((c) => c.taxCode)).execute();
  const orgId = new Map(orgs.map((o) => [o.tax_code, o.id]));
  const orgAccounts = made.companies.map((c) => ({
    id: randomUUID(), username: `mst.${c.taxCode}`, kind: 'organisation', status: 'active', password_hash: NO_PASSWORD, full_name: c.representative.fullName,
    phone: c.representative.phone, address: c.address, organisation_id: orgId.get(c.taxCode)!,
  }));
  await insertMany(tx, 'accounts', ACCOUNT_COLUMNS, orgAccounts, 'ON CONFLICT DO NOTHING');
  const orgAccountRows = await tx.selectFrom('accounts').select(['id', 'username']).where('username', 'in', orgAccounts.map((a) => a.username)).execute();
  const orgAccount = new Map(orgAccountRows.map((r) => [r.username, r.id]));
  const organisations = made.companies
    .filter((c) => orgAccount.has(`mst.${c.taxCode}`))
    .map((c) => ({ accountId: orgAccount.get(`mst.${c.taxCode}`)!, person: c.representative, company: c, organisationId: orgId.get(c.taxCode)! }));
  return { citizens, organisations };
}

const ROLES: WorkflowRole[] = ['receptionist', 'specialist', 'department_head', 'agency_leader'];

/**
 * One officer per handling role for each agency: its staff holding the role when there are some (the demo
 * accounts of the Copyright Office), otherwise a generated officer (no password) with the role granted.
 */
async function teamsFor(tx: Transaction<Database>, agencyIds: string[], random: Random): Promise<Map<string, Team>> {
  const staff = await tx
    .selectFrom('account_roles as r')
    .innerJoin('accounts as a', 'a.id', 'r.account_id')
    .leftJoin('departments as d', 'd.id', 'a.department_id')
    .select(['r.role', 'r.agency_id', 'a.id', 'a.full_name', 'a.department_id', 'd.name as department_name', 'a.username'])
    .where('r.agency_id', 'in', agencyIds)
    .where('a.kind', '=', 'staff')
    .where('a.status', '=', 'active')
    .orderBy('a.username')
    .execute();
  const departments = await tx.selectFrom('departments').select(['id', 'agency_id', 'code', 'name']).where('agency_id', 'in', agencyIds).orderBy('code').execute();
  const teams = new Map<string, Team>();
  const newAccounts: Record<string, unknown>[] = [];
  const newRoles: Record<string, unknown>[] = [];
  const codes = await tx.selectFrom('agencies').select(['id', 'code']).where('id', 'in', agencyIds).execute();
  const codeOf = new Map(codes.map((c) => [c.id, c.code]));
  for (const agencyId of agencyIds) {
    const own = departments.filter((d) => d.agency_id === agencyId);
    const reception = own.find((d) => d.code === 'MC') ?? null;
    const professional = own.find((d) => d.code !== 'MC' && d.code !== 'VP') ?? null;
    const team = {} as Team;
    for (const role of ROLES) {
      const held = staff.find((s) => s.agency_id === agencyId && s.role === role);
      if (held) {
        team[role] = { id: held.id, fullName: held.full_name, role, departmentId: held.department_id, departmentName: held.department_name };
        continue;
      }
      const department = role === 'receptionist' ? reception : role === 'agency_leader' ? null : professional;
      const p = person(random);
      const id = randomUUID();
      const username = `canbo.${(codeOf.get(agencyId) ?? 'x').toLowerCase().replace(/[^a-z0-9]/g, '')}.${role.replace('_', '')}`;
      newAccounts.push({ id, username, kind: 'staff', status: 'active', password_hash: NO_PASSWORD, full_name: p.fullName, agency_id: agencyId, department_id: department?.id ?? null, phone: p.phone });
      newRoles.push({ account_id: id, role, agency_id: agencyId });
      team[role] = { id, fullName: p.fullName, role, departmentId: department?.id ?? null, departmentName: department?.name ?? null } satisfies Officer;
    }
    teams.set(agencyId, team);
  }
  await insertMany(tx, 'accounts', ACCOUNT_COLUMNS, newAccounts);
  await insertMany(tx, 'account_roles', ROLE_COLUMNS, newRoles);
  return teams;
}

// --- rows ----------------------------------------------------------------------------------------

/** The agency's leader in the generated team (who issued its results). */
function team(teams: ReadonlyMap<string, Team>, agencyId: string): string | null {
  return teams.get(agencyId)?.agency_leader.id ?? null;
}

function dossierRow(id: string, code: string, v: VersionRow, channel: number, applicant: Applicant, formData: Record<string, unknown>, sim: SimResult, submittedAt: Date, returnMethod: string) {
  const d = sim.dossier;
  const secret = randomBytes(6).toString('hex');
  return {
    id,
    code,
    agency_id: v.agency_id,
    procedure_version_id: v.id,
    applicant_id: applicant.accountId,
    organisation_id: applicant.organisationId,
    status: d.status,
    channel,
    form_data: formData,
    applicant_name: applicant.company ? applicant.company.name : applicant.person.fullName,
    applicant_kind: applicant.company ? 'organisation' : 'citizen',
    applicant_id_number: applicant.company ? applicant.company.taxCode : applicant.person.personalId,
    lookup_secret_hash: hashLookupSecret(code, secret),
    source: channel === 2 ? 'portal' : channel === 4 ? 'national_portal' : 'counter',
    submitted_at: submittedAt,
    expected_date: d.due_at ? isoOfDay(vietnamDayNumber(d.due_at)) : null,
    received_at: d.received_at,
    due_at: d.due_at,
    appointment_at: d.appointment_at,
    paused_at: d.paused_at,
    finished_at: d.finished_at,
    timeliness: d.timeliness,
    returned_at: d.returned_at,
    return_method: d.return_method,
    fee_vnd: d.fee_vnd,
    paid_online: d.paid_online,
    current_step: d.current_step,
    department_id: d.department_id,
    assignee_id: d.assignee_id,
    version: d.version,
    result_delivery: returnMethod,
    created_at: submittedAt,
    updated_at: d.updated_at,
  };
}

/** A rating as an applicant gives it: on-time answered by what happened, the others mostly good. */
function rate(random: Random, criteria: Criterion[], sim: SimResult) {
  const answers: Record<string, string> = {};
  for (const c of criteria) {
    const values = c.options.map((o) => o.value);
    if (c.code === 'on_time' && sim.dossier.timeliness && values.includes(sim.dossier.timeliness)) answers[c.code] = sim.dossier.timeliness;
    else {
      const best = [...c.options].sort((a, b) => b.score - a.score);
      answers[c.code] = (random() < 0.8 ? best[0] : random() < 0.7 ? best[1] ?? best[0] : best[best.length - 1])!.value;
    }
  }
  const comment = random() < 0.15 ? pick(random, ['Cán bộ hướng dẫn tận tình, nhanh chóng.', 'Thủ tục đơn giản, trả kết quả đúng hẹn.', 'Mong rút ngắn thời gian giải quyết.']) : null;
  const { value, errors } = checkRating(criteria, { answers, comment });
  return errors.length ? null : value;
}

type Column = [name: string, type: string];

const DOSSIER_COLUMNS: Column[] = [
  ['id', 'uuid'], ['code', 'text'], ['agency_id', 'uuid'], ['procedure_version_id', 'uuid'], ['applicant_id', 'uuid'], ['organisation_id', 'uuid'],
  ['status', 'smallint'], ['channel', 'smallint'], ['form_data', 'jsonb'], ['applicant_name', 'text'], ['applicant_kind', 'text'], ['applicant_id_number', 'text'],
  ['lookup_secret_hash', 'text'], ['source', 'text'], ['submitted_at', 'timestamptz'], ['expected_date', 'date'], ['received_at', 'timestamptz'], ['due_at', 'timestamptz'],
  ['appointment_at', 'timestamptz'], ['paused_at', 'timestamptz'], ['finished_at', 'timestamptz'], ['timeliness', 'text'], ['returned_at', 'timestamptz'],
  ['return_method', 'text'], ['fee_vnd', 'bigint'], ['paid_online', 'boolean'], ['current_step', 'int'], ['department_id', 'uuid'], ['assignee_id', 'uuid'],
  ['version', 'int'], ['result_delivery', 'text'], ['created_at', 'timestamptz'], ['updated_at', 'timestamptz'], ['digitised', 'boolean'], ['electronic_result', 'boolean'],
];
const FILE_COLUMNS: Column[] = [['dossier_id', 'uuid'], ['document_id', 'uuid'], ['file_id', 'uuid'], ['created_at', 'timestamptz']];
const RESULT_COLUMNS: Column[] = [
  ['dossier_id', 'uuid'], ['file_id', 'uuid'], ['code', 'text'], ['sha256', 'text'], ['signer_subject', 'text'], ['signed_at', 'timestamptz'], ['source', 'text'],
  ['created_by', 'uuid'], ['created_at', 'timestamptz'],
];
const STORE_COLUMNS: Column[] = [['owner_id', 'uuid'], ['organisation_id', 'uuid'], ['file_id', 'uuid'], ['title', 'text'], ['kind', 'text'], ['source_dossier_id', 'uuid'], ['created_at', 'timestamptz']];
const DELIVERY_COLUMNS: Column[] = [
  ['dossier_id', 'uuid'], ['account_id', 'uuid'], ['recipient_name', 'text'], ['phone', 'text'], ['street', 'text'], ['province_code', 'text'], ['commune_code', 'text'],
  ['created_at', 'timestamptz'], ['updated_at', 'timestamptz'],
];
const SHIPMENT_COLUMNS: Column[] = [
  ['id', 'uuid'], ['dossier_id', 'uuid'], ['agency_id', 'uuid'], ['kind', 'text'], ['tracking_number', 'text'], ['postage_vnd', 'bigint'], ['weight_grams', 'int'], ['status', 'text'],
  ['failure_reason', 'text'], ['recipient_name', 'text'], ['phone', 'text'], ['street', 'text'], ['province_code', 'text'], ['commune_code', 'text'],
  ['created_at', 'timestamptz'], ['updated_at', 'timestamptz'], ['counter_returned_at', 'timestamptz'],
];
const SHIPMENT_EVENT_COLUMNS: Column[] = [['shipment_id', 'uuid'], ['event_id', 'text'], ['status', 'text'], ['reason', 'text'], ['occurred_at', 'timestamptz'], ['received_at', 'timestamptz'], ['applied', 'boolean']];
const EVENT_COLUMNS: Column[] = [
  ['dossier_id', 'uuid'], ['at', 'timestamptz'], ['actor_id', 'uuid'], ['status', 'smallint'], ['action', 'text'], ['content', 'text'], ['message', 'jsonb'],
  ['handler_name', 'text'], ['department', 'text'], ['legal_end', 'timestamptz'],
];
const STEP_COLUMNS: Column[] = [
  ['dossier_id', 'uuid'], ['position', 'int'], ['name', 'text'], ['role', 'text'], ['agency_id', 'uuid'], ['department_id', 'uuid'], ['assignee_id', 'uuid'],
  ['handed_over_by', 'uuid'], ['started_at', 'timestamptz'], ['due_at', 'timestamptz'], ['finished_at', 'timestamptz'], ['result', 'text'], ['outcome', 'text'], ['note', 'text'],
];
const PAUSE_COLUMNS: Column[] = [['dossier_id', 'uuid'], ['kind', 'text'], ['started_at', 'timestamptz'], ['ended_at', 'timestamptz'], ['reason', 'text']];
const PAYMENT_COLUMNS: Column[] = [
  ['order_no', 'text'], ['dossier_id', 'uuid'], ['agency_id', 'uuid'], ['provider', 'text'], ['lines', 'jsonb'], ['amount_vnd', 'bigint'], ['status', 'text'],
  ['transaction_id', 'text'], ['bank_code', 'text'], ['paid_at', 'timestamptz'], ['expires_at', 'timestamptz'], ['created_by', 'uuid'], ['confirmed_by', 'uuid'],
  ['receipt_year', 'int'], ['receipt_no', 'int'], ['created_at', 'timestamptz'], ['updated_at', 'timestamptz'],
];
const RATING_COLUMNS: Column[] = [['dossier_id', 'uuid'], ['account_id', 'uuid'], ['agency_id', 'uuid'], ['score', 'int'], ['max_score', 'int'], ['comment', 'text'], ['created_at', 'timestamptz']];
const ANSWER_COLUMNS: Column[] = [['dossier_id', 'uuid'], ['criterion_code', 'text'], ['option_value', 'text'], ['score', 'int']];
const PORTAL_COLUMNS: Column[] = [['national_code', 'text'], ['dossier_id', 'uuid'], ['origin', 'text'], ['procedure_code', 'text'], ['received_at', 'timestamptz']];
const ACCOUNT_COLUMNS: Column[] = [
  ['id', 'uuid'], ['username', 'text'], ['kind', 'text'], ['status', 'text'], ['password_hash', 'text'], ['full_name', 'text'], ['personal_id', 'text'],
  ['date_of_birth', 'date'], ['phone', 'text'], ['address', 'text'], ['organisation_id', 'uuid'], ['agency_id', 'uuid'], ['department_id', 'uuid'],
];
const ORGANISATION_COLUMNS: Column[] = [['id', 'uuid'], ['tax_code', 'text'], ['name', 'text'], ['legal_representative', 'text'], ['address', 'text']];
const ROLE_COLUMNS: Column[] = [['account_id', 'uuid'], ['role', 'text'], ['agency_id', 'uuid']];

const CHUNK = 4000;

/** INSERT … SELECT FROM jsonb_to_recordset: one statement per chunk of rows (missing keys are NULL). */
async function insertMany(tx: Transaction<Database>, table: string, columns: Column[], rows: Record<string, unknown>[], suffix = ''): Promise<void> {
  const names = columns.map(([n]) => n).join(', ');
  const definition = columns.map(([n, t]) => `${n} ${t}`).join(', ');
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    await sql`INSERT INTO ${sql.raw(table)} (${sql.raw(names)}) SELECT ${sql.raw(names)} FROM jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) AS x(${sql.raw(definition)}) ${sql.raw(suffix)}`.execute(tx);
  }
}

/** Counters (agency, key) → last, raised to at least the generated numbers. */
async function upsertCounters(tx: Transaction<Database>, table: 'dossier_sequences' | 'payment_receipt_counters', key: 'day' | 'year', type: 'date' | 'int', rows: Record<string, unknown>[]): Promise<void> {
  if (!rows.length) return;
  await sql`
    INSERT INTO ${sql.raw(table)} (agency_id, ${sql.raw(key)}, last)
    SELECT agency_id, ${sql.raw(key)}, last FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(agency_id uuid, ${sql.raw(key)} ${sql.raw(type)}, last int)
    ON CONFLICT (agency_id, ${sql.raw(key)}) DO UPDATE SET last = greatest(${sql.raw(table)}.last, EXCLUDED.last)`.execute(tx);
}
