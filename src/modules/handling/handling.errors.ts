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
  // Steps with tasks (issue 15, migration 0041).
  WORKFLOW_TASK_ASSIGNMENT_INVALID: { status: 422, vi: 'Cách giao việc phải là "một cán bộ" hoặc "bất kỳ cán bộ nào có vai trò".', en: 'The assignment must be "one officer" or "any officer of the role".' },
  WORKFLOW_TASK_KIND_INVALID: { status: 422, vi: 'Loại nhiệm vụ phải là xử lý, xem xét hoặc phê duyệt.', en: 'The kind of task must be handle, review or approve.' },
  WORKFLOW_TASK_REVIEW_FIRST: { status: 422, vi: 'Nhiệm vụ xem xét hoặc phê duyệt phải có một nhiệm vụ đứng trước.', en: 'A review or approval needs a task before it.' },
  WORKFLOW_TASKS_TOO_MANY: { status: 422, vi: 'Một bước có tối đa {limit} nhiệm vụ.', en: 'A step has at most {limit} tasks.' },
  WORKFLOW_TASK_SHARES_EXCEED_STEP: {
    status: 422,
    vi: 'Tổng thời gian các nhiệm vụ ({sum} ngày làm việc) vượt thời gian của bước ({limit} ngày làm việc).',
    en: 'The tasks\' shares add up to {sum} working days, more than the step\'s budget ({limit} working days).',
  },
  TASK_NONE: { status: 409, vi: 'Bước xử lý hiện tại không có nhiệm vụ đang chờ.', en: 'The current step has no task waiting.' },
  TASK_ROLE_FORBIDDEN: { status: 403, vi: 'Nhiệm vụ hiện tại dành cho vai trò "{role:handling.role}".', en: 'The current task is for the role "{role:handling.role}".' },
  TASK_ASSIGNEE_ONLY: { status: 403, vi: 'Nhiệm vụ hiện tại đã giao cho cán bộ khác; chỉ người được giao mới hoàn thành được.', en: 'The current task is assigned to another officer; only the assignee may complete it.' },
  TASK_NOT_TAKEN: { status: 409, vi: 'Nhiệm vụ hiện tại do một cán bộ đảm nhận: hãy nhận nhiệm vụ (hoặc được lãnh đạo giao) trước khi hoàn thành.', en: 'The current task is for one officer: take it (or have it assigned) before completing it.' },
  TASK_ALREADY_TAKEN: { status: 409, vi: 'Nhiệm vụ hiện tại đã có người nhận.', en: 'The current task has already been taken.' },
  TASK_NOT_REVIEW: { status: 409, vi: 'Chỉ nhiệm vụ xem xét hoặc phê duyệt mới được trả lại nhiệm vụ trước.', en: 'Only a review or an approval can send the task back.' },
  TASK_NO_PREVIOUS: { status: 409, vi: 'Không có nhiệm vụ nào trước nhiệm vụ hiện tại.', en: 'There is no task before the current one.' },
  TASKS_NOT_DONE: {
    status: 409,
    vi: 'Bước "{step}" còn nhiệm vụ chưa hoàn thành ({task}); chỉ chuyển bước khi nhiệm vụ cuối cùng đã xong.',
    en: 'The step "{step}" has a task not yet done ({task}); it can be handed over once its last task is done.',
  },
  REASSIGN_FORBIDDEN: { status: 403, vi: 'Chỉ lãnh đạo phòng hoặc lãnh đạo cơ quan mới được giao lại việc.', en: 'Only a department head or the agency leader may reassign.' },
  REASSIGN_OFFICER_INVALID: { status: 422, vi: 'Cán bộ được giao phải thuộc cơ quan và có vai trò "{role:handling.role}".', en: 'The officer must work for the agency and hold the role "{role:handling.role}".' },
});
