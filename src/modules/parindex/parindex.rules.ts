// PAR Index (Chỉ số cải cách hành chính) — pure rules: the criteria tree's validation, the points a leaf may take,
// what a submission needs, the index arithmetic, the ranking, the proposals from the product's own data, and the
// Vietnamese number format. No I/O, no clock.
//
// Points are kept in hundredths (integers) for every sum, so 11.5 + 0.5 is exactly 12 and a field's maxima add up
// without floating-point noise. The index is total points / 100 as a percentage; a field's index is its points /
// its maximum; both rounded to 2 decimals (the published tables' precision: 92,36%, 95,83%).

export const TREE_TOTAL = 100;
export const AUTO_SOURCES = ['online_services', 'on_time_rate', 'score_766', 'sipas'] as const;
export type AutoSource = (typeof AUTO_SOURCES)[number];
export const SET_KINDS = ['ministry', 'province'] as const;
export type SetKind = (typeof SET_KINDS)[number];
export type AssessmentStatus = 'draft' | 'submitted' | 'appraised';

export interface TreeNode {
  id: string;
  parentId: string | null;
  depth: number;
  code: string;
  position: number;
  name: string;
  nameEn: string | null;
  maxPoints: number;
  evidenceRequired: boolean;
  fromSurvey: boolean;
  autoSource: AutoSource | null;
}

/** A problem of a tree or of points, named by the node's code (the field errors' `params.code`). */
export interface Problem {
  path: string;
  code: string;
  params?: Record<string, string | number>;
}

/** 11.5 → 1150 (hundredths of a point). */
export function hundredths(points: number): number {
  return Math.round(points * 100);
}

/** 1150 → 11.5 */
export function fromHundredths(h: number): number {
  return h / 100;
}

/** Percent with 2 decimals: part / whole × 100 (null when whole is 0). */
export function percent(part: number, whole: number): number | null {
  if (whole <= 0) return null;
  return Math.round((part / whole) * 10000) / 100;
}

/** "11,5" / "11.50" → 11.5; empty → null; anything else (or more than 2 decimals) → NaN. */
export function parsePoints(text: string): number | null {
  const t = text.trim();
  if (t === '') return null;
  const m = /^(\d{1,3})(?:[.,](\d{1,2}))?$/.exec(t);
  if (!m) return NaN;
  return Number(`${m[1]}.${m[2] ?? '0'}`);
}

export function childrenOf(nodes: readonly TreeNode[]): Map<string | null, TreeNode[]> {
  const out = new Map<string | null, TreeNode[]>();
  for (const n of nodes) out.set(n.parentId, [...(out.get(n.parentId) ?? []), n]);
  for (const list of out.values()) list.sort((a, b) => a.position - b.position || compareCodes(a.code, b.code));
  return out;
}

/** "1.10" after "1.9". */
export function compareCodes(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? -1) - (pb[i] ?? -1);
    if (d) return d;
  }
  return 0;
}

/** The leaves (where points are entered), in tree order. */
export function leaves(nodes: readonly TreeNode[]): TreeNode[] {
  const kids = childrenOf(nodes);
  return ordered(nodes).filter((n) => !(kids.get(n.id)?.length));
}

/** Every node in tree order (a field, its criteria, each with its sub-criteria). */
export function ordered(nodes: readonly TreeNode[]): TreeNode[] {
  const kids = childrenOf(nodes);
  const out: TreeNode[] = [];
  const visit = (parent: string | null, depth: number) => {
    if (depth > 3) return;
    for (const n of kids.get(parent) ?? []) {
      out.push(n);
      visit(n.id, depth + 1);
    }
  };
  visit(null, 1);
  return out;
}

/**
 * The tree's problems, each naming the node: a parent whose children's maxima do not add up to its own
 * (PAR_TREE_SUM), fields that do not total 100 (PAR_TREE_TOTAL), a node at the wrong depth or whose code does not
 * continue its parent's (PAR_TREE_SHAPE), two nodes with one code (PAR_TREE_CODE_TAKEN), a tree without fields
 * (PAR_TREE_EMPTY). Empty: the tree is valid.
 */
export function treeProblems(nodes: readonly TreeNode[]): Problem[] {
  const problems: Problem[] = [];
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const kids = childrenOf(nodes);
  const fields = kids.get(null) ?? [];
  if (!fields.length) return [{ path: '/nodes', code: 'PAR_TREE_EMPTY' }];
  const seen = new Set<string>();
  for (const n of ordered(nodes)) {
    if (seen.has(n.code)) problems.push({ path: `/nodes/${n.code}/code`, code: 'PAR_TREE_CODE_TAKEN', params: { code: n.code } });
    seen.add(n.code);
    const parent = n.parentId ? byId.get(n.parentId) : undefined;
    const depthOk = parent ? n.depth === parent.depth + 1 && n.code.startsWith(`${parent.code}.`) : n.depth === 1;
    if (!depthOk || n.depth > 3) problems.push({ path: `/nodes/${n.code}`, code: 'PAR_TREE_SHAPE', params: { code: n.code, name: n.name } });
    const children = kids.get(n.id) ?? [];
    if (children.length) {
      const sum = children.reduce((s, c) => s + hundredths(c.maxPoints), 0);
      if (sum !== hundredths(n.maxPoints)) {
        problems.push({ path: `/nodes/${n.code}/maxPoints`, code: 'PAR_TREE_SUM', params: { code: n.code, name: n.name, sum: fromHundredths(sum), max: n.maxPoints } });
      }
    }
  }
  const total = fields.reduce((s, f) => s + hundredths(f.maxPoints), 0);
  if (total !== hundredths(TREE_TOTAL)) problems.push({ path: '/nodes', code: 'PAR_TREE_TOTAL', params: { sum: fromHundredths(total), total: TREE_TOTAL } });
  return problems;
}

/** The next code under `parent` (null: a field): one more than the largest last part among its children. */
export function nextCode(nodes: readonly TreeNode[], parent: TreeNode | null): string {
  const siblings = nodes.filter((n) => n.parentId === (parent?.id ?? null));
  const last = siblings.reduce((m, n) => Math.max(m, Number(n.code.split('.').at(-1))), 0);
  return parent ? `${parent.code}.${last + 1}` : String(last + 1);
}

/** Problems of points given to a leaf: not a number, negative, more than 2 decimals, or above the leaf's maximum. */
export function pointsProblems(leaf: TreeNode, points: number | null, path: string): Problem[] {
  if (points === null) return [];
  if (!Number.isFinite(points) || points < 0 || Math.abs(points * 100 - hundredths(points)) > 1e-6) {
    return [{ path, code: 'PAR_POINTS_INVALID', params: { code: leaf.code, name: leaf.name } }];
  }
  if (hundredths(points) > hundredths(leaf.maxPoints)) {
    return [{ path, code: 'PAR_POINTS_ABOVE_MAX', params: { code: leaf.code, name: leaf.name, points, max: leaf.maxPoints } }];
  }
  return [];
}

export interface EntryState {
  selfPoints: number | null;
  appraisedPoints: number | null;
  evidence: number;
}

/**
 * What a submission needs: every self-assessed leaf (not a survey leaf) has points, and every leaf whose evidence
 * is required has at least one file (PAR_EVIDENCE_MISSING naming the criterion).
 */
export function submitProblems(nodes: readonly TreeNode[], entries: ReadonlyMap<string, EntryState>): Problem[] {
  const problems: Problem[] = [];
  for (const leaf of leaves(nodes)) {
    if (leaf.fromSurvey) continue;
    const e = entries.get(leaf.id);
    if (!e || e.selfPoints === null) problems.push({ path: `/entries/${leaf.code}/selfPoints`, code: 'PAR_POINTS_MISSING', params: { code: leaf.code, name: leaf.name } });
    if (leaf.evidenceRequired && (!e || e.evidence === 0)) problems.push({ path: `/entries/${leaf.code}/evidence`, code: 'PAR_EVIDENCE_MISSING', params: { code: leaf.code, name: leaf.name } });
  }
  return problems;
}

/**
 * The points a leaf counts with: the appraised points once appraised (or while the appraisal is under way, where
 * given), else the agency's own; a survey leaf only counts what the reviewing body entered.
 */
export function leafPoints(leaf: TreeNode, e: EntryState | undefined, status: AssessmentStatus): number {
  if (!e) return 0;
  if (leaf.fromSurvey) return e.appraisedPoints ?? 0;
  if (status === 'draft') return e.selfPoints ?? 0;
  return e.appraisedPoints ?? e.selfPoints ?? 0;
}

export interface FieldScore {
  id: string;
  code: string;
  name: string;
  nameEn: string | null;
  points: number;
  maxPoints: number;
  /** points / maxPoints as %, 2 decimals. */
  index: number | null;
}

export interface Score {
  points: number;
  maxPoints: number;
  /** total points / 100 as %, 2 decimals. */
  index: number | null;
  /** Of which from the survey. */
  surveyPoints: number;
  fields: FieldScore[];
  /** Points of every node (sums of the leaves below), by id. */
  nodePoints: Map<string, number>;
}

/** The index of an assessment: leaves summed up the tree (in hundredths), each field's index, the total's. */
export function score(nodes: readonly TreeNode[], entries: ReadonlyMap<string, EntryState>, status: AssessmentStatus): Score {
  const kids = childrenOf(nodes);
  const nodePoints = new Map<string, number>();
  let survey = 0;
  const sum = (n: TreeNode, depth: number): number => {
    const children = depth < 3 ? (kids.get(n.id) ?? []) : [];
    let h: number;
    if (children.length) h = children.reduce((s, c) => s + sum(c, depth + 1), 0);
    else {
      h = hundredths(leafPoints(n, entries.get(n.id), status));
      if (n.fromSurvey) survey += h;
    }
    nodePoints.set(n.id, fromHundredths(h));
    return h;
  };
  const fields = (kids.get(null) ?? []).map((f) => {
    const h = sum(f, 1);
    return { id: f.id, code: f.code, name: f.name, nameEn: f.nameEn, points: fromHundredths(h), maxPoints: f.maxPoints, index: percent(h, hundredths(f.maxPoints)) };
  });
  const totalH = fields.reduce((s, f) => s + hundredths(f.points), 0);
  const maxH = (kids.get(null) ?? []).reduce((s, f) => s + hundredths(f.maxPoints), 0);
  return { points: fromHundredths(totalH), maxPoints: fromHundredths(maxH), index: percent(totalH, hundredths(TREE_TOTAL)), surveyPoints: fromHundredths(survey), fields, nodePoints };
}

/** Ranked high to low by points; equal points share a rank (1, 1, 3); ties listed by name. */
export function rank<T>(items: readonly T[], pointsOf: (item: T) => number, nameOf: (item: T) => string): Array<{ rank: number; item: T }> {
  const sorted = [...items].sort((a, b) => hundredths(pointsOf(b)) - hundredths(pointsOf(a)) || nameOf(a).localeCompare(nameOf(b), 'vi'));
  const out: Array<{ rank: number; item: T }> = [];
  sorted.forEach((item, i) => {
    const previous = out[i - 1];
    const same = previous && hundredths(pointsOf(previous.item)) === hundredths(pointsOf(item));
    out.push({ rank: same ? previous.rank : i + 1, item });
  });
  return out;
}

/** A rate the product measured (numerator / denominator), or an index already in % (766, SIPAS). */
export interface Measured {
  /** 0..1 */
  rate: number;
  numerator?: number;
  denominator?: number;
  /** Where the figure comes from (e.g. "Báo cáo tình hình giải quyết TTHC 01/01/2025–31/12/2025"). */
  source: string;
  sampleSize?: number;
  marginOfError?: number;
}

export interface Proposal {
  autoSource: AutoSource;
  points: number;
  rate: number;
  /** "R × P = 95,95% × 2 = 1,92" */
  formula: string;
  source: string;
}

/** Proposed points for a leaf: the measured rate × the leaf's maximum (capped at it), 2 decimals. */
export function propose(leaf: TreeNode, measured: Measured, locale: 'vi' | 'en' = 'vi'): Proposal | null {
  if (!leaf.autoSource || !Number.isFinite(measured.rate) || measured.rate < 0) return null;
  const rate = Math.min(1, measured.rate);
  const points = fromHundredths(Math.min(hundredths(leaf.maxPoints), Math.round(rate * leaf.maxPoints * 100)));
  const ratio = measured.numerator !== undefined && measured.denominator !== undefined ? `${formatNumber(measured.numerator, locale)} / ${formatNumber(measured.denominator, locale)} = ` : '';
  const formula = `R × P = ${ratio}${formatPercent(rate * 100, locale)} × ${formatNumber(leaf.maxPoints, locale)} = ${formatNumber(points, locale)}`;
  return { autoSource: leaf.autoSource, points, rate, formula, source: measured.source };
}

/** 92.36 → "92,36%" (vi) / "92.36%" (en); always 2 decimals. null → "—". */
export function formatPercent(value: number | null, locale: 'vi' | 'en' = 'vi'): string {
  if (value === null || !Number.isFinite(value)) return '—';
  return `${new Intl.NumberFormat(locale === 'vi' ? 'vi-VN' : 'en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value)}%`;
}

/** Points: 11.5 → "11,50" (vi); always 2 decimals (as published). */
export function formatPoints(value: number | null, locale: 'vi' | 'en' = 'vi'): string {
  if (value === null || !Number.isFinite(value)) return '—';
  return new Intl.NumberFormat(locale === 'vi' ? 'vi-VN' : 'en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value);
}

/** A plain number: 2002 → "2.002", 0.5 → "0,5". */
export function formatNumber(value: number, locale: 'vi' | 'en' = 'vi'): string {
  return new Intl.NumberFormat(locale === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 2 }).format(value);
}

/** Which transitions the actor's side may make: the agency submits a draft, the reviewing body appraises. */
export function canEditSelf(status: AssessmentStatus): boolean {
  return status === 'draft';
}

export function canAppraise(status: AssessmentStatus): boolean {
  return status === 'submitted';
}
