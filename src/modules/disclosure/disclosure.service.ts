// Public disclosure (no login): per agency the on-time and online rates of the month and the year, the
// dossiers in progress and resolved this month (masked names), and the 766 scorecard.
import { vietnamMonth } from '../../core/time.ts';
import type { Db } from '../../db/database.ts';
import type { ScorecardsService } from '../scorecards/scorecards.service.ts';
import { EMPTY_COUNTS, monthBounds } from '../scorecards/scorecards.rules.ts';
import { DisclosureRepository } from './disclosure.repository.ts';
import { PAGE_SIZE, publicDossier, ratesOf, yearBounds, type PublicDossier, type Rates } from './disclosure.rules.ts';

export interface AgencyRates {
  code: string;
  name: string;
  level: string;
  depth: number;
  month: Rates;
  year: Rates;
}

export class DisclosureService {
  constructor(
    private readonly db: Db,
    private readonly scorecards: ScorecardsService,
    private readonly repo = new DisclosureRepository(),
  ) {}

  /** Rates of every active agency (with its subtree), in tree order, one page at a time. */
  async overview(now: Date, page: number): Promise<{ month: string; year: number; rows: AgencyRates[]; total: number; page: number }> {
    const month = vietnamMonth(now);
    const mb = monthBounds(month);
    const yb = yearBounds(now);
    const [m, y] = await Promise.all([this.scorecards.rolledCounts(mb.from, mb.to, now), this.scorecards.rolledCounts(yb.from, yb.to, now)]);
    const active = m.agencies.filter((a) => a.active);
    const ids = new Set(active.map((a) => a.id));
    const children = new Map<string | null, typeof active>();
    for (const a of active) {
      const parent = a.parent_id && ids.has(a.parent_id) ? a.parent_id : null;
      children.set(parent, [...(children.get(parent) ?? []), a]);
    }
    const ordered: Array<{ a: (typeof active)[number]; depth: number }> = [];
    const walk = (parent: string | null, depth: number) => {
      for (const a of (children.get(parent) ?? []).sort((x, z) => x.code.localeCompare(z.code))) {
        ordered.push({ a, depth });
        walk(a.id, depth + 1);
      }
    };
    walk(null, 0);
    const rows = ordered.map(({ a, depth }) => ({
      code: a.code,
      name: a.name,
      level: a.level,
      depth,
      month: ratesOf(m.counts.get(a.id) ?? EMPTY_COUNTS),
      year: ratesOf(y.counts.get(a.id) ?? EMPTY_COUNTS),
    }));
    const pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
    const p = Math.min(page, pages);
    return { month, year: yb.year, rows: rows.slice((p - 1) * PAGE_SIZE, p * PAGE_SIZE), total: rows.length, page: p };
  }

  /** One agency: rates, dossiers in progress (page `progressPage`) and resolved this month (page `resolvedPage`). */
  async agency(code: string, now: Date, progressPage: number, resolvedPage: number, locale: 'vi' | 'en' = 'vi') {
    const agency = await this.scorecards.agencyByCode(code);
    const ids = await this.scorecards.nowPartOf(agency.id);
    const month = vietnamMonth(now);
    const mb = monthBounds(month);
    const yb = yearBounds(now);
    const [m, y] = await Promise.all([this.scorecards.rolledCounts(mb.from, mb.to, now), this.scorecards.rolledCounts(yb.from, yb.to, now)]);
    const [progress, resolved] = await Promise.all([
      this.repo.inProgress(this.db, ids, PAGE_SIZE, (progressPage - 1) * PAGE_SIZE),
      this.repo.resolved(this.db, ids, mb.from, mb.to, PAGE_SIZE, (resolvedPage - 1) * PAGE_SIZE),
    ]);
    const present = (rows: typeof progress.rows): PublicDossier[] => rows.map((r) => publicDossier(r, now, locale));
    return {
      agency: { code: agency.code, name: agency.name, level: agency.level },
      month,
      year: yb.year,
      rates: { month: ratesOf(m.counts.get(agency.id) ?? EMPTY_COUNTS), year: ratesOf(y.counts.get(agency.id) ?? EMPTY_COUNTS) },
      inProgress: { rows: present(progress.rows), total: progress.total, page: progressPage },
      resolved: { rows: present(resolved.rows), total: resolved.total, page: resolvedPage },
    };
  }
}
