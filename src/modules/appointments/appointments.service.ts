// Appointments at the one-stop centre (issue 20, part 3): a citizen books a visit to a counter group for a procedure
// (signed in, or anonymous with a phone verified by a one-time SMS code — the feedback module's codes), or an officer
// books it on the phone; slots from the group's settings inside the agency's working hours on working days; capacity
// guarded per slot (appointment_slots); confirmation by SMS and e-mail with the booking code (its QR on the page);
// cancellation up to the cut-off; reminders the day before; check-in at the kiosk issues a queue ticket (the floor);
// no-shows marked after the day; a report per day and group.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Actor } from '../../core/actor.ts';
import { DomainError, type FieldError } from '../../core/errors.ts';
import { isUuid } from '../../core/ids.ts';
import { DEFAULT_LOCALE, registerMessages, translate, type Locale } from '../../core/i18n.ts';
import { addDays, isIsoDate, vietnamDate, vietnamDayNumber, vietnamDayStart, vietnamDayStartMs, vietnamYear } from '../../core/time.ts';
import type { Db, Executor } from '../../db/database.ts';
import type { Role } from '../../db/schema.ts';
import type { AgenciesService } from '../agencies/agencies.service.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { CalendarService } from '../calendar/calendar.service.ts';
import { isoOfDay } from '../calendar/calendar.rules.ts';
import type { MailService } from '../mail/mail.service.ts';
import { paragraphsMail } from '../mail/mail.rules.ts';
import { AppointmentsRepository, type AppointmentRow, type SettingsRow } from './appointments.repository.ts';
import {
  bookableDays,
  cancelRefusal,
  CHECK_IN_EARLY_MINUTES,
  checkContact,
  checkInRefusal,
  clock,
  codeFromBytes,
  DEFAULT_SETTINGS,
  displayCode,
  freeSlots,
  MAX_OPEN_PER_CONTACT,
  normaliseCode,
  parseSettings,
  slotAt,
  type Slot,
  type SlotSettings,
} from './appointments.rules.ts';
import './appointments.errors.ts';
import { appointmentsMessages } from './appointments.messages.ts';

registerMessages(appointmentsMessages);

/** Who works the floor of an agency: books on the phone, sees the day lists, cancels. */
export const FLOOR_ROLES: readonly Role[] = ['receptionist', 'specialist', 'department_head', 'agency_leader'];
/** Who edits a group's booking settings. */
export const SETTINGS_ROLES: readonly Role[] = ['agency_leader', 'admin'];
/** Who reads the report. */
export const REPORT_ROLES: readonly Role[] = [...FLOOR_ROLES, 'admin', 'inspector'];

/** A counter group as the floor lists it (FloorService.listGroups through the container). */
export interface FloorGroupView {
  id: string;
  code: string;
  nameVi: string;
  nameEn: string;
  active: boolean;
}

export interface AppointmentsPorts {
  /** The counter groups of an agency with their procedures (the floor). */
  groups(agencyId: string): Promise<FloorGroupView[]>;
  /** A queue ticket for an appointment checked in (the floor); its printed label (A001) and id. */
  issueTicket(tx: Executor, input: { agencyId: string; groupId: string; appointmentId: string; phone: string | null }, now: Date): Promise<{ id: string; label: string }>;
  /** Queues an SMS in `tx`; null when no gateway is configured (NotificationsService.queueSms). */
  queueSms(tx: Executor, to: string, body: string): Promise<string | null>;
  /** One-time codes by SMS (FeedbackService.requestCode / verifyContact / limit). */
  requestCode(input: { contact: unknown }, context: { ip?: string | undefined; locale?: Locale; messageKey?: string; subjectKey?: string }): Promise<{ verificationId: string; channel: 'phone' | 'email' }>;
  verifyCode(tx: Executor, verificationId: string | undefined, code: string | undefined): Promise<{ channel: 'phone' | 'email'; contact: string }>;
  /** One more attempt of `key` this minute; past the limit a 429 (FEEDBACK_RATE_LIMITED). */
  limit(kind: string, key: string): Promise<void>;
}

export interface AppointmentsOptions {
  baseUrl: string;
}

export interface BookingGroup {
  id: string;
  code: string;
  name: string;
  procedures: Array<{ id: string; code: string; name: string }>;
  settings: SlotSettings | null;
}

export interface BookInput {
  agencyCode?: unknown;
  groupId?: unknown;
  procedureId?: unknown;
  /** The slot's start, ISO 8601. */
  startsAt?: unknown;
  name?: unknown;
  phone?: unknown;
  email?: unknown;
  verificationId?: string | undefined;
  code?: string | undefined;
}

export interface Booked {
  id: string;
  code: string;
  startsAt: Date;
  /** The secret of the confirmation / cancellation link (shown once; only its hash is kept). */
  accessToken: string;
}

export interface AppointmentView {
  id: string;
  code: string;
  displayCode: string;
  status: AppointmentRow['status'];
  channel: AppointmentRow['channel'];
  agency: { id: string; code: string; name: string };
  group: { id: string; code: string; name: string };
  procedure: { id: string; code: string; name: string } | null;
  day: string;
  startsAt: Date;
  endsAt: Date;
  time: string;
  name: string;
  phone: string | null;
  email: string | null;
  createdAt: Date;
  cancelledAt: Date | null;
  checkedInAt: Date | null;
  /** The citizen may still cancel (before the cut-off). */
  cancellable: boolean;
  version: number;
}

export interface ReportLine {
  day: string;
  group: { id: string; code: string; name: string };
  bookings: number;
  checkIns: number;
  cancellations: number;
  noShows: number;
}

type Who = { actor: Actor | null; token?: string | undefined };

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

function sameHash(a: Buffer | null, b: Buffer): boolean {
  return !!a && a.length === b.length && timingSafeEqual(a, b);
}

function invalid(errors: FieldError[]): never {
  throw new DomainError('VALIDATION_FAILED', undefined, errors);
}

function settingsOf(row: SettingsRow | undefined): SlotSettings | null {
  return row ? { enabled: row.enabled, slotMinutes: row.slot_minutes, capacity: row.capacity, daysAhead: row.days_ahead, cutoffMinutes: row.cutoff_minutes } : null;
}

const minutesOfDay = (at: Date) => Math.round((at.getTime() - vietnamDayStartMs(vietnamDayNumber(at))) / 60_000);

export class AppointmentsService {
  constructor(
    private readonly db: Db,
    private readonly agencies: AgenciesService,
    private readonly audit: AuditService,
    private readonly calendar: CalendarService,
    private readonly mail: MailService,
    private readonly ports: AppointmentsPorts,
    private readonly options: AppointmentsOptions,
    private readonly repo = new AppointmentsRepository(),
  ) {}

  // --- limits -----------------------------------------------------------------------------------

  /** A public endpoint's rate limit (the feedback module's counters), as APPOINTMENT_RATE_LIMITED. */
  async limit(kind: string, key: string | undefined): Promise<void> {
    if (!key) return;
    try {
      await this.ports.limit(`appointments:${kind}`, key);
    } catch (error) {
      if (error instanceof DomainError && error.status === 429) throw new DomainError('APPOINTMENT_RATE_LIMITED', error.params);
      throw error;
    }
  }

  // --- groups, settings --------------------------------------------------------------------------

  private async agencyByCode(code: unknown) {
    const text = typeof code === 'string' ? code.trim().toUpperCase() : '';
    const agency = /^[A-Z0-9.]{2,40}$/.test(text) ? await this.agencies.byCode(text) : undefined;
    return agency && agency.active ? agency : undefined;
  }

  /** The agency of a code (active), or APPOINTMENT_AGENCY_UNKNOWN on /agencyCode. */
  async agency(code: unknown): Promise<{ id: string; code: string; name: string }> {
    const agency = await this.agencyByCode(code);
    if (!agency) invalid([{ path: '/agencyCode', code: 'APPOINTMENT_AGENCY_UNKNOWN' }]);
    return { id: agency.id, code: agency.code, name: agency.name };
  }

  /** The counter groups of an agency with their booking settings (null: not set; `bookableOnly` drops those). */
  async groups(agencyId: string, locale: Locale = DEFAULT_LOCALE, bookableOnly = false): Promise<BookingGroup[]> {
    const groups = (await this.ports.groups(agencyId)).filter((g) => g.active);
    const ids = groups.map((g) => g.id);
    const [settingRows, procedureRows] = await Promise.all([this.repo.settings(this.db, ids), this.repo.groupProcedures(this.db, ids)]);
    const settings = new Map(settingRows.map((s) => [s.group_id, s]));
    const procedures = (groupId: string) => procedureRows.filter((p) => p.group_id === groupId).map((p) => ({ id: p.id, code: p.code, name: p.name }));
    return groups
      .map((g) => ({ id: g.id, code: g.code, name: locale === 'en' ? g.nameEn : g.nameVi, procedures: procedures(g.id), settings: settingsOf(settings.get(g.id)) }))
      .filter((g) => !bookableOnly || g.settings?.enabled === true);
  }

  private async group(agencyId: string, groupId: unknown, locale: Locale = DEFAULT_LOCALE, path = '/groupId'): Promise<BookingGroup> {
    const group = typeof groupId === 'string' && isUuid(groupId) ? (await this.groups(agencyId, locale)).find((g) => g.id === groupId) : undefined;
    if (!group) invalid([{ path, code: 'APPOINTMENT_GROUP_UNKNOWN' }]);
    return group;
  }

  /** A group's settings for its edit form (the agency's leader or an administrator). */
  async settingsForm(actor: Actor | null, agencyCode: string, groupId: string): Promise<{ agency: { id: string; code: string; name: string }; group: BookingGroup; settings: SlotSettings }> {
    const scope = await this.officerAgencies(actor, SETTINGS_ROLES);
    const agency = await this.agency(agencyCode).catch(() => {
      throw new DomainError('NOT_FOUND');
    });
    if (!scope.includes(agency.id)) throw new DomainError('FORBIDDEN');
    const group = await this.group(agency.id, groupId).catch(() => {
      throw new DomainError('NOT_FOUND');
    });
    return { agency, group, settings: group.settings ?? DEFAULT_SETTINGS };
  }

  async saveSettings(actor: Actor | null, agencyCode: string, groupId: string, input: Record<string, unknown>): Promise<SlotSettings> {
    const { agency, group } = await this.settingsForm(actor, agencyCode, groupId);
    const { value, errors } = parseSettings(input);
    if (!value) invalid(errors);
    await this.db.transaction().execute(async (tx) => {
      await this.repo.saveSettings(tx, { group_id: group.id, enabled: value.enabled, slot_minutes: value.slotMinutes, capacity: value.capacity, days_ahead: value.daysAhead, cutoff_minutes: value.cutoffMinutes, updated_by: actor!.id });
      await this.audit.record(tx, actor, { action: 'appointments.settings', targetType: 'floor_group', targetId: group.id, agencyId: agency.id, summary: { group: group.code, ...value } });
    });
    return value;
  }

  // --- days and slots ----------------------------------------------------------------------------

  private async slotFacts(agencyId: string, settings: SlotSettings, now: number) {
    const years = [vietnamYear(now), vietnamYear(now + (settings.daysAhead + 1) * 86_400_000)];
    const [calendar, hours] = await Promise.all([this.calendar.calendarFor(years), this.calendar.workingHoursOf(agencyId)]);
    return { calendar, hours };
  }

  /** The days a group may be booked on (working days from today to its horizon), each with its free places. */
  async days(agencyId: string, group: BookingGroup, now = new Date()): Promise<Array<{ day: string; free: number }>> {
    const settings = group.settings;
    if (!settings?.enabled) return [];
    const { calendar, hours } = await this.slotFacts(agencyId, settings, now.getTime());
    const days = bookableDays(now.getTime(), settings.daysAhead, (d) => calendar.isWorkingDay(d));
    if (!days.length) return [];
    const booked = await this.repo.bookedCounts(this.db, group.id, new Date(vietnamDayStartMs(days[0]!)), new Date(vietnamDayStartMs(days.at(-1)! + 1)));
    return days
      .map((d) => ({ day: isoOfDay(d), free: freeSlots({ day: d, working: true, hours, settings, now: now.getTime(), booked }).reduce((n, s) => n + s.left, 0) }))
      .filter((d) => d.free > 0);
  }

  /** The free slots of a group's day (open, with a place left). */
  async slots(agencyId: string, group: BookingGroup, day: string, now = new Date()): Promise<Array<Slot & { time: string; iso: string }>> {
    const settings = group.settings;
    if (!settings?.enabled || !isIsoDate(day)) return [];
    const { calendar, hours } = await this.slotFacts(agencyId, settings, now.getTime());
    const d = vietnamDayNumber(vietnamDayStart(day));
    const booked = await this.repo.bookedCounts(this.db, group.id, vietnamDayStart(day), new Date(vietnamDayStartMs(d + 1)));
    return freeSlots({ day: d, working: calendar.isWorkingDay(d), hours, settings, now: now.getTime(), booked }).map((s) => ({ ...s, time: `${clock(s.start)}–${clock(s.end)}`, iso: new Date(s.startsAt).toISOString() }));
  }

  /** The booking form's choices: the agency's bookable groups, the chosen group's days, the chosen day's slots. */
  async choices(query: { agencyCode?: string | undefined; groupId?: string | undefined; day?: string | undefined }, locale: Locale, now = new Date()) {
    const agency = query.agencyCode ? await this.agencyByCode(query.agencyCode) : undefined;
    if (!agency) return { agency: null, groups: [], group: null, days: [], slots: [] };
    const groups = await this.groups(agency.id, locale, true);
    const group = groups.find((g) => g.id === query.groupId) ?? null;
    const days = group ? await this.days(agency.id, group, now) : [];
    const day = group && query.day && days.some((d) => d.day === query.day) ? query.day : null;
    const slots = group && day ? await this.slots(agency.id, group, day, now) : [];
    return { agency: { id: agency.id, code: agency.code, name: agency.name }, groups, group, days, day, slots };
  }

  // --- booking ------------------------------------------------------------------------------------

  /** Sends the anonymous visitor a one-time code by SMS (the feedback module's codes, this capability's text). */
  async requestCode(input: { phone?: unknown }, context: { ip?: string | undefined; locale?: Locale } = {}): Promise<{ verificationId: string }> {
    await this.limit('code:ip', context.ip);
    const { phone, errors } = checkContact({ phone: input.phone }, { nameRequired: false, phoneRequired: true });
    if (errors.length || !phone) invalid(errors.length ? errors : [{ path: '/phone', code: 'APPOINTMENT_PHONE_REQUIRED' }]);
    try {
      const sent = await this.ports.requestCode({ contact: phone }, { locale: context.locale, messageKey: 'appointments.code.message', subjectKey: 'appointments.code.subject' });
      return { verificationId: sent.verificationId };
    } catch (error) {
      if (error instanceof DomainError && error.status === 429) throw new DomainError('APPOINTMENT_RATE_LIMITED', error.params);
      if (error instanceof DomainError && error.code === 'VALIDATION_FAILED') invalid(error.fieldErrors.map((e) => ({ ...e, path: '/phone' })));
      if (error instanceof DomainError && error.fieldErrors.length) throw new DomainError(error.code, error.params, error.fieldErrors.map((e) => ({ ...e, path: '/phone' })));
      throw error;
    }
  }

  /** A booking on the portal: signed in (the account's contact unless given), or anonymous with a verified phone. */
  async book(actor: Actor | null, input: BookInput, context: { ip?: string | undefined; locale?: Locale } = {}, now = new Date()): Promise<Booked> {
    await this.limit('book:ip', context.ip);
    return this.create(actor, input, actor ? 'account' : 'anonymous', context.locale ?? DEFAULT_LOCALE, now);
  }

  /** A booking taken on the phone by an officer of the agency (name and phone of the caller). */
  async bookByPhone(actor: Actor | null, input: BookInput, locale: Locale = DEFAULT_LOCALE, now = new Date()): Promise<Booked> {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    if (!(await this.agencies.scopeOf(actor, FLOOR_ROLES)).length) throw new DomainError('FORBIDDEN');
    return this.create(actor, input, 'officer', locale, now);
  }

  private async create(actor: Actor | null, input: BookInput, mode: 'account' | 'anonymous' | 'officer', locale: Locale, now: Date): Promise<Booked> {
    const errors: FieldError[] = [];
    const agency = await this.agencyByCode(input.agencyCode);
    if (!agency) invalid([{ path: '/agencyCode', code: 'APPOINTMENT_AGENCY_UNKNOWN' }]);
    if (mode === 'officer' && !(await this.agencies.scopeOf(actor, FLOOR_ROLES)).includes(agency.id)) invalid([{ path: '/agencyCode', code: 'APPOINTMENT_AGENCY_UNKNOWN' }]);
    const group = (await this.groups(agency.id, locale, true)).find((g) => g.id === input.groupId);
    if (!group || !group.settings) invalid([{ path: '/groupId', code: 'APPOINTMENT_GROUP_UNKNOWN' }]);
    const settings = group.settings;
    const procedureId = typeof input.procedureId === 'string' && input.procedureId ? input.procedureId : null;
    if (procedureId && !group.procedures.some((p) => p.id === procedureId)) errors.push({ path: '/procedureId', code: 'APPOINTMENT_GROUP_UNKNOWN' });
    const startsAtMs = typeof input.startsAt === 'string' && input.startsAt.length <= 40 ? Date.parse(input.startsAt) : Number.NaN;
    const { calendar, hours } = await this.slotFacts(agency.id, settings, now.getTime());
    const slot = Number.isFinite(startsAtMs) ? slotAt({ working: calendar.isWorkingDay(vietnamDayNumber(startsAtMs)), hours, settings, now: now.getTime() }, startsAtMs) : undefined;
    if (!slot || !slot.open) errors.push({ path: '/startsAt', code: 'APPOINTMENT_SLOT_INVALID' });
    const account = mode === 'account' ? await this.repo.account(this.db, actor!.id) : undefined;
    const contact = checkContact(
      { name: mode === 'account' ? (typeof input.name === 'string' && input.name.trim() ? input.name : account?.full_name) : input.name, phone: mode === 'anonymous' ? undefined : input.phone, email: input.email },
      { nameRequired: true, phoneRequired: mode === 'officer' },
    );
    errors.push(...contact.errors);
    if (errors.length) invalid(errors);
    const accessToken = randomBytes(24).toString('base64url');
    const row = await this.db.transaction().execute(async (tx) => {
      let phone = contact.phone ?? (mode === 'account' ? (account?.phone ?? null) : null);
      const email = contact.email ?? (mode === 'account' ? (account?.email ?? null) : null);
      if (mode === 'anonymous') {
        const verified = await this.ports.verifyCode(tx, input.verificationId, input.code).catch((error: unknown) => {
          if (error instanceof DomainError && error.code === 'FEEDBACK_CODE_INVALID') invalid([{ path: '/code', code: 'APPOINTMENT_CODE_INVALID' }]);
          throw error;
        });
        if (verified.channel !== 'phone') invalid([{ path: '/code', code: 'APPOINTMENT_CODE_INVALID' }]);
        phone = verified.contact;
      }
      const accountId = mode === 'account' ? actor!.id : null;
      if ((await this.repo.openCount(tx, { phone, accountId }, now)) >= MAX_OPEN_PER_CONTACT) throw new DomainError('APPOINTMENT_TOO_MANY', { max: MAX_OPEN_PER_CONTACT });
      if (!(await this.repo.takePlace(tx, group.id, new Date(slot!.startsAt), settings.capacity))) throw new DomainError('APPOINTMENT_SLOT_FULL');
      let code = codeFromBytes(randomBytes(8));
      for (let i = 0; i < 5 && (await this.repo.codeTaken(tx, code)); i++) code = codeFromBytes(randomBytes(8));
      const inserted = await this.repo.insert(tx, {
        code,
        agency_id: agency.id,
        group_id: group.id,
        procedure_id: procedureId,
        day: vietnamDate(slot!.startsAt),
        starts_at: new Date(slot!.startsAt),
        ends_at: new Date(slot!.endsAt),
        channel: mode === 'officer' ? 'phone' : 'online',
        account_id: accountId,
        name: contact.name,
        phone,
        email,
        locale,
        access_hash: sha256(accessToken),
        booked_by: mode === 'officer' ? actor!.id : null,
      });
      if (mode === 'officer') await this.audit.record(tx, actor, { action: 'appointments.book', targetType: 'appointment', targetId: inserted.id, agencyId: agency.id, summary: { code, group: group.code, startsAt: inserted.starts_at.toISOString() } });
      await this.tell(tx, inserted, 'confirmed', { agency: agency.name, group: group.name }, accessToken);
      return inserted;
    });
    return { id: row.id, code: row.code, startsAt: row.starts_at, accessToken };
  }

  /** The confirmation / reminder / cancellation by SMS and e-mail, in the appointment's language. */
  private async tell(tx: Executor, row: AppointmentRow, kind: 'confirmed' | 'reminder' | 'cancelled', names: { agency: string; group: string }, accessToken?: string): Promise<void> {
    const locale = row.locale;
    const url = `${this.options.baseUrl}/lich-hen/${row.code}${accessToken ? `?k=${encodeURIComponent(accessToken)}` : ''}`;
    const params = { code: displayCode(row.code), date: row.day.split('-').reverse().join('/'), time: clock(minutesOfDay(row.starts_at)), agency: names.agency, group: names.group };
    const text = translate(locale, `appointments.notice.${kind}`, params);
    // The link opens the confirmation with its secret (given only at booking) or for the account that booked.
    const link = kind !== 'cancelled' && (accessToken || row.account_id);
    if (row.phone) await this.ports.queueSms(tx, row.phone, link ? `${text} ${url}` : text);
    if (row.email) await this.mail.queue(tx, { to: row.email, subject: translate(locale, `appointments.notice.${kind}.subject`, params), ...paragraphsMail(link ? [text, url] : [text], url) });
  }

  // --- reading ----------------------------------------------------------------------------------

  private async names(row: AppointmentRow, locale: Locale, known?: BookingGroup[]) {
    const [agency, groups] = await Promise.all([this.agencies.byId(row.agency_id), known ?? this.groups(row.agency_id, locale)]);
    const group = groups.find((g) => g.id === row.group_id);
    const procedure = row.procedure_id ? (group?.procedures.find((p) => p.id === row.procedure_id) ?? null) : null;
    return {
      agency: { id: row.agency_id, code: agency?.code ?? '', name: agency?.name ?? '' },
      group: { id: row.group_id, code: group?.code ?? '', name: group?.name ?? '' },
      procedure,
      settings: group?.settings ?? null,
    };
  }

  /** An appointment for its pages; `groups`: the agency's groups when the caller has them (lists). */
  private async view(row: AppointmentRow, locale: Locale, now = new Date(), groups?: BookingGroup[]): Promise<AppointmentView> {
    const { settings: groupSettings, ...names } = await this.names(row, locale, groups);
    const settings = groupSettings ?? DEFAULT_SETTINGS;
    return {
      id: row.id,
      code: row.code,
      displayCode: displayCode(row.code),
      status: row.status,
      channel: row.channel,
      ...names,
      day: row.day,
      startsAt: row.starts_at,
      endsAt: row.ends_at,
      time: `${clock(minutesOfDay(row.starts_at))}–${clock(minutesOfDay(row.ends_at))}`,
      name: row.name,
      phone: row.phone,
      email: row.email,
      createdAt: row.created_at,
      cancelledAt: row.cancelled_at,
      checkedInAt: row.checked_in_at,
      cancellable: cancelRefusal({ status: row.status, startsAt: row.starts_at.getTime() }, now.getTime(), settings.cutoffMinutes, 'citizen') === null,
      version: row.version,
    };
  }

  /** The appointment as its holder may read it: the account that booked it, or the link's secret. */
  private async ownRow(who: Who, codeText: string): Promise<AppointmentRow> {
    const code = normaliseCode(codeText);
    const row = code ? await this.repo.byCode(this.db, code) : undefined;
    if (!row) throw new DomainError('NOT_FOUND');
    if (who.token && sameHash(row.access_hash, sha256(who.token))) return row;
    if (who.actor && row.account_id === who.actor.id) return row;
    if (!who.actor && !who.token) throw new DomainError('UNAUTHENTICATED');
    throw new DomainError('NOT_FOUND');
  }

  async own(who: Who, code: string, locale: Locale = DEFAULT_LOCALE): Promise<AppointmentView> {
    return this.view(await this.ownRow(who, code), locale);
  }

  async mine(actor: Actor | null, locale: Locale = DEFAULT_LOCALE): Promise<AppointmentView[]> {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    const rows = await this.repo.mine(this.db, actor.id);
    const byAgency = new Map<string, BookingGroup[]>();
    const out: AppointmentView[] = [];
    for (const row of rows) {
      if (!byAgency.has(row.agency_id)) byAgency.set(row.agency_id, await this.groups(row.agency_id, locale));
      out.push(await this.view(row, locale, new Date(), byAgency.get(row.agency_id)));
    }
    return out;
  }

  // --- cancellation -------------------------------------------------------------------------------

  /** The holder cancels (account or link) up to the cut-off. */
  async cancel(who: Who, code: string, now = new Date()): Promise<void> {
    const row = await this.ownRow(who, code);
    await this.cancelRow(row.id, 'citizen', who.actor, now);
  }

  /** An officer of the agency cancels (the citizen asked on the phone) until the start. */
  async cancelByOfficer(actor: Actor | null, id: string, now = new Date()): Promise<AppointmentRow> {
    const scope = await this.officerAgencies(actor);
    const row = isUuid(id) ? await this.repo.byId(this.db, id) : undefined;
    if (!row || !scope.includes(row.agency_id)) throw new DomainError('NOT_FOUND');
    await this.cancelRow(row.id, 'officer', actor, now);
    return row;
  }

  private async cancelRow(id: string, by: 'citizen' | 'officer', actor: Actor | null, now: Date): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      const row = (await this.repo.byId(tx, id, true))!;
      const settings = settingsOf((await this.repo.settings(tx, [row.group_id]))[0]) ?? DEFAULT_SETTINGS;
      const refusal = cancelRefusal({ status: row.status, startsAt: row.starts_at.getTime() }, now.getTime(), settings.cutoffMinutes, by);
      if (refusal) throw new DomainError(refusal);
      await this.repo.setStatus(tx, row.id, row.version, { status: 'cancelled', cancelled_at: now, cancelled_by: actor?.id ?? null });
      await this.repo.givePlaceBack(tx, row.group_id, row.starts_at);
      if (by === 'officer') await this.audit.record(tx, actor, { action: 'appointments.cancel', targetType: 'appointment', targetId: row.id, agencyId: row.agency_id, summary: { code: row.code } });
      const names = await this.names(row, row.locale);
      await this.tell(tx, row, 'cancelled', { agency: names.agency.name, group: names.group.name });
    });
  }

  // --- check-in at the kiosk -----------------------------------------------------------------------

  /**
   * The visitor scans the QR or types the code at the agency's kiosk: a booked appointment of this agency within its
   * window is marked checked in and a ticket is issued (the floor, in the same transaction under the appointment's row
   * lock: a second scan waits, then finds it used; a ticket that cannot be issued leaves the appointment booked).
   */
  async checkIn(input: { agencyCode: string; code: unknown }, context: { ip?: string | undefined } = {}, now = new Date()): Promise<{ appointment: AppointmentView; ticket: { id: string; label: string } }> {
    await this.limit('checkin:ip', context.ip);
    const agency = await this.agencyByCode(input.agencyCode);
    if (!agency) throw new DomainError('NOT_FOUND');
    const code = normaliseCode(input.code);
    if (!code) invalid([{ path: '/code', code: 'APPOINTMENT_UNKNOWN_CODE' }]);
    const { row, ticket } = await this.db.transaction().execute(async (tx) => {
      const row = await this.repo.byCode(tx, code, true);
      if (!row || row.agency_id !== agency.id) throw new DomainError('APPOINTMENT_UNKNOWN_CODE', undefined, [{ path: '/code', code: 'APPOINTMENT_UNKNOWN_CODE' }]);
      const refusal = checkInRefusal({ status: row.status, startsAt: row.starts_at.getTime() }, now.getTime());
      if (refusal) throw new DomainError(refusal, { minutes: CHECK_IN_EARLY_MINUTES }, [{ path: '/code', code: refusal, params: { minutes: CHECK_IN_EARLY_MINUTES } }]);
      const ticket = await this.ports.issueTicket(tx, { agencyId: row.agency_id, groupId: row.group_id, appointmentId: row.id, phone: row.phone }, now);
      await this.repo.setStatus(tx, row.id, row.version, { status: 'checked_in', checked_in_at: now, ticket_id: ticket.id });
      return { row: (await this.repo.byId(tx, row.id))!, ticket };
    });
    return { appointment: await this.view(row, row.locale, now), ticket };
  }

  // --- officers -----------------------------------------------------------------------------------

  /** The agencies an officer works the floor of (for the pickers). */
  async officerAgencies(actor: Actor | null, roles: readonly Role[] = FLOOR_ROLES): Promise<string[]> {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    const scope = await this.agencies.scopeOf(actor, roles);
    if (!scope.length) throw new DomainError('FORBIDDEN');
    return scope;
  }

  /** The officer's agency to show: the one asked for when in scope, else their own, else the first of the scope. */
  async officerAgency(actor: Actor | null, agencyCode: string | undefined, roles: readonly Role[] = FLOOR_ROLES): Promise<{ id: string; code: string; name: string }> {
    const scope = await this.officerAgencies(actor, roles);
    const asked = agencyCode ? await this.agencyByCode(agencyCode) : undefined;
    if (asked && !scope.includes(asked.id)) throw new DomainError('NOT_FOUND');
    const id = asked?.id ?? (actor!.agencyId && scope.includes(actor!.agencyId) ? actor!.agencyId : scope[0]!);
    const agency = asked ?? (await this.agencies.byId(id))!;
    return { id: agency.id, code: agency.code, name: agency.name };
  }

  /** The day list of a group (officers of its agency). */
  async dayList(actor: Actor | null, agencyCode: string | undefined, groupId: string | undefined, day: string, locale: Locale = DEFAULT_LOCALE) {
    const agency = await this.officerAgency(actor, agencyCode);
    const groups = await this.groups(agency.id, locale);
    const group = groups.find((g) => g.id === groupId) ?? groups[0] ?? null;
    if (!isIsoDate(day)) invalid([{ path: '/day', code: 'APPOINTMENT_PERIOD_INVALID' }]);
    const rows = group ? await this.repo.dayList(this.db, group.id, day) : [];
    const items: AppointmentView[] = [];
    for (const row of rows) items.push(await this.view(row, locale, new Date(), groups));
    return { agency, groups, group, day, items };
  }

  /** Counts per day and group for the groups of the officer's agency, days [from, to]. */
  async report(actor: Actor | null, agencyCode: string | undefined, from: string, to: string, locale: Locale = DEFAULT_LOCALE): Promise<{ agency: { id: string; code: string; name: string }; rows: ReportLine[] }> {
    const agency = await this.officerAgency(actor, agencyCode, REPORT_ROLES);
    if (!isIsoDate(from) || !isIsoDate(to) || to < from || addDays(from, 366) < to) invalid([{ path: '/from', code: 'APPOINTMENT_PERIOD_INVALID' }]);
    const groups = await this.groups(agency.id, locale);
    const byId = new Map(groups.map((g) => [g.id, g]));
    const rows = await this.repo.report(this.db, groups.map((g) => g.id), from, to);
    return {
      agency,
      rows: rows.map((r) => {
        const g = byId.get(r.group_id);
        return { day: r.day, group: { id: r.group_id, code: g?.code ?? '', name: g?.name ?? '' }, bookings: r.bookings, checkIns: r.check_ins, cancellations: r.cancellations, noShows: r.no_shows };
      }),
    };
  }

  // --- jobs -----------------------------------------------------------------------------------------

  /** The day before: one reminder per booked appointment of tomorrow (Vietnam time), by SMS and e-mail. */
  async remind(now = new Date(), batch = 500): Promise<number> {
    const tomorrow = addDays(vietnamDate(now), 1);
    let sent = 0;
    for (const row of await this.repo.toRemind(this.db, tomorrow, batch)) {
      await this.db.transaction().execute(async (tx) => {
        if (!(await this.repo.markReminded(tx, row.id, now))) return;
        const names = await this.names(row, row.locale);
        await this.tell(tx, row, 'reminder', { agency: names.agency.name, group: names.group.name });
        sent++;
      });
    }
    return sent;
  }

  /** After the day: booked appointments of past days that never checked in become no-shows. */
  markNoShows(now = new Date()): Promise<number> {
    return this.repo.markNoShows(this.db, vietnamDate(now), now);
  }
}
