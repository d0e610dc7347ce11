import { defineErrors } from '../../core/errors.ts';

defineErrors({
  CALENDAR_YEAR_RANGE: { status: 422, vi: 'Năm phải trong khoảng {min}–{max}.', en: 'The year must be between {min} and {max}.' },
  CALENDAR_DATE_INVALID: {
    status: 422,
    vi: 'Ngày không hợp lệ (ngày không có thật hoặc sai định dạng dd/mm/yyyy).',
    en: 'The date is not valid (no such day, or not in the dd/mm/yyyy format).',
  },
  CALENDAR_DATE_OUTSIDE_YEAR: { status: 422, vi: 'Ngày phải thuộc năm {year}.', en: 'The date must be in {year}.' },
  CALENDAR_RANGE_REVERSED: { status: 422, vi: 'Ngày kết thúc phải sau ngày bắt đầu.', en: 'The end date must not be before the start date.' },
  CALENDAR_DATE_DUPLICATE: {
    status: 422,
    vi: 'Ngày {date} đã có ở dòng {line}: mỗi ngày chỉ được khai báo một lần.',
    en: 'The date {date} is already on line {line}: each day may be listed once.',
  },
  CALENDAR_DATE_OVERLAP: {
    status: 422,
    vi: 'Khoảng ngày trùng với dòng {line} (ngày {date}).',
    en: 'The range overlaps line {line} (on {date}).',
  },
  CALENDAR_KIND_INVALID: {
    status: 422,
    vi: 'Loại ngày phải là một trong: holiday, tet, compensatory, extra_day_off, working_saturday, working_day.',
    en: 'The kind must be one of: holiday, tet, compensatory, extra_day_off, working_saturday, working_day.',
  },
  CALENDAR_NAME_TOO_LONG: { status: 422, vi: 'Tên ngày nghỉ không được dài quá 200 ký tự.', en: 'The name must not exceed 200 characters.' },
  CALENDAR_NOT_REST_DAY: {
    status: 422,
    vi: 'Ngày làm bù {date} phải là thứ Bảy hoặc Chủ nhật.',
    en: 'The swapped working day {date} must be a Saturday or a Sunday.',
  },
  CALENDAR_NOT_DEFAULT_DAY_OFF: {
    status: 422,
    vi: 'Ngày {date} không phải ngày nghỉ mặc định trong tuần, nên không cần khai báo là ngày đi làm.',
    en: 'The date {date} is not a default weekday off, so it need not be declared a working day.',
  },
  CALENDAR_ALREADY_REST_DAY: {
    status: 422,
    vi: 'Ngày {date} là thứ Bảy hoặc Chủ nhật: không thể nghỉ bù hoặc nghỉ thêm vào ngày này.',
    en: 'The date {date} is a Saturday or Sunday: it cannot be a compensatory or extra day off.',
  },
  CALENDAR_TIME_INVALID: { status: 422, vi: 'Giờ phải có dạng HH:MM (ví dụ 08:00).', en: 'The time must be HH:MM (e.g. 08:00).' },
  CALENDAR_HOURS_ORDER: { status: 422, vi: 'Giờ kết thúc phải sau giờ bắt đầu làm việc.', en: 'Closing time must be after opening time.' },
  CALENDAR_LUNCH_INCOMPLETE: { status: 422, vi: 'Nhập cả giờ bắt đầu và giờ kết thúc nghỉ trưa, hoặc để trống cả hai.', en: 'Give both ends of the lunch break, or neither.' },
  CALENDAR_LUNCH_OUTSIDE: { status: 422, vi: 'Giờ nghỉ trưa phải nằm trong giờ làm việc.', en: 'The lunch break must lie within working hours.' },
  CALENDAR_CUTOFF_OUTSIDE: {
    status: 422,
    vi: 'Giờ chốt nhận hồ sơ trong ngày phải nằm trong giờ làm việc.',
    en: 'The same-day cut-off must lie within working hours.',
  },
  CALENDAR_LIMIT_ONE: {
    status: 422,
    vi: 'Cần đúng một trong các tham số workingDays, halfDays hoặc workingHours.',
    en: 'Give exactly one of workingDays, halfDays or workingHours.',
  },
  CALENDAR_FROM_INVALID: {
    status: 422,
    vi: 'Thời điểm tiếp nhận phải là ngày giờ ISO 8601 có múi giờ (ví dụ 2026-02-13T10:00:00+07:00), trong khoảng 1900–2100.',
    en: 'The receipt time must be an ISO 8601 date-time with an offset (e.g. 2026-02-13T10:00:00+07:00), within 1900–2100.',
  },
});
