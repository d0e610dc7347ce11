// The appointment date of a submitted dossier, from the procedure version's time limit and the
// calendar module's working days and hours (counted from the submission).
import type { CalendarService } from '../calendar/calendar.service.ts';
import { isoOfDay } from '../calendar/calendar.rules.ts';
import type { DueDateFunction } from './dossiers.service.ts';

export function calendarDueDate(calendar: CalendarService): DueDateFunction {
  return async ({ agencyId, receivedAt, value, unit, sameDay, db }) => {
    try {
      const limit =
        sameDay ? { workingDays: 0 }
        : unit === 'working_days' ? (Number.isInteger(value) ? { workingDays: value } : { halfDays: Math.round(value * 2) })
        : unit === 'half_days' ? { halfDays: Math.round(value) }
        : { workingHours: value };
      const due = await calendar.due({ from: receivedAt, agencyId, db, ...limit });
      return isoOfDay(due.day);
    } catch {
      // No appointment date rather than no submission: the date is an estimate until reception.
      return null;
    }
  };
}
