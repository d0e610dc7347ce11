// Agency history in reports (issue 16): what an agency is "now" made of — its subtree and every agency merged
// into it, recursively (a merged agency belongs to its successor, not its old parent) — and which agency answers
// for a merged agency's code, with the note shown (vi / en).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { effectiveParent, finalSuccessor, nowPartOf, redirectNoteText, type HistoryNode } from '../../src/modules/agencies/agencies.rules.ts';
import { registerMessages, translator } from '../../src/core/i18n.ts';
import { agenciesMessages } from '../../src/modules/agencies/agencies.messages.ts';

registerMessages(agenciesMessages);

const node = (id: string, parent: string | null, successor: string | null = null): HistoryNode => ({ id, parent_id: parent, successor_id: successor });

// The province P with districts D1, D2 (D2 merged into D1), D2's communes moved to D1 at the merger except X2
// (bad data left below D2), D3 merged into D2 before D2 itself was merged (a chain), and the commune C9 of D1
// merged into another province's district Q1.
const tree: HistoryNode[] = [
  node('P', null),
  node('D1', 'P'),
  node('D2', 'P', 'D1'),
  node('D3', 'P', 'D2'),
  node('X1', 'D1'),
  node('X2', 'D2'),
  node('C9', 'D1', 'Q1'),
  node('Q', null),
  node('Q1', 'Q'),
];

describe('the agencies now part of an agency', () => {
  const cases: Array<[string, string[], string[]]> = [
    ['a successor: itself, the merged agencies (a chain too) and what lies below them', ['D1'], ['D1', 'D2', 'D3', 'X1', 'X2']],
    ['the province: everything still in it, not the commune merged into another province', ['P'], ['D1', 'D2', 'D3', 'P', 'X1', 'X2']],
    ['the other province gains the merged commune', ['Q'], ['C9', 'Q', 'Q1']],
    ['a merged agency itself: only what was merged into it and lies below it', ['D2'], ['D2', 'D3', 'X2']],
    ['an agency with nothing merged: its subtree', ['X1'], ['X1']],
    ['two roots at once, no duplicates', ['D1', 'Q1'], ['C9', 'D1', 'D2', 'D3', 'Q1', 'X1', 'X2']],
    ['an unknown id: itself only', ['Z'], ['Z']],
  ];
  for (const [name, roots, expected] of cases) {
    it(name, () => assert.deepEqual([...nowPartOf(tree, roots)].sort(), expected));
  }

  it('ends on loops in bad data', () => {
    const loop = [node('A', null, 'B'), node('B', null, 'A'), node('C', 'A')];
    assert.deepEqual([...nowPartOf(loop, ['A'])].sort(), ['A', 'B', 'C']);
  });

  it('the effective parent is the successor once merged', () => {
    assert.equal(effectiveParent(node('D2', 'P', 'D1')), 'D1');
    assert.equal(effectiveParent(node('D1', 'P')), 'P');
    assert.equal(effectiveParent(node('P', null)), null);
  });
});

describe('the agency that answers for a code', () => {
  const successorOf = new Map<string, string | null>([
    ['D1', null],
    ['D2', 'D1'],
    ['D3', 'D2'],
    ['L1', 'L2'],
    ['L2', 'L1'],
  ]);
  const cases: Array<[string, string, string | null]> = [
    ['not merged: itself', 'D1', 'D1'],
    ['merged: its successor', 'D2', 'D1'],
    ['merged into a merged agency: the last of the chain', 'D3', 'D1'],
    ['a loop: none', 'L1', null],
  ];
  for (const [name, id, expected] of cases) it(name, () => assert.equal(finalSuccessor(successorOf, id), expected));
});

describe('the note of a page reached with an old code', () => {
  const merged = { code: 'H59.D2', name: 'UBND huyện Cũ', reason: 'merged' as const, since: '2025-07-01', successorCode: 'H59.D1', successorName: 'UBND xã Mới' };
  it('names both agencies and the date, in Vietnamese and in English', () => {
    const vi = redirectNoteText(translator('vi'), merged);
    assert.match(vi, /^Cơ quan UBND huyện Cũ \(H59\.D2\) đã hợp nhất vào UBND xã Mới từ 01\/07\/2025\./);
    const en = redirectNoteText(translator('en'), merged);
    assert.match(en, /UBND huyện Cũ \(H59\.D2\) has been merged into UBND xã Mới since 01\/07\/2025\./);
  });
  it('without a date, and for a former code', () => {
    assert.doesNotMatch(redirectNoteText(translator('vi'), { ...merged, since: null }), /từ/);
    assert.match(redirectNoteText(translator('vi'), { ...merged, reason: 'code_changed' }), /^Mã H59\.D2 nay là mã H59\.D1 của UBND xã Mới \(đổi từ 01\/07\/2025\)\.$/);
  });
});

describe('the 766 roll-up after mergers', () => {
  it('counts a merged agency with its successor, not its old parent, and each dossier once', async () => {
    const { rollUp } = await import('../../src/modules/scorecards/scorecards.service.ts');
    const row = (id: string, parent: string | null, successor: string | null = null) => ({ id, code: id, name: id, short_name: null, level: 'district', parent_id: parent, successor_id: successor, active: successor === null });
    // P1 ⊃ A (merged into S of another province P2), S ⊂ P2, C below A (not moved: bad data).
    const agencies = [row('P1', null), row('A', 'P1', 'S'), row('C', 'A'), row('P2', null), row('S', 'P2')];
    const own = new Map([['A', { received: 3 }], ['C', { received: 1 }], ['S', { received: 2 }], ['P1', { received: 5 }]]);
    const rolled = rollUp(agencies, own);
    const received = (id: string) => rolled.get(id)!.received;
    assert.deepEqual(['P1', 'A', 'C', 'P2', 'S'].map(received), [5, 4, 1, 6, 6]);
  });
});
