import type { Catalog } from '../../core/i18n.ts';

export const ratingsMessages: Catalog = {
  vi: {
    'ratings.title': 'Đánh giá việc giải quyết hồ sơ',
    'ratings.pageTitle': 'Đánh giá hồ sơ {code}',
    'ratings.intro': 'Ý kiến của ông/bà giúp cơ quan cải thiện chất lượng phục vụ. Mỗi hồ sơ được đánh giá một lần.',
    'ratings.comment': 'Ý kiến khác (không bắt buộc)',
    'ratings.commentHint': 'Tối đa 2.000 ký tự.',
    'ratings.submit': 'Gửi đánh giá',
    'ratings.done': 'Cảm ơn ông/bà đã đánh giá. Điểm: {score}/{max}.',
    'ratings.back': 'Quay lại hồ sơ',
  },
  en: {
    'ratings.title': 'Rate how the dossier was handled',
    'ratings.pageTitle': 'Rate dossier {code}',
    'ratings.intro': 'Your opinion helps the agency improve its service. Each dossier is rated once.',
    'ratings.comment': 'Other comments (optional)',
    'ratings.commentHint': 'At most 2,000 characters.',
    'ratings.submit': 'Send the rating',
    'ratings.done': 'Thank you for your rating. Score: {score}/{max}.',
    'ratings.back': 'Back to the dossier',
  },
};
