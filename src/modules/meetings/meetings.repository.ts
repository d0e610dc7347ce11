// The only SQL of the work calendar and invitations (migrations 0059–0060). Methods take an Executor (the db or a
// transaction). Staff accounts and departments are read here for the pickers and the invitee checks.
import { sql, type Selectable } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { MeetingEventsTable, MeetingInvitationsTable } from '../../db/schema.ts';

export type EventRow = Selectable<MeetingEventsTable>;
export type InvitationRow = Selectable<MeetingInvitationsTable>;

export interface EventWrite {
  agency_id: string;
  leader_id: string | null;
  title: string;
  starts_at: Date;
  ends_at: Date;
  all_day: boolean;
  location: string;
  chair_id: string | null;
  chair_name: string;
  outside_participants: string;
  content: string;
  is_public: boolean;
  is_meeting: boolean;
}

export class MeetingsRepository {
  // --- entries ----------------------------------------------------------------------------------------------

  async insertEvent(db: Executor, row: EventWrite & { created_by: string }): Promise<string> {
    return (await db.insertInto('meeting_events').values(row).returning('id').executeTakeFirstOrThrow()).id;
  }

  event(db: Executor, id: string, lock = false): Promise<EventRow | undefined> {
    let q = db.selectFrom('meeting_events').selectAll().where('id', '=', id);
    if (lock) q = q.forUpdate();
    return q.executeTakeFirst();
  }

  async updateEvent(db: Executor, id: string, patch: Partial<EventWrite> & { version?: number; changed_after_publish?: boolean; status?: 'draft' | 'published' | 'cancelled'; published_at?: Date; published_by?: string }): Promise<void> {
    await db.updateTable('meeting_events').set({ ...patch, updated_at: new Date() }).where('id', '=', id).execute();
  }

  async setNumber(db: Executor, id: string, number: { invitation_year: number; invitation_number: number; invitation_symbol: string; invitation_issued_at: Date }): Promise<void> {
    await db.updateTable('meeting_events').set(number).where('id', '=', id).execute();
  }

  async hasTitle(db: Executor, agencyId: string, title: string): Promise<boolean> {
    return !!(await db.selectFrom('meeting_events').select('id').where('agency_id', '=', agencyId).where('title', '=', title).limit(1).executeTakeFirst());
  }

  async saveVersion(db: Executor, eventId: string, version: number, snapshot: Record<string, unknown>, by: string): Promise<void> {
    await db.insertInto('meeting_event_versions').values({ event_id: eventId, version, snapshot: JSON.stringify(snapshot), changed_by: by }).onConflict((oc) => oc.doNothing()).execute();
  }

  versions(db: Executor, eventId: string) {
    return db.selectFrom('meeting_event_versions').select(['version', 'snapshot', 'changed_at']).where('event_id', '=', eventId).orderBy('version').execute();
  }

  async setParticipants(db: Executor, eventId: string, accountIds: string[]): Promise<void> {
    await db.deleteFrom('meeting_event_participants').where('event_id', '=', eventId).execute();
    if (accountIds.length) await db.insertInto('meeting_event_participants').values(accountIds.map((account_id) => ({ event_id: eventId, account_id }))).execute();
  }

  async setDepartments(db: Executor, eventId: string, departmentIds: string[]): Promise<void> {
    await db.deleteFrom('meeting_event_departments').where('event_id', '=', eventId).execute();
    if (departmentIds.length) await db.insertInto('meeting_event_departments').values(departmentIds.map((department_id) => ({ event_id: eventId, department_id }))).execute();
  }

  participants(db: Executor, eventIds: string[]) {
    if (!eventIds.length) return Promise.resolve([]);
    return db
      .selectFrom('meeting_event_participants as p')
      .innerJoin('accounts as a', 'a.id', 'p.account_id')
      .select(['p.event_id', 'a.id', 'a.full_name'])
      .where('p.event_id', 'in', eventIds)
      .orderBy('a.full_name')
      .execute();
  }

  departments(db: Executor, eventIds: string[]) {
    if (!eventIds.length) return Promise.resolve([]);
    return db
      .selectFrom('meeting_event_departments as d')
      .innerJoin('departments as dep', 'dep.id', 'd.department_id')
      .select(['d.event_id', 'dep.id', 'dep.name'])
      .where('d.event_id', 'in', eventIds)
      .orderBy('dep.name')
      .execute();
  }

  /** Entries of the agencies in [from, to) (touching the range), in start order; drafts only when asked for. */
  inRange(db: Executor, filter: { agencyIds: string[]; from: Date; to: Date; leaderId?: string | null; drafts: boolean; publicOnly?: boolean }) {
    if (!filter.agencyIds.length) return Promise.resolve([]);
    let q = db
      .selectFrom('meeting_events as e')
      .leftJoin('accounts as l', 'l.id', 'e.leader_id')
      .leftJoin('accounts as c', 'c.id', 'e.chair_id')
      .selectAll('e')
      .select(['l.full_name as leader_name', 'c.full_name as chair_full_name'])
      .where('e.agency_id', 'in', filter.agencyIds)
      .where('e.starts_at', '<', filter.to)
      .where('e.ends_at', '>', filter.from);
    if (filter.leaderId) q = q.where('e.leader_id', '=', filter.leaderId);
    if (!filter.drafts) q = q.where('e.status', '!=', 'draft');
    if (filter.publicOnly) q = q.where('e.is_public', '=', true).where('e.status', '=', 'published');
    return q.orderBy('e.starts_at').orderBy('e.title').limit(1000).execute();
  }

  /**
   * A person's entries touching [from, to): as the leader, the chair, a participant, or invited (not declined nor
   * delegated); published (and cancelled ones for the week view, when asked for).
   */
  personal(db: Executor, accountId: string, from: Date, to: Date, withCancelled = true) {
    let q = db
      .selectFrom('meeting_events as e')
      .leftJoin('accounts as l', 'l.id', 'e.leader_id')
      .leftJoin('accounts as c', 'c.id', 'e.chair_id')
      .selectAll('e')
      .select(['l.full_name as leader_name', 'c.full_name as chair_full_name'])
      .where('e.starts_at', '<', to)
      .where('e.ends_at', '>', from)
      .where((eb) =>
        eb.or([
          eb('e.leader_id', '=', accountId),
          eb('e.chair_id', '=', accountId),
          eb.exists(eb.selectFrom('meeting_event_participants as p').select('p.event_id').whereRef('p.event_id', '=', 'e.id').where('p.account_id', '=', accountId)),
          eb.exists(
            eb
              .selectFrom('meeting_invitations as i')
              .select('i.id')
              .whereRef('i.event_id', '=', 'e.id')
              .where('i.account_id', '=', accountId)
              .where('i.status', 'in', ['pending', 'accepted'])
              .where('i.sent_at', 'is not', null),
          ),
        ]),
      );
    q = withCancelled ? q.where('e.status', 'in', ['published', 'cancelled']) : q.where('e.status', '=', 'published');
    return q.orderBy('e.starts_at').limit(1000).execute();
  }

  // --- people, agencies --------------------------------------------------------------------------------------

  /** Active staff of the agencies (the pickers), by agency then name. */
  staff(db: Executor, agencyIds: string[]) {
    if (!agencyIds.length) return Promise.resolve([]);
    return db
      .selectFrom('accounts as a')
      .innerJoin('agencies as g', 'g.id', 'a.agency_id')
      .select(['a.id', 'a.full_name', 'a.agency_id', 'a.department_id', 'g.name as agency_name', 'g.code as agency_code'])
      .where('a.kind', '=', 'staff')
      .where('a.service', '=', false)
      .where('a.status', '!=', 'disabled')
      .where('a.agency_id', 'in', agencyIds)
      .orderBy('g.code')
      .orderBy('a.full_name')
      .limit(2000)
      .execute();
  }

  /** The agency's leaders: staff of the agency holding agency_leader on it. */
  leaders(db: Executor, agencyId: string) {
    return db
      .selectFrom('accounts as a')
      .innerJoin('account_roles as r', 'r.account_id', 'a.id')
      .select(['a.id', 'a.full_name'])
      .distinct()
      .where('r.role', '=', 'agency_leader')
      .where('r.agency_id', '=', agencyId)
      .where('a.agency_id', '=', agencyId)
      .where('a.status', '!=', 'disabled')
      .orderBy('a.full_name')
      .execute();
  }

  /** What decides whether a staff account may be invited (rules inviteeProblem), with its contact. */
  accountFacts(db: Executor, ids: string[]) {
    if (!ids.length) return Promise.resolve([]);
    return db
      .selectFrom('accounts as a')
      .leftJoin('agencies as g', 'g.id', 'a.agency_id')
      .select(['a.id', 'a.full_name', 'a.status', 'a.kind', 'a.service', 'a.agency_id', 'a.email', 'a.phone', 'a.locale', 'g.active as agency_active', 'g.name as agency_name'])
      .where('a.id', 'in', ids)
      .execute();
  }

  agencyHeading(db: Executor, agencyId: string) {
    return db
      .selectFrom('agencies as g')
      .leftJoin('agencies as p', 'p.id', 'g.parent_id')
      .select(['g.id', 'g.code', 'g.name', 'g.short_name', 'p.name as parent_name'])
      .where('g.id', '=', agencyId)
      .executeTakeFirst();
  }

  // --- the invitation register ------------------------------------------------------------------------------

  /** The next invitation number of the agency in the year (per agency-year register, under the row's lock). */
  async nextNumber(db: Executor, agencyId: string, year: number): Promise<number> {
    const row = await db
      .insertInto('meeting_invitation_registers')
      .values({ agency_id: agencyId, year, last_number: 1 })
      .onConflict((oc) => oc.columns(['agency_id', 'year']).doUpdateSet({ last_number: sql<number>`meeting_invitation_registers.last_number + 1` }))
      .returning('last_number')
      .executeTakeFirstOrThrow();
    return row.last_number;
  }

  // --- invitations ------------------------------------------------------------------------------------------

  async insertInvitation(db: Executor, row: { event_id: string; account_id: string | null; agency_id: string | null; name: string; email: string | null; phone: string | null; created_by: string | null; delegated_from?: string | null }): Promise<string> {
    return (await db.insertInto('meeting_invitations').values(row).returning('id').executeTakeFirstOrThrow()).id;
  }

  invitations(db: Executor, eventId: string) {
    return db
      .selectFrom('meeting_invitations as i')
      .leftJoin('agencies as g', 'g.id', 'i.agency_id')
      .selectAll('i')
      .select(['g.name as agency_name'])
      .where('i.event_id', '=', eventId)
      .orderBy('i.created_at')
      .orderBy('i.name')
      .execute();
  }

  invitation(db: Executor, id: string, lock = false): Promise<InvitationRow | undefined> {
    let q = db.selectFrom('meeting_invitations').selectAll().where('id', '=', id);
    if (lock) q = q.forUpdate();
    return q.executeTakeFirst();
  }

  invitationByToken(db: Executor, tokenHash: string, lock = false): Promise<InvitationRow | undefined> {
    let q = db.selectFrom('meeting_invitations').selectAll().where('token_hash', '=', tokenHash);
    if (lock) q = q.forUpdate();
    return q.executeTakeFirst();
  }

  async setSent(db: Executor, id: string, tokenHash: string, at: Date): Promise<void> {
    await db.updateTable('meeting_invitations').set({ token_hash: tokenHash, sent_at: at }).where('id', '=', id).execute();
  }

  async respond(db: Executor, id: string, patch: { status: 'accepted' | 'declined' | 'delegated'; reason: string | null; delegated_to?: string | null; responded_at: Date }): Promise<void> {
    await db.updateTable('meeting_invitations').set(patch).where('id', '=', id).execute();
  }

  /** The account's invitations (sent), newest meeting first, with the meeting. */
  mine(db: Executor, accountId: string, limit = 100) {
    return db
      .selectFrom('meeting_invitations as i')
      .innerJoin('meeting_events as e', 'e.id', 'i.event_id')
      .innerJoin('agencies as g', 'g.id', 'e.agency_id')
      .select(['i.id', 'i.status', 'i.reason', 'i.responded_at', 'i.sent_at', 'e.id as event_id', 'e.title', 'e.starts_at', 'e.ends_at', 'e.all_day', 'e.location', 'e.status as event_status', 'e.invitation_symbol', 'g.name as agency_name'])
      .where('i.account_id', '=', accountId)
      .where('i.sent_at', 'is not', null)
      .orderBy('e.starts_at', 'desc')
      .limit(limit)
      .execute();
  }

  // --- attachments ------------------------------------------------------------------------------------------

  async insertAttachment(db: Executor, row: { event_id: string; file_id: string; name: string; created_by: string }): Promise<string> {
    return (await db.insertInto('meeting_attachments').values(row).returning('id').executeTakeFirstOrThrow()).id;
  }

  attachments(db: Executor, eventId: string) {
    return db
      .selectFrom('meeting_attachments as m')
      .innerJoin('files as f', 'f.id', 'm.file_id')
      .select(['m.id', 'm.file_id', 'm.name', 'm.created_at', 'f.size_bytes', 'f.media_type'])
      .where('m.event_id', '=', eventId)
      .orderBy('m.created_at')
      .execute();
  }
}
