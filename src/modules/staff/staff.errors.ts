import { defineErrors } from '../../core/errors.ts';
import '../identity/identity.errors.ts';

defineErrors({
  STAFF_AGENCY_NOT_FOUND: { status: 422, vi: 'Không có cơ quan với mã này.', en: 'There is no agency with this e-ID.' },
  STAFF_DEPARTMENT_INVALID: { status: 422, vi: 'Phòng ban không thuộc cơ quan đã chọn.', en: 'The department does not belong to the chosen agency.' },
  STAFF_ROLE_INVALID: { status: 422, vi: 'Vai trò không hợp lệ.', en: 'The role is not valid.' },
  STAFF_ROLE_OUT_OF_SCOPE: {
    status: 403,
    vi: 'Bạn chỉ được phân quyền trên các cơ quan thuộc phạm vi quản trị của mình.',
    en: 'You may only grant roles on agencies within the scope you administer.',
  },
  STAFF_SELF_LOCKOUT: {
    status: 422,
    vi: 'Bạn không thể tự khóa tài khoản của mình hoặc tự bỏ quyền quản trị của mình.',
    en: 'You cannot disable your own account or remove your own administrator role.',
  },
  STAFF_STATUS_INVALID: { status: 422, vi: 'Trạng thái phải là "đang hoạt động" hoặc "đã khóa".', en: 'The status must be active or disabled.' },
  STAFF_NAME_REQUIRED: { status: 422, vi: 'Vui lòng nhập họ và tên.', en: 'Please enter the full name.' },
});
