// Reminders and escalation of the back office (job handling.remind): the officer holding a workflow step (its
// assignee, else every holder of the step's role in the step's department) and their department head are told by
// e-mail and in-app when the step is due within N working hours, and again once it is overdue. Each (step, kind)
// is sent once: the officer_reminders row is claimed in the same transaction as the notifications.
import { formatDateTime } from '../../core/text.ts';
import type { Db } from '../../db/database.ts';
import type { CalendarService } from '../calendar/calendar.service.ts';
import type { NotificationsService } from '../notifications/notifications.service.ts';
import { RemindersRepository, type DueStepRow, type OfficerRow, type ReminderKind } from './handling.reminders.repository.ts';

export const DEFAULT_REMINDER_WORKING_HOURS = 4;

export interface ReminderReport {
  dueSoon: number;
  overdue: number;
  recipients: number;
}

/** Who is told about a step: the handlers and the department heads (no one twice). */
export function reminderRecipients(
  step: Pick<DueStepRow, 'role' | 'department_id' | 'assignee_id'>,
  assignee: { id: string; full_name: string; email: string | null; department_id: string | null } | null,
  officers: OfficerRow[],
): { handlers: Array<{ id: string; fullName: string; email: string | null }>; heads: Array<{ id: string; fullName: string; email: string | null }> } {
  const handlersRaw = assignee
    ? [assignee]
    : officers.filter((o) => o.role === step.role && (!step.department_id || o.department_id === step.department_id));
  const handlerIds = new Set(handlersRaw.map((h) => h.id));
  const departments = new Set<string>();
  if (step.department_id) departments.add(step.department_id);
  for (const h of handlersRaw) if (h.department_id) departments.add(h.department_id);
  const heads = officers.filter((o) => o.role === 'department_head' && o.department_id !== null && departments.has(o.department_id) && !handlerIds.has(o.id));
  const unique = <T extends { id: string }>(list: T[]) => [...new Map(list.map((x) => [x.id, x])).values()];
  return {
    handlers: unique(handlersRaw).map((h) => ({ id: h.id, fullName: h.full_name, email: h.email })),
    heads: unique(heads).map((h) => ({ id: h.id, fullName: h.full_name, email: h.email })),
  };
}

export class OfficerRemindersService {
  constructor(
    private readonly db: Db,
    private readonly calendar: CalendarService,
    private readonly notifications: NotificationsService,
    private readonly repo = new RemindersRepository(),
  ) {}

  /**
   * Sends the reminders due at `now`: 'due_soon' for open steps due within `withinWorkingHours` working hours
   * (the agency's calendar), 'overdue' for those past due. Returns how many of each were sent.
   */
  async run(now = new Date(), options: { withinWorkingHours?: number; batchSize?: number } = {}): Promise<ReminderReport> {
    const hours = options.withinWorkingHours ?? DEFAULT_REMINDER_WORKING_HOURS;
    const batchSize = options.batchSize ?? 200;
    const report: ReminderReport = { dueSoon: 0, overdue: 0, recipients: 0 };
    // No working-hour window reaches further than a few weeks (holidays included): a calendar bound for the query.
    const bound = new Date(now.getTime() + Math.max(30, Math.ceil(hours / 8) * 3 + 30) * 86_400_000);
    const limits = new Map<string, Date>();
    const soonLimit = async (agencyId: string) => {
      let limit = limits.get(agencyId);
      if (!limit) {
        limit = new Date((await this.calendar.due({ from: now, workingHours: hours, agencyId })).at);
        limits.set(agencyId, limit);
      }
      return limit;
    };
    const seen = new Set<string>();
    for (;;) {
      const steps = (await this.repo.dueSteps(this.db, now, bound, batchSize)).filter((s) => !seen.has(s.id));
      if (!steps.length) break;
      let sent = 0;
      for (const step of steps) {
        seen.add(step.id);
        const kind: ReminderKind = step.due_at.getTime() < now.getTime() ? 'overdue' : 'due_soon';
        if (kind === 'due_soon' && step.due_at.getTime() > (await soonLimit(step.agency_id)).getTime()) continue;
        const count = await this.remind(step, kind);
        if (count === null) continue;
        sent++;
        report.recipients += count;
        if (kind === 'overdue') report.overdue++;
        else report.dueSoon++;
      }
      if (!sent && steps.length < batchSize) break;
    }
    return report;
  }

  /** One reminder in one transaction; null when it was already sent. */
  private async remind(step: DueStepRow, kind: ReminderKind): Promise<number | null> {
    return this.db.transaction().execute(async (tx) => {
      if (!(await this.repo.claim(tx, step.id, kind, step.dossier_id))) return null;
      const assignee = step.assignee_id ? ((await this.repo.account(tx, step.assignee_id)) ?? null) : null;
      const officers = await this.repo.officersWithRoles(tx, step.agency_id, [...new Set([step.role, 'department_head'])]);
      const { handlers, heads } = reminderRecipients(step, assignee, officers);
      // In-app and by e-mail, each officer in their own language (NotificationsService.remindOfficers).
      const reminder = { kind, code: step.code, step: step.name, procedure: step.procedure_name, due: formatDateTime(step.due_at) };
      const told = await this.notifications.remindOfficers(tx, { dossierId: step.dossier_id, link: `/can-bo/ho-so/${step.dossier_id}`, reminder, handlers, heads });
      await this.repo.setRecipients(tx, step.id, kind, told);
      return told;
    });
  }
}
