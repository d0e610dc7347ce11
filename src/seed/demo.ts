// Demo data: agencies, the nine demo accounts, the demo catalog. Idempotent: running it twice changes nothing.
// The demo's history (a generated recent year and the Trà Vinh 2017 import, `seedDemoHistory`) is loaded by the
// first `npm start` only: the test template has the demo data without it (tests that want it load it).
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { AppContext } from '../container.ts';
import type { Db } from '../db/database.ts';
import { seedDemoAccounts } from './accounts.ts';
import { seedDemoAgencies } from './agencies.ts';
import { seedDemoCatalog } from './catalog.ts';
import { seedDemoDataSharing } from './datasharing.ts';
import { seedDemoYear, type DemoYearOptions } from './year.ts';
import { seedDemoParIndex } from './parindex.ts';
import { seedDemoParPlan } from './parplan.ts';
import { seedDemoSurvey } from './survey.ts';
import { seedDemoFeedback } from './feedback.ts';
import { seedDemoReview } from '../modules/review/review.demo.ts';
import { seedDemoIncoming } from '../modules/incoming/incoming.demo.ts';
import { seedDemoOutgoing } from '../modules/outgoing/outgoing.demo.ts';
import { seedDemoMeetings } from '../modules/meetings/meetings.demo.ts';
import { seedDemoFloor, seedDemoFloorTickets } from '../modules/floor/floor.demo.ts';
import { seedDemoAppointments } from '../modules/appointments/appointments.demo.ts';

export async function seedDemo(ctx: AppContext, log: (msg: string) => void = () => {}): Promise<void> {
  const agencies = await seedDemoAgencies(ctx);
  log(`agencies: ${agencies.size}`);
  const accounts = await seedDemoAccounts(ctx, agencies);
  log(`demo accounts: ${accounts}`);
  const procedures = await seedDemoCatalog(ctx, agencies);
  log(`demo procedures: ${procedures}`);
  log(`demo data-sharing procedures: ${await seedDemoDataSharing(ctx)}`);
  const floor = await seedDemoFloor(ctx);
  if (floor) log(`one-stop floor of the Copyright Office: ${floor.groups} counter groups, ${floor.counters} counters — /quay/000.00.12.G14`);
}

/** No account at all: a fresh database (first start). */
export async function isEmpty(db: Db): Promise<boolean> {
  return !(await db.selectFrom('accounts').select('id').limit(1).executeTakeFirst());
}

/** The Trà Vinh one-stop year of the source article (2,002 dossiers, 95.95% on time): the historical import file. */
export const TRA_VINH_2017_FILE = path.resolve(import.meta.dirname, '../../test/fixtures/travinh-2017.csv');
export const TRA_VINH_2017_AGENCY = '000.20.00.H59';
/** Biểu 06 of the Sở VHTTDL Trà Vinh for 2017, as the demo's menu links it. */
export const TRA_VINH_2017_REPORT = `/bao-cao/xu-ly?agency=${TRA_VINH_2017_AGENCY}&preset=year&year=2017`;
const TRA_VINH_2017_FIRST_CODE = 'H59.20-170103-0001';

/**
 * Imports the Trà Vinh 2017 year through the historical import (src/modules/imports), once: null when its
 * dossiers are already there or the file is missing; else the number of dossiers inserted.
 */
export async function seedTraVinh2017(ctx: AppContext, file = TRA_VINH_2017_FILE): Promise<number | null> {
  if (!existsSync(file)) return null;
  const there = await ctx.db.selectFrom('dossiers').select('id').where('code', '=', TRA_VINH_2017_FIRST_CODE).executeTakeFirst();
  if (there) return null;
  const run = await ctx.services.imports.importPath(null, file);
  return run.insertedRows;
}

/** The demo's history: the Trà Vinh 2017 year (the article's 95.95%) and a generated recent year. Idempotent. */
export async function seedDemoHistory(ctx: AppContext, log: (msg: string) => void = () => {}, options: DemoYearOptions = {}): Promise<void> {
  // A history that cannot be loaded is reported, and the demo starts without it (each part is all or nothing).
  try {
    const travinh = await seedTraVinh2017(ctx);
    if (travinh !== null) log(`Trà Vinh 2017 (historical import): ${travinh} dossiers — ${TRA_VINH_2017_REPORT}`);
  } catch (error) {
    log(`Trà Vinh 2017 not loaded: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    const year = await seedDemoYear(ctx, options);
    if (year) log(`a year of history: ${year.dossiers} dossiers, ${year.events} history entries, ${year.payments} payments, ${year.ratings} ratings (${year.ms} ms)`);
  } catch (error) {
    log(`the demo year of history not loaded: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    const survey = await seedDemoSurvey(ctx);
    if (survey) log(`SIPAS survey: ${survey.rounds} round(s), ${survey.sampled} dossiers sampled, ${survey.answered} answered — /bao-cao/khao-sat-hai-long`);
  } catch (error) {
    log(`the demo SIPAS survey not loaded: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    const feedback = await seedDemoFeedback(ctx);
    if (feedback) log(`feedback (PAKN): ${feedback} items, answers published — /phan-anh-kien-nghi/da-tra-loi`);
  } catch (error) {
    log(`the demo feedback not loaded: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    const incoming = await seedDemoIncoming(ctx);
    if (incoming) log(`incoming documents: ${incoming} in the register of the Copyright Office — /can-bo/van-ban-den`);
  } catch (error) {
    log(`the demo incoming documents not loaded: ${error instanceof Error ? error.message : String(error)}`);
  }
  // After the incoming documents: the issued notice is received by nobody on OpenDVC; the letters go to Trà Vinh when issued.
  try {
    const outgoing = await seedDemoOutgoing(ctx);
    if (outgoing) log(`outgoing documents: ${outgoing} at the Copyright Office (a draft, one in review, one issued) — /can-bo/van-ban-di`);
  } catch (error) {
    log(`the demo outgoing documents not loaded: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    const tickets = await seedDemoFloorTickets(ctx);
    if (tickets) log(`queue tickets: ${tickets} this morning at counter 3 of the Copyright Office (demo.motcua) — /can-bo/quay`);
  } catch (error) {
    log(`the demo queue tickets not loaded: ${error instanceof Error ? error.message : String(error)}`);
  }
  // After the floor's demo (its counter groups): booking settings of the groups and a few appointments.
  try {
    const booked = await seedDemoAppointments(ctx);
    if (booked !== null) log(`appointments: settings of the counter groups, ${booked} bookings on the next working days — /lich-hen, /can-bo/lich-hen`);
  } catch (error) {
    log(`the demo appointments not loaded: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    const meetings = await seedDemoMeetings(ctx);
    if (meetings) log(`work calendar: ${meetings} entries this week, a meeting with invitations sent — /lich-cong-tac`);
  } catch (error) {
    log(`the demo work calendar not loaded: ${error instanceof Error ? error.message : String(error)}`);
  }
  // After the survey: the 2026 self-assessment can propose SIPAS points from it.
  try {
    const par = await seedDemoParIndex(ctx);
    if (par) log(`PAR Index: ${par} assessments (2025 appraised, 2026 in progress) — /quan-tri/chi-so-cchc`);
  } catch (error) {
    log(`the PAR Index demo not loaded: ${error instanceof Error ? error.message : String(error)}`);
  }
  // After the PAR Index: the plan groups its tasks by the fields of the 2026 criteria set.
  try {
    const tasks = await seedDemoParPlan(ctx);
    if (tasks) log(`PAR plan 2026 of the Copyright Office: ${tasks} tasks — /quan-tri/ke-hoach-cchc`);
  } catch (error) {
    log(`the PAR plan demo not loaded: ${error instanceof Error ? error.message : String(error)}`);
  }
  // After the year of history: the review's frequencies come from its dossiers.
  try {
    const review = await seedDemoReview(ctx);
    if (review) log(`procedure review: ${review} procedures of the Copyright Office, one with a proposal — /quan-tri/ra-soat-tthc`);
  } catch (error) {
    log(`the procedure review demo not loaded: ${error instanceof Error ? error.message : String(error)}`);
  }
}
