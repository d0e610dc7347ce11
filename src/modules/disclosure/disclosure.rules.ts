// Public disclosure (công khai): rates and the public form of a dossier. Pure: no I/O, no clock.
import { vietnamDayStart, vietnamYear } from '../../core/time.ts';
import { publicApplicantName, statusLabel } from '../dossiers/dossiers.rules.ts';
import type { AgencyCounts } from '../scorecards/scorecards.rules.ts';
import type { PublicDossierRow } from './disclosure.repository.ts';

export interface Rates {
  /** (resolved early + on time) / resolved; null when nothing was resolved. */
  onTime: number | null;
  resolved: number;
  /** received online / received; null when nothing was received. */
  online: number | null;
  received: number;
}

export function ratesOf(c: AgencyCounts): Rates {
  return {
    onTime: c.resolved > 0 ? c.resolvedInTime / c.resolved : null,
    resolved: c.resolved,
    online: c.received > 0 ? c.receivedOnline / c.received : null,
    received: c.received,
  };
}

export interface PublicDossier {
  code: string;
  /** Persons masked ("Nguyễn V** A*"); organisations' registered names are public. */
  applicant: string;
  procedure: string;
  status: string;
  receivedAt: Date | null;
  dueAt: Date | null;
  finishedAt: Date | null;
  timeliness: 'early' | 'on_time' | 'late' | null;
  /** For dossiers in progress: past the deadline at `now`. */
  overdue: boolean;
}

export function publicDossier(row: PublicDossierRow, now: Date, locale: 'vi' | 'en' = 'vi'): PublicDossier {
  return {
    code: row.code,
    applicant: publicApplicantName(row.applicant_kind === 'organisation', row.applicant_name),
    procedure: row.procedure_name,
    status: statusLabel(row.status, locale),
    receivedAt: row.received_at,
    dueAt: row.due_at,
    finishedAt: row.finished_at,
    timeliness: row.timeliness,
    overdue: row.finished_at === null && row.due_at !== null && row.due_at.getTime() < now.getTime(),
  };
}

export const PAGE_SIZE = 20;

export function pageCount(total: number, size = PAGE_SIZE): number {
  return Math.max(1, Math.ceil(total / size));
}

/** Bounds of the Vietnam calendar year containing `now`. */
export function yearBounds(now: Date): { year: number; from: Date; to: Date } {
  const year = vietnamYear(now);
  return { year, from: vietnamDayStart(`${year}-01-01`), to: vietnamDayStart(`${year + 1}-01-01`) };
}
