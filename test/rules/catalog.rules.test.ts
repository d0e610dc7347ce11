import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  buildSearchText,
  escapeLike,
  escapeRegex,
  isOnlineCapable,
  lifecycleViolation,
  normaliseQuery,
  planPublish,
  retireDate,
  sameContent,
  sanitiseFileName,
  splitLines,
  templateTypeVerdict,
  typoVariants,
  type LifecycleAction,
} from '../../src/modules/catalog/catalog.rules.ts';
import type { ProcedureExchange } from '../../src/modules/catalog/catalog.exchange.ts';
import type { VersionStatus } from '../../src/db/schema.ts';

describe('catalog life cycle', () => {
  const table: Array<[LifecycleAction, VersionStatus | null, boolean, string | null]> = [
    ['edit', 'draft', false, null],
    ['edit', 'published', false, 'VERSION_NOT_DRAFT'],
    ['edit', 'retired', false, 'VERSION_NOT_DRAFT'],
    ['publish', 'draft', false, null],
    ['publish', 'published', false, 'VERSION_NOT_DRAFT'],
    ['publish', 'retired', false, 'VERSION_NOT_DRAFT'],
    ['retire', 'published', false, null],
    ['retire', 'draft', false, 'VERSION_NOT_PUBLISHED'],
    ['retire', 'retired', false, 'VERSION_NOT_PUBLISHED'],
    ['newVersion', 'published', false, null],
    ['newVersion', 'retired', false, null],
    ['newVersion', 'draft', true, 'DRAFT_EXISTS'],
    ['newVersion', 'published', true, 'DRAFT_EXISTS'],
  ];
  for (const [action, status, hasDraft, expected] of table) {
    it(`${action} on ${status}${hasDraft ? ' (draft exists)' : ''} → ${expected ?? 'allowed'}`, () => {
      assert.equal(lifecycleViolation(action, { status, hasDraft }), expected);
    });
  }

  it('publishing retires the previous version the day before', () => {
    assert.deepEqual(planPublish({ effectiveFrom: '2026-03-01', today: '2026-01-10', previous: { effectiveFrom: '2025-01-01' } }), {
      effectiveFrom: '2026-03-01',
      previousEffectiveTo: '2026-02-28',
    });
    assert.deepEqual(planPublish({ today: '2024-03-01', previous: { effectiveFrom: '2020-01-01' } }), { effectiveFrom: '2024-03-01', previousEffectiveTo: '2024-02-29' });
    assert.deepEqual(planPublish({ effectiveFrom: null, today: '2026-01-01', previous: null }), { effectiveFrom: '2026-01-01', previousEffectiveTo: null });
  });

  it('replaces a version on the day it took effect: the previous one ends that same day', () => {
    assert.deepEqual(planPublish({ today: '2026-01-10', previous: { effectiveFrom: '2026-01-10' } }), { effectiveFrom: '2026-01-10', previousEffectiveTo: '2026-01-10' });
  });

  it('refuses an effective date before the current one, or not a date', () => {
    assert.deepEqual(planPublish({ effectiveFrom: '2024-12-31', today: '2026-01-10', previous: { effectiveFrom: '2025-01-01' } }), { error: 'EFFECTIVE_DATE_BEFORE_CURRENT' });
    assert.deepEqual(planPublish({ effectiveFrom: '2026-02-30', today: '2026-01-10', previous: null }), { error: 'EFFECTIVE_DATE_INVALID' });
    assert.deepEqual(planPublish({ effectiveFrom: '1/2/2026', today: '2026-01-10', previous: null }), { error: 'EFFECTIVE_DATE_INVALID' });
  });

  it('retires on its own today, never before the start', () => {
    assert.equal(retireDate('2026-05-05', '2026-01-01'), '2026-05-05');
    assert.equal(retireDate('2026-05-05', '2026-06-01'), '2026-06-01');
    assert.equal(retireDate('2026-05-05', null), '2026-05-05');
  });

  it('offers online submission for levels 3–4 and classes full/partial', () => {
    assert.equal(isOnlineCapable(1, 'none'), false);
    assert.equal(isOnlineCapable(2, 'none'), false);
    assert.equal(isOnlineCapable(3, 'none'), true);
    assert.equal(isOnlineCapable(4, 'none'), true);
    assert.equal(isOnlineCapable(2, 'partial'), true);
    assert.equal(isOnlineCapable(1, 'full'), true);
  });
});

describe('catalog search text and queries', () => {
  it('folds name, code and field into accent-free lower case', () => {
    assert.equal(buildSearchText('Cấp Giấy chứng nhận đăng ký quyền tác giả', '1.001234', 'Bản quyền tác giả'), 'cap giay chung nhan dang ky quyen tac gia 1.001234 ban quyen tac gia');
    assert.equal(buildSearchText('ĐĂNG KÝ  Lễ hội\n(cấp xã)', '2.000200', 'Văn hóa cơ sở'), 'dang ky le hoi cap xa 2.000200 van hoa co so');
  });

  const queries: Array<[string | undefined, { folded: string; words: string[]; code: string | null }]> = [
    ['Đăng ký quyền tác giả', { folded: 'dang ky quyen tac gia', words: ['dang', 'ky', 'quyen', 'tac', 'gia'], code: null }],
    ['  dang   KY  ', { folded: 'dang ky', words: ['dang', 'ky'], code: null }],
    ['1.001234', { folded: '1.001234', words: ['1.001234'], code: '1.001234' }],
    [' 1.001234 ', { folded: '1.001234', words: ['1.001234'], code: '1.001234' }],
    ['1.00123', { folded: '1.00123', words: ['1.00123'], code: null }],
    ['%_\\', { folded: '', words: [], code: null }],
    ["'; DROP TABLE x; --", { folded: 'drop table x', words: ['drop', 'table', 'x'], code: null }],
    ['<script>alert(1)</script>', { folded: 'script alert 1 script', words: ['script', 'alert', '1'], code: null }],
    ['. .. ...', { folded: '', words: [], code: null }],
    [undefined, { folded: '', words: [], code: null }],
    ['', { folded: '', words: [], code: null }],
  ];
  for (const [input, expected] of queries) {
    it(`normalises ${JSON.stringify(input)}`, () => {
      const { localCode: _localCode, ...rest } = normaliseQuery(input);
      assert.deepEqual(rest, expected);
    });
  }

  it('keeps at most 12 distinct words', () => {
    const q = normaliseQuery(Array.from({ length: 30 }, (_, i) => `w${i}`).join(' '));
    assert.equal(q.words.length, 12);
  });

  it('escapes LIKE metacharacters', () => {
    assert.equal(escapeLike('100%_a\\b'), '100\\%\\_a\\\\b');
    assert.equal(escapeLike('dang ky'), 'dang ky');
  });
});

describe('file names and Excel cells', () => {
  const names: Array<[string | null, string]> = [
    ['mau-01.docx', 'mau-01.docx'],
    ['../../etc/passwd', 'passwd'],
    ['C:\\Users\\a\\Tờ khai mẫu.pdf', 'Tờ khai mẫu.pdf'],
    ['bad\u0000name\u001f.pdf', 'badname.pdf'],
    ['ev\u202eil.pdf', 'evil.pdf'],
    ['   ', 'tep'],
    [null, 'tep'],
    ['...hidden', 'hidden'],
    ['a<b>:c?.pdf', 'a_b__c_.pdf'],
  ];
  for (const [input, expected] of names) {
    it(`sanitises ${JSON.stringify(input)}`, () => assert.equal(sanitiseFileName(input), expected));
  }
  it('limits names to 200 characters and keeps the extension', () => {
    const long = `${'ă'.repeat(300)}.docx`;
    const safe = sanitiseFileName(long);
    assert.equal([...safe].length, 200);
    assert.ok(safe.endsWith('.docx'));
  });

  it('splits one item per line, dropping empty lines', () => {
    assert.deepEqual(splitLines('a\r\n\n  b \nc'), ['a', 'b', 'c']);
    assert.deepEqual(splitLines(''), []);
  });
});

describe('template types by content', () => {
  const cases: Array<[string, string | null, string]> = [
    ['a.pdf', 'pdf', 'ok'],
    ['A.PDF', 'pdf', 'ok'],
    ['a.pdf', 'png', 'TEMPLATE_TYPE_MISMATCH'],
    ['a.pdf', null, 'TEMPLATE_TYPE_MISMATCH'],
    ['a.doc', 'ole', 'ok'],
    ['a.xls', 'ole', 'ok'],
    ['a.doc', 'pdf', 'TEMPLATE_TYPE_MISMATCH'],
    ['a.xls', null, 'TEMPLATE_TYPE_MISMATCH'],
    ['a.docx', 'docx', 'ok'],
    ['a.docx', 'ole', 'TEMPLATE_TYPE_MISMATCH'],
    ['a.xlsx', 'docx', 'TEMPLATE_TYPE_MISMATCH'],
    ['a.odt', 'odt', 'ok'],
    ['a.exe', null, 'TEMPLATE_TYPE_NOT_ALLOWED'],
    ['noext', 'pdf', 'TEMPLATE_TYPE_NOT_ALLOWED'],
  ];
  for (const [name, detected, expected] of cases) {
    it(`${name} detected as ${detected} → ${expected}`, () => {
      const verdict = templateTypeVerdict(name, detected);
      assert.equal('error' in verdict ? verdict.error : 'ok', expected);
    });
  }
});

describe('content comparison', () => {
  const base: ProcedureExchange = {
    code: '1.000001', name: 'Thủ tục A', agencyCode: 'X', fieldCode: 'ab', authorityLevel: 'central', audience: ['citizen', 'organisation'],
    onlineLevel: 2, onlineClass: 'none', fullOnlineEligible: false, steps: ['a'], documents: [{ name: 'Đơn', copies: 1, originalKind: 'original' }],
    timeLimit: { value: 15, unit: 'working_days' }, fees: [], legalBasis: [], resultType: 'r', submissionPlaces: 'p',
  };
  it('ignores the effective date, optional defaults and audience order', () => {
    assert.ok(sameContent(base, { ...base, effectiveFrom: '2026-01-01', audience: ['organisation', 'citizen'], timeLimit: { value: 15, unit: 'working_days', sameDay: false } }));
  });
  it('notices a changed name, document or fee', () => {
    assert.ok(!sameContent(base, { ...base, name: 'Thủ tục B' }));
    assert.ok(!sameContent(base, { ...base, documents: [{ name: 'Đơn', copies: 2, originalKind: 'original' }] }));
    assert.ok(!sameContent(base, { ...base, fees: [{ description: 'Lệ phí', amountVnd: 1 }] }));
  });
});

describe('typo variants', () => {
  it('adds adjacent transpositions of words of 3 letters or more', () => {
    assert.deepEqual(typoVariants('dnag'), ['dnag', 'ndag', 'dang', 'dnga']);
    assert.ok(typoVariants('gai').includes('gia'));
    assert.deepEqual(typoVariants('ky'), ['ky']);
    assert.deepEqual(typoVariants('1.001234'), ['1.001234']);
    assert.deepEqual(typoVariants('aab'), ['aab', 'aba']);
  });
});

describe('regular expression escaping', () => {
  it('escapes every metacharacter', () => {
    assert.equal(escapeRegex('1.001234'), '1\\.001234');
    assert.equal(escapeRegex('a(b)|c*+?[d]{e}^$\\'), 'a\\(b\\)\\|c\\*\\+\\?\\[d\\]\\{e\\}\\^\\$\\\\');
    assert.equal(escapeRegex('dang'), 'dang');
  });
});
