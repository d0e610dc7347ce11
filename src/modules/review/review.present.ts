// The review's records as the API and the pages show them: amounts as decimal strings of whole đồng (a yearly
// cost may exceed 2^53), rates in basis points and formatted.
import type { Translate } from '../../core/i18n.ts';
import { formatHours, formatRate, formatVndBig, type Comparison, type SheetRow } from './review.rules.ts';
import type { ItemView, ReviewDetail } from './review.service.ts';

type Locale = 'vi' | 'en';

export function presentRows(rows: readonly SheetRow[] | null, costs: Comparison['before']['rows'] | null) {
  return (rows ?? []).map((r, i) => ({ kind: r.kind, label: r.label, hours: r.hoursX100 / 100, amountVnd: r.amountVnd, timeCostVnd: costs?.[i]?.timeVnd.toString() ?? '0', costVnd: costs?.[i]?.totalVnd.toString() ?? String(r.amountVnd) }));
}

export function presentItem(i: ItemView) {
  const c = i.cost;
  return {
    id: i.id,
    procedureCode: i.procedure_code,
    procedureName: i.procedure_name,
    versionId: i.version_id,
    frequency: i.frequency,
    measuredFrequency: i.measured_frequency,
    before: { rows: presentRows(i.sheet_before, c.before.rows), perDossierVnd: c.before.perDossierVnd.toString(), yearlyVnd: c.before.yearlyVnd.toString() },
    proposal: i.proposal,
    after: c.after ? { rows: presentRows(i.sheet_after, c.after.rows), perDossierVnd: c.after.perDossierVnd.toString(), yearlyVnd: c.after.yearlyVnd.toString() } : null,
    savingPerDossierVnd: c.savingPerDossierVnd?.toString() ?? null,
    savingYearlyVnd: c.savingYearlyVnd?.toString() ?? null,
    rateBp: c.rateBp,
    raised: c.raised,
    warnings: i.warnings,
    draftedVersion: i.drafted_version,
    draftedNote: i.drafted_note,
  };
}

export function presentDetail(d: ReviewDetail) {
  return {
    id: d.review.id,
    agency: { code: d.agency.code, name: d.agency.name },
    year: d.review.year,
    status: d.review.status,
    monthlyWageVnd: d.monthly,
    hourlyWageVnd: Number(d.hourly),
    items: d.items.map((i) => presentItem(i)),
    totals: { beforeYearlyVnd: d.totals.beforeYearlyVnd.toString(), afterYearlyVnd: d.totals.afterYearlyVnd.toString(), savingYearlyVnd: d.totals.savingYearlyVnd.toString(), rateBp: d.totals.rateBp, proposals: d.totals.proposals },
    may: d.may,
    history: d.events.map((e) => ({ at: e.at.toISOString(), by: e.actor_name, action: e.action, from: e.from_status, to: e.to_status, note: e.note })),
  };
}

/** The report's rows: per procedure before / after / saving / rate, the plan (the proposal's kinds and reason). */
export function reportRows(d: ReviewDetail, t: Translate, locale: Locale) {
  return d.items.map((i, n) => ({
    stt: n + 1,
    code: i.procedure_code,
    name: i.procedure_name,
    frequency: i.frequency,
    perDossier: formatVndBig(i.cost.before.perDossierVnd, locale),
    before: formatVndBig(i.cost.before.yearlyVnd, locale),
    after: i.cost.after ? formatVndBig(i.cost.after.yearlyVnd, locale) : '—',
    saving: i.cost.savingYearlyVnd !== null ? formatVndBig(i.cost.savingYearlyVnd, locale) : '—',
    rate: formatRate(i.cost.rateBp, locale),
    raised: i.cost.raised,
    plan: i.proposal ? `${i.proposal.kinds.map((k) => t(`review.kind.${k}`)).join('; ')}: ${i.proposal.reason}` : '',
  }));
}

export function reportTotals(d: ReviewDetail, locale: Locale) {
  return {
    before: formatVndBig(d.totals.beforeYearlyVnd, locale),
    after: formatVndBig(d.totals.afterYearlyVnd, locale),
    saving: formatVndBig(d.totals.savingYearlyVnd, locale),
    rate: formatRate(d.totals.rateBp, locale),
    proposals: d.totals.proposals,
  };
}

export { formatHours, formatRate, formatVndBig };
