// Errors of scan to open and the pickup counter (issue 20).
import { defineErrors } from '../../core/errors.ts';

defineErrors({
  FLOOR_SCAN_UNREADABLE: {
    status: 422,
    vi: 'Không đọc được mã hồ sơ từ mã vừa quét. Vui lòng quét lại hoặc nhập mã hồ sơ.',
    en: 'No dossier code could be read from the scan. Please scan again or type the dossier code.',
  },
  FLOOR_PICKUP_NOT_READY: {
    status: 409,
    vi: 'Hồ sơ chưa có kết quả chờ trả (hoặc đã trả kết quả).',
    en: 'The dossier has no result waiting to be handed over (or it has already been returned).',
  },
  FLOOR_PICKUP_IDENTITY_MISMATCH: {
    status: 422,
    vi: 'Số giấy tờ tùy thân không khớp với số của người nộp hồ sơ: không trả kết quả.',
    en: 'The identity document number does not match the applicant’s: the result is not handed over.',
  },
  FLOOR_PICKUP_ID_FORMAT: {
    status: 422,
    vi: 'Số giấy tờ tùy thân gồm từ 6 đến 20 chữ số hoặc chữ cái.',
    en: 'An identity document number has 6 to 20 digits or letters.',
  },
  FLOOR_PICKUP_IDENTITY_NOT_CHECKED: {
    status: 422,
    vi: 'Hãy xác nhận đã kiểm tra giấy tờ tùy thân của người nhận.',
    en: 'Confirm that the recipient’s identity document was checked.',
  },
});
