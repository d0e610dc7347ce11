import { defineErrors } from '../../core/errors.ts';

defineErrors({
  RESULT_NOT_READY: {
    status: 409,
    vi: 'Chỉ cấp kết quả điện tử cho hồ sơ đang giải quyết hoặc đã có kết quả.',
    en: 'An electronic result can be issued only for a dossier being handled or resolved.',
  },
  RESULT_SIGNATURE_INVALID: {
    status: 422,
    vi: 'Chữ ký số của tệp kết quả không hợp lệ: tệp đã bị sửa sau khi ký, hoặc không có chữ ký.',
    en: 'The result file’s digital signature is not valid: the file was changed after signing, or it is not signed.',
  },
  RESULT_SIGNER_UNTRUSTED: {
    status: 422,
    vi: 'Chứng thư số của người ký không thuộc tổ chức cung cấp dịch vụ chứng thực được tin cậy, hoặc đã hết hạn.',
    en: 'The signer’s certificate is not issued by a trusted certification authority, or has expired.',
  },
  RESULT_REVOKED: { status: 409, vi: 'Kết quả này đã bị thu hồi.', en: 'This result has already been revoked.' },
});
