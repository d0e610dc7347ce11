// The appointment date of a submitted dossier, from the procedure version's time limit and the
// calendar module's working days and hours (counted from the submission).
import type { CalendarService } from '../calendar/calendar.service.ts';
import { isoOfDay } from '../calendar/calendar.rules.ts';
import { statutoryCalendarLimit } from '../kernel/time-limit.ts';
import type { DueDateFunction } from './dossiers.service.ts';

export function calendarDueDate(calendar: CalendarService): DueDateFunction {
  return async ({ agencyId, receivedAt, value, unit, sameDay, none, db }) => {
    // No statutory time limit: no appointment date.
    const limit = statutoryCalendarLimit({ value, unit, sameDay, none });
    if (!limit) return null;
    try {
      const due = await calendar.due({ from: receivedAt, agencyId, db, ...limit });
      return isoOfDay(due.day);
    } catch {
      // No appointment date rather than no submission: the date is an estimate until reception.
      return null;
    }
  };
}
