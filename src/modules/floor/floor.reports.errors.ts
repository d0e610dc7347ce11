// Errors of the floor's reports (issue 20).
import { defineErrors } from '../../core/errors.ts';

defineErrors({
  FLOOR_REPORT_PERIOD: {
    status: 422,
    vi: 'Khoảng thời gian không hợp lệ: từ ngày phải trước đến ngày và không quá 366 ngày.',
    en: 'Invalid period: the start must come before the end, at most 366 days.',
  },
});
