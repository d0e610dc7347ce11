// Portal visits: counted in memory on every qualifying response (no I/O on the request path), flushed to
// PostgreSQL every few seconds and when the server closes (one upsert per day). No address, no cookie: only
// a number per day. A crash loses at most the last few seconds of counts.
import type { Db } from '../../db/database.ts';
import { vietnamDate } from '../../core/time.ts';
import { VisitsRepository } from './visits.repository.ts';
import { countsAsVisit, type ResponseFacts } from './visits.rules.ts';

export class VisitsService {
  private pending = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly options: { flushMs?: number } = {},
    private readonly repo = new VisitsRepository(),
  ) {}

  /** Counts the response when it is a person's page view; returns whether it counted. */
  record(facts: ResponseFacts, now = new Date()): boolean {
    if (!countsAsVisit(facts)) return false;
    const day = vietnamDate(now);
    this.pending.set(day, (this.pending.get(day) ?? 0) + 1);
    this.startTimer();
    return true;
  }

  private startTimer(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      void this.flush().catch(() => undefined);
    }, this.options.flushMs ?? 5000);
    this.timer.unref();
  }

  /** Writes the counts kept in memory (serialised: one flush at a time; failed counts are kept for the next). */
  flush(): Promise<void> {
    const run = this.flushing.then(async () => {
      if (this.pending.size === 0) return;
      const batch = this.pending;
      this.pending = new Map();
      try {
        await this.repo.add(this.db, batch);
      } catch (error) {
        for (const [day, n] of batch) this.pending.set(day, (this.pending.get(day) ?? 0) + n);
        throw error;
      }
    });
    this.flushing = run.catch(() => undefined);
    return run;
  }

  /** Stops the timer and flushes what is left (server shutdown). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flush();
  }

  /** Views not yet written. */
  pendingViews(): number {
    let n = 0;
    for (const v of this.pending.values()) n += v;
    return n;
  }

  /** All views so far (stored + in memory). */
  async total(): Promise<number> {
    return (await this.repo.total(this.db)) + this.pendingViews();
  }
}
