// Vietnamese administrative units for the address widget of e-forms: the 34 provincial units in force since
// 1 July 2025 (Resolution 202/2025/QH15; two-level local government, no districts) and, for the demo, the
// communes (xã, phường) of Hà Nội and the wards of Vĩnh Long (which absorbed Trà Vinh and Bến Tre).
// The commune lists are NOT complete for the country: in production they must be loaded from the official
// registry of administrative units (Danh mục đơn vị hành chính, General Statistics Office). A commune outside
// these lists is accepted as typed (the form offers the known ones as suggestions).

export interface Province {
  /** Code of the General Statistics Office (the code of the province that kept its name). */
  code: string;
  name: string;
  kind: 'city' | 'province';
}

export const PROVINCES: readonly Province[] = [
  { code: '01', name: 'Thành phố Hà Nội', kind: 'city' },
  { code: '04', name: 'Tỉnh Cao Bằng', kind: 'province' },
  { code: '08', name: 'Tỉnh Tuyên Quang', kind: 'province' },
  { code: '11', name: 'Tỉnh Điện Biên', kind: 'province' },
  { code: '12', name: 'Tỉnh Lai Châu', kind: 'province' },
  { code: '14', name: 'Tỉnh Sơn La', kind: 'province' },
  { code: '15', name: 'Tỉnh Lào Cai', kind: 'province' },
  { code: '19', name: 'Tỉnh Thái Nguyên', kind: 'province' },
  { code: '20', name: 'Tỉnh Lạng Sơn', kind: 'province' },
  { code: '22', name: 'Tỉnh Quảng Ninh', kind: 'province' },
  { code: '24', name: 'Tỉnh Bắc Ninh', kind: 'province' },
  { code: '25', name: 'Tỉnh Phú Thọ', kind: 'province' },
  { code: '31', name: 'Thành phố Hải Phòng', kind: 'city' },
  { code: '33', name: 'Tỉnh Hưng Yên', kind: 'province' },
  { code: '37', name: 'Tỉnh Ninh Bình', kind: 'province' },
  { code: '38', name: 'Tỉnh Thanh Hóa', kind: 'province' },
  { code: '40', name: 'Tỉnh Nghệ An', kind: 'province' },
  { code: '42', name: 'Tỉnh Hà Tĩnh', kind: 'province' },
  { code: '44', name: 'Tỉnh Quảng Trị', kind: 'province' },
  { code: '46', name: 'Thành phố Huế', kind: 'city' },
  { code: '48', name: 'Thành phố Đà Nẵng', kind: 'city' },
  { code: '51', name: 'Tỉnh Quảng Ngãi', kind: 'province' },
  { code: '52', name: 'Tỉnh Gia Lai', kind: 'province' },
  { code: '56', name: 'Tỉnh Khánh Hòa', kind: 'province' },
  { code: '66', name: 'Tỉnh Đắk Lắk', kind: 'province' },
  { code: '68', name: 'Tỉnh Lâm Đồng', kind: 'province' },
  { code: '75', name: 'Tỉnh Đồng Nai', kind: 'province' },
  { code: '79', name: 'Thành phố Hồ Chí Minh', kind: 'city' },
  { code: '80', name: 'Tỉnh Tây Ninh', kind: 'province' },
  { code: '82', name: 'Tỉnh Đồng Tháp', kind: 'province' },
  { code: '86', name: 'Tỉnh Vĩnh Long', kind: 'province' },
  { code: '91', name: 'Tỉnh An Giang', kind: 'province' },
  { code: '92', name: 'Thành phố Cần Thơ', kind: 'city' },
  { code: '96', name: 'Tỉnh Cà Mau', kind: 'province' },
];

const phuong = (names: string[]) => names.map((n) => `Phường ${n}`);
const xa = (names: string[]) => names.map((n) => `Xã ${n}`);

/** Communes by province name (demo data; see the note at the top). */
export const COMMUNES: Readonly<Record<string, readonly string[]>> = {
  'Thành phố Hà Nội': [
    ...phuong([
      'Hoàn Kiếm', 'Cửa Nam', 'Ba Đình', 'Ngọc Hà', 'Giảng Võ', 'Hai Bà Trưng', 'Vĩnh Tuy', 'Bạch Mai', 'Đống Đa', 'Kim Liên',
      'Văn Miếu - Quốc Tử Giám', 'Láng', 'Ô Chợ Dừa', 'Hồng Hà', 'Lĩnh Nam', 'Hoàng Mai', 'Vĩnh Hưng', 'Tương Mai', 'Định Công', 'Hoàng Liệt',
      'Yên Sở', 'Thanh Xuân', 'Khương Đình', 'Phương Liệt', 'Cầu Giấy', 'Nghĩa Đô', 'Yên Hòa', 'Tây Hồ', 'Phú Thượng', 'Tây Tựu',
      'Phú Diễn', 'Xuân Đỉnh', 'Đông Ngạc', 'Thượng Cát', 'Từ Liêm', 'Xuân Phương', 'Tây Mỗ', 'Đại Mỗ', 'Long Biên', 'Bồ Đề',
      'Việt Hưng', 'Phúc Lợi', 'Hà Đông', 'Dương Nội', 'Yên Nghĩa', 'Phú Lương', 'Kiến Hưng', 'Thanh Liệt', 'Chương Mỹ', 'Sơn Tây',
      'Tùng Thiện',
    ]),
    ...xa([
      'Thanh Trì', 'Đại Thanh', 'Nam Phù', 'Ngọc Hồi', 'Thượng Phúc', 'Thường Tín', 'Chương Dương', 'Hồng Vân', 'Phú Xuyên', 'Phượng Dực',
      'Chuyên Mỹ', 'Đại Xuyên', 'Thanh Oai', 'Bình Minh', 'Tam Hưng', 'Dân Hòa', 'Vân Đình', 'Ứng Thiên', 'Hòa Xá', 'Ứng Hòa',
      'Mỹ Đức', 'Hồng Sơn', 'Phúc Sơn', 'Hương Sơn', 'Phú Nghĩa', 'Xuân Mai', 'Trần Phú', 'Hòa Phú', 'Quảng Bị', 'Minh Châu',
      'Quảng Oai', 'Vật Lại', 'Cổ Đô', 'Bất Bạt', 'Suối Hai', 'Ba Vì', 'Yên Bài', 'Đoài Phương', 'Phúc Thọ', 'Phúc Lộc',
      'Hát Môn', 'Thạch Thất', 'Hạ Bằng', 'Tây Phương', 'Hòa Lạc', 'Yên Xuân', 'Quốc Oai', 'Hưng Đạo', 'Kiều Phú', 'Phú Cát',
      'Hoài Đức', 'Dương Hòa', 'Sơn Đồng', 'An Khánh', 'Đan Phượng', 'Ô Diên', 'Liên Minh', 'Gia Lâm', 'Thuận An', 'Bát Tràng',
      'Phù Đổng', 'Thư Lâm', 'Đông Anh', 'Phúc Thịnh', 'Thiên Lộc', 'Vĩnh Thanh', 'Mê Linh', 'Yên Lãng', 'Tiến Thắng', 'Quang Minh',
      'Sóc Sơn', 'Đa Phúc', 'Nội Bài', 'Trung Giã', 'Kim Anh',
    ]),
  ],
  // Only the 19 wards; the province's communes (xã) must come from the official registry.
  'Tỉnh Vĩnh Long': phuong([
    'Thanh Đức', 'Long Châu', 'Phước Hậu', 'Tân Hạnh', 'Tân Ngãi', 'Bình Minh', 'Cái Vồn', 'Đông Thành', 'Trà Vinh', 'Long Đức',
    'Nguyệt Hóa', 'Hòa Thuận', 'Duyên Hải', 'Trường Long Hòa', 'An Hội', 'Phú Khương', 'Bến Tre', 'Sơn Đông', 'Phú Tân',
  ]),
};

export const PROVINCE_NAMES: readonly string[] = PROVINCES.map((p) => p.name);

/** The known communes of a province (empty when the demo data has none). */
export function communesOf(province: string | null | undefined): readonly string[] {
  return (province && COMMUNES[province]) || [];
}
