// The live board of the one-stop floor (issue 20): pure rules. The applicant's name masked for a public screen,
// today's statistics and the snapshot every screen of an agency receives. No I/O, no clock.

/**
 * A name for a public screen: the family name whole, every other word its first letter and "**".
 * "Nguyễn Văn An" → "Nguyễn V** A**"; "An" → "A**"; a business name the same way ("Công T** T** H** A**").
 * Letters are counted as the reader sees them (NFC; a letter with its tone marks is one).
 */
export function maskName(name: string | null | undefined): string {
  const words = (name ?? '')
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ')
    .split(/\s+/)
    .filter((w) => w.length > 0);
  if (words.length === 0) return '';
  const initial = (word: string) => `${firstLetter(word)}**`;
  if (words.length === 1) return initial(words[0]!);
  return [words[0]!, ...words.slice(1).map(initial)].join(' ');
}

/** The first user-perceived character (a base letter with its combining marks). */
function firstLetter(word: string): string {
  const m = /^.\p{M}*/su.exec(word);
  return m ? m[0] : '';
}

/** Today's tickets of an agency, counted by status, and the waits of the tickets called today (ms). */
export interface TicketCounts {
  byStatus: Partial<Record<'waiting' | 'called' | 'serving' | 'done' | 'skipped' | 'cancelled', number>>;
  /** Sum and number of the waits (issued → first called) of today's called tickets. */
  waitSumMs: number;
  waitCount: number;
}

export interface BoardStats {
  issued: number;
  served: number;
  waiting: number;
  /** Average wait of today's called tickets, whole minutes rounded; null before the first call. */
  averageWaitMinutes: number | null;
}

/** The board's statistics of the day: issued = every ticket but the cancelled, served = done, waiting = waiting. */
export function boardStats(c: TicketCounts): BoardStats {
  const n = (k: keyof TicketCounts['byStatus']) => Math.max(0, Math.floor(c.byStatus[k] ?? 0));
  const issued = n('waiting') + n('called') + n('serving') + n('done') + n('skipped');
  return {
    issued,
    served: n('done'),
    waiting: n('waiting'),
    averageWaitMinutes: c.waitCount > 0 ? Math.round(c.waitSumMs / c.waitCount / 60_000) : null,
  };
}

export interface BoardCall {
  /** Identifies the call (a ticket called again is a new call): the chime rings when the newest key changes. */
  key: string;
  ticket: string;
  counter: number;
  counterLabel: string;
  calledAt: string;
}

export interface BoardReady {
  code: string;
  name: string;
}

export interface BoardSnapshot {
  agency: { code: string; name: string };
  day: string;
  calls: BoardCall[];
  ready: BoardReady[];
  stats: BoardStats;
}

/** How many calls and ready results a board shows (a TV screen; more is noise). */
export const BOARD_CALLS = 8;
export const BOARD_READY = 24;

export interface CallRow {
  ticket_id: string;
  /** As printed (floor_tickets.code, e.g. A012). */
  ticket: string;
  calls: number;
  counter_number: number;
  counter_label: string;
  called_at: Date;
}

export interface ReadyRow {
  code: string;
  applicant_name: string | null;
}

/** The snapshot of one agency's board from its rows (newest call first; names masked here and nowhere else). */
export function buildSnapshot(agency: { code: string; name: string }, day: string, calls: readonly CallRow[], ready: readonly ReadyRow[], counts: TicketCounts): BoardSnapshot {
  return {
    agency: { code: agency.code, name: agency.name },
    day,
    calls: calls.slice(0, BOARD_CALLS).map((c) => ({
      key: `${c.ticket_id}:${c.calls}`,
      ticket: c.ticket,
      counter: c.counter_number,
      counterLabel: c.counter_label,
      calledAt: c.called_at.toISOString(),
    })),
    ready: ready.slice(0, BOARD_READY).map((r) => ({ code: r.code, name: maskName(r.applicant_name) })),
    stats: boardStats(counts),
  };
}

/** One Server-Sent Events frame of a snapshot (the event id lets a reconnecting screen be told apart). */
export function snapshotFrame(id: number, json: string): string {
  return `id: ${id}\nevent: snapshot\ndata: ${json}\n\n`;
}
