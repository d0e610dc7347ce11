// Demo e-forms of Sở Văn hóa, Thể thao và Du lịch tỉnh Trà Vinh and of the commune (Ủy ban nhân dân cấp xã): the
// questions of the official forms the procedures cite (Nghị định 54/2019, 110/2018, 144/2020, 36/2019, 23/2019;
// Thông tư 06/2017 …), each with one filled example of its own questions (test/http/demo-eforms.test.ts).
// The province merged into Tỉnh Vĩnh Long on 1 July 2025: addresses use the new administrative units.
import {
  address, choice, date, type DemoEform, DOCUMENT_NUMBER, eform, en, group, GUIDE_CARD, hint, integer, longText, mergeUi, number, patterned, text,
} from './common.ts';
import { performanceExample, performanceLabels, performanceQuestions, performanceUi, travelExample, travelLabels, travelLicence } from './ministry.ts';

const C = ['citizen'] as const;
const O = ['organisation'] as const;
const B = ['citizen', 'organisation'] as const;

const PROVINCE = 'Tỉnh Vĩnh Long';

// ---------------------------------------------------------------------------------------------
// Karaoke (Nghị định 54/2019/NĐ-CP): Mẫu số 01 (cấp), Mẫu số 03 (điều chỉnh)
// ---------------------------------------------------------------------------------------------

const rooms = group('Phòng hát', {
  roomName: text('Tên hoặc số phòng', 50),
  area: number('Diện tích sử dụng (m²)', 20, 1000),
}, ['roomName', 'area'], { min: 1, max: 100 });

const karaoke = {
  registrationNo: patterned('Số Giấy chứng nhận đăng ký doanh nghiệp hoặc hộ kinh doanh', { pattern: '^[0-9A-Z][0-9A-Z./-]{5,29}$', hint: 'Như ghi trên giấy chứng nhận, ví dụ 2100512345 hoặc 58A8001234' }),
  registrationDate: date('Ngày cấp'),
  registrationIssuer: text('Cơ quan cấp', 200),
  premises: address('Địa điểm kinh doanh'),
  rooms,
};
const karaokeLabels = {
  registrationNo: 'Business or household business registration number', registrationDate: 'Issued on', registrationIssuer: 'Issued by',
  premises: 'Business premises', rooms: 'Karaoke rooms', 'rooms.roomName': 'Room', 'rooms.area': 'Floor area (m²)',
};
const karaokeUi = mergeUi(en(karaokeLabels, karaoke), {
  rooms: hint('Mỗi phòng hát một dòng; diện tích sử dụng tối thiểu 20 m², không kể công trình phụ (Điều 4 Nghị định 54/2019/NĐ-CP).', 'One row per room; at least 20 m² each, excluding annexes.'),
  premises: hint('Theo đơn vị hành chính mới (từ 1/7/2025).', 'Administrative units since 1 July 2025.'),
});
const karaokeExample = {
  registrationNo: '58A8001234',
  registrationDate: '2024-11-20',
  registrationIssuer: 'Phòng Tài chính - Kế hoạch thành phố Trà Vinh',
  premises: { province: PROVINCE, commune: 'Phường Trà Vinh', street: 'Số 45 đường Phạm Thái Bường' },
  rooms: [{ roomName: 'Phòng 01', area: 24.5 }, { roomName: 'Phòng 02', area: 30 }],
};
const karaokeRequired = ['registrationNo', 'registrationDate', 'registrationIssuer', 'premises', 'rooms'];

const karaokeChange = {
  licenceNo: patterned('Số Giấy phép đủ điều kiện kinh doanh dịch vụ karaoke đã cấp', DOCUMENT_NUMBER),
  licenceDate: date('Ngày cấp giấy phép'),
  change: choice('Nội dung đề nghị điều chỉnh', [['tang-phong', 'Tăng số lượng phòng hát', 'More karaoke rooms'], ['giam-phong', 'Giảm số lượng phòng hát', 'Fewer karaoke rooms'], ['chu-so-huu', 'Thay đổi chủ sở hữu', 'Change of owner'], ['thong-tin', 'Thay đổi thông tin trên giấy phép', 'Change of the details on the licence']]),
  changeDetails: longText('Nội dung thay đổi cụ thể', 2000),
  rooms: group('Phòng hát sau khi điều chỉnh', (rooms.items as { properties: Record<string, unknown> }).properties, ['roomName', 'area'], { min: 1, max: 100 }),
};

// ---------------------------------------------------------------------------------------------
// Festivals (Nghị định 110/2018/NĐ-CP): Mẫu số 01 (đăng ký), Mẫu số 03 (thông báo)
// ---------------------------------------------------------------------------------------------

const festivalNotice = {
  festivalName: text('Tên lễ hội', 300),
  startDate: date('Thời gian tổ chức: từ ngày'),
  endDate: date('Đến ngày'),
  venue: address('Địa điểm tổ chức'),
  activities: group('Nội dung, chương trình lễ hội', {
    activity: text('Hoạt động (phần lễ, phần hội)', 300),
    day: date('Ngày'),
  }, ['activity'], { min: 1, max: 50 }),
  organiser: text('Trưởng Ban tổ chức', 200),
};
const festivalLabels = {
  festivalName: 'Festival', startDate: 'From', endDate: 'To', venue: 'Venue', activities: 'Programme', 'activities.activity': 'Ceremony or activity',
  'activities.day': 'Day', organiser: 'Head of the organising committee', necessity: 'Why the festival is held', scale: 'Scale', attendance: 'Expected attendance', security: 'Security, fire safety and hygiene arrangements',
};
const festivalRegistration = {
  festivalName: festivalNotice.festivalName,
  necessity: longText('Sự cần thiết tổ chức lễ hội', 2000),
  startDate: festivalNotice.startDate,
  endDate: festivalNotice.endDate,
  venue: festivalNotice.venue,
  scale: choice('Quy mô', [['cap-tinh', 'Cấp tỉnh', 'Province-wide'], ['lien-xa', 'Nhiều xã, phường', 'Several communes and wards'], ['mot-xa', 'Một xã, phường', 'One commune or ward']]),
  attendance: integer('Số người dự kiến tham gia', 1, 1_000_000),
  activities: festivalNotice.activities,
  organiser: festivalNotice.organiser,
  security: longText('Phương án bảo đảm an ninh, trật tự, phòng cháy, vệ sinh môi trường', 3000),
};
const okOmBokExample = {
  festivalName: 'Lễ hội Ok Om Bok',
  startDate: '2027-11-12',
  endDate: '2027-11-14',
  venue: { province: PROVINCE, commune: 'Phường Nguyệt Hóa', street: 'Khu di tích Ao Bà Om' },
  activities: [{ activity: 'Lễ cúng trăng', day: '2027-11-12' }, { activity: 'Đua ghe ngo trên sông Long Bình', day: '2027-11-13' }],
  organiser: 'Thạch Thị Sa Rây',
};

// ---------------------------------------------------------------------------------------------
// Performing arts notice (Mẫu số 03, Nghị định 144/2020), advertising, exhibitions abroad
// ---------------------------------------------------------------------------------------------

const performanceNotice = {
  programmeName: performanceQuestions.programmeName,
  artForm: performanceQuestions.artForm,
  startDate: performanceQuestions.startDate,
  endDate: performanceQuestions.endDate,
  venue: performanceQuestions.venue,
  venueAddress: performanceQuestions.venueAddress,
  responsiblePerson: performanceQuestions.responsiblePerson,
  works: group('Danh mục tác phẩm', {
    title: text('Tên tác phẩm', 300),
    author: text('Tác giả', 200),
  }, ['title', 'author'], { min: 1, max: 100 }),
};

const advertising = {
  productName: text('Tên sản phẩm, hàng hóa, dịch vụ được quảng cáo', 300),
  medium: choice('Phương tiện quảng cáo', [['bang', 'Bảng quảng cáo', 'Billboard'], ['bang-ron', 'Băng-rôn', 'Banner'], ['ca-hai', 'Bảng quảng cáo và băng-rôn', 'Billboard and banner']]),
  content: longText('Nội dung quảng cáo (lời văn trên ma-két)', 2000),
  startDate: date('Thời gian quảng cáo: từ ngày'),
  endDate: date('Đến ngày'),
  placements: group('Địa điểm quảng cáo', {
    commune: text('Xã, phường', 100),
    place: text('Vị trí (số nhà, đường, công trình)', 300),
    count: integer('Số lượng', 1, 1000),
    size: text('Kích thước (m)', 50),
  }, ['commune', 'place', 'count'], { min: 1, max: 100 }),
};

const exhibitionAbroad = {
  exhibitionName: text('Tên triển lãm', 300),
  content: longText('Nội dung, chủ đề triển lãm', 2000),
  country: text('Nước tổ chức triển lãm', 100),
  city: text('Thành phố, địa điểm', 200),
  partner: text('Đối tác nước ngoài', 300),
  startDate: date('Thời gian triển lãm: từ ngày'),
  endDate: date('Đến ngày'),
  exhibitCount: integer('Số lượng tác phẩm, hiện vật', 1, 5000),
};

// ---------------------------------------------------------------------------------------------
// Tourism: tourist guide cards (Mẫu số 12), accommodation ranking (Mẫu số 06) — Thông tư 06/2017/TT-BVHTTDL
// ---------------------------------------------------------------------------------------------

function guideCard(kind: 'quoc-te' | 'noi-dia' | 'tai-diem') {
  return {
    dateOfBirth: date('Ngày sinh'),
    gender: choice('Giới tính', [['nam', 'Nam', 'Male'], ['nu', 'Nữ', 'Female']]),
    ethnicity: text('Dân tộc', 50),
    residence: address('Nơi thường trú'),
    ...(kind === 'quoc-te'
      ? {
          language: choice('Ngoại ngữ đăng ký hành nghề', [['en', 'Tiếng Anh', 'English'], ['fr', 'Tiếng Pháp', 'French'], ['zh', 'Tiếng Trung Quốc', 'Chinese'], ['ja', 'Tiếng Nhật', 'Japanese'], ['ko', 'Tiếng Hàn Quốc', 'Korean'], ['de', 'Tiếng Đức', 'German'], ['ru', 'Tiếng Nga', 'Russian'], ['th', 'Tiếng Thái', 'Thai'], ['khac', 'Ngoại ngữ khác', 'Another foreign language']]),
          languageProof: choice('Giấy tờ chứng minh ngoại ngữ', [['bang-dai-hoc', 'Bằng cao đẳng trở lên chuyên ngành ngoại ngữ', 'College degree or higher in the foreign language'], ['hoc-nuoc-ngoai', 'Bằng cao đẳng trở lên học bằng ngoại ngữ đó', 'College degree or higher taught in that language'], ['chung-chi', 'Chứng chỉ ngoại ngữ bậc 4 (B2) trở lên', 'Language certificate, level 4 (B2) or higher']]),
        }
      : {}),
    training: kind === 'tai-diem'
      ? text('Số Giấy chứng nhận đạt yêu cầu kiểm tra nghiệp vụ hướng dẫn du lịch tại điểm', 100)
      : text('Bằng tốt nghiệp chuyên ngành hướng dẫn du lịch hoặc chứng chỉ nghiệp vụ (số, nơi cấp)', 300),
    ...(kind === 'tai-diem' ? { site: text('Khu du lịch, điểm du lịch đăng ký hành nghề', 300) } : {}),
    previousCard: patterned('Số thẻ hướng dẫn viên đã được cấp (nếu có)', GUIDE_CARD),
  };
}
const guideLabels = {
  dateOfBirth: 'Date of birth', gender: 'Sex', ethnicity: 'Ethnic group', residence: 'Permanent residence', language: 'Working language',
  languageProof: 'Proof of the language', training: 'Guide training (degree or certificate)', site: 'Tourist site', previousCard: 'Previous guide card number',
};
function guideForm(code: string, kind: 'quoc-te' | 'noi-dia' | 'tai-diem', name: string): DemoEform {
  const properties = guideCard(kind);
  const required = ['dateOfBirth', 'gender', 'residence', 'training', ...(kind === 'quoc-te' ? ['language', 'languageProof'] : []), ...(kind === 'tai-diem' ? ['site'] : [])];
  return {
    code,
    form: eform({
      title: `Đơn đề nghị cấp thẻ hướng dẫn viên du lịch ${name} (Mẫu số 12, Thông tư số 06/2017/TT-BVHTTDL)`,
      audience: [...C], properties, required,
      ui: mergeUi(en(guideLabels, properties), { dateOfBirth: { prefill: 'dateOfBirth' }, previousCard: hint('Bỏ trống nếu đề nghị cấp lần đầu.', 'Leave empty when applying for the first time.') }),
    }),
    example: {
      dateOfBirth: '1995-07-21',
      gender: 'nam',
      ethnicity: 'Khmer',
      residence: { province: PROVINCE, commune: 'Xã Cầu Kè', street: 'Ấp Trà Kháo' },
      ...(kind === 'quoc-te' ? { language: 'en', languageProof: 'chung-chi' } : {}),
      training: kind === 'tai-diem' ? '05/GCN-SVHTTDL' : 'Chứng chỉ nghiệp vụ hướng dẫn du lịch số 123/2024, Trường Cao đẳng Du lịch Cần Thơ',
      ...(kind === 'tai-diem' ? { site: 'Khu di tích Ao Bà Om' } : {}),
    },
  };
}

const accommodation = {
  establishmentName: text('Tên cơ sở lưu trú du lịch', 300),
  kind: choice('Loại cơ sở lưu trú', [['khach-san', 'Khách sạn', 'Hotel'], ['biet-thu', 'Biệt thự du lịch', 'Tourist villa'], ['can-ho', 'Căn hộ du lịch', 'Tourist apartment'], ['tau-thuy', 'Tàu thủy lưu trú du lịch', 'Tourist accommodation ship']]),
  rank: choice('Hạng đề nghị công nhận', [['1-sao', '1 sao', '1 star'], ['2-sao', '2 sao', '2 stars'], ['3-sao', '3 sao', '3 stars']]),
  establishmentAddress: address('Địa chỉ cơ sở lưu trú'),
  rooms: integer('Tổng số buồng', 1, 5000),
  beds: integer('Tổng số giường', 1, 10_000),
  openedOn: date('Ngày bắt đầu kinh doanh'),
  manager: text('Họ và tên người quản lý cơ sở', 200),
};

// ---------------------------------------------------------------------------------------------
// Sport (Nghị định 36/2019/NĐ-CP, Mẫu số 02)
// ---------------------------------------------------------------------------------------------

const sportBusiness = {
  representativeTitle: text('Chức danh người đại diện theo pháp luật', 100),
  premises: address('Địa điểm kinh doanh hoạt động thể thao'),
  activities: group('Hoạt động thể thao kinh doanh', {
    sport: text('Môn thể thao', 100),
    facility: text('Cơ sở vật chất (sân, bể, phòng tập)', 300),
  }, ['sport', 'facility'], { min: 1, max: 30 }),
  instructors: integer('Số người hướng dẫn tập luyện thể thao', 0, 1000),
  lifeguards: integer('Số nhân viên cứu hộ (môn bơi, lặn)', 0, 1000),
  medical: choice('Nhân viên y tế', [['co', 'Có nhân viên y tế thường trực', 'Medical staff on duty'], ['hop-dong', 'Có hợp đồng với cơ sở y tế', 'Contract with a health facility'], ['khong-yeu-cau', 'Môn thể thao không yêu cầu', 'Not required for this sport']]),
};

// Counter-only procedures (levels 1–2): the receptionist fills the same e-form at intake.

/** Mẫu số 02, Nghị định 54/2019/NĐ-CP: dance halls of at least 80 m² each. */
const danceHall = {
  registrationNo: karaoke.registrationNo,
  registrationDate: karaoke.registrationDate,
  registrationIssuer: karaoke.registrationIssuer,
  premises: karaoke.premises,
  halls: group('Phòng vũ trường', {
    hallName: text('Tên hoặc số phòng', 50),
    area: number('Diện tích sử dụng (m²)', 80, 5000),
  }, ['hallName', 'area'], { min: 1, max: 20 }),
  openingHours: text('Thời gian hoạt động hằng ngày', 100),
};

/** Nghị định 86/2023/NĐ-CP: the households of a village proposed by the village head after the village meeting. */
const cultureFamily = {
  village: text('Thôn, ấp, tổ dân phố', 200),
  commune: text('Xã, phường', 100),
  year: integer('Năm bình xét', 2000, 2100),
  meetingDate: date('Ngày họp bình xét'),
  households: group('Danh sách hộ gia đình đề nghị', {
    head: text('Họ và tên chủ hộ', 200),
    members: integer('Số nhân khẩu', 1, 50),
    homeAddress: text('Địa chỉ (số nhà, tổ, ấp)', 300),
    consecutiveYears: integer('Số năm liên tục đạt danh hiệu', 0, 50),
  }, ['head', 'members'], { min: 1, max: 100 }),
};

export const travinhEforms: DemoEform[] = [
  {
    code: '1.001029',
    form: eform({ title: 'Đơn đề nghị cấp Giấy phép đủ điều kiện kinh doanh dịch vụ karaoke (Mẫu số 01, Nghị định số 54/2019/NĐ-CP)', audience: [...B], properties: karaoke, required: karaokeRequired, ui: karaokeUi }),
    example: karaokeExample,
  },
  {
    code: '1.001030',
    form: eform({
      title: 'Đơn đề nghị điều chỉnh Giấy phép đủ điều kiện kinh doanh dịch vụ karaoke (Mẫu số 03, Nghị định số 54/2019/NĐ-CP)',
      audience: [...B], properties: karaokeChange,
      required: ['licenceNo', 'licenceDate', 'change', 'changeDetails'],
      ui: mergeUi(en({ licenceNo: 'Licence number', licenceDate: 'Issued on', change: 'Change requested', changeDetails: 'Details of the change', rooms: 'Rooms after the change', 'rooms.roomName': 'Room', 'rooms.area': 'Floor area (m²)' }, karaokeChange), {
        rooms: hint('Chỉ ghi khi tăng hoặc giảm số phòng hát; mỗi phòng tối thiểu 20 m².', 'Only when rooms are added or removed; at least 20 m² each.'),
      }),
    }),
    example: { licenceNo: '12/GP-SVHTTDL', licenceDate: '2023-06-02', change: 'tang-phong', changeDetails: 'Tăng từ 4 lên 5 phòng hát (bổ sung phòng 05 ở tầng 2).', rooms: [{ roomName: 'Phòng 05', area: 26 }] },
  },
  {
    code: '2.001660',
    form: eform({ title: 'Đơn đề nghị cấp Giấy phép đủ điều kiện kinh doanh dịch vụ karaoke (Mẫu số 01, Nghị định số 54/2019/NĐ-CP)', audience: [...B], properties: karaoke, required: karaokeRequired, ui: karaokeUi }),
    example: { ...karaokeExample, premises: { province: PROVINCE, commune: 'Xã Càng Long', street: 'Khóm 2' }, rooms: [{ roomName: 'Phòng VIP', area: 35 }] },
  },
  {
    code: '1.001032',
    form: eform({
      title: 'Văn bản đăng ký tổ chức lễ hội (Mẫu số 01, Nghị định số 110/2018/NĐ-CP)',
      audience: [...O], properties: festivalRegistration,
      required: ['festivalName', 'necessity', 'startDate', 'endDate', 'venue', 'scale', 'attendance', 'activities', 'organiser', 'security'],
      ui: en(festivalLabels, festivalRegistration),
    }),
    example: { ...okOmBokExample, necessity: 'Lễ hội truyền thống của đồng bào Khmer, thu hút du khách trong và ngoài tỉnh.', scale: 'cap-tinh', attendance: 50_000, security: 'Phối hợp Công an tỉnh bố trí lực lượng giữ trật tự, cứu hộ trên sông và phòng cháy.' },
  },
  {
    code: '1.001033',
    form: eform({
      title: 'Văn bản thông báo tổ chức lễ hội (Mẫu số 03, Nghị định số 110/2018/NĐ-CP)',
      audience: [...O], properties: festivalNotice,
      required: ['festivalName', 'startDate', 'endDate', 'venue', 'activities', 'organiser'],
      ui: en(festivalLabels, festivalNotice),
    }),
    example: okOmBokExample,
  },
  {
    code: '2.001661',
    form: eform({
      title: 'Văn bản thông báo tổ chức lễ hội cấp xã (Mẫu số 03, Nghị định số 110/2018/NĐ-CP)',
      audience: [...B], properties: festivalNotice,
      required: ['festivalName', 'startDate', 'endDate', 'venue', 'activities', 'organiser'],
      ui: en(festivalLabels, festivalNotice),
    }),
    example: { festivalName: 'Lễ Kỳ yên đình Long Đức', startDate: '2027-03-16', endDate: '2027-03-17', venue: { province: PROVINCE, commune: 'Phường Long Đức' }, activities: [{ activity: 'Lễ Nghinh thần' }, { activity: 'Hát bội' }], organiser: 'Nguyễn Văn Sáu' },
  },
  {
    code: '1.009022',
    form: eform({
      title: 'Văn bản đề nghị tổ chức biểu diễn nghệ thuật (Mẫu số 01, Nghị định số 144/2020/NĐ-CP)',
      audience: [...B], properties: performanceQuestions,
      required: ['programmeName', 'artForm', 'startDate', 'endDate', 'venue', 'venueAddress', 'responsiblePerson', 'performers'],
      ui: performanceUi,
    }),
    example: { ...performanceExample, venue: 'Nhà hát Nghệ thuật Khmer', venueAddress: { province: PROVINCE, commune: 'Phường Trà Vinh' } },
  },
  {
    code: '1.009023',
    form: eform({
      title: 'Văn bản thông báo tổ chức biểu diễn nghệ thuật (Mẫu số 03, Nghị định số 144/2020/NĐ-CP)',
      audience: [...B], properties: performanceNotice,
      required: ['programmeName', 'artForm', 'startDate', 'endDate', 'venue', 'venueAddress', 'responsiblePerson', 'works'],
      ui: mergeUi(en({ ...performanceLabels, works: 'Works performed', 'works.title': 'Title', 'works.author': 'Author' }, performanceNotice), { venueAddress: performanceUi.venueAddress as Record<string, unknown> }),
    }),
    example: {
      programmeName: 'Đêm nhạc Dù kê', artForm: 'san-khau', startDate: '2027-02-10', endDate: '2027-02-10', venue: 'Quảng trường Trung tâm',
      venueAddress: { province: PROVINCE, commune: 'Phường Trà Vinh' }, responsiblePerson: 'Kim Sang', works: [{ title: 'Tum Teav', author: 'Dân gian Khmer' }],
    },
  },
  {
    code: '1.004662',
    form: eform({
      title: 'Văn bản thông báo sản phẩm quảng cáo trên bảng quảng cáo, băng-rôn',
      audience: [...B], properties: advertising,
      required: ['productName', 'medium', 'content', 'startDate', 'endDate', 'placements'],
      ui: mergeUi(en({ productName: 'Product or service', medium: 'Medium', content: 'Wording of the advertisement', startDate: 'From', endDate: 'To', placements: 'Locations', 'placements.commune': 'Commune or ward', 'placements.place': 'Position', 'placements.count': 'Number', 'placements.size': 'Size (m)' }, advertising), {
        placements: hint('Mỗi vị trí một dòng; chỉ các xã, phường của tỉnh.', 'One row per position, in the province only.'),
      }),
    }),
    example: { productName: 'Sữa đậu nành Cửu Long', medium: 'bang-ron', content: 'Sữa đậu nành Cửu Long - vị ngon từ đồng quê.', startDate: '2027-01-05', endDate: '2027-01-20', placements: [{ commune: 'Phường Trà Vinh', place: 'Đường Nguyễn Đáng, trước chợ Trà Vinh', count: 10, size: '0,8 x 6' }] },
  },
  {
    code: '1.001140',
    form: eform({
      title: 'Văn bản đề nghị cấp giấy phép tổ chức triển lãm ở nước ngoài (Mẫu số 02, Nghị định số 23/2019/NĐ-CP)',
      audience: [...B], properties: exhibitionAbroad,
      required: ['exhibitionName', 'content', 'country', 'city', 'partner', 'startDate', 'endDate', 'exhibitCount'],
      ui: en({ exhibitionName: 'Exhibition', content: 'Content and theme', country: 'Country', city: 'City and venue', partner: 'Foreign partner', startDate: 'From', endDate: 'To', exhibitCount: 'Number of works and objects' }, exhibitionAbroad),
    }),
    example: { exhibitionName: 'Văn hóa Khmer Nam Bộ', content: 'Ảnh, trang phục và nhạc cụ truyền thống của đồng bào Khmer.', country: 'Campuchia', city: 'Phnôm Pênh, Bảo tàng Quốc gia', partner: 'Bộ Văn hóa và Mỹ thuật Campuchia', startDate: '2027-08-01', endDate: '2027-08-31', exhibitCount: 120 },
  },
  {
    code: '1.004503',
    form: eform({
      title: 'Đơn đề nghị cấp giấy phép kinh doanh dịch vụ lữ hành nội địa (Mẫu số 02, Thông tư số 06/2017/TT-BVHTTDL)',
      audience: [...O], properties: travelLicence(false),
      required: ['registrationDate', 'depositAmount', 'depositBank', 'depositCertificate', 'manager', 'managerQualification'],
      ui: mergeUi(en(travelLabels, travelLicence(false)), { depositAmount: hint('Tối thiểu 20 triệu đồng (Nghị định 94/2021/NĐ-CP).', 'At least VND 20 million.') }),
    }),
    example: travelExample(false),
  },
  guideForm('1.001432', 'quoc-te', 'quốc tế'),
  guideForm('1.001440', 'noi-dia', 'nội địa'),
  guideForm('1.001455', 'tai-diem', 'tại điểm'),
  {
    code: '1.001000',
    form: eform({
      title: 'Đơn đề nghị công nhận hạng cơ sở lưu trú du lịch (Mẫu số 06, Thông tư số 06/2017/TT-BVHTTDL)',
      audience: [...O], properties: accommodation,
      required: ['establishmentName', 'kind', 'rank', 'establishmentAddress', 'rooms', 'openedOn', 'manager'],
      ui: en({ establishmentName: 'Establishment', kind: 'Type', rank: 'Rank applied for', establishmentAddress: 'Address', rooms: 'Rooms', beds: 'Beds', openedOn: 'In business since', manager: 'Manager' }, accommodation),
    }),
    example: { establishmentName: 'Khách sạn Sông Tiền', kind: 'khach-san', rank: '3-sao', establishmentAddress: { province: PROVINCE, commune: 'Phường Trà Vinh', street: '88 Lê Lợi' }, rooms: 62, beds: 110, openedOn: '2021-12-01', manager: 'Trương Quốc Bảo' },
  },
  {
    code: '1.000963',
    form: eform({
      title: 'Đơn đề nghị cấp Giấy chứng nhận đủ điều kiện kinh doanh hoạt động thể thao (Mẫu số 02, Nghị định số 36/2019/NĐ-CP)',
      audience: [...O], properties: sportBusiness,
      required: ['representativeTitle', 'premises', 'activities', 'instructors', 'medical'],
      ui: en({ representativeTitle: 'Title of the legal representative', premises: 'Premises', activities: 'Sports offered', 'activities.sport': 'Sport', 'activities.facility': 'Facilities', instructors: 'Instructors', lifeguards: 'Lifeguards', medical: 'Medical staff' }, sportBusiness),
    }),
    example: { representativeTitle: 'Giám đốc', premises: { province: PROVINCE, commune: 'Phường Hòa Thuận', street: '15 Điện Biên Phủ' }, activities: [{ sport: 'Bơi, lặn', facility: 'Bể bơi 25 m x 12 m' }, { sport: 'Thể dục thẩm mỹ', facility: 'Phòng tập 120 m²' }], instructors: 4, lifeguards: 2, medical: 'hop-dong' },
  },
  {
    code: '1.001031',
    form: eform({
      title: 'Đơn đề nghị cấp Giấy phép đủ điều kiện kinh doanh dịch vụ vũ trường (Mẫu số 02, Nghị định số 54/2019/NĐ-CP)',
      audience: [...O], properties: danceHall,
      required: ['registrationNo', 'registrationDate', 'registrationIssuer', 'premises', 'halls'],
      ui: mergeUi(en({ ...karaokeLabels, halls: 'Dance halls', 'halls.hallName': 'Hall', 'halls.area': 'Floor area (m²)', openingHours: 'Daily opening hours' }, danceHall), {
        halls: hint('Mỗi phòng một dòng; diện tích sử dụng tối thiểu 80 m², không kể công trình phụ (Điều 5 Nghị định 54/2019/NĐ-CP).', 'One row per hall; at least 80 m² each, excluding annexes.'),
        openingHours: hint('Không hoạt động từ 2 giờ đến 8 giờ sáng.', 'Closed from 2 a.m. to 8 a.m.'),
      }),
    }),
    example: { registrationNo: '2100654321', registrationDate: '2022-03-08', registrationIssuer: 'Sở Kế hoạch và Đầu tư tỉnh Trà Vinh', premises: { province: PROVINCE, commune: 'Phường Trà Vinh', street: '120 Nguyễn Thị Minh Khai' }, halls: [{ hallName: 'Sảnh chính', area: 240 }], openingHours: '19:00 - 01:00' },
  },
  {
    code: '2.001662',
    form: eform({
      title: 'Văn bản đề nghị xét tặng danh hiệu “Gia đình văn hóa” (Nghị định số 86/2023/NĐ-CP)',
      audience: [...C], properties: cultureFamily,
      required: ['village', 'commune', 'year', 'meetingDate', 'households'],
      ui: mergeUi(
        en({ village: 'Village or residential group', commune: 'Commune or ward', year: 'Year', meetingDate: 'Date of the village meeting', households: 'Households proposed', 'households.head': 'Head of household', 'households.members': 'Members', 'households.homeAddress': 'Address', 'households.consecutiveYears': 'Consecutive years with the title' }, cultureFamily),
        { households: hint('Theo biên bản họp bình xét; mỗi hộ một dòng.', 'As in the minutes of the meeting; one row per household.') },
      ),
    }),
    example: { village: 'Ấp Trà Kháo', commune: 'Xã Cầu Kè', year: 2026, meetingDate: '2026-11-20', households: [{ head: 'Thạch Sơn', members: 5, homeAddress: 'Số 12, ấp Trà Kháo', consecutiveYears: 3 }, { head: 'Lê Thị Hồng', members: 3 }] },
  },
];
