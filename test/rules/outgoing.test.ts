// Outgoing documents' pure rules: the approval chain's state machine (table), reviewers, the draft's checks, the
// default issuer abbreviation, the date line and the blank number.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkChain, checkDraft, checkRecipients, dateLine, decide, defaultIssuerAbbreviation, blankNumberSymbol, editable, isReviewer, type CycleState, type OutgoingAction } from '../../src/modules/outgoing/outgoing.rules.ts';
import { numberSymbol } from '../../src/modules/kernel/official-document.ts';

describe('approval chain state machine', () => {
  const table: Array<[CycleState, OutgoingAction, string]> = [
    [{ status: 'draft', step: null, chainLength: 2 }, 'submit', 'in_review@1'],
    [{ status: 'draft', step: null, chainLength: 0 }, 'submit', 'approved@-'],
    [{ status: 'returned', step: null, chainLength: 1 }, 'submit', 'in_review@1'],
    [{ status: 'in_review', step: 1, chainLength: 2 }, 'submit', 'OUTGOING_STATE'],
    [{ status: 'approved', step: null, chainLength: 2 }, 'submit', 'OUTGOING_STATE'],
    [{ status: 'issued', step: null, chainLength: 2 }, 'submit', 'OUTGOING_ALREADY_ISSUED'],
    [{ status: 'in_review', step: 1, chainLength: 2 }, 'approve', 'in_review@2'],
    [{ status: 'in_review', step: 2, chainLength: 2 }, 'approve', 'approved@-'],
    [{ status: 'draft', step: null, chainLength: 2 }, 'approve', 'OUTGOING_STATE'],
    [{ status: 'approved', step: null, chainLength: 2 }, 'approve', 'OUTGOING_STATE'],
    [{ status: 'in_review', step: 2, chainLength: 3 }, 'return', 'returned@-'],
    [{ status: 'returned', step: null, chainLength: 3 }, 'return', 'OUTGOING_STATE'],
    [{ status: 'draft', step: null, chainLength: 0 }, 'return', 'OUTGOING_STATE'],
    [{ status: 'approved', step: null, chainLength: 1 }, 'issue', 'issued@-'],
    [{ status: 'in_review', step: 1, chainLength: 1 }, 'issue', 'OUTGOING_STATE'],
    [{ status: 'draft', step: null, chainLength: 0 }, 'issue', 'OUTGOING_STATE'],
    [{ status: 'issued', step: null, chainLength: 1 }, 'issue', 'OUTGOING_ALREADY_ISSUED'],
    [{ status: 'issued', step: null, chainLength: 1 }, 'approve', 'OUTGOING_ALREADY_ISSUED'],
  ];
  for (const [state, action, expected] of table) {
    it(`${state.status}${state.step ? `@${state.step}` : ''}/${state.chainLength} + ${action} → ${expected}`, () => {
      const d = decide(state, action);
      assert.equal(d.ok ? `${d.status}@${d.step ?? '-'}` : d.code, expected);
    });
  }

  it('only drafts and returned documents are editable', () => {
    assert.deepEqual((['draft', 'in_review', 'returned', 'approved', 'issued'] as const).filter(editable), ['draft', 'returned']);
  });

  it('a step is reviewed by the role holders, or by the named person only', () => {
    const me = { id: 'a', roles: new Set(['department_head']) };
    assert.equal(isReviewer({ role: 'department_head' }, me), true);
    assert.equal(isReviewer({ role: 'agency_leader' }, me), false);
    assert.equal(isReviewer({ accountId: 'a', name: 'A' }, me), true);
    assert.equal(isReviewer({ accountId: 'b', name: 'B' }, me), false);
    assert.equal(isReviewer(undefined, me), false);
  });
});

describe('drafting checks', () => {
  const good = { docType: 'decision', excerpt: ' Về việc cấp giấy chứng nhận ', body: 'Điều 1.', place: 'Hà Nội', issuerAbbreviation: 'ubnd', signerId: 'x', signerTitle: 'Chủ tịch' };
  it('accepts a good draft, trimmed, abbreviations in capitals, defaults for urgency and confidentiality', () => {
    const { value, errors } = checkDraft(good);
    assert.deepEqual(errors, []);
    assert.equal(value?.excerpt, 'Về việc cấp giấy chứng nhận');
    assert.equal(value?.issuerAbbreviation, 'UBND');
    assert.equal(value?.urgency, 'normal');
    assert.equal(value?.confidentiality, 'none');
  });
  const bad: Array<[string, Record<string, string>, string, string]> = [
    ['unknown type', { docType: 'memo' }, '/docType', 'OUTGOING_TYPE_INVALID'],
    ['empty excerpt', { excerpt: '  ' }, '/excerpt', 'required'],
    ['long excerpt', { excerpt: 'x'.repeat(1001) }, '/excerpt', 'maxLength'],
    ['no place', { place: '' }, '/place', 'required'],
    ['bad urgency', { urgency: 'asap' }, '/urgency', 'OUTGOING_VALUE_INVALID'],
    ['bad confidentiality', { confidentiality: 'hush' }, '/confidentiality', 'OUTGOING_VALUE_INVALID'],
    ['bad abbreviation', { issuerAbbreviation: 'U B' }, '/issuerAbbreviation', 'OUTGOING_ABBREVIATION_INVALID'],
    ['bad unit', { unitAbbreviation: 'P/TC' }, '/unitAbbreviation', 'OUTGOING_ABBREVIATION_INVALID'],
    ['no signer', { signerId: '' }, '/signerId', 'required'],
    ['no title', { signerTitle: '' }, '/signerTitle', 'required'],
  ];
  for (const [name, patch, path, code] of bad) {
    it(`refuses ${name}`, () => {
      const { value, errors } = checkDraft({ ...good, ...patch });
      assert.equal(value, null);
      assert.deepEqual(errors.map((e) => [e.path, e.code]), [[path, code]]);
    });
  }
  it('recipients: blank lines skipped, paths keep the line, an outside one needs a name', () => {
    const { value, errors } = checkRecipients([{ agencyCode: '' }, { agencyCode: '000.00.12.G14' }, { name: '', address: '1 Phố Huế' }, { name: 'Công ty A' }]);
    assert.deepEqual(value.map((r) => r.index), [1, 2, 3]);
    assert.deepEqual(errors.map((e) => e.path), ['/recipients/2/name']);
  });
  it('chains: roles or persons, unknown roles named, at most ten steps', () => {
    assert.deepEqual(checkChain([{ role: 'department_head' }, { role: '' }, { accountId: 'p' }]).value, [{ role: 'department_head' }, { accountId: 'p' }]);
    assert.deepEqual(checkChain([{ role: 'admin' }]).errors.map((e) => e.path), ['/steps/0']);
    assert.equal(checkChain(Array.from({ length: 11 }, () => ({ role: 'specialist' }))).errors[0]?.code, 'maxItems');
  });
});

describe('national layout', () => {
  it('abbreviates the issuer from its short name or initials', () => {
    assert.equal(defaultIssuerAbbreviation('Cục Bản quyền tác giả', null), 'CBQTG');
    assert.equal(defaultIssuerAbbreviation('Ủy ban nhân dân tỉnh Trà Vinh', 'UBND'), 'UBND');
    assert.equal(defaultIssuerAbbreviation('Sở Văn hóa, Thể thao và Du lịch', 'Sở VHTTDL'), 'SVHTTVDL');
  });
  it('writes the date line in Vietnam time and leaves the number blank before issue', () => {
    assert.equal(dateLine('Hà Nội', new Date('2026-12-04T18:30:00Z')), 'Hà Nội, ngày 05 tháng 12 năm 2026');
    assert.equal(blankNumberSymbol('QĐ', 'UBND', null).trim(), '/QĐ-UBND');
    assert.equal(blankNumberSymbol(null, 'UBND', 'VP').trim(), '/UBND-VP');
    assert.equal(numberSymbol({ number: 5, type: 'decision', issuer: 'UBND' }), '05/QĐ-UBND');
  });
});
