// The demo's appointments (issue 20, part 3): booking settings for the counter groups of the Copyright Office (after
// the floor's demo created them), saved by its leader, and a few bookings on the next working days — one of
// demo.congdan's online, the others taken on the phone by demo.motcua. Through the service, as people would.
// Idempotent: nothing when the agency has no groups yet or appointments already exist.
import type { AppContext } from '../../container.ts';

const AGENCY = '000.00.12.G14';

/** Settings for the demo groups and a few bookings; the number of bookings made, or null when nothing was done. */
export async function seedDemoAppointments(ctx: AppContext, now = new Date()): Promise<number | null> {
  const appointments = ctx.services.appointments;
  const agency = await ctx.services.agencies.byCode(AGENCY);
  if (!agency) return null;
  const [leader, reception, citizen] = await Promise.all([ctx.services.identity.actorByUsername('demo.lanhdao'), ctx.services.identity.actorByUsername('demo.motcua'), ctx.services.identity.actorByUsername('demo.congdan')]);
  if (!leader || !reception || !citizen) return null;
  const groups = await appointments.groups(agency.id);
  if (!groups.length) return null;
  for (const [i, group] of groups.entries()) {
    if (group.settings) continue;
    await appointments.saveSettings(leader, AGENCY, group.id, { enabled: '1', slotMinutes: i === 0 ? '15' : '30', capacity: i === 0 ? '3' : '2', daysAhead: '14', cutoffMinutes: '60' });
  }
  if (await ctx.db.selectFrom('appointments').select('id').where('agency_id', '=', agency.id).limit(1).executeTakeFirst()) return null;
  const people = [
    { name: 'Nguyễn Thị Mai', phone: '0912000101' },
    { name: 'Trần Văn Hùng', phone: '0912000102' },
    { name: 'Lê Minh Tâm', phone: '0912000103' },
  ];
  let made = 0;
  for (const group of (await appointments.groups(agency.id)).filter((g) => g.settings?.enabled).slice(0, 2)) {
    const days = await appointments.days(agency.id, group, now);
    for (const [d, day] of days.slice(0, 2).entries()) {
      const slots = await appointments.slots(agency.id, group, day.day, now);
      const slot = slots[Math.min(slots.length - 1, 2 + d * 3)];
      if (!slot) continue;
      const input = { agencyCode: AGENCY, groupId: group.id, procedureId: group.procedures[0]?.id, startsAt: slot.iso };
      if (made === 0) await appointments.book(citizen, input, {}, now);
      else await appointments.bookByPhone(reception, { ...input, ...people[(made - 1) % people.length]! }, 'vi', now);
      made++;
    }
  }
  return made;
}
