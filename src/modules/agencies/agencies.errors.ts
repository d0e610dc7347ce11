import { defineErrors } from '../../core/errors.ts';

defineErrors({
  AGENCY_CODE_INVALID: {
    status: 422,
    vi: 'Mã định danh cơ quan gồm 2–40 ký tự: chữ in hoa không dấu, chữ số và dấu chấm, không có khoảng trắng (ví dụ 000.00.00.G14).',
    en: 'The agency e-ID has 2–40 characters: upper-case letters, digits and dots, no spaces (e.g. 000.00.00.G14).',
  },
  AGENCY_CODE_TAKEN: { status: 422, vi: 'Mã định danh này đã được cơ quan khác sử dụng.', en: 'Another agency already uses this e-ID.' },
  AGENCY_NAME_TOO_LONG: { status: 422, vi: 'Tên không được dài quá 300 ký tự (tên viết tắt: 100).', en: 'The name must not exceed 300 characters (short name: 100).' },
  AGENCY_LEVEL_INVALID: {
    status: 422,
    vi: 'Cấp phải là một trong: Bộ, Cục/Vụ, Tỉnh, Sở, Huyện, Xã.',
    en: 'The level must be one of: ministry, department, province, provincial department, district, commune.',
  },
  AGENCY_PARENT_NOT_FOUND: { status: 422, vi: 'Không có cơ quan cấp trên với mã này.', en: 'There is no parent agency with this e-ID.' },
  AGENCY_PARENT_CYCLE: {
    status: 422,
    vi: 'Cơ quan cấp trên không được là chính cơ quan này hoặc một đơn vị trực thuộc nó.',
    en: 'The parent cannot be the agency itself or one of the agencies below it.',
  },
  AGENCY_PARENT_INACTIVE: { status: 422, vi: 'Cơ quan cấp trên đã ngừng hoạt động.', en: 'The parent agency is no longer active.' },
  AGENCY_INACTIVE: { status: 409, vi: 'Cơ quan này đã ngừng hoạt động (đã sáp nhập).', en: 'This agency is no longer active (it was merged).' },
  AGENCY_SUCCESSOR_NOT_FOUND: { status: 422, vi: 'Không có cơ quan tiếp nhận với mã này.', en: 'There is no successor agency with this e-ID.' },
  AGENCY_SUCCESSOR_INACTIVE: { status: 422, vi: 'Cơ quan tiếp nhận đã ngừng hoạt động.', en: 'The successor agency is no longer active.' },
  AGENCY_MERGE_SELF: { status: 422, vi: 'Không thể sáp nhập cơ quan vào chính nó.', en: 'An agency cannot be merged into itself.' },
  AGENCY_MERGE_INTO_SUBTREE: {
    status: 422,
    vi: 'Cơ quan tiếp nhận không được là đơn vị trực thuộc cơ quan bị sáp nhập.',
    en: 'The successor cannot be one of the agencies below the merged agency.',
  },
  AGENCY_ROOT_FORBIDDEN: {
    status: 403,
    vi: 'Chỉ quản trị viên của một cơ quan cấp cao nhất mới được tạo cơ quan không có cấp trên.',
    en: 'Only an administrator of a top-level agency may create an agency without a parent.',
  },
  AGENCY_ADMIN_UNIT_UNKNOWN: {
    status: 422,
    vi: 'Xã/phường phải là một đơn vị trong danh mục đơn vị hành chính từ 01/7/2025 (mã 5 chữ số của Tổng cục Thống kê).',
    en: 'The commune must be a unit of the official list in force since 1 July 2025 (five-digit code of the General Statistics Office).',
  },
  AGENCY_ADMIN_UNIT_TAKEN: {
    status: 409,
    vi: 'Xã/phường này đã do một cơ quan khác đang hoạt động phụ trách (mỗi xã/phường chỉ có một cơ quan).',
    en: 'Another active agency already serves this commune (one agency per commune).',
  },
  DEPARTMENT_CODE_INVALID: {
    status: 422,
    vi: 'Mã phòng ban gồm 1–20 ký tự: chữ in hoa không dấu, chữ số, dấu chấm, gạch dưới hoặc gạch ngang.',
    en: 'The department code has 1–20 characters: upper-case letters, digits, dot, underscore or hyphen.',
  },
  DEPARTMENT_CODE_TAKEN: { status: 422, vi: 'Cơ quan đã có phòng ban với mã này.', en: 'The agency already has a department with this code.' },
});
