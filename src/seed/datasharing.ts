// Demo data sharing (LGSP/NGSP): two procedures of the copyright office (handled by the demo officers) whose e-forms are prefilled from the population
// database (a citizen, by personal ID) and the business registry (an organisation, by tax code), and whose
// identification documents the agency obtains itself. Imported through the catalog's import like the rest of the demo
// catalog (idempotent: a second run finds them unchanged). The simulator (src/simulators/data-sharing.ts) holds the
// records of the demo accounts: citizen 079090001234 (Nguyễn Văn An) and company 0312345678 (Sen Vàng).
import type { AppContext } from '../container.ts';
import type { CatalogExchange, ProcedureExchange } from '../modules/catalog/catalog.exchange.ts';
import { PERSONAL_ID_PATTERN, PHONE_PATTERN, TAX_CODE_PATTERN } from '../modules/dossiers/dossiers.rules.ts';
import { doc, procedureOf, workingDays } from './catalog-data/helpers.ts';
import { LAW } from './catalog-data/legal.ts';

/** The citizen's procedure (population database) and the organisation's (business registry). */
export const DATA_SHARING_CITIZEN_PROCEDURE = '1.001835';
export const DATA_SHARING_BUSINESS_PROCEDURE = '1.001836';

const copyright = { counter: 'Bộ phận Một cửa của Cục Bản quyền tác giả', handler: 'Cục Bản quyền tác giả', address: '33 Ngô Quyền, phường Hoàn Kiếm, Hà Nội' };
const law = [LAW.shtt, LAW.nd17_2023];

const citizen: ProcedureExchange = procedureOf(copyright, '000.00.12.G14', 'central', {
  code: DATA_SHARING_CITIZEN_PROCEDURE,
  name: 'Cấp đổi Thẻ giám định viên quyền tác giả, quyền liên quan',
  fieldCode: 'ban-quyen-tac-gia',
  audience: ['citizen'],
  level: 4,
  applicant: 'Giám định viên quyền tác giả, quyền liên quan có thay đổi thông tin cá nhân',
  review: 'Cục Bản quyền tác giả đối chiếu thông tin nhân thân và nơi thường trú khai thác từ Cơ sở dữ liệu quốc gia về dân cư với Thẻ đã cấp và trình Bộ trưởng Bộ Văn hóa, Thể thao và Du lịch cấp đổi Thẻ.',
  result: 'Trả Thẻ giám định viên quyền tác giả, quyền liên quan được cấp đổi',
  documents: [
    doc('Tờ khai đề nghị cấp đổi Thẻ giám định viên quyền tác giả, quyền liên quan', 'original'),
    { ...doc('Thông tin về nhân thân và nơi cư trú (căn cước hoặc giấy xác nhận thông tin về cư trú)', 'copy'), sharedSource: 'population' },
    doc('Thẻ giám định viên quyền tác giả, quyền liên quan đã được cấp', 'original'),
    doc('Hai ảnh màu cỡ 2 cm x 3 cm chụp trong thời gian không quá 06 tháng', 'original'),
  ],
  timeLimit: workingDays(10, 'Kể từ ngày nhận đủ hồ sơ hợp lệ.'),
  legalBasis: law,
  resultType: 'Thẻ giám định viên quyền tác giả, quyền liên quan',
  form: {
    schema: {
      $schema: 'http://json-schema.org/draft-07/schema#',
      title: 'Tờ khai đề nghị cấp đổi Thẻ giám định viên quyền tác giả, quyền liên quan',
      type: 'object',
      additionalProperties: false,
      required: ['fullName', 'dateOfBirth', 'personalId', 'permanentAddress', 'phone', 'reason'],
      properties: {
        fullName: { type: 'string', title: 'Họ và tên', minLength: 1, maxLength: 200 },
        dateOfBirth: { type: 'string', title: 'Ngày sinh', format: 'date' },
        personalId: { type: 'string', title: 'Số định danh cá nhân', description: '12 chữ số', pattern: PERSONAL_ID_PATTERN },
        permanentAddress: { type: 'string', title: 'Nơi thường trú', minLength: 1, maxLength: 500 },
        phone: { type: 'string', title: 'Số điện thoại', pattern: PHONE_PATTERN },
        email: { type: 'string', title: 'Thư điện tử', format: 'email', maxLength: 254 },
        reason: { type: 'string', title: 'Lý do cấp đổi', minLength: 1, maxLength: 500 },
      },
    },
    ui: {
      fullName: { label: { vi: 'Họ và tên', en: 'Full name' }, prefill: 'fullName', shared: 'population.fullName' },
      dateOfBirth: { label: { vi: 'Ngày sinh', en: 'Date of birth' }, shared: 'population.dateOfBirth' },
      personalId: { prefill: 'personalId' },
      permanentAddress: { label: { vi: 'Nơi thường trú', en: 'Permanent address' }, shared: 'population.permanentAddress' },
      phone: { label: { vi: 'Số điện thoại', en: 'Phone number' }, prefill: 'phone' },
      email: { prefill: 'email' },
      reason: { widget: 'textarea', label: { vi: 'Lý do cấp đổi', en: 'Reason for the new card' }, hint: { vi: 'Ví dụ: thay đổi họ tên, nơi thường trú', en: 'For example: a change of name or of permanent address' } },
    },
  },
});

const business: ProcedureExchange = procedureOf(copyright, '000.00.12.G14', 'central', {
  code: DATA_SHARING_BUSINESS_PROCEDURE,
  name: 'Cấp đổi Giấy chứng nhận tổ chức giám định quyền tác giả, quyền liên quan',
  fieldCode: 'ban-quyen-tac-gia',
  audience: ['organisation'],
  level: 4,
  applicant: 'Tổ chức giám định quyền tác giả, quyền liên quan thay đổi tên, địa chỉ trụ sở hoặc người đại diện theo pháp luật',
  review: 'Cục Bản quyền tác giả đối chiếu thông tin doanh nghiệp khai thác từ Cơ sở dữ liệu quốc gia về đăng ký doanh nghiệp với Giấy chứng nhận đã cấp và cấp đổi Giấy chứng nhận.',
  result: 'Trả Giấy chứng nhận tổ chức giám định quyền tác giả, quyền liên quan được cấp đổi',
  documents: [
    doc('Tờ khai đề nghị cấp đổi Giấy chứng nhận tổ chức giám định quyền tác giả, quyền liên quan', 'original'),
    { ...doc('Giấy chứng nhận đăng ký doanh nghiệp', 'copy'), sharedSource: 'business' },
    doc('Giấy chứng nhận tổ chức giám định quyền tác giả, quyền liên quan đã được cấp', 'original'),
  ],
  timeLimit: workingDays(10),
  legalBasis: law,
  resultType: 'Giấy chứng nhận tổ chức giám định quyền tác giả, quyền liên quan',
  form: {
    schema: {
      $schema: 'http://json-schema.org/draft-07/schema#',
      title: 'Tờ khai đề nghị cấp đổi Giấy chứng nhận tổ chức giám định quyền tác giả, quyền liên quan',
      type: 'object',
      additionalProperties: false,
      required: ['organisationName', 'taxCode', 'headOffice', 'legalRepresentative', 'phone', 'reason'],
      properties: {
        organisationName: { type: 'string', title: 'Tên doanh nghiệp', minLength: 1, maxLength: 300 },
        taxCode: { type: 'string', title: 'Mã số thuế', pattern: TAX_CODE_PATTERN },
        headOffice: { type: 'string', title: 'Địa chỉ trụ sở chính', minLength: 1, maxLength: 500 },
        legalRepresentative: { type: 'string', title: 'Người đại diện theo pháp luật', minLength: 1, maxLength: 200 },
        phone: { type: 'string', title: 'Số điện thoại', pattern: PHONE_PATTERN },
        reason: { type: 'string', title: 'Nội dung thay đổi', minLength: 1, maxLength: 500 },
      },
    },
    ui: {
      organisationName: { prefill: 'organisationName', shared: 'business.name' },
      taxCode: { prefill: 'taxCode' },
      headOffice: { shared: 'business.address' },
      legalRepresentative: { shared: 'business.legalRepresentative' },
      phone: { prefill: 'phone' },
    },
  },
});

export const DATA_SHARING_CATALOG: CatalogExchange = { format: 'opendvc-catalog', version: 1, fields: [], procedures: [citizen, business] };

/** Imports and publishes the two demo procedures (once). */
export async function seedDemoDataSharing(ctx: AppContext): Promise<number> {
  await ctx.services.catalog.importCatalog(null, DATA_SHARING_CATALOG, { source: 'seed', system: true });
  return DATA_SHARING_CATALOG.procedures.length;
}
