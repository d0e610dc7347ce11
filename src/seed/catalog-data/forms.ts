// Stored e-forms of the demo catalog (catalog.eform.ts: JSON Schema subset + presentation hints).
import type { FormExchange } from '../../modules/catalog/catalog.exchange.ts';
import { PERSONAL_ID_PATTERN, PHONE_PATTERN, TAX_CODE_PATTERN } from '../../modules/dossiers/dossiers.rules.ts';

/**
 * 1.001823 Cấp Giấy chứng nhận đăng ký quyền tác giả: the applicant's details (prefilled from the profile,
 * the same questions as the generated form), the work, the author's residence as a Vietnamese address and
 * the co-authors as a repeatable group (name, ID number, nationality).
 */
export const COPYRIGHT_FORM: FormExchange = {
  schema: {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Tờ khai: Cấp Giấy chứng nhận đăng ký quyền tác giả',
    type: 'object',
    additionalProperties: false,
    required: ['fullName', 'phone', 'address', 'requestContent'],
    properties: {
      fullName: { type: 'string', title: 'Họ và tên', minLength: 1, maxLength: 200 },
      personalId: { type: 'string', title: 'Số định danh cá nhân', description: '12 chữ số', pattern: PERSONAL_ID_PATTERN },
      organisationName: { type: 'string', title: 'Tên tổ chức, doanh nghiệp', minLength: 1, maxLength: 300 },
      taxCode: { type: 'string', title: 'Mã số thuế', description: '10 hoặc 13 chữ số (dạng 0123456789-001)', pattern: TAX_CODE_PATTERN },
      phone: { type: 'string', title: 'Số điện thoại', pattern: PHONE_PATTERN },
      email: { type: 'string', title: 'Thư điện tử', format: 'email', maxLength: 254 },
      address: { type: 'string', title: 'Địa chỉ liên hệ', minLength: 1, maxLength: 500 },
      workTitle: { type: 'string', title: 'Tên tác phẩm', maxLength: 500 },
      workType: {
        type: 'string',
        title: 'Loại hình tác phẩm',
        enum: ['van-hoc', 'am-nhac', 'my-thuat', 'nhiep-anh', 'dien-anh', 'chuong-trinh-may-tinh', 'khac'],
        'x-enumNames': ['Tác phẩm văn học, khoa học', 'Tác phẩm âm nhạc', 'Tác phẩm mỹ thuật', 'Tác phẩm nhiếp ảnh', 'Tác phẩm điện ảnh', 'Chương trình máy tính', 'Loại hình khác'],
        'x-enumNames-en': ['Literary or scientific work', 'Musical work', 'Work of fine art', 'Photographic work', 'Cinematographic work', 'Computer program', 'Other type'],
      },
      publication: { type: 'string', title: 'Tình trạng công bố', enum: ['chua-cong-bo', 'da-cong-bo'], 'x-enumNames': ['Chưa công bố', 'Đã công bố'], 'x-enumNames-en': ['Unpublished', 'Published'] },
      residence: {
        type: 'object',
        title: 'Nơi cư trú của tác giả',
        properties: { province: { type: 'string' }, commune: { type: 'string' }, street: { type: 'string', maxLength: 300 } },
        required: ['province', 'commune'],
      },
      coAuthors: {
        type: 'array',
        title: 'Đồng tác giả',
        maxItems: 20,
        items: {
          type: 'object',
          required: ['name', 'idNumber', 'nationality'],
          properties: {
            name: { type: 'string', title: 'Họ và tên đồng tác giả', minLength: 1, maxLength: 200 },
            idNumber: { type: 'string', title: 'Số CCCD hoặc hộ chiếu', pattern: '^[0-9A-Z]{6,20}$' },
            nationality: { type: 'string', title: 'Quốc tịch', minLength: 1, maxLength: 100 },
          },
        },
      },
      requestContent: { type: 'string', title: 'Nội dung yêu cầu', minLength: 1, maxLength: 5000 },
    },
  },
  ui: {
    fullName: { label: { vi: 'Họ và tên', en: 'Full name' }, prefill: 'fullName' },
    personalId: { prefill: 'personalId' },
    organisationName: { prefill: 'organisationName' },
    taxCode: { prefill: 'taxCode' },
    phone: { label: { vi: 'Số điện thoại', en: 'Phone number' }, prefill: 'phone' },
    email: { prefill: 'email' },
    address: { prefill: 'address' },
    workTitle: { hint: { vi: 'Như ghi trên bản sao tác phẩm nộp kèm', en: 'As written on the copy of the work' } },
    residence: { hint: { vi: 'Theo đơn vị hành chính mới (từ 1/7/2025); bỏ trống nếu tác giả cư trú ở nước ngoài.', en: 'Administrative units since 1 July 2025; leave empty if the author lives abroad.' } },
    coAuthors: { hint: { vi: 'Bỏ trống nếu tác phẩm chỉ có một tác giả. Mỗi đồng tác giả một dòng.', en: 'Leave empty when the work has a single author. One row per co-author.' } },
    'coAuthors.nationality': { hint: { vi: 'Ví dụ: Việt Nam', en: 'For example: Viet Nam' } },
    requestContent: { widget: 'textarea', label: { vi: 'Nội dung yêu cầu', en: 'Request' }, hint: { vi: 'Tóm tắt nội dung tác phẩm và yêu cầu đăng ký.', en: 'A summary of the work and of the request.' } },
  },
};

/** A filled example of the copyright form's own questions (test/http/demo-eforms.test.ts saves and submits it). */
export const COPYRIGHT_EXAMPLE = {
  workTitle: 'Mùa thu Hà Nội',
  workType: 'am-nhac',
  publication: 'da-cong-bo',
  residence: { province: 'Thành phố Hà Nội', commune: 'Phường Hoàn Kiếm', street: 'Số 1 Tràng Tiền' },
  coAuthors: [{ name: 'Lê Văn Bình', idNumber: 'C1234567', nationality: 'Việt Nam' }],
  requestContent: 'Đăng ký quyền tác giả cho ca khúc "Mùa thu Hà Nội".',
};
