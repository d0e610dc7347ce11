// Demo e-forms of the ministry's procedures (Bộ Văn hóa, Thể thao và Du lịch): the questions of the official
// forms the procedures cite (Nghị định 17/2023, 144/2020, 131/2022, 76/2023; Thông tư 06/2017 …), each with one
// filled example of its own questions (test/http/demo-eforms.test.ts saves and submits it).
import {
  address, choice, date, type DemoEform, DOCUMENT_NUMBER, eform, en, group, hint, ID_OR_PASSPORT, integer, longText, mergeUi, number, patterned, PHONE, text, TIME_OF_DAY,
} from './common.ts';

const C = ['citizen'] as const;
const O = ['organisation'] as const;
const B = ['citizen', 'organisation'] as const;

// ---------------------------------------------------------------------------------------------
// Copyright: Thẻ giám định viên (Nghị định 17/2023/NĐ-CP, Mẫu số 05)
// ---------------------------------------------------------------------------------------------

const assessorCard = {
  dateOfBirth: date('Ngày sinh'),
  qualification: choice('Trình độ chuyên môn', [['dai-hoc', 'Đại học', 'University degree'], ['thac-si', 'Thạc sĩ', 'Master\'s degree'], ['tien-si', 'Tiến sĩ', 'Doctorate']]),
  major: text('Chuyên ngành đào tạo', 200),
  assessmentField: choice('Lĩnh vực đề nghị giám định', [
    ['van-hoc-khoa-hoc', 'Quyền tác giả đối với tác phẩm văn học, khoa học', 'Copyright in literary and scientific works'],
    ['am-nhac-san-khau', 'Quyền tác giả đối với tác phẩm âm nhạc, sân khấu', 'Copyright in musical and stage works'],
    ['my-thuat-nhiep-anh', 'Quyền tác giả đối với tác phẩm mỹ thuật, nhiếp ảnh, kiến trúc', 'Copyright in fine art, photographic and architectural works'],
    ['dien-anh', 'Quyền tác giả đối với tác phẩm điện ảnh', 'Copyright in cinematographic works'],
    ['may-tinh', 'Quyền tác giả đối với chương trình máy tính, sưu tập dữ liệu', 'Copyright in computer programs and data compilations'],
    ['quyen-lien-quan', 'Quyền liên quan', 'Related rights'],
  ]),
  yearsOfPractice: integer('Số năm công tác thực tế trong lĩnh vực đề nghị giám định', 0, 60),
  examCertificate: patterned('Số Giấy chứng nhận kết quả kiểm tra nghiệp vụ giám định', DOCUMENT_NUMBER),
  workplace: text('Nơi công tác hiện nay', 300),
};

// ---------------------------------------------------------------------------------------------
// Performing arts (Nghị định 144/2020/NĐ-CP): Mẫu số 01 (biểu diễn), Mẫu số 02 (cuộc thi, liên hoan)
// ---------------------------------------------------------------------------------------------

/** Mẫu số 01: the programme, when and where, who is responsible, who performs. */
export const performanceQuestions = {
  programmeName: text('Tên chương trình biểu diễn', 300),
  artForm: choice('Loại hình nghệ thuật biểu diễn', [['am-nhac', 'Âm nhạc', 'Music'], ['mua', 'Múa', 'Dance'], ['san-khau', 'Sân khấu', 'Theatre'], ['thoi-trang', 'Trình diễn thời trang', 'Fashion show'], ['tong-hop', 'Tổng hợp, nhiều loại hình', 'Mixed, several forms']]),
  startDate: date('Thời gian biểu diễn: từ ngày'),
  endDate: date('Đến ngày'),
  startTime: patterned('Giờ bắt đầu', TIME_OF_DAY),
  venue: text('Địa điểm biểu diễn (tên nhà hát, sân khấu)', 300),
  venueAddress: address('Địa chỉ địa điểm biểu diễn'),
  responsiblePerson: text('Người chịu trách nhiệm chính về nội dung chương trình', 200),
  performers: group('Danh sách người biểu diễn', {
    name: text('Họ và tên (nghệ danh)', 200),
    role: text('Vai trò, tiết mục', 200),
    nationality: text('Quốc tịch', 100),
  }, ['name', 'nationality'], { min: 1, max: 100 }),
};
export const performanceLabels = {
  programmeName: 'Programme', artForm: 'Art form', startDate: 'From', endDate: 'To', startTime: 'Starting time', venue: 'Venue',
  venueAddress: 'Venue address', responsiblePerson: 'Person responsible for the content', performers: 'Performers',
  'performers.name': 'Name (stage name)', 'performers.role': 'Role, act', 'performers.nationality': 'Nationality',
};
export const performanceUi = mergeUi(en(performanceLabels, performanceQuestions), {
  venueAddress: hint('Theo đơn vị hành chính mới (từ 1/7/2025).', 'Administrative units since 1 July 2025.'),
  performers: hint('Mỗi người biểu diễn một dòng; với đoàn nghệ thuật, ghi tên đoàn và trưởng đoàn.', 'One row per performer; for a troupe, its name and leader.'),
});
export const performanceExample = {
  programmeName: 'Đêm nhạc "Giai điệu quê hương"',
  artForm: 'am-nhac',
  startDate: '2027-03-20',
  endDate: '2027-03-21',
  startTime: '19:30',
  venue: 'Nhà hát Lớn Hà Nội',
  venueAddress: { province: 'Thành phố Hà Nội', commune: 'Phường Hoàn Kiếm', street: 'Số 1 Tràng Tiền' },
  responsiblePerson: 'Trần Văn Hùng',
  performers: [
    { name: 'Nguyễn Thị Mai', role: 'Ca sĩ, tiết mục 1 và 4', nationality: 'Việt Nam' },
    { name: 'Kim Ji-won', role: 'Nghệ sĩ dương cầm', nationality: 'Hàn Quốc' },
  ],
};

const contest = {
  eventName: text('Tên cuộc thi, liên hoan', 300),
  eventKind: choice('Hình thức', [['cuoc-thi', 'Cuộc thi', 'Contest'], ['lien-hoan', 'Liên hoan', 'Festival']]),
  scope: choice('Phạm vi tổ chức', [['toan-quoc', 'Toàn quốc', 'Nationwide'], ['quoc-te', 'Quốc tế', 'International']]),
  artForm: performanceQuestions.artForm,
  startDate: date('Thời gian tổ chức: từ ngày'),
  endDate: date('Đến ngày'),
  venueAddress: address('Địa điểm tổ chức'),
  participants: integer('Số lượng thí sinh, đơn vị dự kiến tham gia', 1, 10_000),
  prizes: longText('Cơ cấu giải thưởng', 2000),
};

// ---------------------------------------------------------------------------------------------
// Cinema (Luật Điện ảnh 2022, Nghị định 131/2022/NĐ-CP)
// ---------------------------------------------------------------------------------------------

const filmClassification = {
  filmTitle: text('Tên phim tiếng Việt', 300),
  originalTitle: text('Tên phim gốc (phim nước ngoài)', 300),
  genre: choice('Thể loại phim', [['truyen', 'Phim truyện', 'Feature film'], ['tai-lieu', 'Phim tài liệu', 'Documentary film'], ['khoa-hoc', 'Phim khoa học', 'Science film'], ['hoat-hinh', 'Phim hoạt hình', 'Animated film']]),
  country: text('Nước sản xuất', 100),
  producer: text('Hãng sản xuất', 300),
  director: text('Đạo diễn', 200),
  productionYear: integer('Năm sản xuất', 1900, 2100),
  durationMinutes: integer('Thời lượng (phút)', 1, 1000),
  format: choice('Định dạng', [['dcp', 'DCP (chiếu rạp)', 'DCP (cinema)'], ['file-so', 'Tệp số (phổ biến trên không gian mạng)', 'Digital file (online distribution)'], ['bang-dia', 'Băng, đĩa', 'Tape, disc']]),
  proposedRating: choice('Mức phân loại đề nghị', [
    ['P', 'P: được phổ biến đến người xem ở mọi độ tuổi', 'P: for viewers of all ages'],
    ['K', 'K: dưới 13 tuổi xem cùng cha mẹ, người giám hộ', 'K: under 13 with a parent or guardian'],
    ['T13', 'T13: từ đủ 13 tuổi trở lên', 'T13: aged 13 and over'],
    ['T16', 'T16: từ đủ 16 tuổi trở lên', 'T16: aged 16 and over'],
    ['T18', 'T18: từ đủ 18 tuổi trở lên', 'T18: aged 18 and over'],
    ['C', 'C: không được phép phổ biến', 'C: not allowed for distribution'],
  ]),
  synopsis: longText('Tóm tắt nội dung phim', 3000),
};

const filmService = {
  filmTitle: text('Tên phim (dự kiến)', 300),
  foreignPartner: text('Tên tổ chức nước ngoài đặt hàng dịch vụ', 300),
  partnerCountry: text('Quốc tịch của tổ chức nước ngoài', 100),
  startDate: date('Thời gian sản xuất tại Việt Nam: từ ngày'),
  endDate: date('Đến ngày'),
  foreignCrew: integer('Số người nước ngoài vào Việt Nam làm phim', 0, 1000),
  locations: group('Địa điểm quay phim', {
    province: text('Tỉnh, thành phố', 100),
    place: text('Địa điểm cụ thể', 300),
    days: integer('Số ngày quay', 1, 365),
  }, ['province', 'place'], { min: 1, max: 50 }),
};

// ---------------------------------------------------------------------------------------------
// Heritage, fine arts
// ---------------------------------------------------------------------------------------------

const antiquityExport = {
  purpose: choice('Mục đích xuất khẩu', [['trung-bay', 'Trưng bày, triển lãm ở nước ngoài', 'Display, exhibition abroad'], ['nghien-cuu', 'Nghiên cứu', 'Research'], ['bao-quan', 'Bảo quản, tu sửa', 'Conservation, restoration'], ['mua-ban', 'Mua bán, trao đổi', 'Sale, exchange']]),
  destinationCountry: text('Nước đến', 100),
  borderGate: text('Cửa khẩu xuất', 200),
  exportDate: date('Ngày dự kiến xuất khẩu'),
  items: group('Danh mục di vật, cổ vật đề nghị xuất khẩu', {
    name: text('Tên hiện vật', 200),
    material: text('Chất liệu', 100),
    period: text('Niên đại', 100),
    size: text('Kích thước (cm)', 100),
    quantity: integer('Số lượng', 1, 1000),
    registrationNo: patterned('Số Giấy chứng nhận đăng ký', DOCUMENT_NUMBER),
  }, ['name', 'material', 'period', 'quantity', 'registrationNo'], { min: 1, max: 100 }),
};

const artExhibition = {
  exhibitionName: text('Tên triển lãm', 300),
  theme: text('Chủ đề, nội dung triển lãm', 500),
  startDate: date('Thời gian triển lãm: từ ngày'),
  endDate: date('Đến ngày'),
  venue: text('Địa điểm triển lãm (tên nhà triển lãm, bảo tàng)', 300),
  venueAddress: address('Địa chỉ địa điểm triển lãm'),
  artworkCount: integer('Tổng số tác phẩm', 1, 5000),
  artists: group('Danh sách tác giả', {
    name: text('Họ và tên tác giả', 200),
    artworks: integer('Số tác phẩm', 1, 1000),
    nationality: text('Quốc tịch', 100),
  }, ['name', 'artworks'], { min: 1, max: 100 }),
};

const artCopy = {
  artworkTitle: text('Tên tác phẩm gốc', 300),
  artist: text('Tác giả tác phẩm gốc', 200),
  subject: text('Danh nhân, anh hùng dân tộc, lãnh tụ được thể hiện', 200),
  material: text('Chất liệu bản sao', 100),
  size: text('Kích thước bản sao (cm)', 100),
  copies: integer('Số lượng bản sao', 1, 1000),
  purpose: text('Mục đích sao chép', 300),
  placement: address('Nơi đặt tác phẩm sao chép'),
};

// ---------------------------------------------------------------------------------------------
// Tourism: Giấy phép kinh doanh dịch vụ lữ hành (Thông tư 06/2017/TT-BVHTTDL, Mẫu số 02)
// ---------------------------------------------------------------------------------------------

/** Mẫu số 02: the enterprise, the deposit, the person in charge of the travel business. */
export function travelLicence(international: boolean) {
  return {
    englishName: text('Tên doanh nghiệp viết bằng tiếng nước ngoài', 300),
    registrationDate: date('Ngày cấp Giấy chứng nhận đăng ký doanh nghiệp'),
    ...(international ? { markets: choice('Phạm vi kinh doanh', [['inbound', 'Khách du lịch quốc tế đến Việt Nam', 'International tourists to Viet Nam'], ['outbound', 'Khách du lịch ra nước ngoài', 'Tourists travelling abroad'], ['ca-hai', 'Cả hai', 'Both']]) } : {}),
    depositAmount: integer('Số tiền ký quỹ (đồng)', international ? 100_000_000 : 20_000_000, 10_000_000_000),
    depositBank: text('Ngân hàng nhận ký quỹ', 200),
    depositCertificate: patterned('Số Giấy chứng nhận ký quỹ', DOCUMENT_NUMBER),
    manager: text('Họ và tên người phụ trách kinh doanh dịch vụ lữ hành', 200),
    managerQualification: choice('Điều kiện chuyên môn của người phụ trách', [
      ['chuyen-nganh', 'Tốt nghiệp cao đẳng trở lên chuyên ngành về lữ hành', 'College degree or higher in travel services'],
      ['nghiep-vu', 'Tốt nghiệp cao đẳng trở lên ngành khác và có chứng chỉ nghiệp vụ điều hành du lịch', 'College degree or higher in another field, with a tour operation certificate'],
    ]),
  };
}
export const travelLabels = {
  englishName: 'Name in a foreign language', registrationDate: 'Date of the enterprise registration certificate', markets: 'Markets',
  depositAmount: 'Deposit (VND)', depositBank: 'Bank holding the deposit', depositCertificate: 'Deposit certificate number',
  manager: 'Person in charge of travel services', managerQualification: 'Qualification of that person',
};
export function travelExample(international: boolean) {
  return {
    englishName: 'Mekong Heritage Travel Company Limited',
    registrationDate: '2019-04-15',
    ...(international ? { markets: 'ca-hai' } : {}),
    depositAmount: international ? 500_000_000 : 100_000_000,
    depositBank: 'Ngân hàng TMCP Ngoại thương Việt Nam, Chi nhánh Trà Vinh',
    depositCertificate: 'KQ-2026/0153',
    manager: 'Lâm Thị Thu Hà',
    managerQualification: 'nghiep-vu',
  };
}

// ---------------------------------------------------------------------------------------------
// Sport, family
// ---------------------------------------------------------------------------------------------

const athleteRank = {
  dateOfBirth: date('Ngày sinh'),
  gender: choice('Giới tính', [['nam', 'Nam', 'Male'], ['nu', 'Nữ', 'Female']]),
  sport: text('Môn thể thao', 100),
  event: text('Nội dung thi đấu', 200),
  rank: choice('Đẳng cấp đề nghị phong', [['kien-tuong', 'Kiện tướng', 'Master'], ['cap-1', 'Vận động viên cấp I', 'First-class athlete']]),
  competition: text('Giải thi đấu đạt thành tích', 300),
  competitionDate: date('Ngày thi đấu'),
  achievement: text('Thành tích (thứ hạng, kết quả)', 200),
  team: text('Đơn vị (đội tuyển, câu lạc bộ, tỉnh, ngành)', 200),
};

const championship = {
  tournamentName: text('Tên giải', 300),
  sport: text('Môn thể thao', 100),
  level: choice('Cấp độ giải', [['khu-vuc', 'Khu vực (Đông Nam Á)', 'Regional (Southeast Asia)'], ['chau-luc', 'Châu lục (châu Á)', 'Continental (Asia)'], ['the-gioi', 'Thế giới', 'World']]),
  startDate: date('Thời gian tổ chức: từ ngày'),
  endDate: date('Đến ngày'),
  venueAddress: address('Địa điểm tổ chức'),
  countries: integer('Số quốc gia, vùng lãnh thổ dự kiến tham dự', 2, 250),
  athletes: integer('Số vận động viên dự kiến', 1, 20_000),
  budget: number('Dự toán kinh phí (triệu đồng)', 0, 10_000_000),
};

const counsellingCentre = {
  centreName: text('Tên cơ sở tư vấn', 300),
  centreAddress: address('Địa chỉ trụ sở của cơ sở'),
  centrePhone: patterned('Số điện thoại của cơ sở', PHONE),
  head: text('Họ và tên người đứng đầu cơ sở', 200),
  headId: patterned('Số CCCD hoặc hộ chiếu của người đứng đầu', ID_OR_PASSPORT),
  counsellors: group('Người làm công tác tư vấn', {
    name: text('Họ và tên', 200),
    qualification: text('Văn bằng, chứng chỉ', 300),
  }, ['name', 'qualification'], { min: 1, max: 50 }),
  services: longText('Nội dung hoạt động tư vấn', 2000),
};

export const ministryEforms: DemoEform[] = [
  {
    code: '1.001829',
    form: eform({
      title: 'Tờ khai yêu cầu cấp Thẻ giám định viên quyền tác giả, quyền liên quan (Mẫu số 05, Nghị định số 17/2023/NĐ-CP)',
      audience: [...C], properties: assessorCard,
      required: ['dateOfBirth', 'qualification', 'major', 'assessmentField', 'yearsOfPractice', 'examCertificate'],
      ui: mergeUi(
        en({ dateOfBirth: 'Date of birth', qualification: 'Degree', major: 'Field of study', assessmentField: 'Field of assessment', yearsOfPractice: 'Years of practice in that field', examCertificate: 'Assessment examination certificate number', workplace: 'Current workplace' }, assessorCard),
        { dateOfBirth: { prefill: 'dateOfBirth' }, yearsOfPractice: hint('Tối thiểu 5 năm (Điều 201 Luật Sở hữu trí tuệ).', 'At least five years.') },
      ),
    }),
    example: { dateOfBirth: '1982-09-03', qualification: 'thac-si', major: 'Luật sở hữu trí tuệ', assessmentField: 'am-nhac-san-khau', yearsOfPractice: 8, examCertificate: '27/GCN-BQTG', workplace: 'Trung tâm Giám định quyền tác giả Việt Nam' },
  },
  {
    code: '1.009018',
    form: eform({
      title: 'Văn bản đề nghị tổ chức biểu diễn nghệ thuật (Mẫu số 01, Nghị định số 144/2020/NĐ-CP)',
      audience: [...O], properties: performanceQuestions,
      required: ['programmeName', 'artForm', 'startDate', 'endDate', 'venue', 'venueAddress', 'responsiblePerson', 'performers'],
      ui: performanceUi,
    }),
    example: performanceExample,
  },
  {
    code: '1.009019',
    form: eform({
      title: 'Văn bản đề nghị tổ chức cuộc thi, liên hoan (Mẫu số 02, Nghị định số 144/2020/NĐ-CP)',
      audience: [...O], properties: contest,
      required: ['eventName', 'eventKind', 'scope', 'artForm', 'startDate', 'endDate', 'venueAddress', 'participants'],
      ui: en({ eventName: 'Contest or festival', eventKind: 'Kind', scope: 'Scope', artForm: 'Art form', startDate: 'From', endDate: 'To', venueAddress: 'Venue', participants: 'Expected participants', prizes: 'Prizes' }, contest),
    }),
    example: { eventName: 'Liên hoan Sân khấu kịch nói toàn quốc 2027', eventKind: 'lien-hoan', scope: 'toan-quoc', artForm: 'san-khau', startDate: '2027-09-01', endDate: '2027-09-20', venueAddress: { province: 'Thành phố Hải Phòng', commune: 'Phường Hồng Bàng' }, participants: 45, prizes: 'Huy chương Vàng, Huy chương Bạc cho vở diễn; giải cá nhân cho diễn viên, đạo diễn.' },
  },
  {
    code: '1.011450',
    form: eform({
      title: 'Đơn đề nghị cấp Giấy phép phân loại phim (Mẫu số 01, Nghị định số 131/2022/NĐ-CP)',
      audience: [...O], properties: filmClassification,
      required: ['filmTitle', 'genre', 'country', 'producer', 'director', 'productionYear', 'durationMinutes', 'format', 'proposedRating', 'synopsis'],
      ui: mergeUi(
        en({ filmTitle: 'Vietnamese title', originalTitle: 'Original title', genre: 'Genre', country: 'Country of production', producer: 'Production company', director: 'Director', productionYear: 'Year of production', durationMinutes: 'Running time (minutes)', format: 'Format', proposedRating: 'Proposed rating', synopsis: 'Synopsis' }, filmClassification),
        { originalTitle: hint('Chỉ ghi với phim nước ngoài.', 'Foreign films only.') },
      ),
    }),
    example: { filmTitle: 'Mùa nước nổi', genre: 'truyen', country: 'Việt Nam', producer: 'Công ty TNHH Phim Cửu Long', director: 'Thạch Sô Phi', productionYear: 2026, durationMinutes: 104, format: 'dcp', proposedRating: 'T13', synopsis: 'Một gia đình ở miền Tây vượt qua mùa lũ cùng những người hàng xóm.' },
  },
  {
    code: '1.011451',
    form: eform({
      title: 'Đơn đề nghị cấp giấy phép cung cấp dịch vụ sản xuất phim cho tổ chức nước ngoài (Mẫu số 02, Nghị định số 131/2022/NĐ-CP)',
      audience: [...O], properties: filmService,
      required: ['filmTitle', 'foreignPartner', 'partnerCountry', 'startDate', 'endDate', 'foreignCrew', 'locations'],
      ui: en({ filmTitle: 'Film (working title)', foreignPartner: 'Foreign client', partnerCountry: 'Its nationality', startDate: 'Filming in Viet Nam from', endDate: 'To', foreignCrew: 'Foreign crew entering Viet Nam', locations: 'Filming locations', 'locations.province': 'Province', 'locations.place': 'Place', 'locations.days': 'Days of filming' }, filmService),
    }),
    example: { filmTitle: 'Rivers of the South', foreignPartner: 'Blue Delta Pictures Ltd.', partnerCountry: 'Vương quốc Anh', startDate: '2027-01-10', endDate: '2027-02-28', foreignCrew: 23, locations: [{ province: 'Tỉnh Vĩnh Long', place: 'Cồn Chim, xã Hòa Minh', days: 12 }, { province: 'Thành phố Cần Thơ', place: 'Chợ nổi Cái Răng', days: 5 }] },
  },
  {
    code: '1.003838',
    form: eform({
      title: 'Đơn đề nghị cấp giấy phép xuất khẩu di vật, cổ vật (Mẫu số 01)',
      audience: [...B], properties: antiquityExport,
      required: ['purpose', 'destinationCountry', 'borderGate', 'items'],
      ui: en({ purpose: 'Purpose', destinationCountry: 'Country of destination', borderGate: 'Border gate', exportDate: 'Planned date of export', items: 'Relics and antiquities', 'items.name': 'Object', 'items.material': 'Material', 'items.period': 'Period', 'items.size': 'Size (cm)', 'items.quantity': 'Quantity', 'items.registrationNo': 'Registration certificate number' }, antiquityExport),
    }),
    example: { purpose: 'trung-bay', destinationCountry: 'Nhật Bản', borderGate: 'Cảng hàng không quốc tế Nội Bài', exportDate: '2027-05-02', items: [{ name: 'Bình gốm men lam', material: 'Gốm', period: 'Thế kỷ XV', size: '32 x 18', quantity: 1, registrationNo: '112/GCN-DVCV' }] },
  },
  {
    code: '1.001123',
    form: eform({
      title: 'Đơn đề nghị cấp giấy phép triển lãm mỹ thuật (Mẫu số 01)',
      audience: [...B], properties: artExhibition,
      required: ['exhibitionName', 'theme', 'startDate', 'endDate', 'venue', 'venueAddress', 'artworkCount', 'artists'],
      ui: en({ exhibitionName: 'Exhibition', theme: 'Theme and content', startDate: 'From', endDate: 'To', venue: 'Venue', venueAddress: 'Venue address', artworkCount: 'Number of works', artists: 'Artists', 'artists.name': 'Artist', 'artists.artworks': 'Works', 'artists.nationality': 'Nationality' }, artExhibition),
    }),
    example: { exhibitionName: 'Sắc màu sông nước', theme: 'Tranh sơn dầu, sơn mài về vùng đồng bằng sông Cửu Long', startDate: '2027-04-05', endDate: '2027-04-15', venue: 'Bảo tàng Mỹ thuật Việt Nam', venueAddress: { province: 'Thành phố Hà Nội', commune: 'Phường Ba Đình', street: '66 Nguyễn Thái Học' }, artworkCount: 42, artists: [{ name: 'Lê Văn Tâm', artworks: 30, nationality: 'Việt Nam' }, { name: 'Sơn Thị Ngọc', artworks: 12 }] },
  },
  {
    code: '1.001124',
    form: eform({
      title: 'Đơn đề nghị cấp giấy phép sao chép tác phẩm mỹ thuật về danh nhân văn hóa, anh hùng dân tộc, lãnh tụ (Mẫu số 02)',
      audience: [...B], properties: artCopy,
      required: ['artworkTitle', 'artist', 'subject', 'material', 'size', 'copies', 'purpose', 'placement'],
      ui: en({ artworkTitle: 'Original work', artist: 'Its artist', subject: 'Person depicted', material: 'Material of the copy', size: 'Size of the copy (cm)', copies: 'Number of copies', purpose: 'Purpose', placement: 'Where the copy will stand' }, artCopy),
    }),
    example: { artworkTitle: 'Chân dung Chủ tịch Hồ Chí Minh', artist: 'Nguyễn Văn Đức', subject: 'Chủ tịch Hồ Chí Minh', material: 'Đồng', size: '120 x 80', copies: 2, purpose: 'Trưng bày tại nhà văn hóa', placement: { province: 'Tỉnh Vĩnh Long', commune: 'Phường Trà Vinh' } },
  },
  {
    code: '1.004628',
    form: eform({
      title: 'Đơn đề nghị cấp giấy phép kinh doanh dịch vụ lữ hành quốc tế (Mẫu số 02, Thông tư số 06/2017/TT-BVHTTDL)',
      audience: [...O], properties: travelLicence(true),
      required: ['registrationDate', 'markets', 'depositAmount', 'depositBank', 'depositCertificate', 'manager', 'managerQualification'],
      ui: mergeUi(en(travelLabels, travelLicence(true)), { depositAmount: hint('Tối thiểu 100 triệu đồng (khách quốc tế đến Việt Nam) hoặc 500 triệu đồng (khách ra nước ngoài).', 'At least VND 100 million (inbound) or 500 million (outbound).') }),
    }),
    example: travelExample(true),
  },
  {
    code: '1.001003',
    form: eform({
      title: 'Văn bản đề nghị phong đẳng cấp vận động viên Kiện tướng, vận động viên cấp I',
      audience: [...C], properties: athleteRank,
      required: ['dateOfBirth', 'gender', 'sport', 'event', 'rank', 'competition', 'competitionDate', 'achievement', 'team'],
      ui: mergeUi(
        en({ dateOfBirth: 'Date of birth', gender: 'Sex', sport: 'Sport', event: 'Event', rank: 'Rank applied for', competition: 'Competition', competitionDate: 'Date of the competition', achievement: 'Result', team: 'Team, club or province' }, athleteRank),
        { dateOfBirth: { prefill: 'dateOfBirth' } },
      ),
    }),
    example: { dateOfBirth: '2003-02-14', gender: 'nu', sport: 'Điền kinh', event: 'Chạy 400 m', rank: 'kien-tuong', competition: 'Giải Vô địch Điền kinh quốc gia 2026', competitionDate: '2026-10-18', achievement: 'Huy chương Vàng, 52 giây 31', team: 'Đội tuyển Điền kinh tỉnh Vĩnh Long' },
  },
  {
    code: '1.001001',
    form: eform({
      title: 'Văn bản đề nghị đăng cai tổ chức giải thi đấu vô địch từng môn thể thao khu vực, châu lục và thế giới',
      audience: [...O], properties: championship,
      required: ['tournamentName', 'sport', 'level', 'startDate', 'endDate', 'venueAddress', 'countries', 'athletes'],
      ui: en({ tournamentName: 'Championship', sport: 'Sport', level: 'Level', startDate: 'From', endDate: 'To', venueAddress: 'Venue', countries: 'Countries expected', athletes: 'Athletes expected', budget: 'Budget (VND million)' }, championship),
    }),
    example: { tournamentName: 'Giải Vô địch Bóng bàn Đông Nam Á 2027', sport: 'Bóng bàn', level: 'khu-vuc', startDate: '2027-06-10', endDate: '2027-06-16', venueAddress: { province: 'Thành phố Đà Nẵng', commune: 'Phường Hải Châu' }, countries: 11, athletes: 160, budget: 4500 },
  },
  {
    code: '1.001450',
    form: eform({
      title: 'Đơn đề nghị cấp Giấy chứng nhận đăng ký hoạt động của cơ sở tư vấn về phòng, chống bạo lực gia đình (Mẫu số 01, Nghị định số 76/2023/NĐ-CP)',
      audience: [...O], properties: counsellingCentre,
      required: ['centreName', 'centreAddress', 'head', 'headId', 'counsellors', 'services'],
      ui: en({ centreName: 'Counselling centre', centreAddress: 'Its address', centrePhone: 'Its phone number', head: 'Head of the centre', headId: 'ID card or passport number of the head', counsellors: 'Counsellors', 'counsellors.name': 'Name', 'counsellors.qualification': 'Degree, certificate', services: 'Counselling services' }, counsellingCentre),
    }),
    example: { centreName: 'Trung tâm Tư vấn Gia đình Bình An', centreAddress: { province: 'Thành phố Hồ Chí Minh', commune: 'Phường Sài Gòn', street: '12 Lê Lợi' }, centrePhone: '02838221234', head: 'Phạm Thị Lan', headId: '079185004321', counsellors: [{ name: 'Đỗ Minh Khoa', qualification: 'Cử nhân Tâm lý học' }], services: 'Tư vấn tâm lý, pháp lý cho nạn nhân bạo lực gia đình; tư vấn hòa giải.' },
  },
];
