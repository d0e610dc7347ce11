// Synthetic catalogs for benchmarks: `generateProcedures(10_000)` gives ten thousand realistic, varied
// procedures in the interchange format. Pure and deterministic: a seeded PRNG (mulberry32), no Math.random,
// no clock. Names are composed from real verb phrases × objects × qualifiers of the culture, sports and
// tourism sector, so that a search such as "dang ky quyen tac gia" hits a realistic fraction of them.
import type { CatalogExchange, DocumentExchange, ProcedureExchange } from '../../modules/catalog/catalog.exchange.ts';
import { foldVietnamese } from '../../core/text.ts';
import { DEMO_AGENCIES } from '../agencies.ts';
import { fields } from './fields.ts';
import { LAW } from './legal.ts';
import { DEMO_CATALOG } from './index.ts';
import { online, type OnlineLevel, steps as stepsOf, places as placesOf, type Office } from './helpers.ts';
import { seededRandom } from '../../core/random.ts';

type Scope = 'central' | 'province' | 'district' | 'commune';
type Audience = ProcedureExchange['audience'];
type TimeLimit = ProcedureExchange['timeLimit'];

interface Head {
  /** Beginning of the name, with its verb: "Cấp lại Giấy chứng nhận đăng ký quyền tác giả". */
  text: string;
  /** What the applicant receives. */
  result: string;
}

interface Item {
  heads: Head[];
  /** Appended to the head ('' = none). */
  qualifiers: string[];
  scopes: Scope[];
  audience: Audience[];
}

interface Group {
  field: string;
  law: string[];
  fees: Array<[string, number]>;
  items: Item[];
}

const C: Audience = ['citizen'];
const O: Audience = ['organisation'];
const B: Audience = ['citizen', 'organisation'];

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** verbs × objects: "Cấp" × "giấy phép X" → head "Cấp giấy phép X", result "Giấy phép X". */
function cross(verbs: string[], objects: string[]): Head[] {
  const heads: Head[] = [];
  for (const object of objects) {
    for (const verb of verbs) {
      const result =
        verb === 'Thu hồi' ? `Quyết định thu hồi ${object}` :
        verb === 'Hủy bỏ hiệu lực' ? `Quyết định hủy bỏ hiệu lực ${object}` :
        verb === 'Cấp' ? capitalise(object) : `${capitalise(object)} (${verb.toLowerCase()})`;
      heads.push({ text: `${verb} ${object}`, result });
    }
  }
  return heads;
}

function heads(texts: string[], result: string): Head[] {
  return texts.map((text) => ({ text, result }));
}

const GROUPS: Group[] = [
  {
    field: 'ban-quyen-tac-gia',
    law: [LAW.shtt, LAW.nd17_2023, LAW.tt211_2016],
    fees: [['Lệ phí cấp Giấy chứng nhận đối với tác phẩm viết, âm nhạc, nhiếp ảnh', 100_000], ['Lệ phí cấp Giấy chứng nhận đối với chương trình máy tính, sưu tập dữ liệu', 600_000], ['Lệ phí cấp Giấy chứng nhận đối với bản ghi âm, ghi hình', 200_000]],
    items: [
      {
        heads: [...cross(['Cấp', 'Cấp lại', 'Cấp đổi'], ['Giấy chứng nhận đăng ký quyền tác giả']), ...cross(['Hủy bỏ hiệu lực'], ['Giấy chứng nhận đăng ký quyền tác giả'])],
        qualifiers: ['', 'đối với tác phẩm văn học, khoa học', 'đối với chương trình máy tính', 'đối với tác phẩm âm nhạc', 'đối với tác phẩm mỹ thuật ứng dụng', 'đối với tác phẩm nhiếp ảnh', 'đối với tác phẩm điện ảnh', 'đối với tác phẩm kiến trúc', 'đối với tác phẩm báo chí'],
        scopes: ['central'], audience: [B, C, O],
      },
      {
        heads: cross(['Cấp', 'Cấp lại', 'Cấp đổi'], ['Giấy chứng nhận đăng ký quyền liên quan']),
        qualifiers: ['', 'đối với cuộc biểu diễn', 'đối với bản ghi âm, ghi hình', 'đối với chương trình phát sóng'],
        scopes: ['central'], audience: [B, O],
      },
      {
        heads: cross(['Cấp', 'Cấp lại', 'Thu hồi'], ['Thẻ giám định viên quyền tác giả, quyền liên quan', 'Giấy chứng nhận tổ chức giám định quyền tác giả, quyền liên quan']),
        qualifiers: [''], scopes: ['central'], audience: [C, O],
      },
    ],
  },
  {
    field: 'nghe-thuat-bieu-dien',
    law: [LAW.nd144_2020, LAW.tt288_2016],
    fees: [['Phí thẩm định chương trình có độ dài đến 50 phút', 1_500_000], ['Phí thẩm định chương trình có độ dài từ 51 đến 100 phút', 2_000_000]],
    items: [
      {
        heads: heads(['Tổ chức biểu diễn nghệ thuật', 'Tổ chức cuộc thi, liên hoan các loại hình nghệ thuật biểu diễn'], 'Văn bản chấp thuận'),
        qualifiers: ['', 'trên địa bàn quản lý', 'có yếu tố nước ngoài', 'trong khuôn khổ hợp tác quốc tế', 'phục vụ nhiệm vụ chính trị'],
        scopes: ['central', 'province'], audience: [B, O],
      },
      { heads: heads(['Thông báo tổ chức biểu diễn nghệ thuật'], 'Xác nhận tiếp nhận thông báo'), qualifiers: ['', 'tại cơ sở lưu trú du lịch, nhà hàng', 'phục vụ nhiệm vụ chính trị'], scopes: ['province', 'district'], audience: [B] },
      { heads: heads(['Tổ chức cuộc thi người đẹp, người mẫu'], 'Văn bản chấp thuận tổ chức cuộc thi'), qualifiers: ['', 'trên phạm vi toàn quốc', 'trên địa bàn tỉnh'], scopes: ['province'], audience: [O] },
    ],
  },
  {
    field: 'dien-anh',
    law: [LAW.dienAnh, LAW.nd131_2022],
    fees: [['Phí thẩm định và phân loại phim truyện thương mại có độ dài đến 100 phút', 3_600_000], ['Phí thẩm định và phân loại phim ngắn thương mại có độ dài đến 60 phút', 2_200_000]],
    items: [
      { heads: cross(['Cấp', 'Cấp lại'], ['Giấy phép phân loại phim']), qualifiers: ['', 'đối với phim truyện', 'đối với phim tài liệu', 'đối với phim hoạt hình', 'để phổ biến trên không gian mạng'], scopes: ['central', 'province'], audience: [O] },
      { heads: cross(['Cấp', 'Cấp lại'], ['giấy phép cung cấp dịch vụ sản xuất phim']), qualifiers: ['cho tổ chức nước ngoài', 'cho tổ chức nước ngoài quay phim tại Việt Nam'], scopes: ['central'], audience: [O] },
      { heads: heads(['Tổ chức liên hoan phim, giải thưởng, cuộc thi phim, tuần phim'], 'Văn bản chấp thuận'), qualifiers: ['tại Việt Nam', 'trên địa bàn tỉnh'], scopes: ['central', 'province'], audience: [O] },
    ],
  },
  {
    field: 'di-san-van-hoa',
    law: [LAW.diSan],
    fees: [],
    items: [
      { heads: cross(['Cấp'], ['giấy phép xuất khẩu di vật, cổ vật']), qualifiers: ['', 'không thuộc sở hữu toàn dân, sở hữu của tổ chức chính trị, tổ chức chính trị - xã hội'], scopes: ['central'], audience: [B, C] },
      { heads: cross(['Cấp', 'Cấp lại'], ['giấy phép thăm dò, khai quật khảo cổ']), qualifiers: ['', 'khẩn cấp', 'cho tổ chức nước ngoài hợp tác với tổ chức Việt Nam'], scopes: ['central'], audience: [O] },
      { heads: cross(['Cấp', 'Cấp lại'], ['chứng chỉ hành nghề tu bổ di tích', 'chứng chỉ hành nghề mua bán di vật, cổ vật, bảo vật quốc gia', 'giấy phép hoạt động bảo tàng ngoài công lập', 'Giấy chứng nhận đăng ký di vật, cổ vật, bảo vật quốc gia']), qualifiers: ['', 'trong trường hợp bị mất, hư hỏng', 'trong trường hợp thay đổi thông tin'], scopes: ['province'], audience: [C, B] },
    ],
  },
  {
    field: 'my-thuat-nhiep-anh-trien-lam',
    law: [LAW.nd113_2013, LAW.nd72_2016, LAW.nd23_2019],
    fees: [],
    items: [
      { heads: heads(['Cấp giấy phép triển lãm mỹ thuật', 'Cấp giấy phép tổ chức triển lãm', 'Cấp giấy phép triển lãm tác phẩm nhiếp ảnh'], 'Giấy phép tổ chức triển lãm'), qualifiers: ['', 'không vì mục đích thương mại', 'do tổ chức nước ngoài đưa vào Việt Nam', 'do cơ quan, tổ chức, cá nhân tại địa phương đưa ra nước ngoài'], scopes: ['central', 'province'], audience: [B, O] },
      { heads: heads(['Thông báo tổ chức triển lãm'], 'Xác nhận tiếp nhận thông báo'), qualifiers: ['', 'tại Việt Nam', 'không vì mục đích thương mại'], scopes: ['province'], audience: [B] },
      { heads: heads(['Cấp giấy phép sao chép tác phẩm mỹ thuật về danh nhân văn hóa, anh hùng dân tộc, lãnh tụ', 'Cấp giấy phép xây dựng tượng đài, tranh hoành tráng', 'Cấp giấy phép tổ chức trại sáng tác điêu khắc'], 'Giấy phép'), qualifiers: [''], scopes: ['central', 'province'], audience: [B, O] },
    ],
  },
  {
    field: 'du-lich',
    law: [LAW.duLich, LAW.nd168_2017, LAW.nd94_2021, LAW.tt06_2017, LAW.tt33_2018],
    fees: [['Phí thẩm định cấp giấy phép kinh doanh dịch vụ lữ hành', 3_000_000], ['Phí thẩm định cấp thẻ hướng dẫn viên du lịch', 650_000], ['Phí thẩm định công nhận hạng 1 sao, 2 sao', 1_500_000]],
    items: [
      { heads: cross(['Cấp', 'Cấp đổi', 'Cấp lại', 'Thu hồi'], ['giấy phép kinh doanh dịch vụ lữ hành quốc tế']), qualifiers: ['', 'đối với doanh nghiệp có vốn đầu tư nước ngoài'], scopes: ['central'], audience: [O] },
      { heads: cross(['Cấp', 'Cấp đổi', 'Cấp lại', 'Thu hồi'], ['giấy phép kinh doanh dịch vụ lữ hành nội địa']), qualifiers: [''], scopes: ['province'], audience: [O] },
      { heads: cross(['Cấp', 'Cấp đổi', 'Cấp lại'], ['thẻ hướng dẫn viên du lịch quốc tế', 'thẻ hướng dẫn viên du lịch nội địa', 'thẻ hướng dẫn viên du lịch tại điểm']), qualifiers: [''], scopes: ['province'], audience: [C] },
      { heads: heads(['Công nhận hạng cơ sở lưu trú du lịch'], 'Quyết định công nhận hạng cơ sở lưu trú du lịch'), qualifiers: ['hạng 1 sao, 2 sao, 3 sao đối với khách sạn', 'hạng 4 sao, 5 sao đối với khách sạn', 'hạng 1 sao, 2 sao, 3 sao đối với biệt thự du lịch, căn hộ du lịch', 'hạng 4 sao, 5 sao đối với tàu thủy lưu trú du lịch', 'đạt tiêu chuẩn phục vụ khách du lịch đối với nhà nghỉ du lịch, nhà ở có phòng cho khách du lịch thuê'], scopes: ['central', 'province'], audience: [O] },
      { heads: heads(['Công nhận điểm du lịch', 'Công nhận khu du lịch cấp tỉnh', 'Công nhận cơ sở kinh doanh dịch vụ ăn uống, mua sắm đạt tiêu chuẩn phục vụ khách du lịch'], 'Quyết định công nhận'), qualifiers: [''], scopes: ['province'], audience: [O, B] },
    ],
  },
  {
    field: 'the-duc-the-thao',
    law: [LAW.theThao, LAW.nd36_2019, LAW.nd106_2016],
    fees: [['Phí thẩm định cấp Giấy chứng nhận đủ điều kiện kinh doanh hoạt động thể thao (01 môn)', 1_000_000], ['Phí thẩm định cấp lại Giấy chứng nhận', 200_000]],
    items: [
      { heads: cross(['Cấp', 'Cấp lại'], ['Giấy chứng nhận đủ điều kiện kinh doanh hoạt động thể thao']), qualifiers: ['', 'đối với môn Bơi, Lặn', 'đối với môn Võ cổ truyền, Vovinam', 'đối với môn Quần vợt', 'đối với môn Thể dục thể hình và Fitness', 'đối với môn Billiards & Snooker', 'đối với môn Yoga', 'đối với môn Golf', 'của câu lạc bộ thể thao chuyên nghiệp'], scopes: ['province'], audience: [O] },
      { heads: heads(['Đăng cai tổ chức giải thi đấu vô địch'], 'Văn bản chấp thuận đăng cai tổ chức giải'), qualifiers: ['từng môn thể thao của tỉnh', 'quốc gia từng môn thể thao', 'từng môn thể thao khu vực, châu lục và thế giới tại Việt Nam'], scopes: ['central', 'province'], audience: [O] },
      { heads: heads(['Phong đẳng cấp vận động viên'], 'Quyết định phong đẳng cấp'), qualifiers: ['Kiện tướng', 'cấp I', 'cấp II'], scopes: ['central', 'province'], audience: [C] },
    ],
  },
  {
    field: 'gia-dinh',
    law: [LAW.bltgd, LAW.nd76_2023],
    fees: [],
    items: [
      { heads: cross(['Cấp', 'Cấp lại', 'Đổi'], ['Giấy chứng nhận đăng ký hoạt động của cơ sở tư vấn về phòng, chống bạo lực gia đình', 'Giấy chứng nhận đăng ký hoạt động của cơ sở hỗ trợ nạn nhân bạo lực gia đình']), qualifiers: [''], scopes: ['central', 'province'], audience: [O] },
    ],
  },
  {
    field: 'van-hoa-co-so',
    law: [LAW.nd54_2019, LAW.nd148_2024, LAW.tt110_2025, LAW.leHoi, LAW.nd86_2023],
    fees: [['Phí thẩm định cấp Giấy phép đủ điều kiện kinh doanh dịch vụ karaoke (1.000.000 đồng/phòng)', 1_000_000], ['Phí thẩm định điều chỉnh Giấy phép trong trường hợp thay đổi chủ sở hữu', 500_000]],
    items: [
      { heads: heads(['Cấp Giấy phép đủ điều kiện kinh doanh dịch vụ karaoke', 'Cấp Giấy phép đủ điều kiện kinh doanh dịch vụ vũ trường'], 'Giấy phép đủ điều kiện kinh doanh'), qualifiers: [''], scopes: ['province'], audience: [B, O] },
      { heads: heads(['Cấp Giấy phép đủ điều kiện kinh doanh dịch vụ karaoke'], 'Giấy phép đủ điều kiện kinh doanh dịch vụ karaoke'), qualifiers: ['', '(do Ủy ban nhân dân cấp xã được phân cấp thực hiện)'], scopes: ['commune', 'district'], audience: [B] },
      { heads: heads(['Cấp Giấy phép điều chỉnh Giấy phép đủ điều kiện kinh doanh dịch vụ karaoke'], 'Giấy phép điều chỉnh'), qualifiers: ['trong trường hợp thay đổi chủ sở hữu', 'trong trường hợp tăng, giảm số phòng'], scopes: ['province', 'district'], audience: [B] },
      { heads: heads(['Đăng ký tổ chức lễ hội cấp tỉnh', 'Thông báo tổ chức lễ hội cấp tỉnh'], 'Văn bản chấp thuận hoặc xác nhận tiếp nhận thông báo'), qualifiers: ['', 'đối với lễ hội truyền thống lần đầu tổ chức', 'đối với lễ hội văn hóa, thể thao, du lịch'], scopes: ['province'], audience: [O, B] },
      { heads: heads(['Đăng ký tổ chức lễ hội cấp xã', 'Thông báo tổ chức lễ hội cấp xã'], 'Văn bản chấp thuận hoặc xác nhận tiếp nhận thông báo'), qualifiers: ['', 'đối với lễ hội truyền thống lần đầu tổ chức'], scopes: ['commune'], audience: [O, B] },
      { heads: heads(['Xét tặng danh hiệu “Gia đình văn hóa”', 'Xét tặng danh hiệu “Thôn, tổ dân phố văn hóa”', 'Xét tặng danh hiệu “Xã, phường, thị trấn tiêu biểu”'], 'Quyết định tặng danh hiệu'), qualifiers: [''], scopes: ['commune', 'district'], audience: [C] },
    ],
  },
  {
    field: 'thu-vien',
    law: [LAW.thuVien, LAW.nd93_2020],
    fees: [],
    items: [
      { heads: heads(['Thông báo thành lập thư viện', 'Thông báo sáp nhập, hợp nhất, chia, tách thư viện', 'Thông báo chấm dứt hoạt động thư viện'], 'Văn bản xác nhận tiếp nhận thông báo'), qualifiers: ['chuyên ngành ở cấp tỉnh', 'đại học là thư viện ngoài công lập', 'của tổ chức, cá nhân nước ngoài có phục vụ người Việt Nam'], scopes: ['province'], audience: [B, O] },
      { heads: heads(['Thông báo thành lập thư viện', 'Thông báo chấm dứt hoạt động thư viện'], 'Văn bản xác nhận tiếp nhận thông báo'), qualifiers: ['cộng đồng', 'tư nhân có phục vụ cộng đồng'], scopes: ['commune'], audience: [C, B] },
    ],
  },
  {
    field: 'quang-cao',
    law: [LAW.quangCao, LAW.nd181_2013],
    fees: [],
    items: [
      { heads: heads(['Tiếp nhận hồ sơ thông báo sản phẩm quảng cáo'], 'Văn bản xác nhận tiếp nhận thông báo'), qualifiers: ['trên bảng quảng cáo, băng-rôn', 'trên màn hình chuyên quảng cáo đặt ngoài trời', 'trên phương tiện giao thông'], scopes: ['province'], audience: [B] },
      { heads: heads(['Tiếp nhận hồ sơ thông báo tổ chức đoàn người thực hiện quảng cáo'], 'Văn bản xác nhận tiếp nhận thông báo'), qualifiers: [''], scopes: ['province'], audience: [B] },
      { heads: cross(['Cấp', 'Cấp lại', 'Điều chỉnh'], ['giấy phép thành lập Văn phòng đại diện của doanh nghiệp quảng cáo nước ngoài tại Việt Nam']), qualifiers: [''], scopes: ['province'], audience: [O] },
    ],
  },
];

const BUREAU_BY_FIELD: Record<string, string> = {
  'ban-quyen-tac-gia': '000.00.12.G14',
  'nghe-thuat-bieu-dien': '000.00.13.G14',
  'dien-anh': '000.00.14.G14',
  'di-san-van-hoa': '000.00.15.G14',
  'my-thuat-nhiep-anh-trien-lam': '000.00.16.G14',
  'du-lich': '000.00.17.G14',
  'the-duc-the-thao': '000.00.18.G14',
  'gia-dinh': '000.00.19.G14',
};
const AGENCY_BY_SCOPE: Record<Exclude<Scope, 'central'>, string> = {
  province: '000.20.00.H59',
  district: 'H59.20.01',
  commune: 'H59.20.01.01',
};
const AGENCY_NAMES = new Map(DEMO_AGENCIES.map((a) => [a.code, a.name]));

function officeOf(agencyCode: string): Office {
  const name = AGENCY_NAMES.get(agencyCode) ?? agencyCode;
  if (agencyCode === '000.20.00.H59') {
    return { counter: 'Trung tâm Phục vụ hành chính công tỉnh Trà Vinh', handler: name, address: 'thành phố Trà Vinh, tỉnh Trà Vinh' };
  }
  if (agencyCode.endsWith('.G14')) return { counter: `Bộ phận Một cửa của ${name}`, handler: name, address: '51 Ngô Quyền, phường Hoàn Kiếm, Hà Nội' };
  return { counter: `Bộ phận Một cửa của ${name}`, handler: name, address: 'tỉnh Trà Vinh' };
}

const TIME_LIMITS: TimeLimit[] = [
  { value: 3, unit: 'working_days' }, { value: 5, unit: 'working_days' }, { value: 7, unit: 'working_days' },
  { value: 10, unit: 'working_days' }, { value: 12, unit: 'working_days' }, { value: 15, unit: 'working_days' },
  { value: 20, unit: 'working_days' }, { value: 30, unit: 'working_days' }, { value: 4, unit: 'half_days' },
  { value: 6, unit: 'half_days' }, { value: 8, unit: 'hours' }, { value: 16, unit: 'hours' },
  { value: 4, unit: 'hours', sameDay: true, note: 'Trả kết quả trong ngày làm việc.' },
];

const REVIEWS = [
  'thẩm định hồ sơ, đối chiếu với điều kiện theo quy định và trình lãnh đạo có thẩm quyền ký kết quả.',
  'thẩm định hồ sơ, kiểm tra thực tế tại cơ sở khi cần thiết và trình lãnh đạo ký kết quả.',
  'xem xét hồ sơ, lấy ý kiến các cơ quan liên quan trong trường hợp cần thiết và trình lãnh đạo phê duyệt.',
  'kiểm tra thông tin trên cơ sở dữ liệu chuyên ngành, đối chiếu hồ sơ và trình lãnh đạo ký kết quả.',
];

const EXTRA_DOCS: DocumentExchange[] = [
  { name: 'Giấy chứng nhận đăng ký doanh nghiệp hoặc quyết định thành lập tổ chức', copies: 1, originalKind: 'certified_copy' },
  { name: 'Giấy ủy quyền, nếu người nộp hồ sơ là người được ủy quyền', copies: 1, originalKind: 'original_or_certified' },
  { name: 'Giấy tờ chứng minh nội dung thay đổi', copies: 1, originalKind: 'copy' },
  { name: 'Bản thuyết minh, danh mục kèm theo hồ sơ', copies: 1, originalKind: 'original' },
  { name: '02 ảnh màu cỡ 3 x 4 cm', copies: 2, originalKind: 'original' },
  { name: 'Văn bằng, chứng chỉ chuyên môn của người phụ trách', copies: 1, originalKind: 'certified_copy' },
];


const CODE_SPACE = 2_000_000; // codes 1.000000 … 2.999999

/** `count` synthetic procedures (deterministic for a given seed), with the demo fields. */
export function generateProcedures(count: number, seed = 1): CatalogExchange {
  if (!Number.isInteger(count) || count < 0) throw new RangeError('count must be a non-negative integer');
  const reserved = new Set(DEMO_CATALOG.procedures.map((p) => p.code));
  if (count > CODE_SPACE - reserved.size) throw new RangeError(`count must be at most ${CODE_SPACE - reserved.size}`);
  const random = seededRandom(seed);
  const int = (n: number) => Math.floor(random() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)]!;

  // Codes: a full-period walk over the code space (stride coprime with 2·10⁶), skipping the demo codes.
  let cursor = int(CODE_SPACE);
  let stride = 1 + 2 * int(500_000);
  while (stride % 5 === 0) stride += 2;
  const nextCode = (): string => {
    for (;;) {
      const n = 1_000_000 + cursor;
      cursor = (cursor + stride) % CODE_SPACE;
      const code = `${Math.floor(n / 1_000_000)}.${String(n % 1_000_000).padStart(6, '0')}`;
      if (!reserved.has(code)) return code;
    }
  };

  const slugs = new Map<string, string>();
  const slug = (text: string): string => {
    let s = slugs.get(text);
    if (s === undefined) {
      s = foldVietnamese(text).replace(/[^a-z0-9]+/g, '-').slice(0, 80).replace(/^-+|-+$/g, '');
      slugs.set(text, s);
    }
    return s;
  };

  const procedures: ProcedureExchange[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const group = pick(GROUPS);
    const item = pick(group.items);
    const head = pick(item.heads);
    const qualifier = pick(item.qualifiers);
    const scope = pick(item.scopes);
    const agencyCode = scope === 'central' ? BUREAU_BY_FIELD[group.field] ?? '000.00.00.G14' : AGENCY_BY_SCOPE[scope];
    const office = officeOf(agencyCode);
    const roll = random();
    const level: OnlineLevel = roll < 0.12 ? 1 : roll < 0.35 ? 2 : roll < 0.65 ? 3 : 4;
    const name = qualifier ? `${head.text} ${qualifier}` : head.text;
    const formNumber = String(1 + int(9)).padStart(2, '0');
    const documents: DocumentExchange[] = [
      {
        name: `Đơn đề nghị ${head.text.charAt(0).toLowerCase()}${head.text.slice(1)} (Mẫu số ${formNumber})`,
        copies: 1,
        originalKind: 'original',
        templateName: `mau-${formNumber}-${slug(head.text)}.docx`,
      },
    ];
    const extra = 1 + int(4);
    const offset = int(EXTRA_DOCS.length);
    for (let k = 0; k < extra; k++) documents.push({ ...EXTRA_DOCS[(offset + k) % EXTRA_DOCS.length]! });
    const fees = group.fees.length > 0 && random() < 0.7
      ? group.fees.slice(0, 1 + int(group.fees.length)).map(([description, amountVnd]) => ({ description, amountVnd }))
      : [];
    const procedure: ProcedureExchange = {
      code: nextCode(),
      name,
      agencyCode,
      fieldCode: group.field,
      authorityLevel: scope,
      audience: [...pick(item.audience)],
      ...online(level, level < 4 && random() < 0.3),
      steps: stepsOf(office, level, `${office.handler} ${pick(REVIEWS)}`, `Trả ${head.result.charAt(0).toLowerCase()}${head.result.slice(1)}`),
      documents,
      timeLimit: { ...pick(TIME_LIMITS) },
      fees,
      legalBasis: group.law.slice(0, 1 + int(group.law.length)),
      resultType: head.result,
      submissionPlaces: placesOf(office, level),
    };
    if (random() < 0.4) {
      procedure.effectiveFrom = `${2018 + int(9)}-${String(1 + int(12)).padStart(2, '0')}-${String(1 + int(28)).padStart(2, '0')}`;
    }
    procedures[i] = procedure;
  }
  return { format: 'opendvc-catalog', version: 1, fields: fields.map((f) => ({ ...f })), procedures };
}
