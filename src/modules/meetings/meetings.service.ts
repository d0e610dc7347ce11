// The work calendar (lịch công tác) and electronic invitations (giấy mời điện tử), issue 19 part 4.
//
// Entries belong to an agency's calendar or to one of its leaders' (leader_id). Staff of the agency read its
// published calendar; department heads, leaders and administrators draft and edit entries; leaders and
// administrators (the office) publish them. A published entry that is changed keeps its earlier version and is
// shown as "changed". A meeting (is_meeting) has invitees — staff accounts of any agency on OpenDVC, or outside
// people by name with an e-mail address and/or a phone number; a person whose account is disabled or who left the
// agency is refused (MEETING_INVITEE_INACTIVE, naming the field). Sending numbers the invitation document in the
// agency's own register per year (GM, kernel numberSymbol; the outgoing-documents module's register is not used:
// an invitation is numbered here), and sends each invitee a personal link (a random token, only its SHA-256 kept)
// by e-mail and SMS (the mail and SMS outboxes, in this transaction); staff invitees are also told in-app and see
// the meeting on their own calendar. Through the link (or in-app) the invitee attends, declines with a reason, or
// delegates to a colleague, who gets an invitation of their own. Overlaps with a person's other published entries
// are shown as warnings (rules `conflicts`), never refused. Every change is audited.
import { createHash, randomBytes } from 'node:crypto';
import type { Actor } from '../../core/actor.ts';
import { ROLES, rolesRoots } from '../../core/actor.ts';
import { DomainError, type FieldError } from '../../core/errors.ts';
import { registerMessages, translate, type Locale } from '../../core/i18n.ts';
import { isUuid } from '../../core/ids.ts';
import { formatDate, vietnamesePhone } from '../../core/text.ts';
import { vietnamDate, vietnamYear } from '../../core/time.ts';
import type { Db, Executor } from '../../db/database.ts';
import type { Role } from '../../db/schema.ts';
import type { AgenciesService, TreeEntry } from '../agencies/agencies.service.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { FileStorage, StagedFile } from '../files/files.service.ts';
import { accepts, inspectUpload } from '../files/files.inspect.ts';
import { ATTACHMENT_TYPES } from '../files/files.inspect.rules.ts';
import { sanitiseFileName } from '../files/files.rules.ts';
import { isAbbreviation, numberSymbol } from '../kernel/official-document.ts';
import './meetings.errors.ts';
import { meetingsMessages } from './meetings.messages.ts';
import { renderInvitation, renderWeek, type WeekDocumentRow } from './meetings.pdf.ts';
import { MeetingsRepository, type EventRow, type EventWrite, type InvitationRow } from './meetings.repository.ts';
import {
  clockTime,
  conflicts,
  daysOf,
  decideEvent,
  decideResponse,
  editIsNewVersion,
  entryProblems,
  inviteeProblem,
  isEmail,
  isoWeekday,
  NAME_MAX,
  partOfDay,
  weekOf,
  type CalendarEntry,
  type EntryInput,
  type EventAction,
  type PartOfDay,
  type Response,
} from './meetings.rules.ts';

registerMessages(meetingsMessages);

/** Every staff role reads the calendar of its agencies. */
export const READ_ROLES: readonly Role[] = ROLES;
/** Draft and edit entries, invite, attach. */
export const EDIT_ROLES: readonly Role[] = ['agency_leader', 'admin', 'department_head'];
/** Publish (the leader and the office). */
export const PUBLISH_ROLES: readonly Role[] = ['agency_leader', 'admin'];
/** The personal invitation link: `${baseUrl}${INVITATION_PATH}/${token}`. */
export const INVITATION_PATH = '/giay-moi';

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{20,100}$/;
const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

/** Where invitations go: the SMS and mail outboxes and the in-app notices (wired in src/container.ts). */
export interface MeetingMessagingPort {
  queueSms(tx: Executor, to: unknown, body: string): Promise<string | null>;
  queueMail(tx: Executor, mail: { to: string; subject: string; text: string }): Promise<string>;
  /** An in-app notice to a staff account (null: not wired, the invitation still shows on the person's calendar). */
  notify: ((tx: Executor, notice: { accountId: string; title: string; body: string; link: string }) => Promise<void>) | null;
}

export interface MeetingsOptions {
  baseUrl: string;
  maxFileBytes: number;
  /** The place of the "place, date" line of the documents. */
  place?: string;
}

export interface EventForm extends EntryInput {
  agencyId: string;
  leaderId: string;
  chairId: string;
  participantIds: string[];
  departmentIds: string[];
  isPublic: boolean;
  isMeeting: boolean;
  /** The version the editor saw (updates); 0 or absent: not checked. */
  version?: number;
}

export interface InviteeInput {
  /** A staff account… */
  accountId?: string;
  /** …chosen under this agency in the picker (a person who moved since is refused). */
  agencyId?: string;
  /** …or an outside person. */
  name?: string;
  email?: string;
  phone?: string;
}

export interface ResponseInput {
  response: Response;
  reason?: string;
  deputyId?: string;
}

export interface EntryView {
  id: string;
  agencyId: string;
  leaderId: string | null;
  leaderName: string | null;
  title: string;
  startsAt: Date;
  endsAt: Date;
  allDay: boolean;
  location: string;
  chairId: string | null;
  chair: string;
  outsideParticipants: string;
  content: string;
  isPublic: boolean;
  isMeeting: boolean;
  status: 'draft' | 'published' | 'cancelled';
  version: number;
  changed: boolean;
  participants: Array<{ id: string; name: string }>;
  departments: Array<{ id: string; name: string }>;
  invitationSymbol: string | null;
  /** "08:00–11:00" / "cả ngày" (in the reader's language). */
  time: string;
  part: PartOfDay;
}

export interface WeekView {
  agency: { id: string; code: string; name: string };
  leaderId: string | null;
  week: ReturnType<typeof weekOf>;
  days: Array<{ day: string; weekday: number; today: boolean; entries: EntryView[] }>;
  meetings: number;
  entries: number;
}

export interface InvitationView {
  id: string;
  accountId: string | null;
  name: string;
  agencyName: string | null;
  email: string | null;
  phone: string | null;
  status: 'pending' | 'accepted' | 'declined' | 'delegated';
  reason: string | null;
  sentAt: Date | null;
  respondedAt: Date | null;
  delegatedFrom: string | null;
  delegatedTo: string | null;
}

export interface ConflictView {
  personId: string;
  personName: string;
  entries: Array<{ id: string; title: string; startsAt: Date; endsAt: Date; allDay: boolean }>;
}


/** The issuer's abbreviation in the number-and-symbol: its short name when it is one, else the initials of its name. */
export function issuerAbbreviation(agency: { short_name: string | null; name: string; code: string }): string {
  const short = agency.short_name?.trim().toUpperCase() ?? '';
  if (short && isAbbreviation(short)) return short;
  const initials = agency.name
    .normalize('NFC')
    .split(/[\s,.;:()-]+/u)
    .filter(Boolean)
    .map((w) => w[0]!.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toUpperCase())
    .join('')
    .replace(/[^0-9A-ZĐÀ-Ỹ]/gu, '')
    .slice(0, 12);
  return initials && isAbbreviation(initials) ? initials : 'CQ';
}

function text(value: unknown, max = 4000): string {
  return typeof value === 'string' ? value.trim().slice(0, max) : '';
}

export class MeetingsService {
  constructor(
    private readonly db: Db,
    private readonly agencies: AgenciesService,
    private readonly audit: AuditService,
    private readonly files: FileStorage,
    private readonly messaging: MeetingMessagingPort,
    private readonly options: MeetingsOptions,
    private readonly repo = new MeetingsRepository(),
  ) {}

  // --- authorisation ----------------------------------------------------------------------------------------

  requireStaff(actor: Actor | null): Actor {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    if (actor.kind !== 'staff' || rolesRoots(actor, READ_ROLES).length === 0) throw new DomainError('FORBIDDEN');
    return actor;
  }

  private async scope(actor: Actor, roles: readonly Role[], db: Executor = this.db): Promise<string[]> {
    return this.agencies.scopeOf(actor, roles, db);
  }

  /** The agency of a calendar: the one asked for when within the reader's scope (else 404), or the reader's own. */
  private async calendarAgency(actor: Actor, agencyId: string | undefined): Promise<string> {
    const scope = await this.scope(actor, READ_ROLES);
    if (agencyId) {
      if (!isUuid(agencyId) || !scope.includes(agencyId)) throw new DomainError('NOT_FOUND');
      return agencyId;
    }
    if (actor.agencyId && scope.includes(actor.agencyId)) return actor.agencyId;
    if (!scope.length) throw new DomainError('FORBIDDEN');
    return rolesRoots(actor, READ_ROLES).find((r) => scope.includes(r)) ?? scope[0]!;
  }

  /** An entry the actor may read (its agency within the reader's scope; drafts only for its editors), else 404. */
  private async loadEvent(db: Executor, actor: Actor | null, id: string, roles: readonly Role[] = READ_ROLES, lock = false): Promise<{ actor: Actor; event: EventRow; canEdit: boolean; canPublish: boolean }> {
    const by = this.requireStaff(actor);
    if (!isUuid(id)) throw new DomainError('NOT_FOUND');
    const event = await this.repo.event(db, id, lock);
    if (!event) throw new DomainError('NOT_FOUND');
    const roles2 = (await this.agencies.rolesOn(by, [event.agency_id], db)).get(event.agency_id) ?? new Set<Role>();
    const canRead = [...roles2].some((r) => READ_ROLES.includes(r));
    const canEdit = [...roles2].some((r) => EDIT_ROLES.includes(r));
    const canPublish = [...roles2].some((r) => PUBLISH_ROLES.includes(r));
    if (!canRead || (event.status === 'draft' && !canEdit)) throw new DomainError('NOT_FOUND');
    if (roles === EDIT_ROLES && !canEdit) throw new DomainError('FORBIDDEN');
    if (roles === PUBLISH_ROLES && !canPublish) throw new DomainError('FORBIDDEN');
    return { actor: by, event, canEdit, canPublish };
  }

  // --- pickers ----------------------------------------------------------------------------------------------

  /** The agencies whose calendar the actor reads (picker). */
  agencyOptions(actor: Actor | null): Promise<TreeEntry[]> {
    const by = this.requireStaff(actor);
    return this.agencies.scopeTree(by, READ_ROLES);
  }

  async canEditIn(actor: Actor | null, agencyId: string): Promise<boolean> {
    if (!actor) return false;
    return (await this.scope(actor, EDIT_ROLES)).includes(agencyId);
  }

  /** What the entry form offers for an agency: its leaders, its staff (chair, participants), its departments. */
  async formOptions(actor: Actor | null, agencyId: string) {
    const by = this.requireStaff(actor);
    if (!isUuid(agencyId) || !(await this.scope(by, READ_ROLES)).includes(agencyId)) throw new DomainError('NOT_FOUND');
    const [leaders, staff, departments] = await Promise.all([this.repo.leaders(this.db, agencyId), this.repo.staff(this.db, [agencyId]), this.agencies.departmentsOf(agencyId)]);
    return {
      leaders: leaders.map((l) => ({ id: l.id, name: l.full_name })),
      staff: staff.map((s) => ({ id: s.id, name: s.full_name, agencyId: s.agency_id!, departmentId: s.department_id })),
      departments: departments.map((d) => ({ id: d.id, name: d.name })),
    };
  }

  /** Staff of every agency the actor reads (the invitee picker: this agency's and others' on OpenDVC). */
  async inviteeOptions(actor: Actor | null) {
    const by = this.requireStaff(actor);
    const all = (await this.agencies.tree()).map((e) => e.agency.id);
    const rows = await this.repo.staff(this.db, all);
    void by;
    return rows.map((s) => ({ id: s.id, name: s.full_name, agencyId: s.agency_id!, agencyName: s.agency_name, agencyCode: s.agency_code }));
  }

  // --- views ------------------------------------------------------------------------------------------------

  private async entryViews(db: Executor, rows: Array<EventRow & { leader_name: string | null; chair_full_name: string | null }>, locale: Locale): Promise<EntryView[]> {
    const ids = rows.map((r) => r.id);
    const [participants, departments] = await Promise.all([this.repo.participants(db, ids), this.repo.departments(db, ids)]);
    return rows.map((r) => ({
      id: r.id,
      agencyId: r.agency_id,
      leaderId: r.leader_id,
      leaderName: r.leader_name,
      title: r.title,
      startsAt: r.starts_at,
      endsAt: r.ends_at,
      allDay: r.all_day,
      location: r.location,
      chairId: r.chair_id,
      chair: r.chair_full_name ?? r.chair_name,
      outsideParticipants: r.outside_participants,
      content: r.content,
      isPublic: r.is_public,
      isMeeting: r.is_meeting,
      status: r.status,
      version: r.version,
      changed: r.changed_after_publish,
      participants: participants.filter((p) => p.event_id === r.id).map((p) => ({ id: p.id, name: p.full_name })),
      departments: departments.filter((d) => d.event_id === r.id).map((d) => ({ id: d.id, name: d.name })),
      invitationSymbol: r.invitation_symbol,
      time: this.timeText(r, locale),
      part: r.all_day ? 'morning' : partOfDay(r.starts_at),
    }));
  }

  private timeText(r: { starts_at: Date; ends_at: Date; all_day: boolean }, locale: Locale): string {
    if (r.all_day) {
      const days = daysOf({ startsAt: r.starts_at, endsAt: r.ends_at, allDay: true });
      return days.length > 1 ? translate(locale, 'meetings.allDayUntil', { to: formatDate(days[days.length - 1]!) }) : translate(locale, 'meetings.allDay');
    }
    const sameDay = vietnamDate(r.starts_at) === vietnamDate(new Date(r.ends_at.getTime() - 1));
    return sameDay ? `${clockTime(r.starts_at)}–${clockTime(r.ends_at)}` : `${clockTime(r.starts_at)}–${clockTime(r.ends_at)} ${formatDate(vietnamDate(r.ends_at))}`;
  }

  private arrange(entries: EntryView[], week: ReturnType<typeof weekOf>, today: string): WeekView['days'] {
    return week.days.map((day) => ({
      day,
      weekday: isoWeekday(day),
      today: day === today,
      entries: entries.filter((e) => daysOf(e).includes(day)),
    }));
  }

  /** The week of an agency's calendar (or one leader's): published entries, drafts too for its editors. */
  async week(actor: Actor | null, query: { agencyId?: string; leaderId?: string; week?: string }, now = new Date(), locale: Locale = 'vi'): Promise<WeekView & { canEdit: boolean }> {
    const by = this.requireStaff(actor);
    const agencyId = await this.calendarAgency(by, query.agencyId);
    const canEdit = await this.canEditIn(by, agencyId);
    const week = weekOf(query.week, vietnamDate(now));
    const leaderId = query.leaderId && isUuid(query.leaderId) ? query.leaderId : null;
    const rows = await this.repo.inRange(this.db, { agencyIds: [agencyId], from: week.from, to: week.to, leaderId, drafts: canEdit });
    const entries = await this.entryViews(this.db, rows, locale);
    const agency = (await this.agencies.byId(agencyId))!;
    return { agency: { id: agency.id, code: agency.code, name: agency.name }, leaderId, week, days: this.arrange(entries, week, vietnamDate(now)), meetings: entries.filter((e) => e.isMeeting && e.status === 'published').length, entries: entries.length, canEdit };
  }

  /** The actor's own calendar for a week: what they lead, chair, take part in or are invited to (published). */
  async mine(actor: Actor | null, query: { week?: string }, now = new Date(), locale: Locale = 'vi') {
    const by = this.requireStaff(actor);
    const week = weekOf(query.week, vietnamDate(now));
    const rows = await this.repo.personal(this.db, by.id, week.from, week.to);
    const entries = await this.entryViews(this.db, rows, locale);
    const invitations = (await this.repo.mine(this.db, by.id, 50)).map((i) => ({
      id: i.id,
      status: i.status,
      reason: i.reason,
      eventId: i.event_id,
      title: i.title,
      startsAt: i.starts_at,
      time: this.timeText(i, locale),
      location: i.location,
      eventStatus: i.event_status,
      symbol: i.invitation_symbol,
      agencyName: i.agency_name,
    }));
    return { week, days: this.arrange(entries, week, vietnamDate(now)), meetings: entries.filter((e) => e.isMeeting).length, invitations };
  }

  /** The public calendar of an agency (no sign-in): its published public entries of the week. */
  async publicWeek(agencyCode: string | undefined, week: string | undefined, now = new Date(), locale: Locale = 'vi') {
    const agencies = (await this.agencies.tree()).map((e) => e.agency).filter((a) => a.active);
    const agency = agencyCode ? agencies.find((a) => a.code === agencyCode.trim()) : undefined;
    const w = weekOf(week, vietnamDate(now));
    if (!agency) return { agency: null, agencies, week: w, days: [] as WeekView['days'], meetings: 0 };
    const rows = await this.repo.inRange(this.db, { agencyIds: [agency.id], from: w.from, to: w.to, drafts: false, publicOnly: true });
    const entries = await this.entryViews(this.db, rows, locale);
    return { agency: { id: agency.id, code: agency.code, name: agency.name }, agencies, week: w, days: this.arrange(entries, w, vietnamDate(now)), meetings: entries.filter((e) => e.isMeeting).length };
  }

  /** One entry with its invitations, attachments, earlier versions and the overlaps of the people in it. */
  async detail(actor: Actor | null, id: string, locale: Locale = 'vi') {
    const { event, canEdit, canPublish } = await this.loadEvent(this.db, actor, id);
    const row = (await this.repo.inRange(this.db, { agencyIds: [event.agency_id], from: event.starts_at, to: event.ends_at, drafts: true })).find((r) => r.id === id);
    const [entry] = await this.entryViews(this.db, row ? [row] : [{ ...event, leader_name: null, chair_full_name: null }], locale);
    const [invitations, attachments, versions] = await Promise.all([this.repo.invitations(this.db, id), this.repo.attachments(this.db, id), this.repo.versions(this.db, id)]);
    return {
      entry: entry!,
      canEdit: canEdit && event.status !== 'cancelled',
      canPublish: canPublish && event.status === 'draft',
      invitations: invitations.map((i) => this.invitationView(i)),
      attachments: attachments.map((a) => ({ id: a.id, name: a.name, sizeBytes: Number(a.size_bytes), mediaType: a.media_type })),
      versions: versions.map((v) => ({ version: v.version, changedAt: v.changed_at, snapshot: v.snapshot as Record<string, unknown> })),
      conflicts: await this.conflictsOf(this.db, event, invitations),
    };
  }

  private invitationView(i: InvitationRow & { agency_name?: string | null }): InvitationView {
    return {
      id: i.id,
      accountId: i.account_id,
      name: i.name,
      agencyName: i.agency_name ?? null,
      email: i.email,
      phone: i.phone,
      status: i.status,
      reason: i.reason,
      sentAt: i.sent_at,
      respondedAt: i.responded_at,
      delegatedFrom: i.delegated_from,
      delegatedTo: i.delegated_to,
    };
  }

  /** The overlaps of the entry with other published entries of its leader, chair, participants and staff invitees. */
  private async conflictsOf(db: Executor, event: EventRow, invitations: InvitationRow[]): Promise<ConflictView[]> {
    const people = new Map<string, string>();
    const facts = await this.repo.accountFacts(db, [event.leader_id, event.chair_id].filter((x): x is string => !!x));
    for (const f of facts) people.set(f.id, f.full_name);
    for (const p of await this.repo.participants(db, [event.id])) people.set(p.id, p.full_name);
    for (const i of invitations) if (i.account_id && (i.status === 'pending' || i.status === 'accepted')) people.set(i.account_id, i.name);
    const out: ConflictView[] = [];
    for (const [personId, personName] of people) {
      const theirs = await this.repo.personal(db, personId, new Date(event.starts_at.getTime() - 86_400_000), new Date(event.ends_at.getTime() + 86_400_000), false);
      const entries: CalendarEntry[] = theirs.map((r) => ({ id: r.id, title: r.title, startsAt: r.starts_at, endsAt: r.ends_at, allDay: r.all_day }));
      const found = conflicts({ id: event.id, startsAt: event.starts_at, endsAt: event.ends_at, allDay: event.all_day }, entries);
      if (found.length) out.push({ personId, personName, entries: found.map((e) => ({ id: e.id, title: e.title, startsAt: e.startsAt, endsAt: e.endsAt, allDay: e.allDay })) });
    }
    return out;
  }

  // --- entries ----------------------------------------------------------------------------------------------

  /** Checks the form against the agency (leader, chair, participants, departments of it) → the row to write. */
  private async checkForm(db: Executor, agencyId: string, input: EventForm): Promise<EventWrite> {
    const { errors, startsAt, endsAt } = entryProblems(input);
    const [leaders, staff, departments] = await Promise.all([this.repo.leaders(db, agencyId), this.repo.staff(db, [agencyId]), this.agencies.departmentsOf(agencyId, db)]);
    const staffIds = new Set(staff.map((s) => s.id));
    const leaderId = input.leaderId?.trim() || null;
    if (leaderId && !leaders.some((l) => l.id === leaderId)) errors.push({ path: '/leaderId', code: 'MEETING_LEADER_UNKNOWN' });
    const chairId = input.chairId?.trim() || null;
    if (chairId && !staffIds.has(chairId)) errors.push({ path: '/chairId', code: 'MEETING_PERSON_UNKNOWN' });
    const participants = [...new Set(input.participantIds.filter(Boolean))];
    participants.forEach((p, i) => {
      if (!staffIds.has(p)) errors.push({ path: `/participantIds/${i}`, code: 'MEETING_PERSON_UNKNOWN' });
    });
    const deptIds = new Set(departments.map((d) => d.id));
    [...new Set(input.departmentIds.filter(Boolean))].forEach((d, i) => {
      if (!deptIds.has(d)) errors.push({ path: `/departmentIds/${i}`, code: 'MEETING_DEPARTMENT_UNKNOWN' });
    });
    if (errors.length) throw new DomainError('VALIDATION_FAILED', undefined, errors);
    return {
      agency_id: agencyId,
      leader_id: leaderId,
      title: input.title.trim(),
      starts_at: startsAt!,
      ends_at: endsAt!,
      all_day: input.allDay,
      location: input.location.trim(),
      chair_id: chairId,
      chair_name: chairId ? '' : input.chairName.trim(),
      outside_participants: input.outsideParticipants.trim(),
      content: input.content.trim(),
      is_public: input.isPublic,
      is_meeting: input.isMeeting,
    };
  }

  async createEvent(actor: Actor | null, input: EventForm): Promise<{ id: string }> {
    const by = this.requireStaff(actor);
    return this.db.transaction().execute(async (tx) => {
      const scope = await this.scope(by, EDIT_ROLES, tx);
      if (scope.length === 0) throw new DomainError('FORBIDDEN');
      const agencyId = input.agencyId?.trim() || (by.agencyId && scope.includes(by.agencyId) ? by.agencyId : '');
      if (!isUuid(agencyId) || !scope.includes(agencyId)) {
        const errors: FieldError[] = [{ path: '/agencyId', code: 'MEETING_AGENCY_REQUIRED' }];
        throw new DomainError('VALIDATION_FAILED', undefined, [...errors, ...entryProblems(input).errors]);
      }
      const row = await this.checkForm(tx, agencyId, input);
      const id = await this.repo.insertEvent(tx, { ...row, created_by: by.id });
      await this.repo.setParticipants(tx, id, [...new Set(input.participantIds.filter(Boolean))]);
      await this.repo.setDepartments(tx, id, [...new Set(input.departmentIds.filter(Boolean))]);
      await this.audit.record(tx, by, { action: 'meeting.create', targetType: 'meeting_event', targetId: id, agencyId, summary: { title: row.title, startsAt: row.starts_at.toISOString(), meeting: row.is_meeting } }, by.ip ?? null);
      return { id };
    });
  }

  private snapshot(e: EventRow, participants: string[], departments: string[]): Record<string, unknown> {
    return {
      title: e.title,
      startsAt: e.starts_at.toISOString(),
      endsAt: e.ends_at.toISOString(),
      allDay: e.all_day,
      location: e.location,
      chairId: e.chair_id,
      chairName: e.chair_name,
      leaderId: e.leader_id,
      outsideParticipants: e.outside_participants,
      content: e.content,
      isPublic: e.is_public,
      participants,
      departments,
    };
  }

  /** Edits an entry; a published one keeps its earlier version (meeting_event_versions) and shows as changed. */
  async updateEvent(actor: Actor | null, id: string, input: EventForm): Promise<{ id: string; version: number }> {
    return this.db.transaction().execute(async (tx) => {
      const { actor: by, event } = await this.loadEvent(tx, actor, id, EDIT_ROLES, true);
      const refusal = decideEvent(event.status, 'edit', event.is_meeting);
      if (refusal) throw new DomainError(refusal);
      if (input.version && input.version !== event.version) throw new DomainError('MEETING_CHANGED');
      const row = await this.checkForm(tx, event.agency_id, input);
      // A meeting stays a meeting once invitations exist.
      const invited = (await this.repo.invitations(tx, id)).length > 0;
      const write = { ...row, is_meeting: row.is_meeting || invited };
      let version = event.version;
      if (editIsNewVersion(event.status)) {
        const [participants, departments] = await Promise.all([this.repo.participants(tx, [id]), this.repo.departments(tx, [id])]);
        await this.repo.saveVersion(tx, id, event.version, this.snapshot(event, participants.map((p) => p.full_name), departments.map((d) => d.name)), by.id);
        version += 1;
        await this.repo.updateEvent(tx, id, { ...write, version, changed_after_publish: true });
        await this.tellInvitees(tx, (await this.repo.event(tx, id))!, 'changed');
      } else {
        await this.repo.updateEvent(tx, id, write);
      }
      await this.repo.setParticipants(tx, id, [...new Set(input.participantIds.filter(Boolean))]);
      await this.repo.setDepartments(tx, id, [...new Set(input.departmentIds.filter(Boolean))]);
      await this.audit.record(tx, by, { action: 'meeting.update', targetType: 'meeting_event', targetId: id, agencyId: event.agency_id, summary: { title: write.title, version, published: event.status === 'published' } }, by.ip ?? null);
      return { id, version };
    });
  }

  async publish(actor: Actor | null, id: string, now = new Date()): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      const { actor: by, event } = await this.loadEvent(tx, actor, id, PUBLISH_ROLES, true);
      const refusal = decideEvent(event.status, 'publish', event.is_meeting);
      if (refusal) throw new DomainError(refusal);
      await this.repo.updateEvent(tx, id, { status: 'published', published_at: now, published_by: by.id });
      await this.audit.record(tx, by, { action: 'meeting.publish', targetType: 'meeting_event', targetId: id, agencyId: event.agency_id, summary: { title: event.title } }, by.ip ?? null);
    });
  }

  async cancel(actor: Actor | null, id: string): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      const { actor: by, event } = await this.loadEvent(tx, actor, id, EDIT_ROLES, true);
      const refusal = decideEvent(event.status, 'cancel', event.is_meeting);
      if (refusal) throw new DomainError(refusal);
      await this.repo.updateEvent(tx, id, { status: 'cancelled' });
      if (event.status === 'published') await this.tellInvitees(tx, event, 'cancelled');
      await this.audit.record(tx, by, { action: 'meeting.cancel', targetType: 'meeting_event', targetId: id, agencyId: event.agency_id, summary: { title: event.title } }, by.ip ?? null);
    });
  }

  // --- invitations ------------------------------------------------------------------------------------------

  /**
   * Adds invitees to a meeting: staff accounts (refused when disabled or no longer in the agency they were picked
   * under: MEETING_INVITEE_INACTIVE at /invitees/i/accountId) or outside people (a name, and an e-mail address or a
   * phone number). Returns the overlaps of the meeting with the invitees' other published entries (a warning).
   */
  async invite(actor: Actor | null, id: string, invitees: InviteeInput[]): Promise<{ added: number; conflicts: ConflictView[] }> {
    return this.db.transaction().execute(async (tx) => {
      const { actor: by, event } = await this.loadEvent(tx, actor, id, EDIT_ROLES, true);
      const refusal = decideEvent(event.status, 'invite', event.is_meeting);
      if (refusal) throw new DomainError(refusal);
      const existing = await this.repo.invitations(tx, id);
      const invitedAccounts = new Set(existing.map((i) => i.account_id).filter(Boolean));
      const facts = new Map((await this.repo.accountFacts(tx, invitees.map((i) => text(i.accountId, 64)).filter(isUuid))).map((f) => [f.id, f]));
      const errors: FieldError[] = [];
      const rows: Array<Parameters<MeetingsRepository['insertInvitation']>[1]> = [];
      if (invitees.length === 0) errors.push({ path: '/invitees', code: 'MEETING_INVITEE_NAME_REQUIRED' });
      invitees.slice(0, 200).forEach((input, i) => {
        const accountId = text(input.accountId, 64);
        if (accountId) {
          const f = isUuid(accountId) ? facts.get(accountId) : undefined;
          const expected = text(input.agencyId, 64);
          const problem = inviteeProblem(
            f ? { status: f.status, kind: f.kind, service: f.service, agencyId: f.agency_id, agencyActive: f.agency_active ?? false } : undefined,
            isUuid(expected) ? expected : null,
          );
          if (problem) return void errors.push({ path: `/invitees/${i}/accountId`, code: problem });
          if (invitedAccounts.has(accountId)) return void errors.push({ path: `/invitees/${i}/accountId`, code: 'MEETING_INVITEE_DUPLICATE' });
          invitedAccounts.add(accountId);
          rows.push({ event_id: id, account_id: accountId, agency_id: f!.agency_id, name: f!.full_name, email: f!.email, phone: vietnamesePhone(f!.phone ?? '') ?? null, created_by: by.id });
          return;
        }
        const name = text(input.name, 1000);
        const email = text(input.email, 300);
        const phoneText = text(input.phone, 40);
        const phone = phoneText ? vietnamesePhone(phoneText) : null;
        if (!name) errors.push({ path: `/invitees/${i}/name`, code: 'MEETING_INVITEE_NAME_REQUIRED' });
        else if (name.length > NAME_MAX) errors.push({ path: `/invitees/${i}/name`, code: 'MEETING_TEXT_TOO_LONG', params: { max: NAME_MAX } });
        if (email && !isEmail(email)) errors.push({ path: `/invitees/${i}/email`, code: 'MEETING_EMAIL_INVALID' });
        if (phoneText && !phone) errors.push({ path: `/invitees/${i}/phone`, code: 'MEETING_PHONE_INVALID' });
        if (!email && !phoneText) errors.push({ path: `/invitees/${i}/email`, code: 'MEETING_INVITEE_CONTACT_REQUIRED' });
        rows.push({ event_id: id, account_id: null, agency_id: null, name, email: email || null, phone, created_by: by.id });
      });
      if (errors.length) throw new DomainError('VALIDATION_FAILED', undefined, errors);
      for (const row of rows) await this.repo.insertInvitation(tx, row);
      if (!event.is_meeting) await this.repo.updateEvent(tx, id, { is_meeting: true });
      await this.audit.record(tx, by, { action: 'meeting.invite', targetType: 'meeting_event', targetId: id, agencyId: event.agency_id, summary: { invitees: rows.map((r) => r.name) } }, by.ip ?? null);
      return { added: rows.length, conflicts: await this.conflictsOf(tx, event, await this.repo.invitations(tx, id)) };
    });
  }

  private async heading(db: Executor, agencyId: string) {
    const a = (await this.repo.agencyHeading(db, agencyId))!;
    return { row: a, heading: { parentName: a.parent_name, name: a.name, place: this.options.place ?? 'Hà Nội' } };
  }

  /** Gives an invitation its personal link and sends it: e-mail, SMS, and in-app for staff. */
  private async deliver(tx: Executor, event: EventRow, invitation: InvitationRow, at: Date, agencyName: string, locale: Locale): Promise<{ url: string; email: boolean; sms: boolean }> {
    const token = randomBytes(24).toString('base64url');
    await this.repo.setSent(tx, invitation.id, hashToken(token), at);
    const url = `${this.options.baseUrl.replace(/\/$/, '')}${INVITATION_PATH}/${token}`;
    const params = { title: event.title, time: `${this.timeText(event, locale)} ${formatDate(vietnamDate(event.starts_at))}`, location: event.location || '—', agency: agencyName, url, symbol: event.invitation_symbol ?? '' };
    let email = false;
    let sms = false;
    if (invitation.email) {
      await this.messaging.queueMail(tx, { to: invitation.email, subject: translate(locale, 'meetings.invite.subject', params), text: translate(locale, 'meetings.invite.body', { ...params, name: invitation.name }) });
      email = true;
    }
    if (invitation.phone && (await this.messaging.queueSms(tx, invitation.phone, translate(locale, 'meetings.invite.sms', params)))) sms = true;
    if (invitation.account_id && this.messaging.notify) {
      await this.messaging.notify(tx, { accountId: invitation.account_id, title: translate(locale, 'meetings.invite.noticeTitle', params), body: translate(locale, 'meetings.invite.noticeBody', params), link: `/lich-cong-tac/giay-moi/${invitation.id}` });
    }
    return { url, email, sms };
  }

  /** Tells the invitees already sent the invitation (and not declined or delegated) that the meeting changed or was cancelled. */
  private async tellInvitees(tx: Executor, event: EventRow, what: 'changed' | 'cancelled'): Promise<number> {
    const targets = (await this.repo.invitations(tx, event.id)).filter((i) => i.sent_at && (i.status === 'pending' || i.status === 'accepted'));
    if (!targets.length) return 0;
    const agency = await this.repo.agencyHeading(tx, event.agency_id);
    const locales = new Map((await this.repo.accountFacts(tx, targets.map((t) => t.account_id).filter((x): x is string => !!x))).map((f) => [f.id, f.locale]));
    for (const invitation of targets) {
      const locale = (invitation.account_id && locales.get(invitation.account_id)) || 'vi';
      const params = { title: event.title, time: `${this.timeText(event, locale)} ${formatDate(vietnamDate(event.starts_at))}`, location: event.location || '—', agency: agency?.name ?? '', symbol: event.invitation_symbol ?? '', name: invitation.name };
      const subject = translate(locale, `meetings.${what}.subject`, params);
      const body = translate(locale, `meetings.${what}.body`, params);
      if (invitation.email) await this.messaging.queueMail(tx, { to: invitation.email, subject, text: body });
      if (invitation.account_id && this.messaging.notify) await this.messaging.notify(tx, { accountId: invitation.account_id, title: subject, body, link: `/lich-cong-tac/giay-moi/${invitation.id}` });
    }
    return targets.length;
  }

  /**
   * Sends the invitation to every invitee not sent it yet: the document is numbered on the first send (the
   * agency's register of the year), each invitee gets a personal link by e-mail and SMS, staff also in-app.
   */
  async send(actor: Actor | null, id: string, now = new Date()): Promise<{ sent: number; email: number; sms: number; numberSymbol: string; links: Array<{ invitationId: string; url: string }> }> {
    return this.db.transaction().execute(async (tx) => {
      const { actor: by, event } = await this.loadEvent(tx, actor, id, EDIT_ROLES, true);
      const refusal = decideEvent(event.status, 'send', event.is_meeting);
      if (refusal) throw new DomainError(refusal);
      const pending = (await this.repo.invitations(tx, id)).filter((i) => !i.sent_at);
      if (!pending.length) throw new DomainError('MEETING_NO_INVITEES');
      const { row: agency } = await this.heading(tx, event.agency_id);
      let current = event;
      if (!event.invitation_symbol) {
        const year = vietnamYear(now);
        const number = await this.repo.nextNumber(tx, event.agency_id, year);
        const symbol = numberSymbol({ number, type: 'invitation', issuer: issuerAbbreviation(agency) });
        await this.repo.setNumber(tx, id, { invitation_year: year, invitation_number: number, invitation_symbol: symbol, invitation_issued_at: now });
        current = { ...event, invitation_year: year, invitation_number: number, invitation_symbol: symbol, invitation_issued_at: now };
      }
      const locales = new Map((await this.repo.accountFacts(tx, pending.map((p) => p.account_id).filter((x): x is string => !!x))).map((f) => [f.id, f.locale]));
      let email = 0;
      let sms = 0;
      const links: Array<{ invitationId: string; url: string }> = [];
      for (const invitation of pending) {
        const locale = (invitation.account_id && locales.get(invitation.account_id)) || 'vi';
        const done = await this.deliver(tx, current, invitation, now, agency.name, locale);
        if (done.email) email += 1;
        if (done.sms) sms += 1;
        links.push({ invitationId: invitation.id, url: done.url });
      }
      await this.audit.record(tx, by, { action: 'meeting.send', targetType: 'meeting_event', targetId: id, agencyId: event.agency_id, summary: { numberSymbol: current.invitation_symbol, sent: pending.length, email, sms } }, by.ip ?? null);
      return { sent: pending.length, email, sms, numberSymbol: current.invitation_symbol!, links };
    });
  }

  // --- answering ------------------------------------------------------------------------------------------

  private async invitationContext(db: Executor, invitation: InvitationRow, locale: Locale) {
    const event = (await this.repo.event(db, invitation.event_id))!;
    const [entry] = await this.entryViews(db, [{ ...event, leader_name: null, chair_full_name: event.chair_id ? ((await this.repo.accountFacts(db, [event.chair_id]))[0]?.full_name ?? null) : null }], locale);
    const [attachments, agency] = await Promise.all([this.repo.attachments(db, event.id), this.repo.agencyHeading(db, event.agency_id)]);
    const colleagues = invitation.account_id && invitation.agency_id ? (await this.repo.staff(db, [invitation.agency_id])).filter((s) => s.id !== invitation.account_id).map((s) => ({ id: s.id, name: s.full_name })) : [];
    return {
      invitation: this.invitationView(invitation),
      entry: entry!,
      agencyName: agency?.name ?? '',
      symbol: event.invitation_symbol,
      attachments: attachments.map((a) => ({ id: a.id, name: a.name, sizeBytes: Number(a.size_bytes) })),
      colleagues,
      ended: false,
    };
  }

  private async byToken(db: Executor, token: string, lock = false): Promise<InvitationRow> {
    const row = TOKEN_PATTERN.test(token) ? await this.repo.invitationByToken(db, hashToken(token), lock) : undefined;
    if (!row) throw new DomainError('MEETING_INVITATION_UNKNOWN');
    return row;
  }

  private async mineById(db: Executor, actor: Actor | null, id: string, lock = false): Promise<InvitationRow> {
    const by = this.requireStaff(actor);
    const row = isUuid(id) ? await this.repo.invitation(db, id, lock) : undefined;
    if (!row || row.account_id !== by.id || !row.sent_at) throw new DomainError('MEETING_INVITATION_UNKNOWN');
    return row;
  }

  /** The invitation behind a personal link (no sign-in: the token is the credential). */
  async invitationByToken(token: string, now = new Date(), locale: Locale = 'vi') {
    const row = await this.byToken(this.db, token);
    const context = await this.invitationContext(this.db, row, locale);
    return { ...context, ended: context.entry.endsAt <= now };
  }

  /** The actor's own invitation (in-app). */
  async myInvitation(actor: Actor | null, id: string, now = new Date(), locale: Locale = 'vi') {
    const row = await this.mineById(this.db, actor, id);
    const context = await this.invitationContext(this.db, row, locale);
    return { ...context, ended: context.entry.endsAt <= now };
  }

  async myInvitations(actor: Actor | null, locale: Locale = 'vi') {
    return (await this.mine(actor, {}, new Date(), locale)).invitations;
  }

  private async respondTx(tx: Executor, invitation: InvitationRow, input: ResponseInput, actor: Actor | null, now: Date): Promise<InvitationView> {
    const event = (await this.repo.event(tx, invitation.event_id, true))!;
    const deputyId = text(input.deputyId, 64);
    const decided = decideResponse(
      { status: invitation.status, eventStatus: event.status, ended: event.ends_at <= now, internal: !!invitation.account_id, reason: text(input.reason, 2000), hasDeputy: !!deputyId },
      input.response,
    );
    if ('code' in decided) {
      if (decided.path) throw new DomainError('VALIDATION_FAILED', undefined, [{ path: decided.path, code: decided.code, ...(decided.code === 'MEETING_TEXT_TOO_LONG' ? { params: { max: 1000 } } : {}) }]);
      throw new DomainError(decided.code);
    }
    let delegatedTo: string | null = null;
    if (decided.status === 'delegated') {
      const [deputy] = isUuid(deputyId) ? await this.repo.accountFacts(tx, [deputyId]) : [];
      const invited = (await this.repo.invitations(tx, event.id)).some((i) => i.account_id === deputyId);
      const problem = inviteeProblem(deputy ? { status: deputy.status, kind: deputy.kind, service: deputy.service, agencyId: deputy.agency_id, agencyActive: deputy.agency_active ?? false } : undefined, invitation.agency_id);
      if (problem === 'MEETING_INVITEE_INACTIVE' && deputy) throw new DomainError('VALIDATION_FAILED', undefined, [{ path: '/deputyId', code: 'MEETING_INVITEE_INACTIVE' }]);
      if (problem || invited || deputyId === invitation.account_id) throw new DomainError('VALIDATION_FAILED', undefined, [{ path: '/deputyId', code: 'MEETING_DEPUTY_INVALID' }]);
      delegatedTo = await this.repo.insertInvitation(tx, { event_id: event.id, account_id: deputy!.id, agency_id: deputy!.agency_id, name: deputy!.full_name, email: deputy!.email, phone: vietnamesePhone(deputy!.phone ?? '') ?? null, created_by: actor?.id ?? invitation.account_id, delegated_from: invitation.id });
      const agency = await this.repo.agencyHeading(tx, event.agency_id);
      await this.deliver(tx, event, (await this.repo.invitation(tx, delegatedTo))!, now, agency?.name ?? '', deputy!.locale);
    }
    const reason = decided.status === 'declined' ? text(input.reason, 1000) : null;
    await this.repo.respond(tx, invitation.id, { status: decided.status, reason, delegated_to: delegatedTo, responded_at: now });
    await this.audit.record(
      tx,
      actor,
      { action: `meeting.invitation.${decided.status}`, targetType: 'meeting_invitation', targetId: invitation.id, agencyId: event.agency_id, summary: { event: event.id, name: invitation.name, ...(reason ? { reason } : {}), ...(delegatedTo ? { deputy: delegatedTo } : {}) } },
      actor?.ip ?? null,
    );
    return this.invitationView((await this.repo.invitation(tx, invitation.id))!);
  }

  /** Answers through the personal link: attend, decline (with a reason), or delegate (staff invitees). */
  respondByToken(token: string, input: ResponseInput, now = new Date()): Promise<InvitationView> {
    return this.db.transaction().execute(async (tx) => this.respondTx(tx, await this.byToken(tx, token, true), input, null, now));
  }

  /** Answers in-app (the invitee signed in). */
  respondAsMe(actor: Actor | null, id: string, input: ResponseInput, now = new Date()): Promise<InvitationView> {
    return this.db.transaction().execute(async (tx) => this.respondTx(tx, await this.mineById(tx, actor, id, true), input, actor, now));
  }

  // --- documents --------------------------------------------------------------------------------------------

  private async invitationPdf(db: Executor, event: EventRow, addressee: string | null, locale: Locale): Promise<{ bytes: Buffer; name: string }> {
    const { heading } = await this.heading(db, event.agency_id);
    const [invitations, departments, chair, leaders] = await Promise.all([
      this.repo.invitations(db, event.id),
      this.repo.departments(db, [event.id]),
      event.chair_id ? this.repo.accountFacts(db, [event.chair_id]) : Promise.resolve([]),
      this.repo.leaders(db, event.agency_id),
    ]);
    const bytes = await renderInvitation(
      {
        agency: heading,
        numberSymbol: event.invitation_symbol ?? translate(locale, 'meetings.pdf.draftNumber'),
        issuedAt: event.invitation_issued_at ?? event.created_at,
        title: event.title,
        when: `${this.timeText(event, locale)}, ${translate(locale, `meetings.weekday.${isoWeekday(vietnamDate(event.starts_at))}`)} ${formatDate(vietnamDate(event.starts_at))}`,
        location: event.location,
        chair: chair[0]?.full_name ?? event.chair_name,
        content: event.content,
        departments: departments.map((d) => d.name),
        invitees: invitations.filter((i) => i.status !== 'delegated').map((i) => i.name),
        signer: chair[0]?.full_name ?? leaders[0]?.full_name ?? heading.name,
        addressee,
      },
      { locale },
    );
    const safe = (event.invitation_symbol ?? 'giay-moi').replace(/[^A-Za-z0-9]+/g, '-');
    return { bytes, name: `giay-moi-${safe}.pdf` };
  }

  async invitationDocument(actor: Actor | null, id: string, locale: Locale = 'vi') {
    const { event } = await this.loadEvent(this.db, actor, id);
    return this.invitationPdf(this.db, event, null, locale);
  }

  async invitationDocumentByToken(token: string, locale: Locale = 'vi') {
    const row = await this.byToken(this.db, token);
    const event = (await this.repo.event(this.db, row.event_id))!;
    return this.invitationPdf(this.db, event, row.name, locale);
  }

  /** The printable week (PDF): the agency's calendar (or a leader's), published entries only. */
  async weekDocument(actor: Actor | null, query: { agencyId?: string; leaderId?: string; week?: string }, now = new Date(), locale: Locale = 'vi'): Promise<{ bytes: Buffer; name: string }> {
    const by = this.requireStaff(actor);
    const agencyId = await this.calendarAgency(by, query.agencyId);
    const week = weekOf(query.week, vietnamDate(now));
    const leaderId = query.leaderId && isUuid(query.leaderId) ? query.leaderId : null;
    const entries = await this.entryViews(this.db, await this.repo.inRange(this.db, { agencyIds: [agencyId], from: week.from, to: week.to, leaderId, drafts: false }), locale);
    const { heading } = await this.heading(this.db, agencyId);
    const rows: WeekDocumentRow[] = this.arrange(entries, week, vietnamDate(now)).map((d) => ({
      day: `${translate(locale, `meetings.weekday.${d.weekday}`)}\n${formatDate(d.day)}`,
      entries: d.entries.map((e) => ({
        part: translate(locale, `meetings.part.${e.part}`),
        time: e.time,
        title: e.title,
        location: e.location,
        chair: e.chair || e.leaderName || '',
        participants: [...e.participants.map((p) => p.name), e.outsideParticipants].filter(Boolean).join(', '),
        departments: e.departments.map((x) => x.name).join(', '),
        note: e.status === 'cancelled' ? translate(locale, 'meetings.status.cancelled') : e.changed ? translate(locale, 'meetings.changed') : '',
      })),
    }));
    const leader = leaderId ? (await this.repo.accountFacts(this.db, [leaderId]))[0] : undefined;
    const bytes = await renderWeek(
      {
        agency: heading,
        title: leader ? translate(locale, 'meetings.leaderCalendarOf', { name: leader.full_name }) : translate(locale, 'meetings.title'),
        subtitle: translate(locale, 'meetings.weekRange', { week: week.number.week, from: formatDate(week.monday), to: formatDate(week.sunday) }),
        issuedAt: week.from,
        rows,
      },
      { locale },
    );
    return { bytes, name: `lich-cong-tac-${week.monday}.pdf` };
  }

  // --- attachments ------------------------------------------------------------------------------------------

  /** A document for the meeting: inspected like every upload (PDF, images, Word, Excel), then stored. */
  async addAttachment(actor: Actor | null, id: string, staged: StagedFile | null | undefined): Promise<{ id: string; name: string }> {
    const { actor: by, event } = await this.loadEvent(this.db, actor, id, EDIT_ROLES);
    const refusal = decideEvent(event.status, 'attach', event.is_meeting);
    if (refusal) throw new DomainError(refusal);
    const field = (code: string, params?: Record<string, string | number>): never => {
      throw new DomainError('VALIDATION_FAILED', undefined, [{ path: '/file', code, ...(params ? { params } : {}) }]);
    };
    if (!staged || staged.sizeBytes === 0) return field('required');
    if (staged.truncated || staged.sizeBytes > this.options.maxFileBytes) return field('maxLength', { limit: this.options.maxFileBytes });
    const detected = await inspectUpload(this.files.inspector, staged.tempPath, 'attachment', staged.originalName, { field: '/file' });
    if (!accepts('attachment', detected)) throw new DomainError('VALIDATION_FAILED', undefined, [{ path: '/file', code: 'MEETING_FILE_TYPE' }]);
    const name = sanitiseFileName(staged.originalName).slice(0, 255) || 'tai-lieu';
    return this.db.transaction().execute(async (tx) => {
      const file = await this.files.commit(tx, staged, { mediaType: ATTACHMENT_TYPES[detected] ?? 'application/octet-stream', createdBy: by.id });
      const attachmentId = await this.repo.insertAttachment(tx, { event_id: id, file_id: file.id, name, created_by: by.id });
      await this.audit.record(tx, by, { action: 'meeting.attach', targetType: 'meeting_event', targetId: id, agencyId: event.agency_id, summary: { name, sha256: file.sha256 } }, by.ip ?? null);
      return { id: attachmentId, name };
    });
  }

  private async openAttachment(db: Executor, eventId: string, attachmentId: string) {
    const row = isUuid(attachmentId) ? (await this.repo.attachments(db, eventId)).find((a) => a.id === attachmentId) : undefined;
    if (!row) throw new DomainError('MEETING_ATTACHMENT_UNKNOWN');
    const opened = await this.files.open(row.file_id);
    if (!opened) throw new DomainError('MEETING_ATTACHMENT_UNKNOWN');
    return { ...opened, name: row.name };
  }

  async attachment(actor: Actor | null, id: string, attachmentId: string) {
    const { event } = await this.loadEvent(this.db, actor, id);
    return this.openAttachment(this.db, event.id, attachmentId);
  }

  async attachmentByToken(token: string, attachmentId: string) {
    const row = await this.byToken(this.db, token);
    return this.openAttachment(this.db, row.event_id, attachmentId);
  }

  /** Whether the agency has an entry of this title (the demo's idempotence check). */
  hasEntry(agencyId: string, title: string): Promise<boolean> {
    return this.repo.hasTitle(this.db, agencyId, title);
  }
}

export type { EventAction };
