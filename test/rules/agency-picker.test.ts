// The agency picker's filter rules (public/agency-picker.js, run here as the browser runs it) and its options
// (agencies.picker.ts): accent- and case-insensitive, every word typed must appear, codes match as typed.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { runInNewContext } from 'node:vm';
import { pickerOptions } from '../../src/modules/agencies/agencies.picker.ts';
import { foldVietnamese } from '../../src/core/text.ts';
import type { TreeEntry } from '../../src/modules/agencies/agencies.service.ts';

const source = readFileSync(new URL('../../public/agency-picker.js', import.meta.url), 'utf8');
const picker = runInNewContext(`${source}\n;AgencyPicker`, {}) as { fold(text: string): string; matches(query: string, text: string): boolean };

describe('the agency picker filter', () => {
  const cases: Array<[query: string, text: string, expected: boolean]> = [
    ['ha noi', 'Ủy ban nhân dân thành phố Hà Nội (000.00.00.H26)', true],
    ['HÀ NỘI', 'Ủy ban nhân dân thành phố Hà Nội (000.00.00.H26)', true],
    ['noi ha', 'Ủy ban nhân dân thành phố Hà Nội (000.00.00.H26)', true],
    ['da nang', '— Sở Văn hóa Đà Nẵng (000.20.00.H17)', true],
    ['đà nẵng', '— Sở Văn hóa Da Nang (000.20.00.H17)', true],
    ['tra vinh', '— — Xã Long Đức, Trà Vinh (H59.20.01.01)', true],
    ['000.00.12', 'Cục Bản quyền tác giả (000.00.12.G14)', true],
    ['g14', 'Cục Bản quyền tác giả (000.00.12.G14)', true],
    ['ban quyen tac gia', 'Cục Bản quyền tác giả (000.00.12.G14)', true],
    ['ha nam', 'Ủy ban nhân dân thành phố Hà Nội (000.00.00.H26)', false],
    ['hue', 'Ủy ban nhân dân thành phố Hà Nội (000.00.00.H26)', false],
    ['000.00.13', 'Cục Bản quyền tác giả (000.00.12.G14)', false],
    ['', 'Cục Bản quyền tác giả (000.00.12.G14)', true],
    ['   ', 'Cục Bản quyền tác giả (000.00.12.G14)', true],
  ];
  for (const [query, text, expected] of cases) {
    it(`"${query}" ${expected ? 'finds' : 'does not find'} "${text}"`, () => assert.equal(picker.matches(query, text), expected));
  }

  it('folds as the server folds Vietnamese (core/text.ts foldVietnamese)', () => {
    for (const text of ['Hà Nội', 'Đắk Lắk', 'Thừa Thiên Huế', 'Bà Rịa – Vũng Tàu', 'Sở VHTTDL 000.20.00.H59', 'Ủy ban  nhân   dân']) {
      assert.equal(picker.fold(text), foldVietnamese(text), text);
    }
  });
});

describe('the picker options', () => {
  const agency = (id: string, code: string, active = true, successor: string | null = null) =>
    ({ id, code, name: `Cơ quan ${code}`, active, successor_id: successor }) as unknown as TreeEntry['agency'];
  const entries: TreeEntry[] = [
    { agency: agency('1', 'A'), depth: 0, view: {} as TreeEntry['view'] },
    { agency: agency('2', 'A.B'), depth: 1, view: {} as TreeEntry['view'] },
    { agency: agency('3', 'A.OLD', false, '2'), depth: 1, view: {} as TreeEntry['view'] },
  ];

  it('leaves merged agencies out by default, in tree order, valued by code', () => {
    assert.deepEqual(pickerOptions(entries), [
      { value: 'A', code: 'A', name: 'Cơ quan A', depth: 0, merged: false },
      { value: 'A.B', code: 'A.B', name: 'Cơ quan A.B', depth: 1, merged: false },
    ]);
  });

  it('keeps them marked when asked, valued by id, and leaves out the agency itself', () => {
    assert.deepEqual(pickerOptions(entries, { merged: true, valueKey: 'id', exceptCode: 'A.B' }).map((o) => [o.value, o.merged]), [['1', false], ['3', true]]);
  });
});
