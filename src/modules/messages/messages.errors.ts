import { defineErrors } from '../../core/errors.ts';

defineErrors({
  MESSAGE_DRAFT: {
    status: 409,
    vi: 'Hồ sơ chưa được nộp nên chưa thể trao đổi với cơ quan giải quyết.',
    en: 'The dossier has not been submitted yet, so there is nobody to write to.',
  },
  MESSAGE_EMPTY: { status: 422, vi: 'Vui lòng nhập nội dung tin nhắn.', en: 'Please write a message.' },
  MESSAGE_TOO_LONG: { status: 422, vi: 'Tin nhắn dài tối đa {max} ký tự.', en: 'A message has at most {max} characters.' },
});
