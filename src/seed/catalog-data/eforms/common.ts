// Builders of the demo e-forms (catalog.eform.ts: the JSON Schema subset + presentation hints). Pure: no I/O.
// Every demo e-form opens with the applicant's block under the ids of the generated form (fullName, personalId,
// organisationName, taxCode, phone, email, address: prefilled from the profile), so that data written for the
// generated form (the demo's year of history) still reads right, and ends with `requestContent` (optional here:
// "other requests"), then the questions of the official declaration form the procedure cites.
import type { FormExchange, ProcedureExchange } from '../../../modules/catalog/catalog.exchange.ts';
import { PERSONAL_ID_PATTERN, PHONE_PATTERN, TAX_CODE_PATTERN } from '../../../modules/kernel/dossier.ts';

type Json = Record<string, unknown>;
type Audience = ProcedureExchange['audience'];

/** A demo e-form and one filled example of its own questions (the applicant's block comes from the profile). */
export interface DemoEform {
  code: string;
  form: FormExchange;
  example: Json;
}

// ---------------------------------------------------------------------------------------------
// Patterns (RE2-safe: src/core/regex.ts), each with the hint shown to the applicant
// ---------------------------------------------------------------------------------------------

/** Business registration number (mã số doanh nghiệp = mã số thuế): 10 digits, a branch adds -NNN. */
export const ENTERPRISE_CODE = { pattern: TAX_CODE_PATTERN, hint: '10 chữ số, đơn vị phụ thuộc thêm 3 chữ số (dạng 0123456789-001)' };
/** Citizen identity card (CCCD) / personal identification number: 12 digits. */
export const CCCD = { pattern: PERSONAL_ID_PATTERN, hint: '12 chữ số' };
/** CCCD, old 9-digit ID card or passport (letters and digits). */
export const ID_OR_PASSPORT = { pattern: '^[0-9A-Z]{8,12}$', hint: 'Số CCCD (12 chữ số) hoặc số hộ chiếu (8–12 chữ cái in hoa, chữ số)' };
export const PHONE = { pattern: PHONE_PATTERN, hint: '10 hoặc 11 chữ số, bắt đầu bằng 0 hoặc +84' };
/** A tourist guide card number: 9 digits (Thông tư 06/2017/TT-BVHTTDL). */
export const GUIDE_CARD = { pattern: '^[0-9]{9}$', hint: '9 chữ số, in trên thẻ hướng dẫn viên' };
/** A licence or certificate number as printed: digits, letters, slashes and dashes ("15/GP-SVHTTDL"). */
export const DOCUMENT_NUMBER = { pattern: '^[0-9A-ZĐ][0-9A-ZĐa-z./-]{0,39}$', hint: 'Như ghi trên văn bản, ví dụ 15/GP-SVHTTDL' };
/** A time of day, 24-hour clock: "19:30". */
export const TIME_OF_DAY = { pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', hint: 'Giờ:phút, ví dụ 19:30' };

// ---------------------------------------------------------------------------------------------
// Field kinds
// ---------------------------------------------------------------------------------------------

export function text(title: string, maxLength = 300, extra: Json = {}): Json {
  return { type: 'string', title, minLength: 1, maxLength, ...extra };
}

export function longText(title: string, maxLength = 5000): Json {
  return { type: 'string', title, minLength: 1, maxLength, 'x-widget': 'textarea' };
}

/** Text checked by a pattern; the hint tells the applicant the expected shape. */
export function patterned(title: string, rule: { pattern: string; hint: string }): Json {
  return { type: 'string', title, description: rule.hint, pattern: rule.pattern };
}

export function date(title: string): Json {
  return { type: 'string', title, format: 'date' };
}

export function integer(title: string, minimum: number, maximum: number): Json {
  return { type: 'integer', title, minimum, maximum };
}

export function number(title: string, minimum: number, maximum: number): Json {
  return { type: 'number', title, minimum, maximum };
}

/** A choice: [value, name, English name?] (radios up to 5 options, a select beyond). */
export function choice(title: string, options: Array<[string, string, string?]>): Json {
  const english = options.some(([, , en]) => en) ? { 'x-enumNames-en': options.map(([, , en]) => en ?? '') } : {};
  return { type: 'string', title, enum: options.map(([v]) => v), 'x-enumNames': options.map(([, n]) => n), ...english };
}

/** A Vietnamese address (province, commune since 1 July 2025, street): the address widget. */
export function address(title: string, street = true): Json {
  return {
    type: 'object',
    title,
    properties: street ? { province: { type: 'string' }, commune: { type: 'string' }, street: { type: 'string', maxLength: 300 } } : { province: { type: 'string' }, commune: { type: 'string' } },
    required: ['province', 'commune'],
  };
}

/** A repeatable group: one row per item, columns of text, number or choice. */
export function group(title: string, columns: Json, required: string[], rows: { min?: number; max: number }): Json {
  const node: Json = { type: 'array', title, maxItems: rows.max, items: { type: 'object', required, properties: columns } };
  if (rows.min) node.minItems = rows.min;
  return node;
}

// ---------------------------------------------------------------------------------------------
// The form
// ---------------------------------------------------------------------------------------------

/** The applicant's block (ids of the generated form) for the procedure's audience, with its hints. */
function applicant(audience: Audience): { properties: Json; required: string[]; ui: Json } {
  const citizen = audience.includes('citizen');
  const organisation = audience.includes('organisation');
  const properties: Json = {
    fullName: text(organisation && !citizen ? 'Họ và tên người đại diện theo pháp luật' : organisation ? 'Họ và tên người đề nghị (người đại diện, nếu là tổ chức)' : 'Họ và tên', 200),
  };
  const ui: Json = { fullName: { prefill: 'fullName', label: { vi: String((properties.fullName as Json).title), en: organisation && !citizen ? 'Legal representative' : 'Full name' } } };
  const required = ['fullName'];
  if (citizen) {
    properties.personalId = patterned('Số định danh cá nhân (CCCD)', CCCD);
    ui.personalId = { prefill: 'personalId', label: { vi: 'Số định danh cá nhân (CCCD)', en: 'Personal identification number' } };
    if (!organisation) required.push('personalId');
  }
  if (organisation) {
    properties.organisationName = text('Tên tổ chức, doanh nghiệp', 300);
    properties.taxCode = patterned('Mã số doanh nghiệp (mã số thuế)', ENTERPRISE_CODE);
    ui.organisationName = { prefill: 'organisationName', label: { vi: 'Tên tổ chức, doanh nghiệp', en: 'Organisation' } };
    ui.taxCode = { prefill: 'taxCode', label: { vi: 'Mã số doanh nghiệp (mã số thuế)', en: 'Enterprise code (tax code)' } };
    if (!citizen) required.push('organisationName', 'taxCode');
  }
  properties.phone = patterned('Số điện thoại', PHONE);
  properties.email = { type: 'string', title: 'Thư điện tử', format: 'email', maxLength: 254 };
  properties.address = text(organisation && !citizen ? 'Địa chỉ trụ sở chính' : 'Địa chỉ liên hệ', 500);
  ui.phone = { prefill: 'phone', label: { vi: 'Số điện thoại', en: 'Phone number' } };
  ui.email = { prefill: 'email', label: { vi: 'Thư điện tử', en: 'Email' } };
  ui.address = { prefill: 'address', label: { vi: String((properties.address as Json).title), en: organisation && !citizen ? 'Head office address' : 'Contact address' } };
  required.push('phone', 'address');
  return { properties, required, ui };
}

export interface FormInput {
  /** The official form: "Tờ khai … (Mẫu số 01, Nghị định …)". */
  title: string;
  audience: Audience;
  /** The questions of the official form, in its order. */
  properties: Json;
  required: string[];
  /** Presentation hints of those questions (labels in English, hints). */
  ui?: Json;
}

/** A complete demo e-form: the applicant's block, the official form's questions, then "other requests". */
export function eform(input: FormInput): FormExchange {
  const who = applicant(input.audience);
  const properties: Json = {
    ...who.properties,
    ...input.properties,
    requestContent: longText('Đề nghị khác, ghi chú', 5000),
  };
  return {
    schema: {
      $schema: 'http://json-schema.org/draft-07/schema#',
      title: input.title,
      type: 'object',
      additionalProperties: false,
      required: [...who.required, ...input.required],
      properties,
    },
    ui: {
      ...who.ui,
      ...(input.ui ?? {}),
      requestContent: { label: { vi: 'Đề nghị khác, ghi chú', en: 'Other requests, notes' }, hint: { vi: 'Không bắt buộc.', en: 'Optional.' } },
    },
  };
}

/** Labels {vi: the field's title, en} by field id ("group.column" inside a group); ids not in `titles` are skipped. */
export function en(labels: Record<string, string>, titles: Json): Json {
  const ui: Json = {};
  for (const [id, label] of Object.entries(labels)) {
    const [top, column] = id.split('.');
    const field = titles[top!] as Json | undefined;
    const node = column ? (((field?.items as Json | undefined)?.properties as Json | undefined)?.[column] as Json | undefined) : field;
    if (node) ui[id] = { label: { vi: String(node.title), en: label } };
  }
  return ui;
}

/** Hints of several sources merged per field id (a label from one, a hint from another). */
export function mergeUi(...parts: Json[]): Json {
  const ui: Json = {};
  for (const part of parts) for (const [id, hint] of Object.entries(part)) ui[id] = { ...((ui[id] as Json | undefined) ?? {}), ...(hint as Json) };
  return ui;
}

/** A hint under a field (Vietnamese, English). */
export function hint(vi: string, enText: string): Json {
  return { hint: { vi, en: enText } };
}
