// The demo's work calendar (issue 19 part 4): a week of the Copyright Office's calendar (this week, Vietnam time)
// — the Monday briefing, the leader's citizen reception (public), a day of the leader's travel, a meeting with
// invitations sent (the specialist and the department head, and an outside guest by e-mail; the department head has
// accepted), a Friday meeting — through the service as the leader would enter them. Idempotent (by the Monday
// briefing's title). Called by the demo's first start (src/seed/demo.ts seedDemoHistory).
import type { AppContext } from '../../container.ts';
import { addDays, vietnamDate } from '../../core/time.ts';
import { weekStart } from './meetings.rules.ts';
import type { EventForm } from './meetings.service.ts';

const COPYRIGHT_OFFICE = '000.00.12.G14';
const FIRST_TITLE = 'Giao ban lãnh đạo Cục đầu tuần';

/** Seeds the demo week; null when already there or the demo accounts are missing, else the entries created. */
export async function seedDemoMeetings(ctx: AppContext, now = new Date()): Promise<number | null> {
  const agency = await ctx.services.agencies.byCode(COPYRIGHT_OFFICE);
  if (!agency || (await ctx.services.meetings.hasEntry(agency.id, FIRST_TITLE))) return null;
  const [leader, specialist, head] = await Promise.all([ctx.services.identity.actorByUsername('demo.lanhdao'), ctx.services.identity.actorByUsername('demo.chuyenvien'), ctx.services.identity.actorByUsername('demo.truongphong')]);
  if (!leader || !specialist || !head) return null;
  const meetings = ctx.services.meetings;
  // This week, or the next one from Thursday on: the invitations are sent for Thursday's meeting, which must be ahead
  // (sending for a meeting that has ended is refused, MEETING_ENDED).
  const today = vietnamDate(now);
  const thisWeek = weekStart(today);
  const monday = today >= addDays(thisWeek, 3) ? addDays(thisWeek, 7) : thisWeek;
  const departments = (await ctx.services.agencies.departmentsOf(agency.id)).map((d) => d.id);
  const entry = (day: number, title: string, patch: Partial<EventForm>): EventForm => ({
    agencyId: agency.id,
    leaderId: '',
    title,
    date: addDays(monday, day),
    startTime: '08:00',
    endTime: '10:00',
    endDate: '',
    allDay: false,
    location: 'Phòng họp tầng 3, 33 Ngô Quyền, Hà Nội',
    chairId: leader.id,
    chairName: '',
    participantIds: [],
    outsideParticipants: '',
    departmentIds: [],
    content: '',
    isPublic: false,
    isMeeting: false,
    ...patch,
  });
  const plan: EventForm[] = [
    entry(0, FIRST_TITLE, { participantIds: [head.id], departmentIds: departments.slice(0, 1), content: 'Đánh giá kết quả tuần trước, triển khai nhiệm vụ trong tuần.' }),
    entry(1, 'Tiếp công dân định kỳ', { leaderId: leader.id, startTime: '14:00', endTime: '16:30', location: 'Phòng tiếp công dân, tầng 1', isPublic: true }),
    entry(2, 'Làm việc với Sở Văn hóa, Thể thao và Du lịch Trà Vinh', { leaderId: leader.id, allDay: true, startTime: '', endTime: '', location: 'Trà Vinh', isPublic: true, outsideParticipants: 'Lãnh đạo Sở VHTTDL Trà Vinh' }),
    entry(3, 'Họp thẩm định hồ sơ đăng ký quyền tác giả tác phẩm điện ảnh', { startTime: '08:30', endTime: '11:00', isMeeting: true, isPublic: true, departmentIds: departments.slice(0, 1), content: 'Thẩm định các hồ sơ tồn đọng; thống nhất hướng dẫn thành phần hồ sơ.' }),
    entry(4, 'Sơ kết công tác cải cách hành chính tháng', { startTime: '15:00', endTime: '17:00', participantIds: [head.id, specialist.id] }),
  ];
  let count = 0;
  let meetingId = '';
  for (const input of plan) {
    const { id } = await meetings.createEvent(leader, input);
    await meetings.publish(leader, id, now);
    if (input.isMeeting) meetingId = id;
    count += 1;
  }
  await meetings.invite(leader, meetingId, [
    { accountId: specialist.id, agencyId: agency.id },
    { accountId: head.id, agencyId: agency.id },
    { name: 'Ông Trần Văn Bình (Hội Điện ảnh Việt Nam)', email: 'tranvanbinh@example.vn' },
  ]);
  await meetings.send(leader, meetingId, now);
  const accepted = (await meetings.myInvitations(head)).find((i) => i.eventId === meetingId);
  if (accepted) await meetings.respondAsMe(head, accepted.id, { response: 'accept' }, now);
  return count;
}
