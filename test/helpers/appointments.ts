// A counter group of an agency that takes appointments, with a counter open (so a check-in can issue a ticket),
// written straight into the floor's tables (the tests of appointments do not depend on the floor's forms).
import { randomBytes } from 'node:crypto';
import type { AppContext } from '../../src/container.ts';

export const COPYRIGHT_OFFICE = '000.00.12.G14';

export interface AppointmentFloor {
  agencyId: string;
  agencyCode: string;
  groupId: string;
  procedureId: string;
  counterId: string;
}

export async function appointmentFloor(
  ctx: Pick<AppContext, 'db'>,
  options: { agencyCode?: string; code?: string; capacity?: number; slotMinutes?: number; daysAhead?: number; cutoffMinutes?: number; open?: boolean } = {},
): Promise<AppointmentFloor> {
  const db = ctx.db;
  const agency = await db.selectFrom('agencies').select(['id', 'code']).where('code', '=', options.agencyCode ?? COPYRIGHT_OFFICE).executeTakeFirstOrThrow();
  const procedure = await db.selectFrom('procedure_versions').select('procedure_id').where('agency_id', '=', agency.id).where('status', '=', 'published').orderBy('procedure_id').executeTakeFirstOrThrow();
  const taken = new Set((await db.selectFrom('floor_groups').select('code').where('agency_id', '=', agency.id).execute()).map((g) => g.code));
  const code = options.code ?? [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'].map((c) => `Z${c}`).find((c) => !taken.has(c))!;
  const group = await db.insertInto('floor_groups').values({ agency_id: agency.id, code, name_vi: `Nhóm hẹn ${code}`, name_en: `Appointments ${code}` }).returning('id').executeTakeFirstOrThrow();
  await db.deleteFrom('floor_group_procedures').where('procedure_id', '=', procedure.procedure_id).where('group_id', 'in', db.selectFrom('floor_groups').select('id').where('agency_id', '=', agency.id)).execute();
  await db.insertInto('floor_group_procedures').values({ group_id: group.id, procedure_id: procedure.procedure_id }).execute();
  const officer = await db
    .insertInto('accounts')
    .values({ username: `quay.${randomBytes(4).toString('hex')}`, kind: 'staff', password_hash: 'x', full_name: 'Cán bộ quầy', agency_id: agency.id })
    .returning('id')
    .executeTakeFirstOrThrow();
  const last = await db.selectFrom('floor_counters').select((eb) => eb.fn.max('number').as('n')).where('agency_id', '=', agency.id).executeTakeFirst();
  const open = options.open ?? true;
  const counter = await db
    .insertInto('floor_counters')
    .values({ agency_id: agency.id, number: Number(last?.n ?? 0) + 1, label: 'Quầy hẹn', officer_id: open ? officer.id : null, opened_at: open ? new Date() : null })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('floor_counter_groups').values({ counter_id: counter.id, group_id: group.id }).execute();
  await db
    .insertInto('appointment_settings')
    .values({ group_id: group.id, enabled: true, slot_minutes: options.slotMinutes ?? 30, capacity: options.capacity ?? 2, days_ahead: options.daysAhead ?? 14, cutoff_minutes: options.cutoffMinutes ?? 60 })
    .execute();
  return { agencyId: agency.id, agencyCode: agency.code, groupId: group.id, procedureId: procedure.procedure_id, counterId: counter.id };
}

/** The next Monday (Vietnam time) strictly after `from`, at hh:mm, as a Date. */
export function nextMonday(from: Date, time = '09:00'): Date {
  const day = new Date(from.getTime() + 7 * 3_600_000);
  let n = 1;
  while ((day.getUTCDay() + n) % 7 !== 1) n++;
  const d = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate() + n));
  return new Date(`${d.toISOString().slice(0, 10)}T${time}:00+07:00`);
}
