// PAR Index rules: the criteria tree's validation, points on a leaf, what a submission needs, the index
// arithmetic (hundredths, 2 decimals, Vietnamese format), the ranking with ties, the proposals.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  formatPercent,
  formatPoints,
  leaves,
  nextCode,
  parsePoints,
  pointsProblems,
  propose,
  rank,
  score,
  submitProblems,
  treeProblems,
  type EntryState,
  type TreeNode,
} from '../../src/modules/parindex/parindex.rules.ts';

let seq = 0;
function node(code: string, maxPoints: number, over: Partial<TreeNode> = {}): TreeNode {
  const parts = code.split('.');
  return {
    id: `n-${code}`,
    parentId: parts.length > 1 ? `n-${parts.slice(0, -1).join('.')}` : null,
    depth: parts.length,
    code,
    position: ++seq,
    name: `Tiêu chí ${code}`,
    nameEn: null,
    maxPoints,
    evidenceRequired: false,
    fromSurvey: false,
    autoSource: null,
    ...over,
  };
}

/** A small valid tree: field 1 (12) = 1.1 (3 = 1.1.1 1 + 1.1.2 2) + 1.2 (9); field 2 (88). */
function validTree(): TreeNode[] {
  return [node('1', 12), node('1.1', 3), node('1.1.1', 1, { evidenceRequired: true }), node('1.1.2', 2), node('1.2', 9), node('2', 88), node('2.1', 80.5), node('2.2', 7.5, { fromSurvey: true })];
}

describe('PAR Index: the criteria tree', () => {
  const cases: Array<{ name: string; tree: TreeNode[]; codes: string[]; names?: string[] }> = [
    { name: 'valid: children add up, total 100', tree: validTree(), codes: [] },
    {
      name: 'a criterion whose sub-criteria do not add up is named',
      tree: validTree().map((n) => (n.code === '1.1.2' ? { ...n, maxPoints: 2.5 } : n)),
      codes: ['PAR_TREE_SUM'],
      names: ['1.1'],
    },
    {
      name: 'a field whose criteria do not add up, and the total, are both named',
      tree: validTree().map((n) => (n.code === '1.2' ? { ...n, maxPoints: 8 } : n.code === '1' ? { ...n, maxPoints: 12 } : n)),
      codes: ['PAR_TREE_SUM'],
      names: ['1'],
    },
    { name: 'fields totalling 99.5', tree: validTree().map((n) => (n.code === '2' ? { ...n, maxPoints: 87.5 } : n.code === '2.1' ? { ...n, maxPoints: 80 } : n)), codes: ['PAR_TREE_TOTAL'] },
    { name: 'hundredths add up exactly (80.5 + 7.5 + 12 = 100, no float noise)', tree: validTree(), codes: [] },
    { name: 'no field', tree: [], codes: ['PAR_TREE_EMPTY'] },
    { name: 'a node at the wrong depth', tree: [...validTree(), { ...node('2.3', 0), depth: 3 }], codes: ['PAR_TREE_SHAPE'] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const problems = treeProblems(c.tree);
      assert.deepEqual(problems.map((p) => p.code), c.codes);
      if (c.names) assert.deepEqual(problems.map((p) => p.params?.code), c.names);
    });
  }

  it('numbers a new node after its siblings', () => {
    const tree = validTree();
    assert.equal(nextCode(tree, null), '3');
    assert.equal(nextCode(tree, tree.find((n) => n.code === '1')!), '1.3');
    assert.equal(nextCode(tree, tree.find((n) => n.code === '1.1')!), '1.1.3');
  });

  it('lists the leaves in tree order', () => {
    assert.deepEqual(leaves(validTree()).map((n) => n.code), ['1.1.1', '1.1.2', '1.2', '2.1', '2.2']);
  });
});

describe('PAR Index: points on a leaf', () => {
  const leaf = node('1.2', 2);
  const cases: Array<{ points: number | null; code: string | null }> = [
    { points: null, code: null },
    { points: 0, code: null },
    { points: 2, code: null },
    { points: 1.75, code: null },
    { points: 2.01, code: 'PAR_POINTS_ABOVE_MAX' },
    { points: 3, code: 'PAR_POINTS_ABOVE_MAX' },
    { points: -1, code: 'PAR_POINTS_INVALID' },
    { points: 1.234, code: 'PAR_POINTS_INVALID' },
    { points: NaN, code: 'PAR_POINTS_INVALID' },
  ];
  for (const c of cases) {
    it(`${c.points} of 2 → ${c.code ?? 'accepted'}`, () => {
      const problems = pointsProblems(leaf, c.points, '/items/0/points');
      assert.equal(problems[0]?.code ?? null, c.code);
      if (c.code) assert.equal(problems[0]!.params?.code, '1.2');
    });
  }

  const parse: Array<[string, number | null]> = [['11,5', 11.5], ['11.50', 11.5], ['', null], ['  2 ', 2], ['1,234', NaN], ['abc', NaN], ['-1', NaN]];
  for (const [text, expected] of parse) it(`parses "${text}"`, () => assert.deepEqual(parsePoints(text), expected));
});

describe('PAR Index: submission', () => {
  const tree = validTree();
  const entries = (over: Record<string, Partial<EntryState>>) => new Map(Object.entries(over).map(([code, e]) => [`n-${code}`, { selfPoints: null, appraisedPoints: null, evidence: 0, ...e }]));
  it('names a leaf whose required evidence is missing, and a leaf without points', () => {
    const problems = submitProblems(tree, entries({ '1.1.1': { selfPoints: 1 }, '1.1.2': { selfPoints: 2 }, '2.1': { selfPoints: 80 } }));
    assert.deepEqual(problems.map((p) => `${p.code} ${p.params?.code}`), ['PAR_EVIDENCE_MISSING 1.1.1', 'PAR_POINTS_MISSING 1.2']);
  });
  it('accepts a complete self-assessment (survey leaves are not self-assessed)', () => {
    assert.deepEqual(submitProblems(tree, entries({ '1.1.1': { selfPoints: 1, evidence: 1 }, '1.1.2': { selfPoints: 2 }, '1.2': { selfPoints: 9 }, '2.1': { selfPoints: 80 } })), []);
  });
});

describe('PAR Index: the index', () => {
  const tree = validTree();
  const e = (self: number | null, appraised: number | null = null): EntryState => ({ selfPoints: self, appraisedPoints: appraised, evidence: 1 });
  it('field 11.50 / 12 = 95,83%; index = points / 100', () => {
    const entries = new Map([
      ['n-1.1.1', e(1)],
      ['n-1.1.2', e(2, 1.5)],
      ['n-1.2', e(9)],
      ['n-2.1', e(70.25)],
      ['n-2.2', e(null, 6.11)],
    ]);
    const s = score(tree, entries, 'appraised');
    assert.equal(s.fields[0]!.points, 11.5);
    assert.equal(s.fields[0]!.index, 95.83);
    assert.equal(formatPercent(s.fields[0]!.index), '95,83%');
    assert.equal(formatPoints(s.fields[0]!.points), '11,50');
    assert.equal(s.points, 87.86);
    assert.equal(s.index, 87.86);
    assert.equal(s.surveyPoints, 6.11);
    assert.equal(s.nodePoints.get('n-1.1'), 2.5);
  });
  it('a draft counts the agency’s points, survey points only from the reviewing body', () => {
    const entries = new Map([['n-1.1.2', e(2, 1.5)], ['n-2.2', e(7, null)]]);
    assert.equal(score(tree, entries, 'draft').points, 2);
    assert.equal(score(tree, entries, 'submitted').points, 1.5);
  });
  it('hundredths: 0.1 + 0.2 is 0.30 exactly', () => {
    const t = [node('1', 100), node('1.1', 50), node('1.2', 50)];
    const s = score(t, new Map([['n-1.1', e(0.1)], ['n-1.2', e(0.2)]]), 'draft');
    assert.equal(s.points, 0.3);
    assert.equal(formatPercent(s.index), '0,30%');
    assert.equal(formatPercent(92.36, 'en'), '92.36%');
  });
});

describe('PAR Index: ranking', () => {
  const cases: Array<{ name: string; points: number[]; ranks: number[] }> = [
    { name: 'high to low', points: [86.13, 92.36, 80], ranks: [1, 2, 3] },
    { name: 'ties share a rank, the next skips', points: [90, 90, 85.5], ranks: [1, 1, 3] },
    { name: 'ties at the hundredth only', points: [90.001, 90, 89.99], ranks: [1, 1, 3] },
    { name: 'nobody', points: [], ranks: [] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const ranked = rank(c.points.map((p, i) => ({ p, name: `Cơ quan ${i}` })), (x) => x.p, (x) => x.name);
      assert.deepEqual(ranked.map((r) => r.rank), c.ranks);
      if (c.name === 'high to low') assert.deepEqual(ranked.map((r) => r.item.p), [92.36, 86.13, 80]);
    });
  }
});

describe('PAR Index: proposals', () => {
  it('rate × maximum, with its formula and source', () => {
    const leaf = node('3.2.1', 2, { autoSource: 'on_time_rate' });
    const p = propose(leaf, { rate: 1921 / 2002, numerator: 1921, denominator: 2002, source: 'Báo cáo 2017' })!;
    assert.equal(p.points, 1.92);
    assert.equal(p.formula, 'R × P = 1.921 / 2.002 = 95,95% × 2 = 1,92');
    assert.equal(p.source, 'Báo cáo 2017');
  });
  it('capped at the maximum; nothing without a data source', () => {
    assert.equal(propose(node('7.3.1', 4, { autoSource: 'online_services' }), { rate: 1.2, source: 's' })!.points, 4);
    assert.equal(propose(node('7.3.2', 4), { rate: 0.5, source: 's' }), null);
  });
});
