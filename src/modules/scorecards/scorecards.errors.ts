import { defineErrors } from '../../core/errors.ts';

defineErrors({
  SCORECARD_MONTH_INVALID: { status: 422, vi: 'Tháng phải có dạng YYYY-MM (ví dụ 2026-05), từ năm 2000 đến 2100.', en: 'The month must be YYYY-MM (e.g. 2026-05), between 2000 and 2100.' },
  SCORECARD_MONTH_FUTURE: { status: 422, vi: 'Không có số liệu cho tháng chưa đến.', en: 'There are no figures for a month that has not started.' },
  SCORECARD_AGENCY_UNKNOWN: { status: 404, vi: 'Không tìm thấy cơ quan có mã này.', en: 'No agency has this code.' },
  SCORECARD_LEVEL_INVALID: { status: 422, vi: 'Cấp cơ quan không hợp lệ.', en: 'The agency level is not valid.' },
  SCORECARD_POINTS_RANGE: { status: 422, vi: 'Điểm phải là số từ 0 đến 100.', en: 'Points must be a number from 0 to 100.' },
  SCORECARD_TARGET_RANGE: { status: 422, vi: 'Chỉ tiêu phải là tỷ lệ lớn hơn 0% và không quá 100%.', en: 'The target must be a rate above 0% and at most 100%.' },
  SCORECARD_GROUP_UNKNOWN: { status: 422, vi: 'Nhóm chỉ số không tồn tại.', en: 'The group does not exist.' },
  SCORECARD_INDICATOR_UNKNOWN: { status: 422, vi: 'Chỉ số thành phần {code} không tồn tại.', en: 'The sub-indicator {code} does not exist.' },
  SCORECARD_METRIC_UNKNOWN: { status: 422, vi: 'Phép đo "{metric}" không có trong danh mục phép đo.', en: 'The metric "{metric}" is not in the registry of metrics.' },
  SCORECARD_METRIC_UNITS: { status: 422, vi: 'Tử số và mẫu số phải cùng đơn vị (cùng đếm hồ sơ hoặc cùng đếm thủ tục).', en: 'Numerator and denominator must count the same thing (dossiers or procedures).' },
  SCORECARD_METRIC_SAME: { status: 422, vi: 'Tử số và mẫu số phải là hai phép đo khác nhau.', en: 'Numerator and denominator must be different metrics.' },
  SCORECARD_GROUP_SUM: {
    status: 422,
    vi: 'Tổng điểm các chỉ số thành phần của nhóm "{group}" là {sum}, phải bằng điểm của nhóm ({points}).',
    en: 'The sub-indicators of "{group}" add up to {sum}; they must equal the group\'s points ({points}).',
  },
  SCORECARD_TOTAL: { status: 422, vi: 'Tổng điểm các nhóm là {sum}, phải bằng {total}.', en: 'The groups add up to {sum}; they must total {total}.' },
});
