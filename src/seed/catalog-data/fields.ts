// Fields (lĩnh vực) of the demo catalog: culture, sports, tourism and family.
import type { FieldExchange } from '../../modules/catalog/catalog.exchange.ts';

export const fields: FieldExchange[] = [
  { code: 'ban-quyen-tac-gia', name: 'Bản quyền tác giả', nameEn: 'Copyright and related rights' },
  { code: 'nghe-thuat-bieu-dien', name: 'Nghệ thuật biểu diễn', nameEn: 'Performing arts' },
  { code: 'dien-anh', name: 'Điện ảnh', nameEn: 'Cinema' },
  { code: 'di-san-van-hoa', name: 'Di sản văn hóa', nameEn: 'Cultural heritage' },
  { code: 'my-thuat-nhiep-anh-trien-lam', name: 'Mỹ thuật, nhiếp ảnh và triển lãm', nameEn: 'Fine arts, photography and exhibitions' },
  { code: 'du-lich', name: 'Du lịch', nameEn: 'Tourism' },
  { code: 'the-duc-the-thao', name: 'Thể dục thể thao', nameEn: 'Physical training and sports' },
  { code: 'gia-dinh', name: 'Gia đình', nameEn: 'Family' },
  { code: 'van-hoa-co-so', name: 'Văn hóa cơ sở', nameEn: 'Grassroots culture' },
  { code: 'thu-vien', name: 'Thư viện', nameEn: 'Libraries' },
  { code: 'quang-cao', name: 'Quảng cáo', nameEn: 'Advertising' },
];

export const FIELD_CODES = new Set(fields.map((f) => f.code));
