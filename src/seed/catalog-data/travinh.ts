// Procedures of Sở Văn hóa, Thể thao và Du lịch tỉnh Trà Vinh (province level) and a few commune-level
// procedures of Ủy ban nhân dân xã An Trường (demo catalog). Codes are plausible national codes.
// Fee amounts and time limits follow the legal texts cited with each procedure; verify them against the
// official texts before using this catalog in production.
import type { ProcedureExchange } from '../../modules/catalog/catalog.exchange.ts';
import { doc, fee, halfDays, type Office, type ProcedureInput, procedureOf, sameDay, workingDays } from './helpers.ts';
import { LAW } from './legal.ts';

const C: ProcedureExchange['audience'] = ['citizen'];
const O: ProcedureExchange['audience'] = ['organisation'];
const B: ProcedureExchange['audience'] = ['citizen', 'organisation'];

const SO: Office = {
  counter: 'Trung tâm Phục vụ hành chính công tỉnh Trà Vinh',
  handler: 'Sở Văn hóa, Thể thao và Du lịch tỉnh Trà Vinh',
  address: 'thành phố Trà Vinh, tỉnh Trà Vinh',
};
const XA: Office = {
  counter: 'Bộ phận Một cửa của Ủy ban nhân dân xã An Trường',
  handler: 'Ủy ban nhân dân xã An Trường',
  address: 'xã An Trường, tỉnh Trà Vinh',
};

const so = (input: ProcedureInput): ProcedureExchange => procedureOf(SO, '000.20.00.H59', 'province', input);
const xa = (input: ProcedureInput): ProcedureExchange => procedureOf(XA, 'H59.20.01.01', 'commune', input);

const karaokeLaw = [LAW.nd54_2019, LAW.nd148_2024, LAW.tt110_2025, LAW.pccc, LAW.dauTu];
const karaokeDocs = [
  doc('Đơn đề nghị cấp Giấy phép đủ điều kiện kinh doanh dịch vụ karaoke (Mẫu số 01 Phụ lục ban hành kèm theo Nghị định số 54/2019/NĐ-CP)', 'original', 1, 'mau-01-don-de-nghi-cap-giay-phep-karaoke.docx'),
  doc('Văn bản chấp thuận kết quả nghiệm thu về phòng cháy và chữa cháy của cơ quan Công an hoặc văn bản nghiệm thu về phòng cháy và chữa cháy của chủ đầu tư theo quy định của pháp luật về phòng cháy, chữa cháy', 'certified_copy'),
  doc('Giấy chứng nhận đủ điều kiện về an ninh, trật tự', 'certified_copy'),
];
const karaokeFees = [
  fee('Phí thẩm định cấp Giấy phép đủ điều kiện kinh doanh dịch vụ karaoke: 1.000.000 đồng/phòng, tổng mức thu không quá 6.000.000 đồng/Giấy phép (mức thu cho 01 phòng)', 1_000_000),
  fee('Phí thẩm định cấp Giấy phép đủ điều kiện kinh doanh dịch vụ karaoke từ 06 phòng trở lên (mức tối đa)', 6_000_000),
];
const tourismLaw = [LAW.duLich, LAW.nd168_2017, LAW.nd94_2021, LAW.tt06_2017, LAW.tt33_2018];
const guideDocs = [
  doc('Đơn đề nghị cấp thẻ hướng dẫn viên du lịch (Mẫu số 12 Phụ lục II Thông tư số 06/2017/TT-BVHTTDL)', 'original', 1, 'mau-12-don-de-nghi-cap-the-huong-dan-vien.docx'),
  doc('Sơ yếu lý lịch có xác nhận của Ủy ban nhân dân cấp xã hoặc cơ quan nơi công tác', 'original'),
  doc('Giấy chứng nhận sức khỏe do cơ sở khám bệnh, chữa bệnh có thẩm quyền cấp trong thời hạn không quá 06 tháng', 'original'),
  doc('02 ảnh chân dung màu cỡ 3 x 4 cm', 'original', 2),
];
const sportLaw = [LAW.theThao, LAW.nd36_2019, LAW.nd106_2016, LAW.nqPhiTheThaoTraVinh];
const sportFees = [
  fee('Phí thẩm định cấp Giấy chứng nhận đủ điều kiện kinh doanh hoạt động thể thao: kinh doanh 01 môn thể thao', 1_000_000),
  fee('Phí thẩm định cấp Giấy chứng nhận đủ điều kiện kinh doanh hoạt động thể thao: kinh doanh từ 02 môn thể thao trở lên', 1_500_000),
];

/**
 * 1.000963: liên thông decided by the dossier (handling.routing.ts). The commune-level People's Committee where the
 * business's premises are (the e-form's address field `premises`) checks the premises on the spot: the step goes
 * to the agency serving that commune (agencies.admin_unit_code; the demo seeds Phường Trà Vinh, Phường Hòa Thuận
 * and Xã An Trường; another commune waits for the officer's pick). 7 working days = 14 half days.
 */
const SPORT_BUSINESS_WORKFLOW: ProcedureExchange['workflow'] = {
  name: 'Liên thông kiểm tra thực tế tại xã, phường nơi có cơ sở kinh doanh',
  steps: [
    { name: 'Tiếp nhận hồ sơ (Bộ phận Một cửa)', role: 'receptionist', budget: { value: 1, unit: 'half_days' }, actions: ['forward', 'request_supplement', 'request_payment', 'withdraw'] },
    { name: 'Chuyên viên phòng chuyên môn thẩm định hồ sơ', role: 'specialist', budget: { value: 4, unit: 'half_days' }, actions: ['forward', 'send_back', 'request_supplement', 'request_payment', 'apologise', 'stop', 'withdraw'] },
    {
      name: 'Ủy ban nhân dân xã, phường nơi có cơ sở kinh doanh kiểm tra thực tế',
      role: 'specialist',
      agencyRule: { kind: 'eform_address', field: 'premises' },
      budget: { value: 4, unit: 'half_days' },
      actions: ['forward', 'send_back', 'apologise'],
    },
    { name: 'Lãnh đạo Sở phê duyệt, ký', role: 'agency_leader', budget: { value: 3, unit: 'half_days' }, actions: ['send_back', 'record_result', 'apologise', 'stop'] },
    { name: 'Trả kết quả (Bộ phận Một cửa)', role: 'receptionist', budget: { value: 2, unit: 'half_days' }, actions: ['return_result', 'withdraw'] },
  ],
};

const province: ProcedureExchange[] = [
  // ——— Văn hóa cơ sở ———
  so({
    code: '1.001029', name: 'Cấp Giấy phép đủ điều kiện kinh doanh dịch vụ karaoke', fieldCode: 'van-hoa-co-so', audience: B, level: 3, eligible: true,
    applicant: 'Doanh nghiệp, hộ kinh doanh',
    review: 'Sở Văn hóa, Thể thao và Du lịch thẩm định hồ sơ và kiểm tra thực tế điều kiện phòng hát (diện tích mỗi phòng từ 20 m² trở lên, không kể công trình phụ; không đặt chốt cửa hoặc thiết bị báo động để đối phó với hoạt động kiểm tra), đối chiếu văn bản nghiệm thu phòng cháy và chữa cháy, sau đó cấp Giấy phép.',
    result: 'Trả Giấy phép đủ điều kiện kinh doanh dịch vụ karaoke; Giấy phép được gửi cơ quan công an, cơ quan thuế và Ủy ban nhân dân cấp xã nơi có cơ sở kinh doanh',
    documents: karaokeDocs,
    timeLimit: workingDays(5, 'Kể từ ngày nhận đủ hồ sơ hợp lệ. Trường hợp thực hiện liên thông điện tử theo Nghị định số 297/2025/NĐ-CP, thời hạn giải quyết cả nhóm thủ tục không quá 16 ngày làm việc.'),
    fees: karaokeFees, legalBasis: [...karaokeLaw, LAW.nd297_2025],
    resultType: 'Giấy phép đủ điều kiện kinh doanh dịch vụ karaoke',
  }),
  so({
    code: '1.001030', name: 'Cấp Giấy phép điều chỉnh Giấy phép đủ điều kiện kinh doanh dịch vụ karaoke', fieldCode: 'van-hoa-co-so', audience: B, level: 4,
    applicant: 'Doanh nghiệp, hộ kinh doanh đã được cấp Giấy phép',
    review: 'Sở Văn hóa, Thể thao và Du lịch thẩm định nội dung đề nghị điều chỉnh (thay đổi chủ sở hữu, tăng hoặc giảm số phòng hát); trường hợp tăng thêm phòng thì kiểm tra thực tế điều kiện các phòng tăng thêm.',
    result: 'Trả Giấy phép điều chỉnh Giấy phép đủ điều kiện kinh doanh dịch vụ karaoke',
    documents: [
      doc('Đơn đề nghị điều chỉnh Giấy phép đủ điều kiện kinh doanh dịch vụ karaoke (Mẫu số 03 Phụ lục ban hành kèm theo Nghị định số 54/2019/NĐ-CP)', 'original', 1, 'mau-03-don-de-nghi-dieu-chinh-giay-phep-karaoke.docx'),
      doc('Giấy phép đủ điều kiện kinh doanh dịch vụ karaoke đã được cấp', 'copy'),
      doc('Văn bản nghiệm thu về phòng cháy và chữa cháy đối với các phòng hát tăng thêm (trường hợp tăng thêm phòng)', 'certified_copy'),
    ],
    timeLimit: workingDays(4, 'Kể từ ngày nhận đủ hồ sơ hợp lệ.'),
    fees: [
      fee('Phí thẩm định điều chỉnh Giấy phép trong trường hợp thay đổi chủ sở hữu', 500_000),
      fee('Phí thẩm định điều chỉnh Giấy phép trong trường hợp tăng thêm phòng (1.000.000 đồng/phòng, tổng mức thu không quá 6.000.000 đồng)', 1_000_000),
    ],
    legalBasis: karaokeLaw,
    resultType: 'Giấy phép điều chỉnh Giấy phép đủ điều kiện kinh doanh dịch vụ karaoke',
  }),
  so({
    code: '1.001031', name: 'Cấp Giấy phép đủ điều kiện kinh doanh dịch vụ vũ trường', fieldCode: 'van-hoa-co-so', audience: O, level: 2,
    applicant: 'Doanh nghiệp, hộ kinh doanh',
    review: 'Sở Văn hóa, Thể thao và Du lịch thẩm định hồ sơ và kiểm tra thực tế điều kiện phòng vũ trường (diện tích từ 80 m² trở lên, không kể công trình phụ; cách trường học, bệnh viện, cơ sở tôn giáo, di tích lịch sử - văn hóa từ 200 m trở lên).',
    result: 'Trả Giấy phép đủ điều kiện kinh doanh dịch vụ vũ trường',
    documents: [
      doc('Đơn đề nghị cấp Giấy phép đủ điều kiện kinh doanh dịch vụ vũ trường (Mẫu số 02 Phụ lục ban hành kèm theo Nghị định số 54/2019/NĐ-CP)', 'original', 1, 'mau-02-don-de-nghi-cap-giay-phep-vu-truong.docx'),
      karaokeDocs[1]!,
      karaokeDocs[2]!,
    ],
    timeLimit: workingDays(5, 'Kể từ ngày nhận đủ hồ sơ hợp lệ.'),
    fees: [fee('Phí thẩm định cấp Giấy phép đủ điều kiện kinh doanh dịch vụ vũ trường', 10_000_000)],
    legalBasis: karaokeLaw,
    resultType: 'Giấy phép đủ điều kiện kinh doanh dịch vụ vũ trường',
  }),
  so({
    code: '1.001032', name: 'Đăng ký tổ chức lễ hội cấp tỉnh', fieldCode: 'van-hoa-co-so', audience: O, level: 3,
    applicant: 'Cơ quan, tổ chức, Ban tổ chức lễ hội',
    review: 'Sở Văn hóa, Thể thao và Du lịch thẩm định kế hoạch tổ chức lễ hội (nội dung, thời gian, địa điểm, phương án bảo đảm an ninh, trật tự, vệ sinh môi trường) và trình Ủy ban nhân dân tỉnh có văn bản chấp thuận.',
    result: 'Trả văn bản chấp thuận tổ chức lễ hội của Ủy ban nhân dân tỉnh',
    documents: [
      doc('Văn bản đăng ký tổ chức lễ hội (Mẫu số 01 Phụ lục ban hành kèm theo Nghị định số 110/2018/NĐ-CP)', 'original', 1, 'mau-01-van-ban-dang-ky-to-chuc-le-hoi.docx'),
      doc('Kế hoạch tổ chức lễ hội và danh sách Ban tổ chức', 'original'),
      doc('Văn bản ý kiến của Ủy ban nhân dân cấp xã nơi tổ chức lễ hội', 'original'),
    ],
    timeLimit: workingDays(15, 'Kể từ ngày nhận đủ hồ sơ hợp lệ; hồ sơ nộp chậm nhất 30 ngày làm việc trước ngày dự kiến tổ chức.'),
    legalBasis: [LAW.leHoi],
    resultType: 'Văn bản chấp thuận tổ chức lễ hội',
  }),
  so({
    code: '1.001033', name: 'Thông báo tổ chức lễ hội cấp tỉnh', fieldCode: 'van-hoa-co-so', audience: O, level: 4,
    applicant: 'Ban tổ chức lễ hội',
    review: 'Sở Văn hóa, Thể thao và Du lịch tiếp nhận thông báo, kiểm tra nội dung chương trình lễ hội; trường hợp không đồng ý, có văn bản trả lời và nêu rõ lý do.',
    result: 'Trả văn bản xác nhận đã tiếp nhận thông báo tổ chức lễ hội',
    documents: [
      doc('Văn bản thông báo tổ chức lễ hội (Mẫu số 03 Phụ lục ban hành kèm theo Nghị định số 110/2018/NĐ-CP)', 'original', 1, 'mau-03-van-ban-thong-bao-to-chuc-le-hoi.docx'),
      doc('Chương trình lễ hội', 'original'),
    ],
    timeLimit: workingDays(5),
    legalBasis: [LAW.leHoi],
    resultType: 'Văn bản xác nhận tiếp nhận thông báo',
  }),

  // ——— Nghệ thuật biểu diễn ———
  so({
    code: '1.009022', name: 'Tổ chức biểu diễn nghệ thuật trên địa bàn quản lý (không thuộc trường hợp trong khuôn khổ hợp tác quốc tế của các hội chuyên ngành về nghệ thuật biểu diễn thuộc trung ương, đơn vị sự nghiệp công lập có chức năng biểu diễn nghệ thuật thuộc trung ương)',
    fieldCode: 'nghe-thuat-bieu-dien', audience: B, level: 4,
    review: 'Sở Văn hóa, Thể thao và Du lịch thẩm định nội dung chương trình, kịch bản và danh sách người biểu diễn; trường hợp đủ điều kiện, ban hành văn bản chấp thuận tổ chức biểu diễn nghệ thuật.',
    result: 'Trả văn bản chấp thuận tổ chức biểu diễn nghệ thuật',
    documents: [
      doc('Văn bản đề nghị tổ chức biểu diễn nghệ thuật (Mẫu số 01 Phụ lục ban hành kèm theo Nghị định số 144/2020/NĐ-CP)', 'original', 1, 'mau-01-van-ban-de-nghi-to-chuc-bieu-dien-nghe-thuat.docx'),
      doc('Kịch bản, danh mục tác phẩm gắn với tác giả, người chịu trách nhiệm chính về nội dung chương trình', 'original'),
      doc('Bản nhạc hoặc kịch bản đối với tác phẩm đề nghị biểu diễn lần đầu', 'copy'),
    ],
    timeLimit: workingDays(5, 'Kể từ ngày nhận đủ hồ sơ hợp lệ.'),
    fees: [
      fee('Phí thẩm định chương trình có độ dài đến 50 phút', 1_500_000),
      fee('Phí thẩm định chương trình có độ dài từ 51 đến 100 phút', 2_000_000),
      fee('Phí thẩm định chương trình có độ dài từ 101 đến 150 phút', 3_000_000),
    ],
    legalBasis: [LAW.nd144_2020, LAW.tt288_2016],
    resultType: 'Văn bản chấp thuận tổ chức biểu diễn nghệ thuật',
  }),
  so({
    code: '1.009023', name: 'Thông báo tổ chức biểu diễn nghệ thuật', fieldCode: 'nghe-thuat-bieu-dien', audience: B, level: 4,
    applicant: 'Tổ chức, cá nhân tổ chức biểu diễn nghệ thuật phục vụ nhiệm vụ chính trị hoặc tại cơ sở lưu trú du lịch, nhà hàng, cơ sở kinh doanh dịch vụ ăn uống',
    review: 'Sở Văn hóa, Thể thao và Du lịch tiếp nhận và vào sổ thông báo, kiểm tra thông tin về thời gian, địa điểm, chương trình biểu diễn.',
    result: 'Trả xác nhận đã tiếp nhận thông báo tổ chức biểu diễn nghệ thuật',
    documents: [
      doc('Văn bản thông báo tổ chức biểu diễn nghệ thuật (Mẫu số 03 Phụ lục ban hành kèm theo Nghị định số 144/2020/NĐ-CP)', 'original', 1, 'mau-03-thong-bao-to-chuc-bieu-dien-nghe-thuat.docx'),
      doc('Danh mục tác phẩm và danh sách người biểu diễn', 'original'),
    ],
    timeLimit: sameDay('Tiếp nhận và xác nhận trong ngày làm việc; thông báo phải gửi ít nhất 05 ngày làm việc trước ngày tổ chức biểu diễn.'),
    legalBasis: [LAW.nd144_2020],
    resultType: 'Xác nhận tiếp nhận thông báo',
  }),
  so({
    code: '1.009024', name: 'Tổ chức cuộc thi người đẹp, người mẫu', fieldCode: 'nghe-thuat-bieu-dien', audience: O, level: 2,
    applicant: 'Tổ chức đề nghị tổ chức cuộc thi',
    review: 'Sở Văn hóa, Thể thao và Du lịch thẩm định đề án tổ chức cuộc thi (quy chế, tiêu chí chấm điểm, thành phần ban giám khảo, giải thưởng), trình Ủy ban nhân dân tỉnh có văn bản chấp thuận.',
    result: 'Trả văn bản chấp thuận tổ chức cuộc thi người đẹp, người mẫu',
    documents: [
      doc('Văn bản đề nghị tổ chức cuộc thi người đẹp, người mẫu (Mẫu số 04 Phụ lục ban hành kèm theo Nghị định số 144/2020/NĐ-CP)', 'original', 1, 'mau-04-van-ban-de-nghi-to-chuc-cuoc-thi-nguoi-dep.docx'),
      doc('Đề án tổ chức cuộc thi', 'original'),
      doc('Quy chế cuộc thi', 'original'),
    ],
    timeLimit: workingDays(15),
    legalBasis: [LAW.nd144_2020],
    resultType: 'Văn bản chấp thuận tổ chức cuộc thi',
  }),

  // ——— Quảng cáo ———
  so({
    code: '1.004662', name: 'Tiếp nhận hồ sơ thông báo sản phẩm quảng cáo trên bảng quảng cáo, băng-rôn', fieldCode: 'quang-cao', audience: B, level: 4,
    applicant: 'Tổ chức, cá nhân thực hiện quảng cáo',
    review: 'Sở Văn hóa, Thể thao và Du lịch thẩm định nội dung, hình thức sản phẩm quảng cáo và vị trí dựng đặt bảng quảng cáo, treo băng-rôn theo quy hoạch quảng cáo ngoài trời của tỉnh; trường hợp không đồng ý, có văn bản trả lời và nêu rõ lý do.',
    result: 'Trả văn bản xác nhận tiếp nhận thông báo hoặc văn bản yêu cầu sửa đổi sản phẩm quảng cáo',
    documents: [
      doc('Văn bản thông báo sản phẩm quảng cáo (ghi rõ nội dung, thời gian, địa điểm quảng cáo, số lượng bảng quảng cáo, băng-rôn)', 'original', 1, 'mau-thong-bao-san-pham-quang-cao.docx'),
      doc('Giấy chứng nhận đăng ký doanh nghiệp hoặc giấy chứng nhận đăng ký hộ kinh doanh của người quảng cáo', 'copy'),
      doc('Ma-két sản phẩm quảng cáo in màu có chữ ký của tổ chức, cá nhân thực hiện quảng cáo', 'original'),
      doc('Văn bản đồng ý của chủ sở hữu hoặc người được giao quyền quản lý tài sản nơi đặt bảng quảng cáo, treo băng-rôn', 'copy'),
    ],
    timeLimit: workingDays(5, 'Hồ sơ gửi chậm nhất 15 ngày trước ngày dự kiến thực hiện quảng cáo.'),
    legalBasis: [LAW.quangCao, LAW.nd181_2013],
    resultType: 'Văn bản xác nhận tiếp nhận thông báo sản phẩm quảng cáo',
  }),
  so({
    code: '1.004663', name: 'Tiếp nhận hồ sơ thông báo tổ chức đoàn người thực hiện quảng cáo', fieldCode: 'quang-cao', audience: B, level: 3,
    review: 'Sở Văn hóa, Thể thao và Du lịch kiểm tra nội dung quảng cáo, số lượng người, lộ trình và thời gian thực hiện quảng cáo; trường hợp không đồng ý, có văn bản trả lời và nêu rõ lý do.',
    result: 'Trả văn bản xác nhận tiếp nhận thông báo tổ chức đoàn người thực hiện quảng cáo',
    documents: [
      doc('Văn bản thông báo về việc tổ chức đoàn người thực hiện quảng cáo (nội dung, thời gian, lộ trình, số lượng người tham gia)', 'original'),
      doc('Ma-két sản phẩm quảng cáo', 'original'),
    ],
    timeLimit: halfDays(4, 'Hai ngày làm việc kể từ ngày nhận đủ hồ sơ; thông báo gửi chậm nhất 15 ngày trước ngày thực hiện.'),
    legalBasis: [LAW.quangCao, LAW.nd181_2013],
    resultType: 'Văn bản xác nhận tiếp nhận thông báo',
  }),
  so({
    code: '1.004664', name: 'Cấp giấy phép thành lập Văn phòng đại diện của doanh nghiệp quảng cáo nước ngoài tại Việt Nam', fieldCode: 'quang-cao', audience: O, level: 2,
    applicant: 'Doanh nghiệp quảng cáo nước ngoài',
    review: 'Sở Văn hóa, Thể thao và Du lịch thẩm định tư cách pháp lý, thời gian hoạt động của doanh nghiệp quảng cáo nước ngoài (từ 01 năm trở lên) và trụ sở dự kiến của văn phòng đại diện, sau đó cấp giấy phép.',
    result: 'Trả Giấy phép thành lập Văn phòng đại diện của doanh nghiệp quảng cáo nước ngoài',
    documents: [
      doc('Đơn đề nghị cấp giấy phép thành lập Văn phòng đại diện (Mẫu số 01 Phụ lục ban hành kèm theo Nghị định số 181/2013/NĐ-CP)', 'original', 1, 'mau-01-don-de-nghi-thanh-lap-van-phong-dai-dien-quang-cao.docx'),
      doc('Giấy chứng nhận đăng ký kinh doanh của doanh nghiệp quảng cáo nước ngoài, được hợp pháp hóa lãnh sự và dịch sang tiếng Việt', 'certified_copy'),
      doc('Điều lệ hoạt động của doanh nghiệp quảng cáo nước ngoài', 'certified_copy'),
    ],
    timeLimit: workingDays(10),
    legalBasis: [LAW.quangCao, LAW.nd181_2013],
    resultType: 'Giấy phép thành lập Văn phòng đại diện',
  }),

  // ——— Thư viện ———
  so({
    code: '1.008898', name: 'Thông báo thành lập thư viện đối với thư viện chuyên ngành ở cấp tỉnh, thư viện đại học là thư viện ngoài công lập, thư viện của tổ chức, cá nhân nước ngoài có phục vụ người Việt Nam', fieldCode: 'thu-vien', audience: B, level: 3,
    review: 'Sở Văn hóa, Thể thao và Du lịch kiểm tra điều kiện thành lập thư viện (tài nguyên thông tin, không gian, người làm công tác thư viện) và cập nhật thư viện vào cơ sở dữ liệu thư viện của tỉnh.',
    result: 'Trả văn bản xác nhận thông báo thành lập thư viện',
    documents: [
      doc('Thông báo thành lập thư viện (Mẫu số 01 Phụ lục ban hành kèm theo Nghị định số 93/2020/NĐ-CP)', 'original', 1, 'mau-01-thong-bao-thanh-lap-thu-vien.docx'),
      doc('Quyết định thành lập thư viện (đối với thư viện có tư cách pháp nhân)', 'certified_copy'),
      doc('Danh mục tài nguyên thông tin và bản mô tả cơ sở vật chất của thư viện', 'original'),
    ],
    timeLimit: workingDays(15),
    legalBasis: [LAW.thuVien, LAW.nd93_2020],
    resultType: 'Văn bản xác nhận thông báo thành lập thư viện',
  }),
  so({
    code: '1.008899', name: 'Thông báo chấm dứt hoạt động thư viện đối với thư viện chuyên ngành ở cấp tỉnh, thư viện đại học là thư viện ngoài công lập, thư viện của tổ chức, cá nhân nước ngoài có phục vụ người Việt Nam', fieldCode: 'thu-vien', audience: B, level: 2, eligible: true,
    review: 'Sở Văn hóa, Thể thao và Du lịch kiểm tra phương án xử lý tài nguyên thông tin, tài sản của thư viện và cập nhật việc chấm dứt hoạt động vào cơ sở dữ liệu thư viện.',
    result: 'Trả văn bản xác nhận thông báo chấm dứt hoạt động thư viện',
    documents: [
      doc('Thông báo chấm dứt hoạt động thư viện (Mẫu số 03 Phụ lục ban hành kèm theo Nghị định số 93/2020/NĐ-CP)', 'original', 1, 'mau-03-thong-bao-cham-dut-hoat-dong-thu-vien.docx'),
      doc('Phương án xử lý tài nguyên thông tin và tài sản của thư viện', 'original'),
    ],
    timeLimit: workingDays(10),
    legalBasis: [LAW.thuVien, LAW.nd93_2020],
    resultType: 'Văn bản xác nhận thông báo chấm dứt hoạt động thư viện',
  }),

  // ——— Du lịch ———
  so({
    code: '1.003623', name: 'Công nhận điểm du lịch', fieldCode: 'du-lich', audience: O, level: 2,
    applicant: 'Tổ chức, cá nhân quản lý điểm du lịch',
    review: 'Sở Văn hóa, Thể thao và Du lịch thẩm định hồ sơ, kiểm tra thực tế các điều kiện công nhận điểm du lịch (kết cấu hạ tầng, dịch vụ phục vụ khách, vệ sinh môi trường) và trình Ủy ban nhân dân tỉnh quyết định công nhận.',
    result: 'Trả quyết định công nhận điểm du lịch của Ủy ban nhân dân tỉnh',
    documents: [
      doc('Đơn đề nghị công nhận điểm du lịch (Mẫu số 01 Phụ lục I Thông tư số 06/2017/TT-BVHTTDL)', 'original', 1, 'mau-01-don-de-nghi-cong-nhan-diem-du-lich.docx'),
      doc('Báo cáo thuyết minh về việc đáp ứng các điều kiện công nhận điểm du lịch', 'original'),
      doc('Bản đồ vị trí và ranh giới điểm du lịch', 'original'),
    ],
    timeLimit: workingDays(30),
    legalBasis: [LAW.duLich, LAW.nd168_2017, LAW.tt06_2017],
    resultType: 'Quyết định công nhận điểm du lịch',
  }),
  so({
    code: '1.003624', name: 'Công nhận khu du lịch cấp tỉnh', fieldCode: 'du-lich', audience: O, level: 1,
    applicant: 'Tổ chức quản lý khu du lịch',
    review: 'Sở Văn hóa, Thể thao và Du lịch chủ trì, phối hợp với các sở, ngành liên quan thẩm định và kiểm tra thực tế điều kiện công nhận khu du lịch cấp tỉnh, trình Ủy ban nhân dân tỉnh quyết định.',
    result: 'Trả quyết định công nhận khu du lịch cấp tỉnh',
    documents: [
      doc('Đơn đề nghị công nhận khu du lịch cấp tỉnh (Mẫu số 02 Phụ lục I Thông tư số 06/2017/TT-BVHTTDL)', 'original', 1, 'mau-02-don-de-nghi-cong-nhan-khu-du-lich-cap-tinh.docx'),
      doc('Báo cáo thuyết minh về hiện trạng khu du lịch theo điều kiện công nhận', 'original'),
      doc('Bản đồ khu du lịch và quy hoạch đã được cấp có thẩm quyền phê duyệt', 'certified_copy'),
    ],
    timeLimit: workingDays(30),
    legalBasis: [LAW.duLich, LAW.nd168_2017],
    resultType: 'Quyết định công nhận khu du lịch cấp tỉnh',
  }),
  so({
    code: '1.004503', name: 'Cấp giấy phép kinh doanh dịch vụ lữ hành nội địa', fieldCode: 'du-lich', audience: O, level: 4,
    applicant: 'Doanh nghiệp',
    review: 'Sở Văn hóa, Thể thao và Du lịch thẩm định điều kiện kinh doanh dịch vụ lữ hành nội địa (ký quỹ, người phụ trách kinh doanh có chuyên ngành hoặc chứng chỉ nghiệp vụ điều hành du lịch nội địa) và cấp giấy phép.',
    result: 'Trả Giấy phép kinh doanh dịch vụ lữ hành nội địa và thông báo cho cơ quan chuyên môn về du lịch ở trung ương',
    documents: [
      doc('Đơn đề nghị cấp giấy phép kinh doanh dịch vụ lữ hành nội địa (Mẫu số 02 Phụ lục II Thông tư số 06/2017/TT-BVHTTDL)', 'original', 1, 'mau-02-don-de-nghi-cap-giay-phep-lu-hanh.docx'),
      doc('Giấy chứng nhận đăng ký doanh nghiệp', 'certified_copy'),
      doc('Giấy chứng nhận ký quỹ kinh doanh dịch vụ lữ hành', 'original'),
      doc('Quyết định bổ nhiệm hoặc hợp đồng lao động của người phụ trách kinh doanh dịch vụ lữ hành', 'certified_copy'),
      doc('Văn bằng hoặc chứng chỉ nghiệp vụ điều hành du lịch nội địa của người phụ trách kinh doanh', 'certified_copy'),
    ],
    timeLimit: workingDays(10, 'Kể từ ngày nhận đủ hồ sơ hợp lệ.'),
    fees: [fee('Phí thẩm định cấp giấy phép kinh doanh dịch vụ lữ hành nội địa', 3_000_000)],
    legalBasis: tourismLaw,
    resultType: 'Giấy phép kinh doanh dịch vụ lữ hành nội địa',
  }),
  so({
    code: '1.004551', name: 'Cấp đổi giấy phép kinh doanh dịch vụ lữ hành nội địa', fieldCode: 'du-lich', audience: O, level: 4,
    applicant: 'Doanh nghiệp',
    review: 'Sở Văn hóa, Thể thao và Du lịch xem xét nội dung thay đổi (tên doanh nghiệp, người đại diện theo pháp luật, địa chỉ trụ sở) và cấp đổi giấy phép.',
    result: 'Trả Giấy phép kinh doanh dịch vụ lữ hành nội địa được cấp đổi',
    documents: [
      doc('Đơn đề nghị cấp đổi giấy phép kinh doanh dịch vụ lữ hành (Mẫu số 03 Phụ lục II Thông tư số 06/2017/TT-BVHTTDL)', 'original', 1, 'mau-03-don-de-nghi-cap-doi-giay-phep-lu-hanh.docx'),
      doc('Giấy phép kinh doanh dịch vụ lữ hành nội địa đã được cấp', 'original'),
      doc('Giấy tờ chứng minh nội dung thay đổi', 'certified_copy'),
    ],
    timeLimit: workingDays(5),
    fees: [fee('Phí thẩm định cấp đổi giấy phép kinh doanh dịch vụ lữ hành nội địa', 2_000_000)],
    legalBasis: tourismLaw,
    resultType: 'Giấy phép kinh doanh dịch vụ lữ hành nội địa (cấp đổi)',
  }),
  so({
    code: '1.004552', name: 'Cấp lại giấy phép kinh doanh dịch vụ lữ hành nội địa', fieldCode: 'du-lich', audience: O, level: 4,
    applicant: 'Doanh nghiệp',
    review: 'Sở Văn hóa, Thể thao và Du lịch đối chiếu thông tin giấy phép bị mất, hư hỏng hoặc bị hủy hoại trên cơ sở dữ liệu doanh nghiệp lữ hành và cấp lại giấy phép.',
    result: 'Trả Giấy phép kinh doanh dịch vụ lữ hành nội địa được cấp lại',
    documents: [
      doc('Đơn đề nghị cấp lại giấy phép kinh doanh dịch vụ lữ hành (Mẫu số 04 Phụ lục II Thông tư số 06/2017/TT-BVHTTDL)', 'original', 1, 'mau-04-don-de-nghi-cap-lai-giay-phep-lu-hanh.docx'),
      doc('Giấy phép kinh doanh dịch vụ lữ hành nội địa bị hư hỏng (trường hợp bị hư hỏng)', 'original'),
    ],
    timeLimit: halfDays(6, 'Ba ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ (rút ngắn so với thời hạn 05 ngày làm việc theo quy định).'),
    fees: [fee('Phí thẩm định cấp lại giấy phép kinh doanh dịch vụ lữ hành nội địa', 1_500_000)],
    legalBasis: tourismLaw,
    resultType: 'Giấy phép kinh doanh dịch vụ lữ hành nội địa (cấp lại)',
  }),
  so({
    code: '1.001432', name: 'Cấp thẻ hướng dẫn viên du lịch quốc tế', fieldCode: 'du-lich', audience: C, level: 4,
    applicant: 'Người đề nghị cấp thẻ hướng dẫn viên du lịch',
    review: 'Sở Văn hóa, Thể thao và Du lịch thẩm định điều kiện cấp thẻ (tốt nghiệp chuyên ngành hướng dẫn du lịch hoặc có chứng chỉ nghiệp vụ hướng dẫn du lịch quốc tế; sử dụng thành thạo ngoại ngữ đăng ký hành nghề) và cấp thẻ.',
    result: 'Trả thẻ hướng dẫn viên du lịch quốc tế và cập nhật vào cơ sở dữ liệu hướng dẫn viên du lịch',
    documents: [
      ...guideDocs,
      doc('Bằng tốt nghiệp chuyên ngành hướng dẫn du lịch hoặc chứng chỉ nghiệp vụ hướng dẫn du lịch quốc tế', 'certified_copy'),
      doc('Giấy tờ chứng minh sử dụng thành thạo ngoại ngữ đăng ký hành nghề', 'certified_copy'),
    ],
    timeLimit: workingDays(10, 'Kể từ ngày nhận đủ hồ sơ hợp lệ.'),
    fees: [fee('Phí thẩm định cấp thẻ hướng dẫn viên du lịch quốc tế', 650_000)],
    legalBasis: tourismLaw,
    resultType: 'Thẻ hướng dẫn viên du lịch quốc tế',
  }),
  so({
    code: '1.001440', name: 'Cấp thẻ hướng dẫn viên du lịch nội địa', fieldCode: 'du-lich', audience: C, level: 4,
    applicant: 'Người đề nghị cấp thẻ hướng dẫn viên du lịch',
    review: 'Sở Văn hóa, Thể thao và Du lịch thẩm định điều kiện cấp thẻ (tốt nghiệp chuyên ngành hướng dẫn du lịch hoặc có chứng chỉ nghiệp vụ hướng dẫn du lịch nội địa) và cấp thẻ.',
    result: 'Trả thẻ hướng dẫn viên du lịch nội địa và cập nhật vào cơ sở dữ liệu hướng dẫn viên du lịch',
    documents: [...guideDocs, doc('Bằng tốt nghiệp chuyên ngành hướng dẫn du lịch hoặc chứng chỉ nghiệp vụ hướng dẫn du lịch nội địa', 'certified_copy')],
    timeLimit: workingDays(10, 'Kể từ ngày nhận đủ hồ sơ hợp lệ.'),
    fees: [fee('Phí thẩm định cấp thẻ hướng dẫn viên du lịch nội địa', 650_000)],
    legalBasis: tourismLaw,
    resultType: 'Thẻ hướng dẫn viên du lịch nội địa',
  }),
  so({
    code: '1.001455', name: 'Cấp thẻ hướng dẫn viên du lịch tại điểm', fieldCode: 'du-lich', audience: C, level: 3, eligible: true,
    applicant: 'Người đã đạt yêu cầu kiểm tra nghiệp vụ hướng dẫn du lịch tại điểm',
    review: 'Sở Văn hóa, Thể thao và Du lịch đối chiếu kết quả kiểm tra nghiệp vụ hướng dẫn du lịch tại điểm và cấp thẻ hướng dẫn viên du lịch tại điểm.',
    result: 'Trả thẻ hướng dẫn viên du lịch tại điểm',
    documents: [...guideDocs, doc('Giấy chứng nhận đạt yêu cầu kiểm tra nghiệp vụ hướng dẫn du lịch tại điểm', 'certified_copy')],
    timeLimit: workingDays(10),
    fees: [fee('Phí thẩm định cấp thẻ hướng dẫn viên du lịch tại điểm', 200_000)],
    legalBasis: tourismLaw,
    resultType: 'Thẻ hướng dẫn viên du lịch tại điểm',
  }),
  so({
    code: '1.001459', name: 'Cấp đổi thẻ hướng dẫn viên du lịch quốc tế, thẻ hướng dẫn viên du lịch nội địa', fieldCode: 'du-lich', audience: C, level: 3,
    applicant: 'Hướng dẫn viên du lịch có thẻ hết hạn hoặc thay đổi thông tin',
    review: 'Sở Văn hóa, Thể thao và Du lịch kiểm tra giấy chứng nhận đã qua khóa cập nhật kiến thức và thông tin trên cơ sở dữ liệu hướng dẫn viên, sau đó cấp đổi thẻ.',
    result: 'Trả thẻ hướng dẫn viên du lịch được cấp đổi',
    documents: [
      doc('Đơn đề nghị cấp đổi thẻ hướng dẫn viên du lịch (Mẫu số 13 Phụ lục II Thông tư số 06/2017/TT-BVHTTDL)', 'original', 1, 'mau-13-don-de-nghi-cap-doi-the-huong-dan-vien.docx'),
      doc('Giấy chứng nhận khóa cập nhật kiến thức cho hướng dẫn viên du lịch', 'certified_copy'),
      doc('Giấy chứng nhận sức khỏe do cơ sở khám bệnh, chữa bệnh có thẩm quyền cấp trong thời hạn không quá 06 tháng', 'original'),
      doc('02 ảnh chân dung màu cỡ 3 x 4 cm', 'original', 2),
    ],
    timeLimit: workingDays(10),
    fees: [fee('Phí thẩm định cấp đổi thẻ hướng dẫn viên du lịch', 650_000)],
    legalBasis: tourismLaw,
    resultType: 'Thẻ hướng dẫn viên du lịch (cấp đổi)',
  }),
  so({
    code: '1.001000', name: 'Công nhận hạng cơ sở lưu trú du lịch: hạng 1 sao, 2 sao, 3 sao đối với khách sạn, biệt thự du lịch, căn hộ du lịch, tàu thủy lưu trú du lịch', fieldCode: 'du-lich', audience: O, level: 3, eligible: true,
    applicant: 'Cơ sở lưu trú du lịch',
    review: 'Sở Văn hóa, Thể thao và Du lịch thành lập đoàn thẩm định, kiểm tra thực tế cơ sở lưu trú theo tiêu chuẩn quốc gia về xếp hạng và ra quyết định công nhận hạng.',
    result: 'Trả quyết định công nhận hạng cơ sở lưu trú du lịch và biển hiệu hạng sao',
    documents: [
      doc('Đơn đề nghị công nhận hạng cơ sở lưu trú du lịch (Mẫu số 06 Phụ lục II Thông tư số 06/2017/TT-BVHTTDL)', 'original', 1, 'mau-06-don-de-nghi-cong-nhan-hang-co-so-luu-tru.docx'),
      doc('Bản tự đánh giá chất lượng cơ sở lưu trú du lịch theo tiêu chuẩn quốc gia', 'original'),
      doc('Danh sách người quản lý và nhân viên kèm văn bằng, chứng chỉ nghiệp vụ', 'copy'),
    ],
    timeLimit: workingDays(30),
    fees: [
      fee('Phí thẩm định công nhận hạng 1 sao, 2 sao', 1_500_000),
      fee('Phí thẩm định công nhận hạng 3 sao', 2_000_000),
    ],
    legalBasis: tourismLaw,
    resultType: 'Quyết định công nhận hạng cơ sở lưu trú du lịch (1 sao, 2 sao, 3 sao)',
  }),
  so({
    code: '1.001010', name: 'Công nhận cơ sở kinh doanh dịch vụ ăn uống, mua sắm, thể thao, vui chơi giải trí, chăm sóc sức khỏe đạt tiêu chuẩn phục vụ khách du lịch', fieldCode: 'du-lich', audience: B, level: 2, eligible: true,
    review: 'Sở Văn hóa, Thể thao và Du lịch kiểm tra thực tế cơ sở theo tiêu chuẩn quốc gia tương ứng và ra quyết định công nhận, cấp biển hiệu đạt tiêu chuẩn phục vụ khách du lịch.',
    result: 'Trả quyết định công nhận và biển hiệu đạt tiêu chuẩn phục vụ khách du lịch',
    documents: [
      doc('Đơn đề nghị công nhận cơ sở kinh doanh dịch vụ đạt tiêu chuẩn phục vụ khách du lịch (Mẫu số 07 Phụ lục II Thông tư số 06/2017/TT-BVHTTDL)', 'original', 1, 'mau-07-don-de-nghi-cong-nhan-dat-tieu-chuan.docx'),
      doc('Bản tự đánh giá theo tiêu chuẩn quốc gia tương ứng', 'original'),
    ],
    timeLimit: workingDays(15),
    legalBasis: tourismLaw,
    resultType: 'Quyết định công nhận và biển hiệu đạt tiêu chuẩn phục vụ khách du lịch',
  }),

  // ——— Thể dục thể thao ———
  so({
    code: '1.000963', name: 'Cấp Giấy chứng nhận đủ điều kiện kinh doanh hoạt động thể thao', fieldCode: 'the-duc-the-thao', audience: O, level: 4,
    applicant: 'Doanh nghiệp, hộ kinh doanh kinh doanh hoạt động thể thao',
    review: 'Sở Văn hóa, Thể thao và Du lịch thẩm định hồ sơ và kiểm tra thực tế điều kiện cơ sở vật chất, trang thiết bị, nhân viên chuyên môn (người hướng dẫn tập luyện, nhân viên cứu hộ, nhân viên y tế đối với môn thể thao mạo hiểm), sau đó cấp Giấy chứng nhận.',
    result: 'Trả Giấy chứng nhận đủ điều kiện kinh doanh hoạt động thể thao',
    documents: [
      doc('Đơn đề nghị cấp Giấy chứng nhận đủ điều kiện kinh doanh hoạt động thể thao (Mẫu số 02 Phụ lục ban hành kèm theo Nghị định số 36/2019/NĐ-CP)', 'original', 1, 'mau-02-don-de-nghi-cap-gcn-kinh-doanh-the-thao.docx'),
      doc('Bản tóm tắt tình hình chuẩn bị các điều kiện kinh doanh hoạt động thể thao (Mẫu số 03)', 'original', 1, 'mau-03-ban-tom-tat-dieu-kien-kinh-doanh-the-thao.docx'),
      doc('Văn bằng, chứng chỉ hoặc giấy chứng nhận chuyên môn của nhân viên chuyên môn', 'certified_copy'),
    ],
    timeLimit: workingDays(7, 'Kể từ ngày nhận đủ hồ sơ hợp lệ.'),
    fees: sportFees, legalBasis: sportLaw,
    resultType: 'Giấy chứng nhận đủ điều kiện kinh doanh hoạt động thể thao',
    workflow: SPORT_BUSINESS_WORKFLOW,
  }),
  so({
    code: '1.000964', name: 'Cấp lại Giấy chứng nhận đủ điều kiện kinh doanh hoạt động thể thao', fieldCode: 'the-duc-the-thao', audience: O, level: 3, eligible: true,
    applicant: 'Doanh nghiệp, hộ kinh doanh đã được cấp Giấy chứng nhận',
    review: 'Sở Văn hóa, Thể thao và Du lịch xem xét lý do cấp lại (thay đổi tên, địa chỉ, người đại diện, danh mục hoạt động thể thao hoặc Giấy chứng nhận bị mất, hư hỏng) và cấp lại Giấy chứng nhận.',
    result: 'Trả Giấy chứng nhận đủ điều kiện kinh doanh hoạt động thể thao được cấp lại',
    documents: [
      doc('Đơn đề nghị cấp lại Giấy chứng nhận đủ điều kiện kinh doanh hoạt động thể thao (Mẫu số 04 Phụ lục ban hành kèm theo Nghị định số 36/2019/NĐ-CP)', 'original', 1, 'mau-04-don-de-nghi-cap-lai-gcn-kinh-doanh-the-thao.docx'),
      doc('Giấy chứng nhận đã được cấp (trừ trường hợp bị mất)', 'original'),
      doc('Giấy tờ chứng minh nội dung thay đổi', 'copy'),
    ],
    timeLimit: workingDays(5),
    fees: [fee('Phí thẩm định cấp lại Giấy chứng nhận đủ điều kiện kinh doanh hoạt động thể thao', 200_000)],
    legalBasis: sportLaw,
    resultType: 'Giấy chứng nhận đủ điều kiện kinh doanh hoạt động thể thao (cấp lại)',
  }),
  so({
    code: '1.000965', name: 'Đăng cai tổ chức giải thi đấu vô địch từng môn thể thao của tỉnh', fieldCode: 'the-duc-the-thao', audience: O, level: 1,
    applicant: 'Liên đoàn, hiệp hội thể thao cấp tỉnh hoặc đơn vị đăng cai',
    review: 'Sở Văn hóa, Thể thao và Du lịch thẩm định điều lệ giải, kế hoạch tổ chức và các điều kiện bảo đảm an ninh, y tế, sau đó có văn bản chấp thuận.',
    result: 'Trả văn bản chấp thuận đăng cai tổ chức giải',
    documents: [
      doc('Văn bản đề nghị đăng cai tổ chức giải', 'original'),
      doc('Điều lệ giải và kế hoạch tổ chức', 'original'),
    ],
    timeLimit: workingDays(10),
    legalBasis: [LAW.theThao],
    resultType: 'Văn bản chấp thuận đăng cai tổ chức giải',
  }),

  // ——— Gia đình ———
  so({
    code: '1.001460', name: 'Cấp Giấy chứng nhận đăng ký hoạt động của cơ sở tư vấn về phòng, chống bạo lực gia đình', fieldCode: 'gia-dinh', audience: O, level: 2,
    applicant: 'Tổ chức, cá nhân đề nghị thành lập cơ sở tư vấn trên địa bàn tỉnh',
    review: 'Sở Văn hóa, Thể thao và Du lịch thẩm định điều kiện về người làm công tác tư vấn, cơ sở vật chất và quy chế hoạt động, có thể kiểm tra thực tế, sau đó cấp Giấy chứng nhận.',
    result: 'Trả Giấy chứng nhận đăng ký hoạt động của cơ sở tư vấn về phòng, chống bạo lực gia đình',
    documents: [
      doc('Đơn đề nghị cấp Giấy chứng nhận đăng ký hoạt động (Mẫu số 01 Phụ lục ban hành kèm theo Nghị định số 76/2023/NĐ-CP)', 'original', 1, 'mau-01-don-de-nghi-dang-ky-hoat-dong-co-so-tu-van-pcbltgd.docx'),
      doc('Danh sách người làm công tác tư vấn kèm văn bằng, chứng chỉ', 'certified_copy'),
      doc('Quy chế hoạt động của cơ sở', 'original'),
    ],
    timeLimit: workingDays(15),
    legalBasis: [LAW.bltgd, LAW.nd76_2023],
    resultType: 'Giấy chứng nhận đăng ký hoạt động',
  }),

  // ——— Di sản văn hóa ———
  so({
    code: '1.003901', name: 'Cấp giấy phép hoạt động bảo tàng ngoài công lập', fieldCode: 'di-san-van-hoa', audience: B, level: 1,
    applicant: 'Tổ chức, cá nhân thành lập bảo tàng ngoài công lập',
    review: 'Sở Văn hóa, Thể thao và Du lịch thẩm định hồ sơ, kiểm tra thực tế hiện vật, nhà trưng bày, kho bảo quản và nhân sự, trình Ủy ban nhân dân tỉnh cấp giấy phép hoạt động.',
    result: 'Trả Giấy phép hoạt động bảo tàng ngoài công lập',
    documents: [
      doc('Đơn đề nghị cấp giấy phép hoạt động bảo tàng', 'original'),
      doc('Danh mục hiện vật, tài liệu và kế hoạch trưng bày', 'original'),
      doc('Giấy tờ chứng minh quyền sử dụng hợp pháp địa điểm, nhà trưng bày', 'certified_copy'),
      doc('Văn bằng chuyên môn của người làm công tác bảo tàng', 'certified_copy'),
    ],
    timeLimit: workingDays(30),
    legalBasis: [LAW.diSan],
    resultType: 'Giấy phép hoạt động bảo tàng ngoài công lập',
  }),
  so({
    code: '1.003902', name: 'Cấp chứng chỉ hành nghề mua bán di vật, cổ vật, bảo vật quốc gia', fieldCode: 'di-san-van-hoa', audience: C, level: 2,
    review: 'Sở Văn hóa, Thể thao và Du lịch thẩm định trình độ chuyên môn, kinh nghiệm của người đề nghị và cấp chứng chỉ hành nghề.',
    result: 'Trả chứng chỉ hành nghề mua bán di vật, cổ vật, bảo vật quốc gia',
    documents: [
      doc('Đơn đề nghị cấp chứng chỉ hành nghề', 'original'),
      doc('Bằng tốt nghiệp chuyên ngành lịch sử, khảo cổ, bảo tàng, mỹ thuật hoặc giấy tờ chứng minh kinh nghiệm', 'certified_copy'),
      doc('02 ảnh màu cỡ 3 x 4 cm', 'original', 2),
    ],
    timeLimit: workingDays(15),
    legalBasis: [LAW.diSan],
    resultType: 'Chứng chỉ hành nghề mua bán di vật, cổ vật, bảo vật quốc gia',
  }),

  // ——— Mỹ thuật, nhiếp ảnh và triển lãm ———
  so({
    code: '1.001140', name: 'Cấp giấy phép tổ chức triển lãm do cơ quan, tổ chức, cá nhân tại địa phương đưa ra nước ngoài không vì mục đích thương mại', fieldCode: 'my-thuat-nhiep-anh-trien-lam', audience: B, level: 3,
    review: 'Sở Văn hóa, Thể thao và Du lịch thẩm định danh mục tác phẩm, hiện vật và nội dung triển lãm, sau đó cấp giấy phép.',
    result: 'Trả Giấy phép tổ chức triển lãm ở nước ngoài',
    documents: [
      doc('Văn bản đề nghị cấp giấy phép tổ chức triển lãm (Mẫu số 02 Phụ lục ban hành kèm theo Nghị định số 23/2019/NĐ-CP)', 'original', 1, 'mau-02-van-ban-de-nghi-trien-lam-o-nuoc-ngoai.docx'),
      doc('Danh mục tác phẩm, hiện vật triển lãm kèm ảnh', 'original'),
      doc('Thư mời hoặc văn bản thỏa thuận với đối tác nước ngoài', 'copy'),
    ],
    timeLimit: workingDays(8),
    legalBasis: [LAW.nd23_2019],
    resultType: 'Giấy phép tổ chức triển lãm',
  }),
];

// ——— Cấp xã (Ủy ban nhân dân xã An Trường) ———
const commune: ProcedureExchange[] = [
  xa({
    code: '2.001660', name: 'Cấp Giấy phép đủ điều kiện kinh doanh dịch vụ karaoke (do Ủy ban nhân dân cấp xã được phân cấp thực hiện)', fieldCode: 'van-hoa-co-so', audience: B, level: 4,
    applicant: 'Doanh nghiệp, hộ kinh doanh',
    review: 'Công chức văn hóa - xã hội thẩm định hồ sơ, kiểm tra thực tế điều kiện phòng hát và văn bản nghiệm thu phòng cháy và chữa cháy, trình Chủ tịch Ủy ban nhân dân xã cấp Giấy phép.',
    result: 'Trả Giấy phép đủ điều kiện kinh doanh dịch vụ karaoke',
    documents: karaokeDocs,
    timeLimit: workingDays(5, 'Kể từ ngày nhận đủ hồ sơ hợp lệ.'),
    fees: karaokeFees, legalBasis: [...karaokeLaw, LAW.nd297_2025],
    resultType: 'Giấy phép đủ điều kiện kinh doanh dịch vụ karaoke',
    effectiveFrom: '2025-07-01',
  }),
  xa({
    code: '2.001661', name: 'Thông báo tổ chức lễ hội cấp xã', fieldCode: 'van-hoa-co-so', audience: B, level: 3,
    applicant: 'Ban tổ chức lễ hội',
    review: 'Công chức văn hóa - xã hội tiếp nhận thông báo, kiểm tra thời gian, địa điểm và chương trình lễ hội, báo cáo Chủ tịch Ủy ban nhân dân xã.',
    result: 'Trả xác nhận đã tiếp nhận thông báo tổ chức lễ hội',
    documents: [
      doc('Văn bản thông báo tổ chức lễ hội (Mẫu số 03 Phụ lục ban hành kèm theo Nghị định số 110/2018/NĐ-CP)', 'original', 1, 'mau-03-van-ban-thong-bao-to-chuc-le-hoi.docx'),
      doc('Chương trình lễ hội', 'original'),
    ],
    timeLimit: sameDay(),
    legalBasis: [LAW.leHoi],
    resultType: 'Xác nhận tiếp nhận thông báo',
  }),
  xa({
    code: '2.001662', name: 'Xét tặng danh hiệu “Gia đình văn hóa”', fieldCode: 'van-hoa-co-so', audience: C, level: 2,
    applicant: 'Trưởng thôn, tổ trưởng tổ dân phố (đề nghị cho các hộ gia đình đạt tiêu chuẩn)',
    review: 'Công chức văn hóa - xã hội tổng hợp biên bản họp bình xét của thôn, tổ dân phố, đối chiếu tiêu chuẩn và trình Chủ tịch Ủy ban nhân dân xã ra quyết định tặng danh hiệu.',
    result: 'Trả quyết định và giấy khen tặng danh hiệu “Gia đình văn hóa”',
    documents: [
      doc('Văn bản đề nghị xét tặng danh hiệu “Gia đình văn hóa” kèm danh sách hộ gia đình', 'original'),
      doc('Biên bản họp bình xét của thôn, tổ dân phố', 'original'),
    ],
    timeLimit: workingDays(5),
    legalBasis: [LAW.nd86_2023],
    resultType: 'Quyết định tặng danh hiệu “Gia đình văn hóa”',
  }),
];

export const travinh: ProcedureExchange[] = [...province, ...commune];
