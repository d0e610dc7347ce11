import { defineErrors } from '../../core/errors.ts';

defineErrors({
  RATING_NOT_YET: {
    status: 409,
    vi: 'Chỉ có thể đánh giá sau khi hồ sơ có kết quả giải quyết.',
    en: 'A dossier can be rated only once its result is ready.',
  },
  RATING_EXISTS: { status: 409, vi: 'Hồ sơ này đã được đánh giá.', en: 'This dossier has already been rated.' },
  RATING_ANSWER_REQUIRED: { status: 422, vi: 'Vui lòng chọn một câu trả lời.', en: 'Please choose an answer.' },
  RATING_ANSWER_INVALID: { status: 422, vi: 'Câu trả lời không thuộc các lựa chọn của câu hỏi này.', en: 'This answer is not one of the question’s options.' },
  RATING_COMMENT_TOO_LONG: { status: 422, vi: 'Ý kiến dài tối đa {max} ký tự.', en: 'A comment has at most {max} characters.' },
});
