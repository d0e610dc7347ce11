// Error codes of the national document exchange (edXML).
import { defineErrors } from '../../core/errors.ts';

defineErrors({
  DOCEXCHANGE_NOT_CONFIGURED: {
    status: 503,
    vi: 'Chưa cấu hình kết nối trục liên thông văn bản quốc gia (DOC_EXCHANGE_URL).',
    en: 'The national document exchange is not configured (DOC_EXCHANGE_URL).',
  },
  DOCEXCHANGE_PARTNER_EXISTS: {
    status: 409,
    vi: 'Đã có đối tác liên thông với mã định danh {organId}.',
    en: 'An exchange partner with the code {organId} already exists.',
  },
  DOCEXCHANGE_AGENCY_TAKEN: {
    status: 409,
    vi: 'Cơ quan này đã được gắn với một đối tác liên thông khác.',
    en: 'This agency is already linked to another exchange partner.',
  },
  DOCEXCHANGE_PUBLIC_KEY_INVALID: {
    status: 422,
    vi: 'Khóa công khai phải là khóa Ed25519 dạng PEM (BEGIN PUBLIC KEY).',
    en: 'The public key must be an Ed25519 key in PEM form (BEGIN PUBLIC KEY).',
  },
  DOCEXCHANGE_ORGAN_ID_INVALID: {
    status: 422,
    vi: 'Mã định danh cơ quan chỉ gồm chữ, số, dấu chấm, gạch ngang, gạch dưới (tối đa 64 ký tự).',
    en: 'The organisation code may contain letters, digits, dots, hyphens and underscores only (at most 64).',
  },
  DOCEXCHANGE_PARTNER_UNKNOWN: {
    status: 422,
    vi: 'Nơi nhận {organId} không phải là đối tác liên thông đang hoạt động.',
    en: 'The recipient {organId} is not an active exchange partner.',
  },
  DOCEXCHANGE_STEP_NOT_EXTERNAL: {
    status: 409,
    vi: 'Bước hiện tại của hồ sơ không thuộc cơ quan ngoài hệ thống, không gửi qua trục liên thông được.',
    en: 'The dossier\'s current step is not held by an agency outside the system; it cannot be sent through the exchange.',
  },
  DOCEXCHANGE_ALREADY_SENT: {
    status: 409,
    vi: 'Bước này của hồ sơ đã được gửi qua trục liên thông.',
    en: 'This step of the dossier has already been sent through the exchange.',
  },
  DOCEXCHANGE_REFUSED: {
    status: 422,
    vi: 'Trục liên thông văn bản từ chối gói tin: {reason}',
    en: 'The document exchange refused the package: {reason}',
  },
  DOCEXCHANGE_TOO_LARGE: {
    status: 413,
    vi: 'Gói tin vượt quá dung lượng cho phép của trục liên thông ({maxMb} MB).',
    en: 'The package exceeds the exchange\'s size limit ({maxMb} MB).',
  },
});
