// Error codes of the yearly PAR plan (parplan.rules.ts and parplan.service.ts).
import { defineErrors } from '../../core/errors.ts';

defineErrors({
  PARPLAN_UNKNOWN: { status: 404, vi: 'Không có kế hoạch CCHC này.', en: 'There is no such PAR plan.' },
  PARPLAN_EXISTS: { status: 409, vi: 'Cơ quan đã có kế hoạch CCHC năm {year}.', en: 'The agency already has a PAR plan for {year}.' },
  PARPLAN_SET_UNKNOWN: { status: 422, vi: 'Vui lòng chọn một bộ tiêu chí Chỉ số CCHC của năm kế hoạch.', en: 'Choose a PAR Index criteria set of the plan\'s year.' },
  PARPLAN_AGENCY_UNKNOWN: { status: 422, vi: 'Vui lòng chọn cơ quan lập kế hoạch (cơ quan bạn quản lý).', en: 'Choose the agency the plan belongs to (one you manage).' },
  PARPLAN_TITLE: { status: 422, vi: 'Tên kế hoạch phải có từ 1 đến 300 ký tự.', en: 'The plan\'s title must have 1 to 300 characters.' },
  PARPLAN_TASK_UNKNOWN: { status: 404, vi: 'Không có nhiệm vụ này trong kế hoạch.', en: 'There is no such task in the plan.' },
  PARPLAN_TASK_INVALID: { status: 422, vi: 'Nhiệm vụ chưa đủ thông tin: xem các trường được đánh dấu.', en: 'The task is incomplete: see the marked fields.' },
  PARPLAN_FIELD_UNKNOWN: { status: 422, vi: 'Vui lòng chọn một lĩnh vực của bộ tiêu chí.', en: 'Choose a field of the criteria set.' },
  PARPLAN_OWNER_REQUIRED: { status: 422, vi: 'Vui lòng chọn phòng, đơn vị chủ trì nhiệm vụ.', en: 'Choose the department that owns the task.' },
  PARPLAN_OWNER_UNKNOWN: { status: 422, vi: 'Phòng, đơn vị chủ trì phải thuộc cơ quan lập kế hoạch.', en: 'The owner department must belong to the plan\'s agency.' },
  PARPLAN_DEADLINE_REQUIRED: { status: 422, vi: 'Vui lòng nhập thời hạn hoàn thành (ngày/tháng/năm).', en: 'Enter the deadline (dd/mm/yyyy).' },
  PARPLAN_DEADLINE_OUTSIDE_YEAR: { status: 422, vi: 'Thời hạn phải nằm trong năm {year} của kế hoạch.', en: 'The deadline must fall in the plan\'s year, {year}.' },
  PARPLAN_NOT_OWNER: {
    status: 403,
    vi: 'Chỉ cán bộ của phòng, đơn vị chủ trì mới báo cáo tiến độ nhiệm vụ này.',
    en: 'Only staff of the owner department report progress on this task.',
  },
  PARPLAN_TASK_CLOSED: { status: 409, vi: 'Nhiệm vụ đã kết thúc ({status:parplan.status}): không nhận thêm báo cáo.', en: 'The task is closed ({status:parplan.status}): it takes no more reports.' },
  PARPLAN_PROGRESS_RANGE: { status: 422, vi: 'Tiến độ là số nguyên từ 0 đến 100 (%).', en: 'Progress is a whole number from 0 to 100 (%).' },
  PARPLAN_REPORT_EMPTY: { status: 422, vi: 'Vui lòng ghi kết quả thực hiện hoặc gửi kèm tài liệu.', en: 'Describe what was done or attach a document.' },
  PARPLAN_EVIDENCE_REQUIRED: {
    status: 422,
    vi: 'Nhiệm vụ yêu cầu tài liệu kiểm chứng: gửi kèm tệp khi báo cáo hoàn thành 100%.',
    en: 'The task requires evidence: attach a file when reporting it 100% done.',
  },
  PARPLAN_FILE_TYPE: { status: 422, vi: 'Tài liệu kiểm chứng phải là PDF, ảnh JPG/PNG, Word (.docx) hoặc Excel (.xlsx).', en: 'Evidence must be a PDF, a JPG/PNG image, a Word (.docx) or an Excel (.xlsx) file.' },
});
