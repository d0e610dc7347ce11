// Error codes of the back office (state machine, workflows, control sheet).
import { defineErrors } from '../../core/errors.ts';

defineErrors({
  ACTION_NOT_ALLOWED: {
    status: 409,
    vi: 'Không thể thực hiện thao tác "{action:handling.action}" khi hồ sơ đang ở trạng thái "{status:dossier.status}". Các thao tác được phép: {allowed:handling.action}.',
    en: 'The action "{action:handling.action}" is not possible while the dossier is "{status:dossier.status}". Allowed actions: {allowed:handling.action}.',
  },
  ACTION_FORBIDDEN: {
    status: 403,
    vi: 'Bạn không được giao thực hiện thao tác "{action:handling.action}" ở bước xử lý hiện tại của hồ sơ. Các thao tác bạn được phép: {allowed:handling.action}.',
    en: 'You are not assigned to perform "{action:handling.action}" at the current step of this dossier. Actions you may perform: {allowed:handling.action}.',
  },
  DOSSIER_CHANGED: {
    status: 409,
    vi: 'Hồ sơ vừa được người khác xử lý (trạng thái hiện tại: "{status:dossier.status}"). Vui lòng tải lại hồ sơ. Các thao tác được phép: {allowed:handling.action}.',
    en: 'The dossier was just handled by someone else (current status: "{status:dossier.status}"). Please reload it. Allowed actions: {allowed:handling.action}.',
  },
  APOLOGY_TOO_LATE: {
    status: 409,
    vi: 'Đã quá thời hạn hẹn trả kết quả ({appointment}); văn bản xin lỗi và hẹn lại phải được gửi trước thời hạn này.',
    en: 'The appointment ({appointment}) has already passed; the apology and new appointment must be issued before it.',
  },
  APOLOGY_DATE_NOT_LATER: {
    status: 422,
    vi: 'Ngày hẹn mới phải sau ngày hẹn hiện tại ({appointment}).',
    en: 'The new appointment must be after the current one ({appointment}).',
  },
  SUPPLEMENT_ITEMS_REQUIRED: {
    status: 422,
    vi: 'Vui lòng liệt kê ít nhất một giấy tờ, nội dung cần bổ sung.',
    en: 'Please list at least one missing document or item.',
  },
  WORKFLOW_STEP_UNKNOWN: { status: 422, vi: 'Bước xử lý không có trong quy trình của thủ tục.', en: 'This step is not part of the procedure\'s workflow.' },
  WORKFLOW_STEP_IS_RETURN: {
    status: 422,
    vi: 'Bước trả kết quả chỉ bắt đầu khi có kết quả giải quyết (thao tác "Ghi nhận kết quả").',
    en: 'The result-return step starts only when the result is recorded.',
  },
  WORKFLOW_STEP_NOT_NEXT: {
    status: 422,
    vi: 'Hồ sơ chỉ được chuyển tới bước kế tiếp của quy trình ({next}), không bỏ qua bước nào.',
    en: 'A dossier can only be forwarded to the next step of the workflow ({next}), skipping none.',
  },
  WORKFLOW_STEP_NOT_BEFORE: { status: 422, vi: 'Chỉ trả lại được về một bước trước bước hiện tại.', en: 'A dossier can only be sent back to an earlier step.' },
  WORKFLOW_AGENCY_UNKNOWN: { status: 422, vi: 'Không tìm thấy cơ quan có mã này (hoặc cơ quan đã ngừng hoạt động).', en: 'No active agency has this code.' },
  WORKFLOW_DEPARTMENT_UNKNOWN: { status: 422, vi: 'Cơ quan không có phòng, ban có mã này.', en: 'The agency has no department with this code.' },
  WORKFLOW_ASSIGNEE_UNKNOWN: { status: 422, vi: 'Cán bộ được giao không thuộc cơ quan xử lý ở bước này.', en: 'The assignee does not work for the agency handling this step.' },
  WORKFLOW_BUDGET_INVALID: { status: 422, vi: 'Thời gian của bước phải là một số không âm.', en: 'The step\'s time budget must be a non-negative number.' },
  WORKFLOW_UNIT_INVALID: { status: 422, vi: 'Đơn vị thời gian phải là ngày làm việc, nửa ngày hoặc giờ làm việc.', en: 'The unit must be working days, half-days or working hours.' },
  WORKFLOW_ROLE_INVALID: { status: 422, vi: 'Vai trò xử lý không hợp lệ.', en: 'The role is not valid.' },
  WORKFLOW_ACTION_INVALID: { status: 422, vi: 'Thao tác "{action:handling.action}" không tồn tại.', en: 'The action "{action:handling.action}" does not exist.' },
  WORKFLOW_STEPS_REQUIRED: { status: 422, vi: 'Quy trình phải có ít nhất một bước.', en: 'A workflow needs at least one step.' },
  WORKFLOW_IN_USE: {
    status: 409,
    vi: 'Phiên bản thủ tục này đang có {count} hồ sơ đang xử lý; không thể thay quy trình lúc này (hãy tạo phiên bản mới).',
    en: 'This procedure version has {count} dossiers in progress; its workflow cannot be replaced now (create a new version).',
  },
  WORKFLOW_VERSION_RETIRED: { status: 409, vi: 'Phiên bản thủ tục đã bãi bỏ; không thể sửa quy trình.', en: 'This procedure version is retired; its workflow cannot be changed.' },
});
