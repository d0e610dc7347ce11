// Errors of the e-form builder's own checks (catalog.eform.builder.ts); the form it builds is then checked by
// validateFormDefinition, whose codes are in catalog.eform.errors.ts.
import { defineErrors } from '../../core/errors.ts';

defineErrors({
  EFORM_BUILDER_KEY_TAKEN: { status: 422, vi: 'Mã trường "{id}" đã dùng cho một trường khác; mỗi trường cần một mã riêng.', en: 'Field id "{id}" is already used by another field; every field needs its own id.' },
  EFORM_BUILDER_SECTION_EMPTY: { status: 422, vi: 'Tiêu đề phần phải có ít nhất một trường ngay sau nó.', en: 'A section heading needs at least one field right after it.' },
  EFORM_BUILDER_LOCKED_LOST: { status: 422, vi: 'Không đọc được nội dung của trường này (địa chỉ hoặc nhóm lặp); hãy tải lại trang hoặc sửa bằng trình soạn JSON nâng cao.', en: 'The content of this field (an address or a repeatable group) could not be read; reload the page or edit it in the advanced JSON editor.' },
});
