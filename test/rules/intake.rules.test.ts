import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  apologyDatesOf,
  appointmentOf,
  applicantErrors,
  addressOf,
  contactOf,
  controlSheetRows,
  counterUsername,
  digitiseViolation,
  itemsFromText,
  normaliseApplicant,
  periodBounds,
  reasonOf,
  refusalReasonsOf,
  supplementItemsOf,
  trackingStatus,
  type ActionFacts,
  type ApplicantInput,
  type StepFacts,
} from '../../src/modules/intake/intake.rules.ts';

describe('counter intake rules', () => {
  it('checks the applicant identification, every problem at once', () => {
    const cases: Array<[ApplicantInput, Array<[string, string]>]> = [
      [{ kind: 'citizen', personalId: '001199012345' }, []],
      [{ kind: 'citizen' }, [['/applicant/personalId', 'required']]],
      [{ kind: 'citizen', personalId: '  ' }, [['/applicant/personalId', 'required']]],
      [{ kind: 'citizen', personalId: '0011990123' }, [['/applicant/personalId', 'PERSONAL_ID_INVALID']]],
      [{ kind: 'citizen', personalId: '00119901234a', phone: '123', email: 'x@' }, [['/applicant/personalId', 'PERSONAL_ID_INVALID'], ['/applicant/phone', 'PHONE_INVALID'], ['/applicant/email', 'EMAIL_INVALID']]],
      [{ kind: 'citizen', personalId: '001199012345', phone: '0912 345 678', email: 'AN@Example.VN' }, []],
      [{ kind: 'organisation', taxCode: '0101234567' }, []],
      [{ kind: 'organisation', taxCode: '0101234567-001' }, []],
      [{ kind: 'organisation', personalId: '001199012345' }, [['/applicant/taxCode', 'required']]],
      [{ kind: 'organisation', taxCode: '01012345' }, [['/applicant/taxCode', 'TAX_CODE_INVALID']]],
      [{ kind: 'citizen', personalId: '001199012345', fullName: 'A'.repeat(201) }, [['/applicant/fullName', 'maxLength']]],
    ];
    for (const [input, expected] of cases) {
      assert.deepEqual(applicantErrors(normaliseApplicant(input)).map((e) => [e.path, e.code]), expected, JSON.stringify(input));
    }
    assert.deepEqual(normaliseApplicant({ kind: 'citizen', personalId: ' 001199012345 ', phone: '0912 345.678', email: ' AN@Example.VN ', fullName: '' }), {
      kind: 'citizen',
      personalId: '001199012345',
      taxCode: undefined,
      fullName: undefined,
      phone: '0912345678',
      email: 'an@example.vn',
      address: undefined,
    });
    assert.equal(counterUsername('001199012345'), 'cccd.001199012345');
  });

  it('allows scans only on paper dossiers still at reception', () => {
    const cases: Array<[number | null, number, string | null]> = [
      [1, 1, null],
      [2, 1, null],
      [1, 3, null],
      [1, 2, 'INTAKE_NOT_PAPER'],
      [4, 1, 'INTAKE_CLOSED'],
      [3, 1, 'INTAKE_CLOSED'],
      [10, 3, 'INTAKE_CLOSED'],
      [null, 1, 'INTAKE_CLOSED'],
    ];
    for (const [status, channel, expected] of cases) assert.equal(digitiseViolation({ status, channel }), expected, `${status}/${channel}`);
  });

  it('reads consolidated lists one item per line', () => {
    assert.deepEqual(itemsFromText('1. Bản sao CCCD\n2) Tờ khai\n\n- Ảnh 4x6\n• Giấy ủy quyền\r\n  Bản in tác phẩm  '), ['Bản sao CCCD', 'Tờ khai', 'Ảnh 4x6', 'Giấy ủy quyền', 'Bản in tác phẩm']);
    assert.deepEqual(itemsFromText(''), []);
    assert.deepEqual(itemsFromText(null), []);
    assert.deepEqual(itemsFromText('2026 là năm'), ['2026 là năm']);
  });

  it('prints the appointment instant, or the expected day at 17:00 in Vietnam', () => {
    const at = new Date('2026-12-14T03:00:00Z');
    assert.equal(appointmentOf({ appointment_at: at, expected_date: '2026-12-20' }), at);
    assert.equal(appointmentOf({ appointment_at: null, expected_date: '2026-12-14' })?.toISOString(), '2026-12-14T10:00:00.000Z');
    assert.equal(appointmentOf({ appointment_at: null, expected_date: null }), null);
  });

  it('bounds a period of Vietnamese days', () => {
    const ok = periodBounds('2026-11-01', '2026-11-30');
    assert.ok(!('errors' in ok));
    assert.equal(ok.start.toISOString(), '2026-10-31T17:00:00.000Z');
    assert.equal(ok.end.toISOString(), '2026-11-30T17:00:00.000Z');
    const one = periodBounds('2026-11-23', '2026-11-23');
    assert.ok(!('errors' in one) && one.end.getTime() - one.start.getTime() === 86_400_000);
    const codes = (from: string, to: string) => {
      const r = periodBounds(from, to);
      return 'errors' in r ? r.errors.map((e) => `${e.path}:${e.code}`) : [];
    };
    assert.deepEqual(codes('2026-02-30', '2026-13-01'), ['/from:format', '/to:format']);
    assert.deepEqual(codes('26-11-01', '2026-11-01'), ['/from:format']);
    assert.deepEqual(codes('2026-11-02', '2026-11-01'), ['/to:BOOK_PERIOD_INVALID']);
    assert.deepEqual(codes('2024-01-01', '2024-12-31'), []); // 366 days (leap year)
    assert.deepEqual(codes('2025-01-01', '2026-01-01'), []); // 366 days
    assert.deepEqual(codes('2025-01-01', '2026-01-02'), ['/to:BOOK_PERIOD_TOO_LONG']);
  });

  it('states the status and the result category, and the contact', () => {
    assert.equal(trackingStatus('Đã xử lý xong', 'early'), 'Đã xử lý xong - trước hạn');
    assert.equal(trackingStatus('Đã trả kết quả', 'late'), 'Đã trả kết quả - quá hạn');
    assert.equal(trackingStatus('Đang xử lý', null), 'Đang xử lý');
    assert.equal(contactOf({ address: ' Số 1 Hàng Bài ', phone: '0912345678' }), 'Số 1 Hàng Bài; 0912345678');
    assert.equal(contactOf({ address: { street: 'Số 2', commune: 'Phường Ba Đình', province: 'Thành phố Hà Nội' } }), 'Số 2, Phường Ba Đình, Thành phố Hà Nội');
    assert.equal(contactOf({ phone: '0912345678' }), '0912345678');
    assert.equal(contactOf({}), null);
  });

  it('form 01 prints the address written on the e-form, an address field on one line (never its parts as keys)', () => {
    assert.equal(addressOf({ address: { province: 'Tỉnh Vĩnh Long', commune: 'Phường Trà Vinh', street: 'Số 5 Lê Lợi' } }), 'Số 5 Lê Lợi, Phường Trà Vinh, Tỉnh Vĩnh Long');
    assert.equal(addressOf({ address: ' Số 1 Hàng Bài ' }), 'Số 1 Hàng Bài');
    assert.equal(addressOf({ address: {} }), null);
    assert.equal(addressOf({ address: 42 }), null);
    assert.equal(addressOf({}), null);
  });

  it('builds one control-sheet row per hand-over', () => {
    const base = { agency_name: 'Cục Bản quyền tác giả', due_at: null, note: null, department_name: null };
    const steps: StepFacts[] = [
      { ...base, name: 'Tiếp nhận', started_at: new Date(1), result: 'early', handed_over_by_name: null, assignee_name: 'Trần Thị Bình' },
      { ...base, name: 'Thẩm định', started_at: new Date(2), result: 'late', handed_over_by_name: 'Trần Thị Bình', assignee_name: null, department_name: 'Phòng Quyền tác giả', note: 'Thiếu hồ sơ' },
      { ...base, name: 'Phê duyệt', started_at: new Date(3), result: null, handed_over_by_name: 'Phạm Đức', assignee_name: null },
    ];
    assert.deepEqual(
      controlSheetRows(steps).map((r) => [r.from, r.to, r.handedAt.getTime(), r.result, r.note]),
      [
        ['Cục Bản quyền tác giả', 'Tiếp nhận (Trần Thị Bình)', 1, 'early', null],
        ['Tiếp nhận (Trần Thị Bình)', 'Thẩm định (Phòng Quyền tác giả)', 2, 'late', 'Thiếu hồ sơ'],
        ['Thẩm định (Phạm Đức)', 'Phê duyệt', 3, null, null],
      ],
    );
    assert.deepEqual(controlSheetRows([]), []);
  });

  it('reads what the back office recorded for forms 02–05: the audit summary first, else the history line', () => {
    const facts = (content: string | null, summary: Record<string, unknown> | null = null): ActionFacts => ({ at: new Date(0), handlerName: 'Trần Thị Bình', content, summary });
    assert.deepEqual(supplementItemsOf(facts('x', { items: ['Bản sao CCCD', ' Tờ khai ', '', 3] })), ['Bản sao CCCD', 'Tờ khai']);
    assert.deepEqual(supplementItemsOf(facts('Yêu cầu bổ sung hồ sơ: 1. Bản sao CCCD; 2. Tờ khai có chữ ký')), ['Bản sao CCCD', 'Tờ khai có chữ ký']);
    assert.deepEqual(supplementItemsOf(facts('1. Bản sao CCCD\n2. Tờ khai')), ['Bản sao CCCD', 'Tờ khai']);
    assert.deepEqual(supplementItemsOf(facts(null)), []);
    assert.deepEqual(refusalReasonsOf(facts('y', { reasons: ['Sai cơ quan'] })), ['Sai cơ quan']);
    assert.deepEqual(refusalReasonsOf(facts('Không tiếp nhận hồ sơ. Lý do: Sai cơ quan; Không thuộc đối tượng')), ['Sai cơ quan', 'Không thuộc đối tượng']);
    assert.equal(reasonOf(facts('Dừng xử lý hồ sơ. Lý do: Có tranh chấp')), 'Có tranh chấp');
    assert.equal(reasonOf(facts('Dừng xử lý hồ sơ. Lý do: khác', { reason: 'Có tranh chấp' })), 'Có tranh chấp');
    assert.equal(reasonOf(facts('Không rõ')), 'Không rõ');
    const dossier = { appointment_at: new Date('2026-12-21T10:00:00Z'), due_at: new Date('2026-12-14T10:00:00Z') };
    assert.deepEqual(apologyDatesOf(facts(null), dossier), { previous: dossier.due_at, next: dossier.appointment_at });
    assert.deepEqual(apologyDatesOf(facts(null, { previousAppointment: '2026-12-15T10:00:00.000Z', newAppointment: '2026-12-22T10:00:00.000Z' }), dossier), {
      previous: new Date('2026-12-15T10:00:00Z'),
      next: new Date('2026-12-22T10:00:00Z'),
    });
    assert.deepEqual(apologyDatesOf(facts(null, { previousAppointment: 'nonsense' }), dossier).previous, dossier.due_at);
  });
});
