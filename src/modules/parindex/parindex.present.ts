// Presenters of the PAR Index: the service's records → the API's views (parindex.schemas.ts); numbers in the
// Vietnamese format (92,36%) beside the numbers themselves.
import { errorMessage } from '../../core/errors.ts';
import type { AssessmentRow, SetRow } from './parindex.repository.ts';
import { formatPercent, type Problem, type Score, type TreeNode } from './parindex.rules.ts';
import type { AssessmentDetail, Ranking } from './parindex.service.ts';

type Locale = 'vi' | 'en';

export function presentSet(s: SetRow) {
  return { id: s.id, kind: s.kind, year: s.year, name: s.name, note: s.note };
}

export function presentProblems(problems: readonly Problem[], locale: Locale) {
  return problems.map((p) => ({ code: p.code, path: p.path, message: errorMessage(p.code, locale, p.params) }));
}

export function presentNodes(nodes: readonly TreeNode[]) {
  const codeOf = new Map(nodes.map((n) => [n.id, n.code]));
  return nodes.map((n) => ({
    code: n.code,
    depth: n.depth,
    parent: n.parentId ? (codeOf.get(n.parentId) ?? null) : null,
    name: n.name,
    nameEn: n.nameEn,
    maxPoints: n.maxPoints,
    evidenceRequired: n.evidenceRequired,
    fromSurvey: n.fromSurvey,
    autoSource: n.autoSource,
  }));
}

export function presentScore(s: Score, locale: Locale) {
  return {
    points: s.points,
    maxPoints: s.maxPoints,
    surveyPoints: s.surveyPoints,
    index: s.index,
    indexText: formatPercent(s.index, locale),
    fields: s.fields.map((f) => ({ code: f.code, name: locale === 'en' && f.nameEn ? f.nameEn : f.name, points: f.points, maxPoints: f.maxPoints, index: f.index, indexText: formatPercent(f.index, locale) })),
  };
}

export function presentSummary(a: AssessmentRow) {
  return {
    id: a.id,
    agency: { code: a.agency_code, name: a.agency_name },
    year: a.year,
    status: a.status,
    submittedAt: a.submitted_at ? a.submitted_at.toISOString() : null,
    appraisedAt: a.appraised_at ? a.appraised_at.toISOString() : null,
  };
}

export function presentAssessment(d: AssessmentDetail, locale: Locale) {
  const kids = new Set(d.nodes.map((n) => n.parentId).filter((x): x is string => x !== null));
  return {
    ...presentSummary(d.assessment),
    set: presentSet(d.set),
    score: presentScore(d.score, locale),
    entries: d.nodes
      .filter((n) => !kids.has(n.id))
      .map((n) => {
        const e = d.entries.get(n.id);
        return {
          code: n.code,
          name: n.name,
          maxPoints: n.maxPoints,
          evidenceRequired: n.evidenceRequired,
          fromSurvey: n.fromSurvey,
          selfPoints: e?.selfPoints ?? null,
          selfNote: e?.selfNote ?? null,
          selfSource: e?.selfSource ?? null,
          appraisedPoints: e?.appraisedPoints ?? null,
          appraisalComment: e?.appraisalComment ?? null,
          appraisalSource: e?.appraisalSource ?? null,
          evidence: d.evidence.filter((v) => v.node_id === n.id).map((v) => ({ id: v.id, name: v.name })),
        };
      }),
  };
}

export function presentRanking(r: Ranking, locale: Locale) {
  return {
    set: presentSet(r.set),
    fields: r.fields.map((f) => ({ code: f.code, name: locale === 'en' && f.nameEn ? f.nameEn : f.name, maxPoints: f.maxPoints })),
    rows: r.rows.map((row) => ({
      rank: row.rank,
      agency: row.agency,
      fields: row.fields.map((f) => ({ code: f.code, points: f.points, index: f.index })),
      points: row.points,
      index: row.index,
      indexText: formatPercent(row.index, locale),
    })),
  };
}
