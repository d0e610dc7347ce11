import { defineErrors } from '../../core/errors.ts';

defineErrors({
  REPORT_DATE_INVALID: {
    status: 422,
    vi: 'Ngày không hợp lệ (ngày không có thật hoặc sai định dạng dd/mm/yyyy).',
    en: 'The date is not valid (no such day, or not in the dd/mm/yyyy format).',
  },
  REPORT_PERIOD_REVERSED: { status: 422, vi: 'Ngày kết thúc kỳ báo cáo không được trước ngày bắt đầu.', en: 'The end of the period must not be before its start.' },
  REPORT_PERIOD_TOO_LONG: { status: 422, vi: 'Kỳ báo cáo không được dài quá 10 năm.', en: 'The period must not span more than 10 years.' },
  REPORT_YEAR_INVALID: { status: 422, vi: 'Năm phải trong khoảng 1900–2200.', en: 'The year must be between 1900 and 2200.' },
  REPORT_INDEX_INVALID: { status: 422, vi: 'Tháng phải từ 1 đến 12, quý từ 1 đến 4.', en: 'The month must be 1 to 12, the quarter 1 to 4.' },
  REPORT_NO_SCOPE: {
    status: 403,
    vi: 'Bạn chưa được giao quyền xem báo cáo của cơ quan nào.',
    en: 'You have no role that allows viewing the reports of an agency.',
  },
});
