// Procedures handled at central level by the bureaus of Bộ Văn hóa, Thể thao và Du lịch (demo catalog).
// Names follow the national procedure catalog; codes are plausible national codes (format N.NNNNNN).
// Fee amounts and time limits follow the legal texts cited with each procedure; verify them against the
// official texts before using this catalog in production.
import type { ProcedureExchange } from '../../modules/catalog/catalog.exchange.ts';
import { doc, fee, type Office, type ProcedureInput, procedureOf, workingDays } from './helpers.ts';
import { COPYRIGHT_FORM } from './forms.ts';
import { LAW } from './legal.ts';

const C: ProcedureExchange['audience'] = ['citizen'];
const O: ProcedureExchange['audience'] = ['organisation'];
const B: ProcedureExchange['audience'] = ['citizen', 'organisation'];

const MINISTRY_ADDRESS = '51 Ngô Quyền, phường Hoàn Kiếm, Hà Nội';

function bureau(code: string, handler: string, address = MINISTRY_ADDRESS): (input: ProcedureInput) => ProcedureExchange {
  const office: Office = { counter: `Bộ phận Một cửa của ${handler}`, handler, address };
  return (input) => procedureOf(office, code, 'central', input);
}

const copyright = bureau('000.00.12.G14', 'Cục Bản quyền tác giả', '33 Ngô Quyền, phường Hoàn Kiếm, Hà Nội');
const performing = bureau('000.00.13.G14', 'Cục Nghệ thuật biểu diễn');
const cinema = bureau('000.00.14.G14', 'Cục Điện ảnh');
const heritage = bureau('000.00.15.G14', 'Cục Di sản văn hóa');
const fineArts = bureau('000.00.16.G14', 'Cục Mỹ thuật, Nhiếp ảnh và Triển lãm');
const tourism = bureau('000.00.17.G14', 'Cục Du lịch Quốc gia Việt Nam', '80 Quán Sứ, phường Cửa Nam, Hà Nội');
const sport = bureau('000.00.18.G14', 'Cục Thể dục thể thao');
const family = bureau('000.00.19.G14', 'Vụ Gia đình');

// ——— Bản quyền tác giả ———————————————————————————————————————————————————————————————

const copyrightDocs = {
  authorisation: doc('Giấy ủy quyền, nếu người nộp hồ sơ là người được ủy quyền', 'original_or_certified'),
  coOwners: doc('Văn bản đồng ý của các đồng tác giả, đồng chủ sở hữu, nếu tác phẩm có đồng tác giả hoặc quyền tác giả thuộc sở hữu chung', 'original'),
  oldCertificate: doc('Bản gốc Giấy chứng nhận đăng ký đã được cấp', 'original'),
  reissueForm: doc('Tờ khai cấp lại, cấp đổi Giấy chứng nhận đăng ký quyền tác giả, Giấy chứng nhận đăng ký quyền liên quan (Mẫu số 03)', 'original', 1, 'mau-03-to-khai-cap-lai-cap-doi-giay-chung-nhan.docx'),
};

const copyrightFees = [
  fee('Lệ phí đối với tác phẩm viết (văn học, khoa học, sách giáo khoa, giáo trình), bài giảng, bài phát biểu, tác phẩm báo chí, tác phẩm âm nhạc, tác phẩm nhiếp ảnh', 100_000),
  fee('Lệ phí đối với tác phẩm kiến trúc; bản họa đồ, sơ đồ, bản đồ, bản vẽ liên quan đến địa hình, công trình khoa học', 300_000),
  fee('Lệ phí đối với tác phẩm tạo hình, tác phẩm mỹ thuật ứng dụng', 400_000),
  fee('Lệ phí đối với tác phẩm điện ảnh, tác phẩm sân khấu được định hình trên băng, đĩa', 500_000),
  fee('Lệ phí đối với chương trình máy tính, sưu tập dữ liệu', 600_000),
];
const copyrightHalfFees = [
  fee('Cấp lại, cấp đổi đối với tác phẩm viết, âm nhạc, nhiếp ảnh, báo chí (50% mức lệ phí cấp lần đầu)', 50_000),
  fee('Cấp lại, cấp đổi đối với tác phẩm tạo hình, mỹ thuật ứng dụng (50% mức lệ phí cấp lần đầu)', 200_000),
  fee('Cấp lại, cấp đổi đối với chương trình máy tính, sưu tập dữ liệu (50% mức lệ phí cấp lần đầu)', 300_000),
];
const relatedFees = [
  fee('Lệ phí đối với cuộc biểu diễn được định hình trên bản ghi âm, ghi hình', 200_000),
  fee('Lệ phí đối với bản ghi âm, ghi hình', 200_000),
  fee('Lệ phí đối với chương trình phát sóng', 300_000),
];
const copyrightLaw = [LAW.shtt, LAW.nd17_2023, LAW.tt211_2016];

const copyrightProcedures: ProcedureExchange[] = [
  copyright({
    code: '1.001823', name: 'Cấp Giấy chứng nhận đăng ký quyền tác giả', fieldCode: 'ban-quyen-tac-gia', audience: B, level: 4,
    applicant: 'Tác giả, chủ sở hữu quyền tác giả hoặc người được ủy quyền',
    review: 'Phòng Quyền tác giả, quyền liên quan thẩm định hồ sơ, đối chiếu bản sao tác phẩm với tờ khai; trường hợp hồ sơ hợp lệ, trình Lãnh đạo Cục ký Giấy chứng nhận đăng ký quyền tác giả và ghi nhận vào Sổ đăng ký quốc gia về quyền tác giả, quyền liên quan.',
    result: 'Cục Bản quyền tác giả trả Giấy chứng nhận đăng ký quyền tác giả cho người nộp hồ sơ',
    documents: [
      doc('Tờ khai đăng ký quyền tác giả (Mẫu số 01)', 'original', 1, 'mau-01-to-khai-dang-ky-quyen-tac-gia.docx'),
      doc('Bản sao tác phẩm đăng ký quyền tác giả', 'copy', 2),
      copyrightDocs.authorisation,
      doc('Tài liệu chứng minh quyền nộp hồ sơ, nếu người nộp hồ sơ thụ hưởng quyền đó của người khác do được thừa kế, chuyển giao, kế thừa', 'certified_copy'),
      copyrightDocs.coOwners,
    ],
    timeLimit: workingDays(15, 'Kể từ ngày nhận đủ hồ sơ hợp lệ.'),
    fees: copyrightFees, legalBasis: copyrightLaw,
    resultType: 'Giấy chứng nhận đăng ký quyền tác giả',
    form: COPYRIGHT_FORM,
  }),
  copyright({
    code: '1.001824', name: 'Cấp đổi Giấy chứng nhận đăng ký quyền tác giả', fieldCode: 'ban-quyen-tac-gia', audience: B, level: 4,
    applicant: 'Chủ sở hữu quyền tác giả hoặc người được ủy quyền',
    review: 'Phòng Quyền tác giả, quyền liên quan xem xét yêu cầu cấp đổi do thay đổi chủ sở hữu quyền tác giả hoặc thông tin trên Giấy chứng nhận đã cấp, đối chiếu với Sổ đăng ký quốc gia và trình Lãnh đạo Cục ký Giấy chứng nhận cấp đổi.',
    result: 'Cục Bản quyền tác giả trả Giấy chứng nhận đăng ký quyền tác giả được cấp đổi và thu hồi Giấy chứng nhận cũ',
    documents: [
      copyrightDocs.reissueForm,
      copyrightDocs.oldCertificate,
      doc('Tài liệu chứng minh việc thay đổi chủ sở hữu quyền tác giả hoặc thay đổi thông tin trên Giấy chứng nhận (hợp đồng chuyển nhượng, văn bản thừa kế, quyết định đổi tên...)', 'certified_copy'),
      copyrightDocs.authorisation,
    ],
    timeLimit: workingDays(12, 'Kể từ ngày nhận đủ hồ sơ hợp lệ.'),
    fees: copyrightHalfFees, legalBasis: copyrightLaw,
    resultType: 'Giấy chứng nhận đăng ký quyền tác giả (cấp đổi)',
  }),
  copyright({
    code: '1.001825', name: 'Cấp lại Giấy chứng nhận đăng ký quyền tác giả', fieldCode: 'ban-quyen-tac-gia', audience: B, level: 4,
    applicant: 'Chủ sở hữu quyền tác giả hoặc người được ủy quyền',
    review: 'Phòng Quyền tác giả, quyền liên quan kiểm tra thông tin Giấy chứng nhận bị mất hoặc hư hỏng trong Sổ đăng ký quốc gia về quyền tác giả, quyền liên quan và trình Lãnh đạo Cục ký Giấy chứng nhận cấp lại.',
    result: 'Cục Bản quyền tác giả trả Giấy chứng nhận đăng ký quyền tác giả được cấp lại',
    documents: [
      copyrightDocs.reissueForm,
      doc('Giấy chứng nhận đăng ký quyền tác giả bị hư hỏng (trường hợp bị hư hỏng)', 'original'),
      copyrightDocs.authorisation,
    ],
    timeLimit: workingDays(12, 'Kể từ ngày nhận đủ hồ sơ hợp lệ.'),
    fees: copyrightHalfFees, legalBasis: copyrightLaw,
    resultType: 'Giấy chứng nhận đăng ký quyền tác giả (cấp lại)',
  }),
  copyright({
    code: '1.001826', name: 'Cấp Giấy chứng nhận đăng ký quyền liên quan', fieldCode: 'ban-quyen-tac-gia', audience: B, level: 4,
    applicant: 'Người biểu diễn, nhà sản xuất bản ghi âm, ghi hình, tổ chức phát sóng hoặc người được ủy quyền',
    review: 'Phòng Quyền tác giả, quyền liên quan thẩm định hồ sơ và bản định hình đối tượng quyền liên quan; trường hợp hợp lệ, trình Lãnh đạo Cục ký Giấy chứng nhận đăng ký quyền liên quan.',
    result: 'Cục Bản quyền tác giả trả Giấy chứng nhận đăng ký quyền liên quan',
    documents: [
      doc('Tờ khai đăng ký quyền liên quan (Mẫu số 02)', 'original', 1, 'mau-02-to-khai-dang-ky-quyen-lien-quan.docx'),
      doc('Bản định hình đối tượng đăng ký quyền liên quan (cuộc biểu diễn, bản ghi âm, ghi hình, chương trình phát sóng)', 'copy', 2),
      copyrightDocs.authorisation,
      doc('Văn bản đồng ý của các đồng chủ sở hữu, nếu quyền liên quan thuộc sở hữu chung', 'original'),
    ],
    timeLimit: workingDays(15, 'Kể từ ngày nhận đủ hồ sơ hợp lệ.'),
    fees: relatedFees, legalBasis: copyrightLaw,
    resultType: 'Giấy chứng nhận đăng ký quyền liên quan',
  }),
  copyright({
    code: '1.001827', name: 'Cấp đổi Giấy chứng nhận đăng ký quyền liên quan', fieldCode: 'ban-quyen-tac-gia', audience: B, level: 3, eligible: true,
    review: 'Phòng Quyền tác giả, quyền liên quan xem xét tài liệu chứng minh việc thay đổi chủ sở hữu hoặc thông tin của đối tượng quyền liên quan và trình Lãnh đạo Cục ký Giấy chứng nhận cấp đổi.',
    result: 'Cục Bản quyền tác giả trả Giấy chứng nhận đăng ký quyền liên quan được cấp đổi',
    documents: [copyrightDocs.reissueForm, copyrightDocs.oldCertificate, doc('Tài liệu chứng minh việc thay đổi chủ sở hữu quyền liên quan hoặc thông tin trên Giấy chứng nhận', 'certified_copy'), copyrightDocs.authorisation],
    timeLimit: workingDays(12),
    fees: [fee('Cấp đổi Giấy chứng nhận đăng ký quyền liên quan (50% mức lệ phí cấp lần đầu)', 100_000)], legalBasis: copyrightLaw,
    resultType: 'Giấy chứng nhận đăng ký quyền liên quan (cấp đổi)',
  }),
  copyright({
    code: '1.001828', name: 'Cấp lại Giấy chứng nhận đăng ký quyền liên quan', fieldCode: 'ban-quyen-tac-gia', audience: B, level: 3, eligible: true,
    review: 'Phòng Quyền tác giả, quyền liên quan đối chiếu thông tin với Sổ đăng ký quốc gia về quyền tác giả, quyền liên quan và trình Lãnh đạo Cục ký Giấy chứng nhận cấp lại.',
    result: 'Cục Bản quyền tác giả trả Giấy chứng nhận đăng ký quyền liên quan được cấp lại',
    documents: [copyrightDocs.reissueForm, doc('Giấy chứng nhận đăng ký quyền liên quan bị hư hỏng (trường hợp bị hư hỏng)', 'original'), copyrightDocs.authorisation],
    timeLimit: workingDays(12),
    fees: [fee('Cấp lại Giấy chứng nhận đăng ký quyền liên quan (50% mức lệ phí cấp lần đầu)', 100_000)], legalBasis: copyrightLaw,
    resultType: 'Giấy chứng nhận đăng ký quyền liên quan (cấp lại)',
  }),
  copyright({
    code: '1.001829', name: 'Cấp Thẻ giám định viên quyền tác giả, quyền liên quan', fieldCode: 'ban-quyen-tac-gia', audience: C, level: 3,
    applicant: 'Cá nhân đáp ứng tiêu chuẩn giám định viên quyền tác giả, quyền liên quan',
    review: 'Cục Bản quyền tác giả thẩm định tiêu chuẩn của người đề nghị (trình độ chuyên môn, kinh nghiệm, kết quả kiểm tra nghiệp vụ giám định) và trình Bộ trưởng Bộ Văn hóa, Thể thao và Du lịch cấp Thẻ giám định viên.',
    result: 'Trả Thẻ giám định viên quyền tác giả, quyền liên quan',
    documents: [
      doc('Tờ khai yêu cầu cấp Thẻ giám định viên quyền tác giả, quyền liên quan (Mẫu số 05)', 'original', 1, 'mau-05-to-khai-cap-the-giam-dinh-vien.docx'),
      doc('Bằng tốt nghiệp đại học hoặc sau đại học phù hợp với chuyên ngành giám định', 'certified_copy'),
      doc('Giấy chứng nhận kết quả kiểm tra nghiệp vụ giám định quyền tác giả, quyền liên quan', 'certified_copy'),
      doc('02 ảnh màu cỡ 3 x 4 cm', 'original', 2),
    ],
    timeLimit: workingDays(15),
    legalBasis: [LAW.shtt, LAW.nd17_2023],
    resultType: 'Thẻ giám định viên quyền tác giả, quyền liên quan',
  }),
  copyright({
    code: '1.001830', name: 'Cấp lại Thẻ giám định viên quyền tác giả, quyền liên quan', fieldCode: 'ban-quyen-tac-gia', audience: C, level: 2, eligible: true,
    applicant: 'Giám định viên quyền tác giả, quyền liên quan',
    review: 'Cục Bản quyền tác giả kiểm tra thông tin Thẻ giám định viên đã cấp trong danh sách giám định viên và trình Bộ trưởng cấp lại Thẻ.',
    result: 'Trả Thẻ giám định viên quyền tác giả, quyền liên quan được cấp lại',
    documents: [
      doc('Tờ khai yêu cầu cấp lại Thẻ giám định viên quyền tác giả, quyền liên quan (Mẫu số 06)', 'original', 1, 'mau-06-to-khai-cap-lai-the-giam-dinh-vien.docx'),
      doc('Thẻ giám định viên bị hư hỏng (trường hợp bị hư hỏng)', 'original'),
      doc('02 ảnh màu cỡ 3 x 4 cm', 'original', 2),
    ],
    timeLimit: workingDays(10),
    legalBasis: [LAW.shtt, LAW.nd17_2023],
    resultType: 'Thẻ giám định viên quyền tác giả, quyền liên quan (cấp lại)',
  }),
  copyright({
    code: '1.001831', name: 'Cấp Giấy chứng nhận tổ chức giám định quyền tác giả, quyền liên quan', fieldCode: 'ban-quyen-tac-gia', audience: O, level: 2,
    applicant: 'Tổ chức đề nghị hoạt động giám định quyền tác giả, quyền liên quan',
    review: 'Cục Bản quyền tác giả thẩm định điều kiện hoạt động giám định (giám định viên, cơ sở vật chất, phạm vi giám định) và trình Bộ trưởng Bộ Văn hóa, Thể thao và Du lịch cấp Giấy chứng nhận.',
    result: 'Trả Giấy chứng nhận tổ chức giám định quyền tác giả, quyền liên quan',
    documents: [
      doc('Tờ khai yêu cầu cấp Giấy chứng nhận tổ chức giám định quyền tác giả, quyền liên quan (Mẫu số 07)', 'original', 1, 'mau-07-to-khai-cap-giay-chung-nhan-to-chuc-giam-dinh.docx'),
      doc('Giấy chứng nhận đăng ký doanh nghiệp hoặc quyết định thành lập tổ chức', 'certified_copy'),
      doc('Danh sách giám định viên quyền tác giả, quyền liên quan làm việc cho tổ chức kèm bản sao Thẻ giám định viên', 'original'),
    ],
    timeLimit: workingDays(20),
    legalBasis: [LAW.shtt, LAW.nd17_2023],
    resultType: 'Giấy chứng nhận tổ chức giám định quyền tác giả, quyền liên quan',
  }),
  copyright({
    code: '1.001832', name: 'Đề nghị hủy bỏ hiệu lực Giấy chứng nhận đăng ký quyền tác giả, Giấy chứng nhận đăng ký quyền liên quan', fieldCode: 'ban-quyen-tac-gia', audience: B, level: 1,
    review: 'Cục Bản quyền tác giả xem xét căn cứ hủy bỏ (người được cấp không phải là tác giả, chủ sở hữu hoặc đối tượng không được bảo hộ), lấy ý kiến của người được cấp Giấy chứng nhận và ra quyết định hủy bỏ hoặc từ chối hủy bỏ hiệu lực.',
    result: 'Trả quyết định hủy bỏ hiệu lực Giấy chứng nhận hoặc văn bản thông báo từ chối hủy bỏ',
    documents: [
      doc('Đơn đề nghị hủy bỏ hiệu lực Giấy chứng nhận đăng ký quyền tác giả, quyền liên quan', 'original'),
      doc('Tài liệu, chứng cứ chứng minh căn cứ đề nghị hủy bỏ hiệu lực', 'copy'),
    ],
    timeLimit: workingDays(10, 'Kể từ ngày có kết luận xác định căn cứ hủy bỏ.'),
    legalBasis: [LAW.shtt, LAW.nd17_2023],
    resultType: 'Quyết định hủy bỏ hiệu lực Giấy chứng nhận đăng ký quyền tác giả, quyền liên quan',
  }),
];

// ——— Nghệ thuật biểu diễn ————————————————————————————————————————————————————————————

const performingProcedures: ProcedureExchange[] = [
  performing({
    code: '1.009018', name: 'Tổ chức biểu diễn nghệ thuật trong khuôn khổ hợp tác quốc tế của các hội chuyên ngành về nghệ thuật biểu diễn thuộc trung ương, đơn vị sự nghiệp công lập có chức năng biểu diễn nghệ thuật thuộc trung ương',
    fieldCode: 'nghe-thuat-bieu-dien', audience: O, level: 4,
    applicant: 'Hội chuyên ngành về nghệ thuật biểu diễn thuộc trung ương hoặc đơn vị sự nghiệp công lập có chức năng biểu diễn nghệ thuật thuộc trung ương',
    review: 'Cục Nghệ thuật biểu diễn thẩm định nội dung chương trình, danh sách người biểu diễn và kịch bản; trường hợp đủ điều kiện, ban hành văn bản chấp thuận tổ chức biểu diễn nghệ thuật.',
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
    ],
    legalBasis: [LAW.nd144_2020, LAW.tt288_2016],
    resultType: 'Văn bản chấp thuận tổ chức biểu diễn nghệ thuật',
  }),
  performing({
    code: '1.009019', name: 'Tổ chức cuộc thi, liên hoan trên phạm vi toàn quốc và quốc tế của các hội chuyên ngành về nghệ thuật biểu diễn thuộc trung ương, đơn vị sự nghiệp công lập có chức năng biểu diễn nghệ thuật thuộc trung ương',
    fieldCode: 'nghe-thuat-bieu-dien', audience: O, level: 3, eligible: true,
    review: 'Cục Nghệ thuật biểu diễn thẩm định đề án tổ chức cuộc thi, liên hoan (quy chế, thành phần ban giám khảo, cơ cấu giải thưởng) và ban hành văn bản chấp thuận.',
    result: 'Trả văn bản chấp thuận tổ chức cuộc thi, liên hoan',
    documents: [
      doc('Văn bản đề nghị tổ chức cuộc thi, liên hoan (Mẫu số 02 Phụ lục ban hành kèm theo Nghị định số 144/2020/NĐ-CP)', 'original', 1, 'mau-02-van-ban-de-nghi-to-chuc-cuoc-thi-lien-hoan.docx'),
      doc('Đề án tổ chức cuộc thi, liên hoan', 'original'),
      doc('Quy chế cuộc thi, liên hoan', 'original'),
    ],
    timeLimit: workingDays(15),
    legalBasis: [LAW.nd144_2020],
    resultType: 'Văn bản chấp thuận tổ chức cuộc thi, liên hoan',
  }),
  performing({
    code: '1.009020', name: 'Mời tổ chức, cá nhân nước ngoài vào Việt Nam biểu diễn nghệ thuật của các đơn vị thuộc trung ương', fieldCode: 'nghe-thuat-bieu-dien', audience: O, level: 2,
    review: 'Cục Nghệ thuật biểu diễn thẩm định nội dung chương trình, lý lịch nghệ thuật của tổ chức, cá nhân nước ngoài và lấy ý kiến cơ quan liên quan khi cần thiết, sau đó ban hành văn bản chấp thuận.',
    result: 'Trả văn bản chấp thuận mời tổ chức, cá nhân nước ngoài vào Việt Nam biểu diễn nghệ thuật',
    documents: [
      doc('Văn bản đề nghị (Mẫu số 01 Phụ lục ban hành kèm theo Nghị định số 144/2020/NĐ-CP)', 'original', 1, 'mau-01-van-ban-de-nghi-to-chuc-bieu-dien-nghe-thuat.docx'),
      doc('Kịch bản, danh mục tác phẩm kèm bản dịch tiếng Việt', 'original'),
      doc('Thư mời hoặc thỏa thuận hợp tác với tổ chức, cá nhân nước ngoài', 'copy'),
    ],
    timeLimit: workingDays(10),
    legalBasis: [LAW.nd144_2020],
    resultType: 'Văn bản chấp thuận',
  }),
  performing({
    code: '1.009021', name: 'Đưa tổ chức, cá nhân Việt Nam thuộc trung ương ra nước ngoài biểu diễn nghệ thuật', fieldCode: 'nghe-thuat-bieu-dien', audience: O, level: 1,
    review: 'Cục Nghệ thuật biểu diễn xem xét chương trình biểu diễn, danh sách người biểu diễn và thư mời của đối tác nước ngoài; trường hợp đủ điều kiện, ban hành văn bản chấp thuận.',
    result: 'Trả văn bản chấp thuận đưa tổ chức, cá nhân ra nước ngoài biểu diễn nghệ thuật',
    documents: [
      doc('Văn bản đề nghị đưa tổ chức, cá nhân ra nước ngoài biểu diễn nghệ thuật', 'original'),
      doc('Danh mục chương trình và danh sách người biểu diễn', 'original'),
      doc('Thư mời của đối tác nước ngoài kèm bản dịch tiếng Việt', 'copy'),
    ],
    timeLimit: workingDays(7),
    legalBasis: [LAW.nd144_2020],
    resultType: 'Văn bản chấp thuận',
  }),
];

// ——— Điện ảnh ——————————————————————————————————————————————————————————————————————

const cinemaProcedures: ProcedureExchange[] = [
  cinema({
    code: '1.011450', name: 'Cấp Giấy phép phân loại phim', fieldCode: 'dien-anh', audience: O, level: 4,
    applicant: 'Cơ sở điện ảnh sản xuất, nhập khẩu phim hoặc cơ quan, tổ chức đề nghị phổ biến phim',
    review: 'Hội đồng thẩm định và phân loại phim xem phim, thẩm định nội dung và đề xuất mức phân loại (P, K, T13, T16, T18 hoặc C); Cục Điện ảnh cấp Giấy phép phân loại phim để phổ biến phim.',
    result: 'Trả Giấy phép phân loại phim; trường hợp phim cần sửa chữa, Cục Điện ảnh thông báo bằng văn bản nội dung cần sửa',
    documents: [
      doc('Đơn đề nghị cấp Giấy phép phân loại phim (Mẫu số 01 Phụ lục ban hành kèm theo Nghị định số 131/2022/NĐ-CP)', 'original', 1, 'mau-01-don-de-nghi-cap-giay-phep-phan-loai-phim.docx'),
      doc('Bản phim (file phim) kèm phụ đề tiếng Việt đối với phim nước ngoài', 'copy'),
      doc('Giấy tờ chứng minh quyền sở hữu hoặc quyền phổ biến phim', 'certified_copy'),
      doc('Bảng tóm tắt nội dung phim', 'original'),
    ],
    timeLimit: workingDays(15, 'Kể từ ngày nhận đủ hồ sơ hợp lệ.'),
    fees: [
      fee('Phí thẩm định và phân loại phim truyện thương mại có độ dài đến 100 phút', 3_600_000),
      fee('Phí thẩm định và phân loại phim ngắn thương mại có độ dài đến 60 phút', 2_200_000),
      fee('Phí thẩm định và phân loại phim truyện phi thương mại có độ dài đến 100 phút', 2_400_000),
      fee('Phí thẩm định và phân loại phim ngắn phi thương mại có độ dài đến 60 phút', 1_600_000),
    ],
    legalBasis: [LAW.dienAnh, LAW.nd131_2022, 'Thông tư số 289/2016/TT-BTC ngày 15/11/2016 của Bộ Tài chính quy định mức thu, chế độ thu, nộp, quản lý và sử dụng phí, lệ phí trong lĩnh vực điện ảnh'],
    resultType: 'Giấy phép phân loại phim (cho phép phổ biến phim)',
  }),
  cinema({
    code: '1.011451', name: 'Cấp giấy phép cung cấp dịch vụ sản xuất phim cho tổ chức nước ngoài', fieldCode: 'dien-anh', audience: O, level: 3, eligible: true,
    applicant: 'Cơ sở điện ảnh Việt Nam cung cấp dịch vụ sản xuất phim',
    review: 'Cục Điện ảnh thẩm định kịch bản phim, kế hoạch quay phim tại Việt Nam và danh sách đoàn làm phim nước ngoài; lấy ý kiến các cơ quan liên quan đối với địa điểm quay phim khi cần thiết.',
    result: 'Trả Giấy phép cung cấp dịch vụ sản xuất phim',
    documents: [
      doc('Đơn đề nghị cấp giấy phép cung cấp dịch vụ sản xuất phim (Mẫu số 02)', 'original', 1, 'mau-02-don-de-nghi-cap-giay-phep-cung-cap-dich-vu-san-xuat-phim.docx'),
      doc('Kịch bản phim bằng tiếng Việt hoặc bản tóm tắt kịch bản', 'original'),
      doc('Hợp đồng cung cấp dịch vụ sản xuất phim với tổ chức nước ngoài', 'certified_copy'),
      doc('Danh sách thành viên đoàn làm phim nước ngoài', 'original'),
    ],
    timeLimit: workingDays(15),
    legalBasis: [LAW.dienAnh, LAW.nd131_2022],
    resultType: 'Giấy phép cung cấp dịch vụ sản xuất phim',
  }),
  cinema({
    code: '1.011452', name: 'Tổ chức liên hoan phim, giải thưởng, cuộc thi phim, tuần phim tại Việt Nam', fieldCode: 'dien-anh', audience: O, level: 2,
    review: 'Cục Điện ảnh thẩm định đề án tổ chức (mục đích, quy mô, danh mục phim, thành phần ban giám khảo) và ban hành văn bản chấp thuận.',
    result: 'Trả văn bản chấp thuận tổ chức liên hoan phim, giải thưởng, cuộc thi phim, tuần phim',
    documents: [
      doc('Văn bản đề nghị tổ chức liên hoan phim, giải thưởng, cuộc thi phim, tuần phim', 'original'),
      doc('Đề án tổ chức kèm quy chế và danh mục phim dự kiến', 'original'),
    ],
    timeLimit: workingDays(10),
    legalBasis: [LAW.dienAnh, LAW.nd131_2022],
    resultType: 'Văn bản chấp thuận',
  }),
  cinema({
    code: '1.011453', name: 'Đưa phim Việt Nam ra nước ngoài tham gia liên hoan phim, tuần phim', fieldCode: 'dien-anh', audience: O, level: 1,
    review: 'Cục Điện ảnh kiểm tra Giấy phép phân loại phim hoặc quyết định phát sóng của phim và thư mời của liên hoan phim, tuần phim nước ngoài, sau đó có văn bản trả lời.',
    result: 'Trả văn bản chấp thuận đưa phim ra nước ngoài',
    documents: [
      doc('Văn bản đề nghị đưa phim ra nước ngoài', 'original'),
      doc('Giấy phép phân loại phim hoặc quyết định phát sóng phim', 'certified_copy'),
      doc('Thư mời của ban tổ chức liên hoan phim, tuần phim', 'copy'),
    ],
    timeLimit: workingDays(5),
    legalBasis: [LAW.dienAnh, LAW.nd131_2022],
    resultType: 'Văn bản chấp thuận',
  }),
];

// ——— Di sản văn hóa ——————————————————————————————————————————————————————————————————

const heritageProcedures: ProcedureExchange[] = [
  heritage({
    code: '1.003838', name: 'Cấp giấy phép xuất khẩu di vật, cổ vật không thuộc sở hữu toàn dân, sở hữu của tổ chức chính trị, tổ chức chính trị - xã hội', fieldCode: 'di-san-van-hoa', audience: B, level: 3,
    applicant: 'Chủ sở hữu di vật, cổ vật',
    review: 'Cục Di sản văn hóa tổ chức giám định, đối chiếu di vật, cổ vật với hồ sơ đăng ký và trình Bộ trưởng Bộ Văn hóa, Thể thao và Du lịch cấp giấy phép xuất khẩu.',
    result: 'Trả Giấy phép xuất khẩu di vật, cổ vật',
    documents: [
      doc('Đơn đề nghị cấp giấy phép xuất khẩu di vật, cổ vật (Mẫu số 01)', 'original', 1, 'mau-01-don-de-nghi-cap-giay-phep-xuat-khau-di-vat-co-vat.docx'),
      doc('Giấy chứng nhận đăng ký di vật, cổ vật', 'certified_copy'),
      doc('Ảnh màu chụp toàn bộ và các mặt của di vật, cổ vật cỡ 9 x 12 cm', 'original', 2),
      doc('Kết luận giám định di vật, cổ vật của cơ sở giám định cổ vật', 'original'),
    ],
    timeLimit: workingDays(15),
    legalBasis: [LAW.diSan],
    resultType: 'Giấy phép xuất khẩu di vật, cổ vật',
  }),
  heritage({
    code: '1.003839', name: 'Cấp giấy phép thăm dò, khai quật khảo cổ', fieldCode: 'di-san-van-hoa', audience: O, level: 2,
    applicant: 'Cơ quan, tổ chức có chức năng nghiên cứu khảo cổ',
    review: 'Cục Di sản văn hóa thẩm định kế hoạch thăm dò, khai quật (địa điểm, diện tích, thời gian, người chủ trì) và trình Bộ trưởng cấp giấy phép.',
    result: 'Trả Giấy phép thăm dò, khai quật khảo cổ',
    documents: [
      doc('Văn bản đề nghị cấp giấy phép thăm dò, khai quật khảo cổ', 'original'),
      doc('Kế hoạch thăm dò, khai quật kèm bản vẽ xác định địa điểm và diện tích', 'original'),
      doc('Ý kiến của Ủy ban nhân dân cấp tỉnh nơi có địa điểm thăm dò, khai quật', 'original'),
      doc('Lý lịch khoa học của người chủ trì thăm dò, khai quật', 'original'),
    ],
    timeLimit: workingDays(15),
    legalBasis: [LAW.diSan],
    resultType: 'Giấy phép thăm dò, khai quật khảo cổ',
  }),
  heritage({
    code: '1.003840', name: 'Cấp phép cho người nước ngoài tiến hành nghiên cứu, sưu tầm di sản văn hóa phi vật thể tại Việt Nam', fieldCode: 'di-san-van-hoa', audience: B, level: 1,
    applicant: 'Tổ chức, cá nhân nước ngoài',
    review: 'Cục Di sản văn hóa thẩm định kế hoạch nghiên cứu, sưu tầm, văn bản hợp tác với tổ chức Việt Nam và lấy ý kiến Ủy ban nhân dân cấp tỉnh nơi tiến hành nghiên cứu.',
    result: 'Trả giấy phép nghiên cứu, sưu tầm di sản văn hóa phi vật thể',
    documents: [
      doc('Đơn đề nghị cấp phép nghiên cứu, sưu tầm di sản văn hóa phi vật thể', 'original'),
      doc('Kế hoạch nghiên cứu, sưu tầm (mục đích, thời gian, địa điểm, danh sách thành viên)', 'original'),
      doc('Văn bản thỏa thuận hợp tác với tổ chức khoa học Việt Nam', 'certified_copy'),
    ],
    timeLimit: workingDays(20),
    legalBasis: [LAW.diSan],
    resultType: 'Giấy phép nghiên cứu, sưu tầm di sản văn hóa phi vật thể',
  }),
  heritage({
    code: '1.003841', name: 'Cấp giấy chứng nhận đủ điều kiện kinh doanh giám định cổ vật', fieldCode: 'di-san-van-hoa', audience: O, level: 2, eligible: true,
    applicant: 'Doanh nghiệp đề nghị kinh doanh dịch vụ giám định cổ vật',
    review: 'Cục Di sản văn hóa kiểm tra điều kiện về chuyên gia giám định, trang thiết bị và cơ sở vật chất, có thể kiểm tra thực tế tại cơ sở, và trình Bộ trưởng cấp giấy chứng nhận.',
    result: 'Trả Giấy chứng nhận đủ điều kiện kinh doanh giám định cổ vật',
    documents: [
      doc('Đơn đề nghị cấp giấy chứng nhận đủ điều kiện kinh doanh giám định cổ vật', 'original'),
      doc('Giấy chứng nhận đăng ký doanh nghiệp', 'certified_copy'),
      doc('Danh sách chuyên gia giám định kèm văn bằng, chứng chỉ chuyên môn', 'certified_copy'),
      doc('Bản kê khai trang thiết bị kỹ thuật phục vụ giám định', 'original'),
    ],
    timeLimit: workingDays(20),
    legalBasis: [LAW.diSan],
    resultType: 'Giấy chứng nhận đủ điều kiện kinh doanh giám định cổ vật',
  }),
  heritage({
    code: '1.003842', name: 'Cấp phép làm bản sao di vật, cổ vật, bảo vật quốc gia thuộc bảo tàng quốc gia, bảo tàng chuyên ngành', fieldCode: 'di-san-van-hoa', audience: B, level: 2,
    review: 'Cục Di sản văn hóa xem xét mục đích làm bản sao, phương án bảo đảm an toàn cho hiện vật gốc và ý kiến của bảo tàng quản lý hiện vật, sau đó trình Bộ trưởng cấp phép.',
    result: 'Trả giấy phép làm bản sao di vật, cổ vật, bảo vật quốc gia',
    documents: [
      doc('Đơn đề nghị cấp phép làm bản sao', 'original'),
      doc('Văn bản đồng ý của bảo tàng quản lý hiện vật', 'original'),
      doc('Phương án làm bản sao và bảo đảm an toàn hiện vật gốc', 'original'),
    ],
    timeLimit: workingDays(15),
    legalBasis: [LAW.diSan],
    resultType: 'Giấy phép làm bản sao di vật, cổ vật, bảo vật quốc gia',
  }),
];

// ——— Mỹ thuật, nhiếp ảnh và triển lãm ——————————————————————————————————————————————

const fineArtsProcedures: ProcedureExchange[] = [
  fineArts({
    code: '1.001123', name: 'Cấp giấy phép triển lãm mỹ thuật', fieldCode: 'my-thuat-nhiep-anh-trien-lam', audience: B, level: 4,
    applicant: 'Cơ quan, tổ chức ở trung ương, cá nhân tổ chức triển lãm mỹ thuật',
    review: 'Cục Mỹ thuật, Nhiếp ảnh và Triển lãm thẩm định nội dung tác phẩm (qua ảnh chụp và danh sách tác phẩm), kiểm tra địa điểm triển lãm và cấp giấy phép.',
    result: 'Trả Giấy phép triển lãm mỹ thuật',
    documents: [
      doc('Đơn đề nghị cấp giấy phép triển lãm mỹ thuật (Mẫu số 01)', 'original', 1, 'mau-01-don-de-nghi-cap-giay-phep-trien-lam-my-thuat.docx'),
      doc('Danh sách tác giả, tác phẩm (tên tác phẩm, chất liệu, kích thước, năm sáng tác)', 'original'),
      doc('Ảnh màu từng tác phẩm cỡ 10 x 15 cm kèm thuyết minh', 'original'),
    ],
    timeLimit: workingDays(7),
    legalBasis: [LAW.nd113_2013, LAW.nd23_2019],
    resultType: 'Giấy phép triển lãm mỹ thuật',
  }),
  fineArts({
    code: '1.001124', name: 'Cấp giấy phép sao chép tác phẩm mỹ thuật về danh nhân văn hóa, anh hùng dân tộc, lãnh tụ', fieldCode: 'my-thuat-nhiep-anh-trien-lam', audience: B, level: 3,
    review: 'Cục Mỹ thuật, Nhiếp ảnh và Triển lãm thẩm định tác phẩm gốc, mục đích sao chép và văn bản đồng ý của tác giả hoặc chủ sở hữu quyền tác giả.',
    result: 'Trả Giấy phép sao chép tác phẩm mỹ thuật',
    documents: [
      doc('Đơn đề nghị cấp giấy phép sao chép tác phẩm mỹ thuật (Mẫu số 02)', 'original', 1, 'mau-02-don-de-nghi-sao-chep-tac-pham-my-thuat.docx'),
      doc('Văn bản đồng ý của tác giả hoặc chủ sở hữu quyền tác giả', 'original'),
      doc('Ảnh màu tác phẩm gốc và ảnh tác phẩm sao chép (phác thảo)', 'original', 2),
    ],
    timeLimit: workingDays(7),
    legalBasis: [LAW.nd113_2013],
    resultType: 'Giấy phép sao chép tác phẩm mỹ thuật',
  }),
  fineArts({
    code: '1.001125', name: 'Cấp giấy phép tổ chức trại sáng tác điêu khắc', fieldCode: 'my-thuat-nhiep-anh-trien-lam', audience: O, level: 2, eligible: true,
    review: 'Cục Mỹ thuật, Nhiếp ảnh và Triển lãm thẩm định đề án tổ chức trại sáng tác (chủ đề, địa điểm, danh sách nghệ sĩ, phương án trưng bày tác phẩm sau trại).',
    result: 'Trả Giấy phép tổ chức trại sáng tác điêu khắc',
    documents: [
      doc('Đơn đề nghị cấp giấy phép tổ chức trại sáng tác điêu khắc', 'original'),
      doc('Đề án tổ chức trại sáng tác', 'original'),
      doc('Văn bản đồng ý của cơ quan quản lý địa điểm dự kiến đặt tác phẩm', 'original'),
    ],
    timeLimit: workingDays(10),
    legalBasis: [LAW.nd113_2013],
    resultType: 'Giấy phép tổ chức trại sáng tác điêu khắc',
  }),
  fineArts({
    code: '1.001126', name: 'Cấp giấy phép tổ chức triển lãm do tổ chức nước ngoài đưa vào Việt Nam không vì mục đích thương mại', fieldCode: 'my-thuat-nhiep-anh-trien-lam', audience: O, level: 3, eligible: true,
    review: 'Cục Mỹ thuật, Nhiếp ảnh và Triển lãm thẩm định nội dung, hiện vật, tài liệu triển lãm và địa điểm tổ chức; lấy ý kiến cơ quan liên quan khi cần thiết.',
    result: 'Trả Giấy phép tổ chức triển lãm',
    documents: [
      doc('Văn bản đề nghị cấp giấy phép tổ chức triển lãm (Mẫu số 01 Phụ lục ban hành kèm theo Nghị định số 23/2019/NĐ-CP)', 'original', 1, 'mau-01-van-ban-de-nghi-cap-giay-phep-trien-lam.docx'),
      doc('Danh mục hiện vật, tác phẩm, tài liệu triển lãm kèm bản dịch tiếng Việt', 'original'),
      doc('Ảnh, tài liệu thể hiện nội dung triển lãm', 'copy'),
    ],
    timeLimit: workingDays(8),
    legalBasis: [LAW.nd23_2019],
    resultType: 'Giấy phép tổ chức triển lãm',
  }),
  fineArts({
    code: '1.001127', name: 'Cấp giấy phép tổ chức triển lãm do tổ chức ở trung ương đưa ra nước ngoài không vì mục đích thương mại', fieldCode: 'my-thuat-nhiep-anh-trien-lam', audience: O, level: 4,
    review: 'Cục Mỹ thuật, Nhiếp ảnh và Triển lãm thẩm định danh mục hiện vật, tác phẩm triển lãm và thư mời của đối tác nước ngoài, sau đó cấp giấy phép.',
    result: 'Trả Giấy phép tổ chức triển lãm ở nước ngoài',
    documents: [
      doc('Văn bản đề nghị cấp giấy phép tổ chức triển lãm (Mẫu số 02 Phụ lục ban hành kèm theo Nghị định số 23/2019/NĐ-CP)', 'original', 1, 'mau-02-van-ban-de-nghi-trien-lam-o-nuoc-ngoai.docx'),
      doc('Danh mục hiện vật, tác phẩm triển lãm', 'original'),
      doc('Thư mời hoặc văn bản thỏa thuận của đối tác nước ngoài', 'copy'),
    ],
    timeLimit: workingDays(8),
    legalBasis: [LAW.nd23_2019],
    resultType: 'Giấy phép tổ chức triển lãm',
  }),
  fineArts({
    code: '1.001128', name: 'Cấp giấy phép đưa tác phẩm nhiếp ảnh từ Việt Nam ra nước ngoài triển lãm', fieldCode: 'my-thuat-nhiep-anh-trien-lam', audience: B, level: 1,
    review: 'Cục Mỹ thuật, Nhiếp ảnh và Triển lãm thẩm định nội dung tác phẩm nhiếp ảnh và chú thích ảnh, sau đó cấp giấy phép.',
    result: 'Trả Giấy phép đưa tác phẩm nhiếp ảnh ra nước ngoài triển lãm',
    documents: [
      doc('Đơn đề nghị cấp giấy phép (Mẫu số 03 Phụ lục ban hành kèm theo Nghị định số 72/2016/NĐ-CP)', 'original', 1, 'mau-03-don-de-nghi-dua-tac-pham-nhiep-anh-ra-nuoc-ngoai.docx'),
      doc('Ảnh mẫu in kích thước 13 x 18 cm hoặc tệp ảnh kèm chú thích', 'original'),
    ],
    timeLimit: workingDays(7),
    legalBasis: [LAW.nd72_2016],
    resultType: 'Giấy phép đưa tác phẩm nhiếp ảnh ra nước ngoài triển lãm',
  }),
];

// ——— Du lịch ——————————————————————————————————————————————————————————————————————

const tourismLaw = [LAW.duLich, LAW.nd168_2017, LAW.nd94_2021, LAW.tt06_2017, LAW.tt33_2018];

const tourismProcedures: ProcedureExchange[] = [
  tourism({
    code: '1.004628', name: 'Cấp giấy phép kinh doanh dịch vụ lữ hành quốc tế', fieldCode: 'du-lich', audience: O, level: 4,
    applicant: 'Doanh nghiệp',
    review: 'Cục Du lịch Quốc gia Việt Nam thẩm định điều kiện kinh doanh dịch vụ lữ hành quốc tế (ký quỹ, người phụ trách kinh doanh có chuyên ngành hoặc chứng chỉ nghiệp vụ điều hành du lịch quốc tế) và cấp giấy phép.',
    result: 'Trả Giấy phép kinh doanh dịch vụ lữ hành quốc tế và cập nhật vào hệ thống cơ sở dữ liệu doanh nghiệp lữ hành',
    documents: [
      doc('Đơn đề nghị cấp giấy phép kinh doanh dịch vụ lữ hành quốc tế (Mẫu số 02 Phụ lục II Thông tư số 06/2017/TT-BVHTTDL)', 'original', 1, 'mau-02-don-de-nghi-cap-giay-phep-lu-hanh.docx'),
      doc('Giấy chứng nhận đăng ký doanh nghiệp', 'certified_copy'),
      doc('Giấy chứng nhận ký quỹ kinh doanh dịch vụ lữ hành', 'original'),
      doc('Quyết định bổ nhiệm hoặc hợp đồng lao động giữa doanh nghiệp với người phụ trách kinh doanh dịch vụ lữ hành', 'certified_copy'),
      doc('Văn bằng, chứng chỉ của người phụ trách kinh doanh dịch vụ lữ hành', 'certified_copy'),
    ],
    timeLimit: workingDays(10, 'Kể từ ngày nhận đủ hồ sơ hợp lệ.'),
    fees: [fee('Phí thẩm định cấp giấy phép kinh doanh dịch vụ lữ hành quốc tế', 3_000_000)],
    legalBasis: tourismLaw,
    resultType: 'Giấy phép kinh doanh dịch vụ lữ hành quốc tế',
  }),
  tourism({
    code: '1.004623', name: 'Cấp đổi giấy phép kinh doanh dịch vụ lữ hành quốc tế', fieldCode: 'du-lich', audience: O, level: 4,
    applicant: 'Doanh nghiệp',
    review: 'Cục Du lịch Quốc gia Việt Nam xem xét các thay đổi (tên doanh nghiệp, người đại diện theo pháp luật, phạm vi kinh doanh) và cấp đổi giấy phép.',
    result: 'Trả Giấy phép kinh doanh dịch vụ lữ hành quốc tế được cấp đổi',
    documents: [
      doc('Đơn đề nghị cấp đổi giấy phép kinh doanh dịch vụ lữ hành (Mẫu số 03 Phụ lục II Thông tư số 06/2017/TT-BVHTTDL)', 'original', 1, 'mau-03-don-de-nghi-cap-doi-giay-phep-lu-hanh.docx'),
      doc('Giấy phép kinh doanh dịch vụ lữ hành đã được cấp', 'original'),
      doc('Giấy chứng nhận đăng ký doanh nghiệp đã được thay đổi', 'certified_copy'),
    ],
    timeLimit: workingDays(5),
    fees: [fee('Phí thẩm định cấp đổi giấy phép kinh doanh dịch vụ lữ hành quốc tế', 2_000_000)],
    legalBasis: tourismLaw,
    resultType: 'Giấy phép kinh doanh dịch vụ lữ hành quốc tế (cấp đổi)',
  }),
  tourism({
    code: '1.004614', name: 'Cấp lại giấy phép kinh doanh dịch vụ lữ hành quốc tế', fieldCode: 'du-lich', audience: O, level: 4,
    applicant: 'Doanh nghiệp',
    review: 'Cục Du lịch Quốc gia Việt Nam kiểm tra thông tin giấy phép bị mất, hư hỏng hoặc bị hủy hoại trên hệ thống cơ sở dữ liệu và cấp lại giấy phép.',
    result: 'Trả Giấy phép kinh doanh dịch vụ lữ hành quốc tế được cấp lại',
    documents: [
      doc('Đơn đề nghị cấp lại giấy phép kinh doanh dịch vụ lữ hành (Mẫu số 04 Phụ lục II Thông tư số 06/2017/TT-BVHTTDL)', 'original', 1, 'mau-04-don-de-nghi-cap-lai-giay-phep-lu-hanh.docx'),
      doc('Giấy phép kinh doanh dịch vụ lữ hành quốc tế bị hư hỏng (trường hợp bị hư hỏng)', 'original'),
    ],
    timeLimit: workingDays(5),
    fees: [fee('Phí thẩm định cấp lại giấy phép kinh doanh dịch vụ lữ hành quốc tế', 1_500_000)],
    legalBasis: tourismLaw,
    resultType: 'Giấy phép kinh doanh dịch vụ lữ hành quốc tế (cấp lại)',
  }),
  tourism({
    code: '1.004605', name: 'Thu hồi giấy phép kinh doanh dịch vụ lữ hành quốc tế trong trường hợp doanh nghiệp chấm dứt hoạt động kinh doanh dịch vụ lữ hành', fieldCode: 'du-lich', audience: O, level: 3,
    applicant: 'Doanh nghiệp',
    review: 'Cục Du lịch Quốc gia Việt Nam kiểm tra việc giải quyết quyền lợi của khách du lịch và các bên liên quan, ban hành quyết định thu hồi giấy phép và thông báo cho ngân hàng nơi doanh nghiệp ký quỹ.',
    result: 'Trả quyết định thu hồi giấy phép kinh doanh dịch vụ lữ hành quốc tế',
    documents: [
      doc('Thông báo chấm dứt hoạt động kinh doanh dịch vụ lữ hành (Mẫu số 05 Phụ lục II Thông tư số 06/2017/TT-BVHTTDL)', 'original', 1, 'mau-05-thong-bao-cham-dut-kinh-doanh-lu-hanh.docx'),
      doc('Giấy phép kinh doanh dịch vụ lữ hành quốc tế', 'original'),
      doc('Văn bản cam kết đã giải quyết xong quyền lợi, nghĩa vụ với khách du lịch và các bên liên quan', 'original'),
    ],
    timeLimit: workingDays(30, 'Kể từ ngày nhận đủ hồ sơ hợp lệ.'),
    legalBasis: tourismLaw,
    resultType: 'Quyết định thu hồi giấy phép kinh doanh dịch vụ lữ hành quốc tế',
  }),
  tourism({
    code: '1.004594', name: 'Công nhận hạng cơ sở lưu trú du lịch: hạng 4 sao, 5 sao đối với khách sạn, biệt thự du lịch, căn hộ du lịch, tàu thủy lưu trú du lịch', fieldCode: 'du-lich', audience: O, level: 3, eligible: true,
    applicant: 'Cơ sở lưu trú du lịch',
    review: 'Cục Du lịch Quốc gia Việt Nam thành lập đoàn thẩm định, kiểm tra thực tế cơ sở theo tiêu chuẩn quốc gia về xếp hạng khách sạn (TCVN 4391) và các tiêu chuẩn tương ứng; ra quyết định công nhận hạng.',
    result: 'Trả quyết định công nhận hạng cơ sở lưu trú du lịch và biển hiệu hạng sao',
    documents: [
      doc('Đơn đề nghị công nhận hạng cơ sở lưu trú du lịch (Mẫu số 06 Phụ lục II Thông tư số 06/2017/TT-BVHTTDL)', 'original', 1, 'mau-06-don-de-nghi-cong-nhan-hang-co-so-luu-tru.docx'),
      doc('Bản tự đánh giá chất lượng cơ sở lưu trú du lịch theo tiêu chuẩn quốc gia', 'original'),
      doc('Danh sách người quản lý và nhân viên kèm văn bằng, chứng chỉ nghiệp vụ', 'copy'),
      doc('Giấy chứng nhận đủ điều kiện an ninh, trật tự và văn bản nghiệm thu về phòng cháy, chữa cháy', 'certified_copy'),
    ],
    timeLimit: workingDays(30),
    fees: [
      fee('Phí thẩm định công nhận hạng 4 sao', 3_000_000),
      fee('Phí thẩm định công nhận hạng 5 sao', 4_000_000),
    ],
    legalBasis: tourismLaw,
    resultType: 'Quyết định công nhận hạng cơ sở lưu trú du lịch (4 sao, 5 sao)',
  }),
  tourism({
    code: '1.004580', name: 'Cấp giấy phép thành lập văn phòng đại diện tại Việt Nam của cơ quan du lịch nước ngoài, tổ chức du lịch quốc tế và khu vực', fieldCode: 'du-lich', audience: O, level: 2,
    applicant: 'Cơ quan du lịch nước ngoài, tổ chức du lịch quốc tế và khu vực',
    review: 'Cục Du lịch Quốc gia Việt Nam thẩm định hồ sơ, lấy ý kiến Bộ Ngoại giao và các cơ quan liên quan, trình Bộ trưởng cấp giấy phép thành lập văn phòng đại diện.',
    result: 'Trả Giấy phép thành lập văn phòng đại diện',
    documents: [
      doc('Đơn đề nghị cấp giấy phép thành lập văn phòng đại diện (Mẫu số 14 Phụ lục II Thông tư số 06/2017/TT-BVHTTDL)', 'original', 1, 'mau-14-don-de-nghi-thanh-lap-van-phong-dai-dien.docx'),
      doc('Văn bản của cơ quan có thẩm quyền nước ngoài xác nhận tư cách pháp lý của tổ chức, được hợp pháp hóa lãnh sự', 'certified_copy'),
      doc('Lý lịch của người đứng đầu văn phòng đại diện', 'original'),
    ],
    timeLimit: workingDays(10),
    legalBasis: tourismLaw,
    resultType: 'Giấy phép thành lập văn phòng đại diện tại Việt Nam',
  }),
  tourism({
    code: '1.004572', name: 'Công nhận khu du lịch quốc gia', fieldCode: 'du-lich', audience: O, level: 1,
    applicant: 'Ủy ban nhân dân cấp tỉnh nơi có khu du lịch',
    review: 'Cục Du lịch Quốc gia Việt Nam chủ trì thẩm định hồ sơ và tổ chức kiểm tra thực tế theo điều kiện công nhận khu du lịch quốc gia, trình Bộ trưởng ra quyết định công nhận.',
    result: 'Trả quyết định công nhận khu du lịch quốc gia',
    documents: [
      doc('Văn bản đề nghị công nhận khu du lịch quốc gia của Ủy ban nhân dân cấp tỉnh', 'original'),
      doc('Báo cáo thuyết minh về hiện trạng khu du lịch theo điều kiện công nhận', 'original'),
      doc('Bản đồ khu du lịch và quy hoạch tổng thể hoặc quy hoạch chung đã được phê duyệt', 'certified_copy'),
    ],
    timeLimit: workingDays(60),
    legalBasis: [LAW.duLich, LAW.nd168_2017],
    resultType: 'Quyết định công nhận khu du lịch quốc gia',
  }),
];

// ——— Thể dục thể thao ————————————————————————————————————————————————————————————————

const sportProcedures: ProcedureExchange[] = [
  sport({
    code: '1.001001', name: 'Đăng cai tổ chức giải thi đấu vô địch từng môn thể thao khu vực, châu lục và thế giới tại Việt Nam', fieldCode: 'the-duc-the-thao', audience: O, level: 3,
    applicant: 'Liên đoàn, hiệp hội thể thao quốc gia',
    review: 'Cục Thể dục thể thao thẩm định đề án đăng cai (điều lệ giải, kinh phí, địa điểm, phương án an ninh, y tế) và trình Bộ trưởng Bộ Văn hóa, Thể thao và Du lịch quyết định cho phép đăng cai.',
    result: 'Trả quyết định cho phép đăng cai tổ chức giải thi đấu',
    documents: [
      doc('Văn bản đề nghị đăng cai tổ chức giải thi đấu', 'original'),
      doc('Đề án tổ chức giải kèm dự toán kinh phí và nguồn kinh phí', 'original'),
      doc('Văn bản chấp thuận của liên đoàn thể thao quốc tế hoặc châu lục', 'copy'),
      doc('Ý kiến của Ủy ban nhân dân cấp tỉnh nơi tổ chức giải', 'original'),
    ],
    timeLimit: workingDays(20),
    legalBasis: [LAW.theThao, LAW.nd36_2019],
    resultType: 'Quyết định cho phép đăng cai tổ chức giải thi đấu thể thao quốc tế',
  }),
  sport({
    code: '1.001002', name: 'Đăng cai tổ chức giải thi đấu thể thao quốc tế khác tại Việt Nam', fieldCode: 'the-duc-the-thao', audience: O, level: 2, eligible: true,
    review: 'Cục Thể dục thể thao xem xét điều lệ giải, danh sách đoàn tham dự và phương án tổ chức, trình Lãnh đạo Bộ chấp thuận.',
    result: 'Trả văn bản chấp thuận đăng cai tổ chức giải',
    documents: [
      doc('Văn bản đề nghị đăng cai tổ chức giải thi đấu thể thao quốc tế', 'original'),
      doc('Điều lệ giải và kế hoạch tổ chức', 'original'),
      doc('Dự toán kinh phí tổ chức giải', 'original'),
    ],
    timeLimit: workingDays(15),
    legalBasis: [LAW.theThao, LAW.nd36_2019],
    resultType: 'Văn bản chấp thuận đăng cai tổ chức giải',
  }),
  sport({
    code: '1.001003', name: 'Phong đẳng cấp vận động viên Kiện tướng, vận động viên cấp I', fieldCode: 'the-duc-the-thao', audience: C, level: 4,
    applicant: 'Liên đoàn thể thao quốc gia hoặc Sở Văn hóa, Thể thao và Du lịch đề nghị cho vận động viên',
    review: 'Cục Thể dục thể thao đối chiếu thành tích thi đấu của vận động viên với tiêu chuẩn phong đẳng cấp của từng môn và ra quyết định phong đẳng cấp.',
    result: 'Trả quyết định phong đẳng cấp và giấy chứng nhận đẳng cấp vận động viên',
    documents: [
      doc('Văn bản đề nghị phong đẳng cấp vận động viên kèm danh sách', 'original'),
      doc('Kết quả thi đấu chính thức của giải do ban tổ chức giải xác nhận', 'certified_copy'),
    ],
    timeLimit: workingDays(10),
    legalBasis: [LAW.theThao],
    resultType: 'Quyết định phong đẳng cấp vận động viên',
  }),
  sport({
    code: '1.001004', name: 'Công nhận môn thể thao mới được phép tổ chức thi đấu trong hệ thống thi đấu quốc gia', fieldCode: 'the-duc-the-thao', audience: O, level: 1,
    applicant: 'Liên đoàn, hiệp hội thể thao quốc gia',
    review: 'Cục Thể dục thể thao thẩm định luật thi đấu, điều kiện cơ sở vật chất và đội ngũ trọng tài của môn thể thao, trình Bộ trưởng xem xét công nhận.',
    result: 'Trả quyết định công nhận môn thể thao',
    documents: [
      doc('Văn bản đề nghị công nhận môn thể thao', 'original'),
      doc('Luật thi đấu của môn thể thao bằng tiếng Việt', 'original'),
      doc('Báo cáo về tình hình phát triển môn thể thao tại Việt Nam', 'original'),
    ],
    timeLimit: workingDays(30),
    legalBasis: [LAW.theThao, LAW.nd36_2019],
    resultType: 'Quyết định công nhận môn thể thao',
  }),
];

// ——— Gia đình ——————————————————————————————————————————————————————————————————————

const familyLaw = [LAW.bltgd, LAW.nd76_2023];

const familyProcedures: ProcedureExchange[] = [
  family({
    code: '1.001450', name: 'Cấp Giấy chứng nhận đăng ký hoạt động của cơ sở tư vấn về phòng, chống bạo lực gia đình', fieldCode: 'gia-dinh', audience: O, level: 3, eligible: true,
    applicant: 'Tổ chức đề nghị thành lập cơ sở tư vấn về phòng, chống bạo lực gia đình',
    review: 'Vụ Gia đình thẩm định điều kiện về nhân sự tư vấn, cơ sở vật chất và quy chế hoạt động của cơ sở, có thể kiểm tra thực tế, trình Bộ trưởng cấp Giấy chứng nhận đăng ký hoạt động.',
    result: 'Trả Giấy chứng nhận đăng ký hoạt động của cơ sở tư vấn về phòng, chống bạo lực gia đình',
    documents: [
      doc('Đơn đề nghị cấp Giấy chứng nhận đăng ký hoạt động (Mẫu số 01 Phụ lục ban hành kèm theo Nghị định số 76/2023/NĐ-CP)', 'original', 1, 'mau-01-don-de-nghi-dang-ky-hoat-dong-co-so-tu-van-pcbltgd.docx'),
      doc('Quyết định thành lập hoặc giấy tờ chứng minh tư cách pháp nhân của tổ chức', 'certified_copy'),
      doc('Danh sách người làm công tác tư vấn kèm văn bằng, chứng chỉ nghiệp vụ', 'certified_copy'),
      doc('Quy chế hoạt động của cơ sở', 'original'),
    ],
    timeLimit: workingDays(20),
    legalBasis: familyLaw,
    resultType: 'Giấy chứng nhận đăng ký hoạt động của cơ sở tư vấn về phòng, chống bạo lực gia đình',
  }),
  family({
    code: '1.001451', name: 'Cấp lại Giấy chứng nhận đăng ký hoạt động của cơ sở tư vấn về phòng, chống bạo lực gia đình', fieldCode: 'gia-dinh', audience: O, level: 4,
    review: 'Vụ Gia đình kiểm tra thông tin Giấy chứng nhận đã cấp và lý do đề nghị cấp lại (bị mất, hư hỏng), trình Lãnh đạo Bộ cấp lại.',
    result: 'Trả Giấy chứng nhận đăng ký hoạt động được cấp lại',
    documents: [
      doc('Đơn đề nghị cấp lại Giấy chứng nhận đăng ký hoạt động (Mẫu số 02 Phụ lục ban hành kèm theo Nghị định số 76/2023/NĐ-CP)', 'original', 1, 'mau-02-don-de-nghi-cap-lai-giay-chung-nhan-pcbltgd.docx'),
      doc('Giấy chứng nhận bị hư hỏng (trường hợp bị hư hỏng)', 'original'),
    ],
    timeLimit: workingDays(10),
    legalBasis: familyLaw,
    resultType: 'Giấy chứng nhận đăng ký hoạt động (cấp lại)',
  }),
  family({
    code: '1.001452', name: 'Cấp Giấy chứng nhận đăng ký hoạt động của cơ sở hỗ trợ nạn nhân bạo lực gia đình', fieldCode: 'gia-dinh', audience: O, level: 2,
    review: 'Vụ Gia đình thẩm định điều kiện chỗ tạm lánh, nhân sự chăm sóc, hỗ trợ nạn nhân và phương án bảo đảm an toàn, trình Bộ trưởng cấp Giấy chứng nhận.',
    result: 'Trả Giấy chứng nhận đăng ký hoạt động của cơ sở hỗ trợ nạn nhân bạo lực gia đình',
    documents: [
      doc('Đơn đề nghị cấp Giấy chứng nhận đăng ký hoạt động (Mẫu số 01 Phụ lục ban hành kèm theo Nghị định số 76/2023/NĐ-CP)', 'original', 1, 'mau-01-don-de-nghi-dang-ky-hoat-dong-co-so-tu-van-pcbltgd.docx'),
      doc('Giấy tờ chứng minh quyền sử dụng hợp pháp cơ sở vật chất làm nơi tạm lánh', 'certified_copy'),
      doc('Danh sách nhân viên kèm văn bằng, chứng chỉ', 'copy'),
    ],
    timeLimit: workingDays(20),
    legalBasis: familyLaw,
    resultType: 'Giấy chứng nhận đăng ký hoạt động của cơ sở hỗ trợ nạn nhân bạo lực gia đình',
  }),
  family({
    code: '1.001453', name: 'Đổi Giấy chứng nhận đăng ký hoạt động của cơ sở tư vấn về phòng, chống bạo lực gia đình', fieldCode: 'gia-dinh', audience: O, level: 1,
    review: 'Vụ Gia đình xem xét các thay đổi về tên, địa chỉ, người đứng đầu hoặc phạm vi hoạt động của cơ sở và trình Lãnh đạo Bộ cấp đổi Giấy chứng nhận.',
    result: 'Trả Giấy chứng nhận đăng ký hoạt động được cấp đổi',
    documents: [
      doc('Đơn đề nghị đổi Giấy chứng nhận đăng ký hoạt động', 'original'),
      doc('Giấy chứng nhận đăng ký hoạt động đã được cấp', 'original'),
      doc('Giấy tờ chứng minh nội dung thay đổi', 'certified_copy'),
    ],
    timeLimit: workingDays(10),
    legalBasis: familyLaw,
    resultType: 'Giấy chứng nhận đăng ký hoạt động (cấp đổi)',
  }),
];

export const vhttdl: ProcedureExchange[] = [
  ...copyrightProcedures,
  ...performingProcedures,
  ...cinemaProcedures,
  ...heritageProcedures,
  ...fineArtsProcedures,
  ...tourismProcedures,
  ...sportProcedures,
  ...familyProcedures,
];
