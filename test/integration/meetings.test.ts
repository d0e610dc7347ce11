// The work calendar and invitations against PostgreSQL: the invitation register numbers per agency and year (two
// meetings of one agency: 01 then 02; another agency starts at 01), overlaps with an invitee's other published
// entries are reported (never refused), delegation gives the deputy an invitation of their own and puts the
// meeting on the deputy's calendar, a moved colleague cannot be the deputy, drafts stay off the week for readers,
// and every change is audited.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import type { Actor } from '../../src/core/actor.ts';
import { DomainError } from '../../src/core/errors.ts';
import type { Role } from '../../src/db/schema.ts';
import { createTestContext } from '../helpers/db.ts';
import { makeAgency } from '../helpers/reports-fixtures.ts';

const ctx = await createTestContext({ config: { SMS_URL: 'http://127.0.0.1:9' } });
const meetings = ctx.services.meetings;

const rejects = (code: string, path?: string) => (error: unknown) => {
  assert.ok(error instanceof DomainError, String(error));
  if (path) {
    assert.equal(error.code, 'VALIDATION_FAILED');
    assert.deepEqual(error.fieldErrors?.map((e) => `${e.path} ${e.code}`), [`${path} ${code}`]);
  } else assert.equal(error.code, code);
  return true;
};

async function person(agencyId: string, role: Role, name: string): Promise<Actor> {
  const suffix = randomBytes(4).toString('hex');
  const account = await ctx.db
    .insertInto('accounts')
    .values({ username: `mt.${role}.${suffix}`, kind: 'staff', password_hash: 'x', full_name: name, agency_id: agencyId, email: `${suffix}@example.vn` })
    .returningAll()
    .executeTakeFirstOrThrow();
  await ctx.db.insertInto('account_roles').values({ account_id: account.id, role, agency_id: agencyId }).execute();
  return { id: account.id, username: account.username, fullName: account.full_name, kind: 'staff', agencyId, departmentId: null, organisationId: null, roles: [{ role, agencyId }] };
}

const so = await makeAgency(ctx, 'MT.10.00.P01', { level: 'provincial_department', name: 'Sở Văn hóa Thử' });
const other = await makeAgency(ctx, 'MT.20.00.P01', { level: 'provincial_department', name: 'Sở Du lịch Thử' });
const leader = await person(so.id, 'agency_leader', 'Giám đốc Sở');
const clerk = await person(so.id, 'specialist', 'Chuyên viên A');
const colleague = await person(so.id, 'specialist', 'Chuyên viên B');
const otherLeader = await person(other.id, 'agency_leader', 'Giám đốc Sở khác');
const form = (title: string, date: string, startTime: string, endTime: string, extra: Record<string, unknown> = {}) => ({
  agencyId: so.id, leaderId: '', title, date, startTime, endTime, endDate: '', allDay: false, location: 'Phòng 1', chairId: '', chairName: '', participantIds: [] as string[], outsideParticipants: '', departmentIds: [] as string[], content: '', isPublic: false, isMeeting: true, ...extra,
});

describe('meetings (integration)', () => {
  let first = '';

  test('numbers per agency and year; overlaps are a warning', async () => {
    // The clerk already has a published entry that morning.
    const busy = await meetings.createEvent(leader, form('Tiếp công dân', '2026-12-08', '08:00', '11:00', { participantIds: [clerk.id], isMeeting: false }));
    await meetings.publish(leader, busy.id);
    first = (await meetings.createEvent(leader, form('Họp chuyên môn', '2026-12-08', '09:00', '10:00'))).id;
    await meetings.publish(leader, first);
    const invited = await meetings.invite(leader, first, [{ accountId: clerk.id, agencyId: so.id }]);
    assert.equal(invited.added, 1);
    assert.deepEqual(invited.conflicts.map((c) => [c.personName, c.entries.map((e) => e.title)]), [['Chuyên viên A', ['Tiếp công dân']]]);
    const sent = await meetings.send(leader, first, new Date('2026-12-01T03:00:00Z'));
    assert.match(sent.numberSymbol, /^01\/GM-/);
    const second = (await meetings.createEvent(leader, form('Họp thứ hai', '2026-12-09', '14:00', '15:00'))).id;
    await meetings.publish(leader, second);
    await meetings.invite(leader, second, [{ name: 'Khách', email: 'khach@example.vn' }]);
    assert.match((await meetings.send(leader, second, new Date('2026-12-01T04:00:00Z'))).numberSymbol, /^02\/GM-/);
    const elsewhere = (await meetings.createEvent(otherLeader, { ...form('Họp sở khác', '2026-12-09', '08:00', '09:00'), agencyId: other.id })).id;
    await meetings.publish(otherLeader, elsewhere);
    await meetings.invite(otherLeader, elsewhere, [{ accountId: clerk.id }]);
    assert.match((await meetings.send(otherLeader, elsewhere, new Date('2026-12-01T04:00:00Z'))).numberSymbol, /^01\/GM-/);
    // The next year starts again at 01.
    const next = (await meetings.createEvent(leader, form('Họp đầu năm', '2027-01-05', '08:00', '09:00'))).id;
    await meetings.publish(leader, next);
    await meetings.invite(leader, next, [{ accountId: colleague.id }]);
    assert.match((await meetings.send(leader, next, new Date('2026-12-31T17:30:00Z'))).numberSymbol, /^01\/GM-/);
  });

  test('delegation: the deputy gets an invitation of their own and the meeting on their calendar', async () => {
    const mine = await meetings.myInvitations(clerk);
    const invitation = mine.find((i) => i.eventId === first)!;
    const movedAway = await person(other.id, 'specialist', 'Đã chuyển đi');
    await assert.rejects(meetings.respondAsMe(clerk, invitation.id, { response: 'delegate', deputyId: movedAway.id }, new Date('2026-12-02T00:00:00Z')), rejects('MEETING_INVITEE_INACTIVE', '/deputyId'));
    const done = await meetings.respondAsMe(clerk, invitation.id, { response: 'delegate', deputyId: colleague.id }, new Date('2026-12-02T00:00:00Z'));
    assert.equal(done.status, 'delegated');
    await assert.rejects(meetings.respondAsMe(clerk, invitation.id, { response: 'accept' }, new Date('2026-12-02T00:00:00Z')), rejects('MEETING_INVITATION_DELEGATED'));
    const deputy = (await meetings.myInvitations(colleague)).find((i) => i.eventId === first)!;
    assert.equal(deputy.status, 'pending');
    await meetings.respondAsMe(colleague, deputy.id, { response: 'accept' }, new Date('2026-12-02T00:00:00Z'));
    const week = await meetings.mine(colleague, { week: '2026-12-08' });
    assert.ok(week.days.flatMap((d) => d.entries).some((e) => e.id === first));
    const clerkWeek = await meetings.mine(clerk, { week: '2026-12-08' });
    assert.ok(!clerkWeek.days.flatMap((d) => d.entries).some((e) => e.id === first), 'the delegating invitee no longer has it');
    const mails = await ctx.db.selectFrom('mail_messages').select('to_address').where('subject', 'like', '%Họp chuyên môn%').execute();
    assert.equal(mails.length, 2, 'the invitee and the deputy');
    const audit = await ctx.db.selectFrom('audit_log').select('action').where('action', 'like', 'meeting.%').execute();
    for (const action of ['meeting.create', 'meeting.publish', 'meeting.invite', 'meeting.send', 'meeting.invitation.delegated', 'meeting.invitation.accepted']) assert.ok(audit.some((a) => a.action === action), action);
  });

  test('drafts stay off the week of readers; the editor sees them; after the end no answer is taken', async () => {
    const draft = (await meetings.createEvent(leader, form('Bản nháp', '2026-12-10', '08:00', '09:00'))).id;
    const forReader = await meetings.week(clerk, { week: '2026-12-10' });
    assert.ok(!forReader.days.flatMap((d) => d.entries).some((e) => e.id === draft));
    const forEditor = await meetings.week(leader, { week: '2026-12-10' });
    assert.ok(forEditor.days.flatMap((d) => d.entries).some((e) => e.id === draft));
    await assert.rejects(meetings.detail(clerk, draft), rejects('NOT_FOUND'));
    await assert.rejects(meetings.publish(clerk, first), rejects('FORBIDDEN'));
    const mine = (await meetings.myInvitations(colleague)).find((i) => i.eventId === first)!;
    await assert.rejects(meetings.respondAsMe(colleague, mine.id, { response: 'accept' }, new Date('2026-12-09T00:00:00Z')), rejects('MEETING_ENDED'));
  });
});
