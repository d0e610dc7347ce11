import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  agencyFieldErrors,
  buildForest,
  createsCycle,
  departmentFieldErrors,
  isAgencyCode,
  isAgencyLevel,
  mergeProblems,
  normaliseAgencyCode,
  treeOrder,
} from '../../src/modules/agencies/agencies.rules.ts';

describe('agency e-ID codes (same rule as the DB CHECK)', () => {
  const cases: Array<[string, boolean]> = [
    ['000.00.00.G14', true],
    ['000.20.00.H59', true],
    ['H59.20.01.01', true],
    ['H59', true],
    ['G1', true],
    ['A', false], // too short: 2 characters at least
    ['', false],
    ['.000.00', false], // must start with a letter or digit
    ['000 00.G14', false], // space inside
    [' 000.00.00.G14', false], // leading space (normalise trims it first)
    ['000.00.00.g14', false], // lower case (normalise upper-cases it first)
    ['000-00-00-G14', false], // hyphens
    ['000.00.00.G14/1', false],
    ['Đ00.00', false],
    ['A'.repeat(40), true],
    ['A'.repeat(41), false],
    ['000..00', true], // the DB allows repeated dots; so do we
  ];
  for (const [code, valid] of cases) {
    it(`${JSON.stringify(code)} → ${valid ? 'valid' : 'invalid'}`, () => assert.equal(isAgencyCode(code), valid));
  }
  it('normalises the ends and the case, not the inside', () => {
    assert.equal(normaliseAgencyCode('  000.00.00.g14 '), '000.00.00.G14');
    assert.equal(isAgencyCode(normaliseAgencyCode(' h59.20 ')), true);
    assert.equal(isAgencyCode(normaliseAgencyCode('h59 20')), false);
  });
});

describe('agency levels', () => {
  for (const level of ['ministry', 'department', 'province', 'provincial_department', 'district', 'commune']) {
    it(`${level} is a level`, () => assert.equal(isAgencyLevel(level), true));
  }
  for (const level of ['', 'Ministry', 'ward', 'bureau', 'commune ', 'district,commune']) {
    it(`${JSON.stringify(level)} is not a level`, () => assert.equal(isAgencyLevel(level), false));
  }
});

describe('agencyFieldErrors', () => {
  const codes = (errors: Array<{ path: string; code: string }>) => errors.map((e) => `${e.path}:${e.code}`).sort();
  it('reports every problem at once', () => {
    assert.deepEqual(codes(agencyFieldErrors({ code: 'AB CD', name: '', level: 'ward' })), ['/code:AGENCY_CODE_INVALID', '/level:AGENCY_LEVEL_INVALID', '/name:required']);
  });
  it('requires code, name and level on creation', () => {
    assert.deepEqual(codes(agencyFieldErrors({})), ['/code:required', '/level:required', '/name:required']);
  });
  it('accepts a valid agency', () => {
    assert.deepEqual(agencyFieldErrors({ code: 'H59.20', name: 'Sở', level: 'provincial_department', shortName: null }), []);
  });
  it('limits the name to 300 characters and the short name to 100', () => {
    assert.deepEqual(codes(agencyFieldErrors({ code: 'H59', name: 'x'.repeat(301), level: 'province', shortName: 'y'.repeat(101) })), [
      '/name:AGENCY_NAME_TOO_LONG',
      '/shortName:AGENCY_NAME_TOO_LONG',
    ]);
    assert.deepEqual(agencyFieldErrors({ code: 'H59', name: 'x'.repeat(300), level: 'province' }), []);
  });
  it('with partial, checks only what is given', () => {
    assert.deepEqual(agencyFieldErrors({ name: 'Tên mới' }, { partial: true }), []);
    assert.deepEqual(codes(agencyFieldErrors({ code: 'a b' }, { partial: true })), ['/code:AGENCY_CODE_INVALID']);
    assert.deepEqual(codes(agencyFieldErrors({ name: '   ' }, { partial: true })), ['/name:required']);
    assert.deepEqual(codes(agencyFieldErrors({ level: 'village' }, { partial: true })), ['/level:AGENCY_LEVEL_INVALID']);
  });
});

describe('departmentFieldErrors', () => {
  const cases: Array<[{ code?: string; name?: string }, string[]]> = [
    [{ code: 'MC', name: 'Bộ phận Một cửa' }, []],
    [{ code: 'QL-VH_2', name: 'Phòng' }, []],
    [{ code: '', name: '' }, ['/code:required', '/name:required']],
    [{ code: 'M C', name: 'x' }, ['/code:DEPARTMENT_CODE_INVALID']],
    [{ code: 'X'.repeat(21), name: 'x' }, ['/code:DEPARTMENT_CODE_INVALID']],
  ];
  for (const [input, expected] of cases) {
    it(`${JSON.stringify(input)} → ${expected.join(', ') || 'ok'}`, () =>
      assert.deepEqual(departmentFieldErrors(input).map((e) => `${e.path}:${e.code}`), expected));
  }
});

describe('createsCycle', () => {
  // ministry ← bureau ← unit;  province ← sở
  const parentOf = new Map<string, string | null>([
    ['ministry', null],
    ['bureau', 'ministry'],
    ['unit', 'bureau'],
    ['province', null],
    ['so', 'province'],
  ]);
  const cases: Array<[string, string | null, boolean]> = [
    ['bureau', 'bureau', true], // itself
    ['ministry', 'bureau', true], // a child
    ['ministry', 'unit', true], // a grandchild
    ['bureau', 'unit', true],
    ['unit', 'ministry', false], // moving up
    ['bureau', 'province', false], // another tree
    ['so', 'unit', false],
    ['ministry', null, false], // to the top
    ['unknown', 'ministry', false],
  ];
  for (const [agency, parent, expected] of cases) {
    it(`${agency} under ${parent ?? 'nothing'} → ${expected ? 'cycle' : 'fine'}`, () => assert.equal(createsCycle(agency, parent, parentOf), expected));
  }
  it('stops on a loop already in the data', () => {
    const broken = new Map<string, string | null>([
      ['a', 'b'],
      ['b', 'a'],
      ['c', null],
    ]);
    assert.equal(createsCycle('c', 'a', broken), true);
  });
});

describe('mergeProblems', () => {
  const parentOf = new Map<string, string | null>([
    ['tt', null],
    ['tt-bureau', 'tt'],
    ['kh', null],
  ]);
  const base = { agencyId: 'tt', agencyActive: true, successorId: 'kh', successorActive: true };
  it('accepts a merge into an active agency elsewhere', () => assert.deepEqual(mergeProblems(base, parentOf), []));
  it('refuses an inactive agency', () => assert.equal(mergeProblems({ ...base, agencyActive: false }, parentOf)[0]?.code, 'AGENCY_INACTIVE'));
  it('refuses itself', () => assert.equal(mergeProblems({ ...base, successorId: 'tt' }, parentOf)[0]?.code, 'AGENCY_MERGE_SELF'));
  it('refuses an inactive successor', () => assert.equal(mergeProblems({ ...base, successorActive: false }, parentOf)[0]?.code, 'AGENCY_SUCCESSOR_INACTIVE'));
  it('refuses a successor below the merged agency', () =>
    assert.equal(mergeProblems({ ...base, successorId: 'tt-bureau' }, parentOf)[0]?.code, 'AGENCY_MERGE_INTO_SUBTREE'));
  it('accepts merging a bureau into its own parent', () =>
    assert.deepEqual(mergeProblems({ ...base, agencyId: 'tt-bureau', successorId: 'tt' }, parentOf), []));
});

describe('tree order', () => {
  const rows = [
    { id: '3', parent_id: '1', code: 'B.2' },
    { id: '1', parent_id: null, code: 'B' },
    { id: '2', parent_id: '1', code: 'B.1' },
    { id: '4', parent_id: '2', code: 'B.1.1' },
    { id: '5', parent_id: null, code: 'A' },
    { id: '6', parent_id: 'missing', code: 'C' }, // parent outside the list: shown as a root
  ];
  it('lists parents before children, siblings by code, with depth', () => {
    assert.deepEqual(
      treeOrder(rows).map((e) => `${e.depth}:${e.item.code}`),
      ['0:A', '0:B', '1:B.1', '2:B.1.1', '1:B.2', '0:C'],
    );
  });
  it('nests children', () => {
    const forest = buildForest(rows);
    assert.deepEqual(forest.map((n) => n.item.code), ['A', 'B', 'C']);
    assert.deepEqual(forest[1]!.children.map((n) => n.item.code), ['B.1', 'B.2']);
    assert.deepEqual(forest[1]!.children[0]!.children.map((n) => n.item.code), ['B.1.1']);
  });
  it('survives a loop in the data without spinning', () => {
    const loop = [
      { id: 'x', parent_id: 'y', code: 'X' },
      { id: 'y', parent_id: 'x', code: 'Y' },
    ];
    assert.ok(treeOrder(loop).length <= 2);
  });
});
