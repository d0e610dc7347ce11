import { defineErrors } from '../../core/errors.ts';

defineErrors({
  STORE_DOCUMENT_NOT_FOUND: {
    status: 422,
    vi: 'Không tìm thấy giấy tờ này trong kho giấy tờ của bạn.',
    en: 'This document is not in your document store.',
  },
  FILE_ALREADY_ATTACHED: {
    status: 409,
    vi: 'Tệp "{name}" đã được đính kèm cho thành phần hồ sơ này.',
    en: 'The file "{name}" is already attached to this document.',
  },
});
