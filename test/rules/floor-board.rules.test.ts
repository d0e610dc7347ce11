// The live board's and the scan's pure rules (issue 20): names masked for a public screen, the day's statistics,
// what a scanner read → the dossier code, the identity check at the pickup counter.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { boardStats, buildSnapshot, maskName } from '../../src/modules/floor/floor.board.rules.ts';
import { checkIdentity, dossierCodeOfScan, maskIdNumber, normaliseIdNumber } from '../../src/modules/floor/floor.scan.rules.ts';

describe('maskName', () => {
  const cases: Array<[string | null, string]> = [
    ['Nguyễn Văn An', 'Nguyễn V** A**'],
    ['  Trần   Thị  Bích Ngọc ', 'Trần T** B** N**'],
    ['An', 'A**'],
    ['Ðặng Ánh', 'Ðặng Á**'],
    // Decomposed input (combining marks): the letter with its marks, composed.
    ['Lê \u0110o\u0323\u0302ng', 'Lê Đ**'],
    ['Công ty TNHH Ánh Dương', 'Công t** T** Á** D**'],
    ['', ''],
    [null, ''],
    ['Nguyễn\tVăn\nAn', 'Nguyễn V** A**'],
  ];
  for (const [input, expected] of cases) it(`${JSON.stringify(input)} → ${JSON.stringify(expected)}`, () => assert.equal(maskName(input), expected));
  it('never shows more than the family name whole', () => {
    for (const name of ['Phạm Minh Chính', 'Hồ Thị Kim Thoa']) {
      const masked = maskName(name);
      for (const word of name.split(' ').slice(1)) assert.ok(!masked.includes(word), `${word} in ${masked}`);
    }
  });
});

describe('boardStats', () => {
  const cases: Array<[string, Parameters<typeof boardStats>[0], ReturnType<typeof boardStats>]> = [
    ['no ticket', { byStatus: {}, waitSumMs: 0, waitCount: 0 }, { issued: 0, served: 0, waiting: 0, averageWaitMinutes: null }],
    [
      'a day under way (cancelled not counted as issued)',
      { byStatus: { waiting: 4, called: 1, serving: 1, done: 10, skipped: 2, cancelled: 3 }, waitSumMs: 14 * 7 * 60_000, waitCount: 14 },
      { issued: 18, served: 10, waiting: 4, averageWaitMinutes: 7 },
    ],
    ['the average rounded', { byStatus: { done: 2 }, waitSumMs: 5 * 60_000, waitCount: 2 }, { issued: 2, served: 2, waiting: 0, averageWaitMinutes: 3 }],
  ];
  for (const [name, input, expected] of cases) it(name, () => assert.deepEqual(boardStats(input), expected));
});

describe('buildSnapshot', () => {
  it('bounds the calls and the results shown and masks the names', () => {
    const calls = Array.from({ length: 20 }, (_, i) => ({ ticket_id: `t${i}`, ticket: `A${String(i + 1).padStart(3, '0')}`, calls: 1, counter_number: 2, counter_label: '', called_at: new Date(Date.UTC(2026, 0, 1, 2, i)) }));
    const ready = Array.from({ length: 50 }, (_, i) => ({ code: `X-${i}`, applicant_name: 'Nguyễn Văn An' }));
    const s = buildSnapshot({ code: 'G', name: 'Cơ quan' }, '2026-01-01', calls, ready, { byStatus: {}, waitSumMs: 0, waitCount: 0 });
    assert.equal(s.calls.length, 8);
    assert.equal(s.ready.length, 24);
    assert.equal(s.ready[0]!.name, 'Nguyễn V** A**');
    assert.equal(s.calls[0]!.key, 't0:1');
  });
});

describe('dossierCodeOfScan', () => {
  const code = '000.00.12.G14-261205-0001';
  const cases: Array<[string, string | null]> = [
    [code, code],
    [code.toLowerCase(), code],
    [`  ${code}\r\n`, code],
    [`]C0${code}`, code],
    [`]Q1${code}`, code],
    [`\u001d${code}\u0004`, code],
    [`https://dichvucong.example.vn/tra-cuu?ma=${code}`, code],
    [`https://dichvucong.example.vn/tra-cuu?code=${encodeURIComponent(code)}`, code],
    ['https://example.vn/khong-co-ma', null],
    ['http://[bad', null],
    ['', null],
    ['abc', null],
    ['<script>alert(1)</script>', null],
    ['x'.repeat(400), null],
    ['Nguyễn Văn An', null],
  ];
  for (const [input, expected] of cases) it(`${JSON.stringify(input.slice(0, 60))} → ${expected}`, () => assert.equal(dossierCodeOfScan(input), expected));
});

describe('checkIdentity', () => {
  const cases: Array<[string, { idNumber: string; checked: boolean }, string | null, ReturnType<typeof checkIdentity>]> = [
    ['the same number', { idNumber: '079190001234', checked: false }, '079190001234', { ok: true, how: 'compared', idNumber: '079190001234' }],
    ['typed with spaces and dots', { idNumber: '079 190.001 234', checked: false }, '079190001234', { ok: true, how: 'compared', idNumber: '079190001234' }],
    ['another number', { idNumber: '079190009999', checked: true }, '079190001234', { ok: false, path: '/idNumber', code: 'FLOOR_PICKUP_IDENTITY_MISMATCH' }],
    ['nothing typed', { idNumber: '  ', checked: true }, '079190001234', { ok: false, path: '/idNumber', code: 'required' }],
    ['too short', { idNumber: '123', checked: true }, null, { ok: false, path: '/idNumber', code: 'FLOOR_PICKUP_ID_FORMAT' }],
    ['no number to compare, not ticked', { idNumber: 'B1234567', checked: false }, null, { ok: false, path: '/identityChecked', code: 'FLOOR_PICKUP_IDENTITY_NOT_CHECKED' }],
    ['no number to compare, ticked (a passport)', { idNumber: 'b1234567', checked: true }, null, { ok: true, how: 'recorded', idNumber: 'B1234567' }],
  ];
  for (const [name, input, expected, answer] of cases) it(name, () => assert.deepEqual(checkIdentity(input, expected), answer));
  it('masks all but the last four characters', () => {
    assert.equal(maskIdNumber('079190001234'), '••••1234');
    assert.equal(maskIdNumber('12'), '••••');
    assert.equal(normaliseIdNumber(' 079-190 '), '079190');
  });
});
