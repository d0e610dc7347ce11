// The people of the demo's year of history (src/seed/year.ts): generated citizens with plausible Vietnamese names
// and valid-looking 12-digit personal IDs, generated organisations with 10-digit tax codes, and a few officers for
// the demo agencies that have no demo staff. Pure: everything comes from the seeded random source.

export { seededRandom } from '../core/random.ts';

export type Random = () => number;

export function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

/** An integer in [min, max]. */
export function between(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

// The most common family names (Nguyễn alone is about 38%), weighted by repetition.
const FAMILY = ['Nguyễn', 'Nguyễn', 'Nguyễn', 'Nguyễn', 'Trần', 'Trần', 'Lê', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý', 'Thạch', 'Kim'];
const MIDDLE_MALE = ['Văn', 'Văn', 'Hữu', 'Đức', 'Minh', 'Quốc', 'Thanh', 'Công', 'Hoàng', 'Ngọc'];
const MIDDLE_FEMALE = ['Thị', 'Thị', 'Thị', 'Ngọc', 'Thu', 'Thanh', 'Minh', 'Mỹ', 'Kim', 'Phương'];
const GIVEN_MALE = ['An', 'Bình', 'Cường', 'Dũng', 'Duy', 'Hải', 'Hiếu', 'Hòa', 'Hùng', 'Huy', 'Khang', 'Khoa', 'Long', 'Lộc', 'Minh', 'Nam', 'Nghĩa', 'Phong', 'Phúc', 'Quân', 'Sơn', 'Tài', 'Thắng', 'Thành', 'Tiến', 'Trung', 'Tuấn', 'Việt', 'Vinh'];
const GIVEN_FEMALE = ['Anh', 'Chi', 'Dung', 'Giang', 'Hà', 'Hạnh', 'Hằng', 'Hoa', 'Hương', 'Lan', 'Linh', 'Loan', 'Mai', 'My', 'Nga', 'Ngân', 'Nhung', 'Oanh', 'Phương', 'Quyên', 'Tâm', 'Thảo', 'Thủy', 'Trang', 'Trinh', 'Uyên', 'Vân', 'Yến'];

/**
 * Province codes of the personal ID (the first three digits: Hà Nội 001, Hồ Chí Minh City 079, Trà Vinh 084,
 * Vĩnh Long 086, …), weighted towards the demo's two places: the capital (the ministry) and Trà Vinh.
 */
const ID_PROVINCES = ['001', '001', '001', '079', '079', '084', '084', '084', '086', '031', '048', '092', '038', '040', '094', '083'];
const STREETS = ['Nguyễn Du', 'Lê Lợi', 'Trần Hưng Đạo', 'Hai Bà Trưng', 'Lý Thường Kiệt', 'Nguyễn Thị Minh Khai', 'Điện Biên Phủ', 'Phạm Ngũ Lão', 'Nguyễn Đáng', 'Sơn Thông'];
const PLACES = ['phường Hoàn Kiếm, Hà Nội', 'phường Ba Đình, Hà Nội', 'phường Cầu Giấy, Hà Nội', 'phường Bến Thành, TP. Hồ Chí Minh', 'phường Trà Vinh, tỉnh Vĩnh Long', 'xã Càng Long, tỉnh Vĩnh Long', 'phường Long Châu, tỉnh Vĩnh Long', 'phường Hải Châu, TP. Đà Nẵng'];
const COMPANY_KIND = ['Công ty TNHH', 'Công ty TNHH', 'Công ty Cổ phần', 'Hợp tác xã', 'Doanh nghiệp tư nhân'];
const COMPANY_TRADE = ['Truyền thông', 'Nghệ thuật', 'Du lịch', 'Điện ảnh', 'Âm nhạc', 'Xuất bản', 'Quảng cáo', 'Sự kiện', 'Thể thao', 'Di sản'];
const COMPANY_NAME = ['Sen Việt', 'Hồng Hà', 'Mekong Xanh', 'Phương Nam', 'Trường Sơn', 'Ánh Dương', 'Cửu Long', 'Bình Minh', 'Đông Á', 'Hải Âu', 'Tràng An', 'Ao Bà Om'];

export interface Person {
  fullName: string;
  /** 12 digits: province (3), century and sex (1), year of birth (2), random (6). */
  personalId: string;
  dateOfBirth: string;
  phone: string;
  address: string;
}

export interface Company {
  name: string;
  /** 10 digits (the enterprise code). */
  taxCode: string;
  representative: Person;
  address: string;
}

export function person(random: Random): Person {
  const female = random() < 0.5;
  const fullName = `${pick(random, FAMILY)} ${pick(random, female ? MIDDLE_FEMALE : MIDDLE_MALE)} ${pick(random, female ? GIVEN_FEMALE : GIVEN_MALE)}`;
  const year = between(random, 1955, 2005);
  // Century-and-sex digit: 0/1 born in the 1900s (male/female), 2/3 in the 2000s.
  const centurySex = (year >= 2000 ? 2 : 0) + (female ? 1 : 0);
  const personalId = `${pick(random, ID_PROVINCES)}${centurySex}${String(year % 100).padStart(2, '0')}${String(between(random, 0, 999_999)).padStart(6, '0')}`;
  const month = between(random, 1, 12);
  const day = between(random, 1, 28);
  const phone = `0${pick(random, ['3', '5', '7', '8', '9'])}${String(between(random, 0, 99_999_999)).padStart(8, '0')}`;
  const address = `Số ${between(random, 1, 250)} ${pick(random, STREETS)}, ${pick(random, PLACES)}`;
  return { fullName, personalId, dateOfBirth: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`, phone, address };
}

export function company(random: Random): Company {
  const name = `${pick(random, COMPANY_KIND)} ${pick(random, COMPANY_TRADE)} ${pick(random, COMPANY_NAME)}`;
  const taxCode = `0${pick(random, ['1', '3', '2', '4'])}${String(between(random, 0, 99_999_999)).padStart(8, '0')}`;
  const representative = person(random);
  return { name, taxCode, representative, address: `Số ${between(random, 1, 250)} ${pick(random, STREETS)}, ${pick(random, PLACES)}` };
}

/** A few requests as applicants word them (the e-form's "Nội dung yêu cầu"). */
export const REQUESTS = [
  'Đề nghị cơ quan xem xét, giải quyết theo quy định.',
  'Kính đề nghị cấp giấy chứng nhận theo hồ sơ đính kèm.',
  'Đề nghị cấp phép cho chương trình biểu diễn nghệ thuật tại địa phương.',
  'Đăng ký cho tác phẩm âm nhạc mới sáng tác.',
  'Đề nghị công nhận và cấp giấy phép theo hồ sơ đã nộp.',
  'Xin cấp lại giấy phép do giấy phép cũ bị hư hỏng.',
];

/** Street lines of generated addresses (the e-forms' address widget, postal deliveries). */
export const STREET_LINES = ['Số 12 Nguyễn Du', 'Số 45 Lê Lợi', 'Số 8 Trần Hưng Đạo', 'Số 101 Hai Bà Trưng', 'Số 27 Lý Thường Kiệt', 'Ấp Phú Hòa', 'Khóm 3, đường Nguyễn Đáng'];
