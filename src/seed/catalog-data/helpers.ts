// Small builders that keep the demo catalog data readable. Pure: no I/O.
import type { DocumentExchange, ProcedureExchange } from '../../modules/catalog/catalog.exchange.ts';

export type OnlineLevel = 1 | 2 | 3 | 4;
type Online = Pick<ProcedureExchange, 'onlineLevel' | 'onlineClass' | 'fullOnlineEligible'>;
type TimeLimit = ProcedureExchange['timeLimit'];
type Fee = ProcedureExchange['fees'][number];

/**
 * Legacy level (Decree 43/2011) and the Decree 42/2022 class that goes with it: level 4 → full online,
 * level 3 → partial online, levels 1–2 → not online. `eligible` marks a procedure that could be offered fully
 * online although it is not yet (always true at level 4).
 */
export function online(level: OnlineLevel, eligible = false): Online {
  return {
    onlineLevel: level,
    onlineClass: level === 4 ? 'full' : level === 3 ? 'partial' : 'none',
    fullOnlineEligible: level === 4 ? true : eligible,
  };
}

/** A required document (thành phần hồ sơ). */
export function doc(name: string, originalKind: DocumentExchange['originalKind'] = 'original', copies = 1, templateName?: string): DocumentExchange {
  return templateName ? { name, copies, originalKind, templateName } : { name, copies, originalKind };
}

export function workingDays(value: number, note?: string): TimeLimit {
  return note ? { value, unit: 'working_days', note } : { value, unit: 'working_days' };
}

export function hours(value: number, note?: string): TimeLimit {
  return note ? { value, unit: 'hours', note } : { value, unit: 'hours' };
}

/** Result returned on the working day the dossier is received (next working day if received late in the day). */
export function sameDay(note = 'Trả kết quả trong ngày làm việc; hồ sơ tiếp nhận sau 15 giờ được trả kết quả trong ngày làm việc tiếp theo.'): TimeLimit {
  return { value: 4, unit: 'hours', sameDay: true, note };
}

export function fee(description: string, amountVnd: number): Fee {
  return { description, amountVnd };
}

export interface Office {
  /** The one-stop counter, e.g. "Bộ phận Một cửa của Cục Bản quyền tác giả". */
  counter: string;
  /** The handling agency, e.g. "Cục Bản quyền tác giả". */
  handler: string;
  /** Street address of the counter. */
  address: string;
}

/**
 * The usual four steps: submit, receive and check, review, return the result.
 * `review` is the procedure's own handling step, `result` what the applicant receives.
 */
export function steps(office: Office, level: OnlineLevel, review: string, result: string, applicant = 'Tổ chức, cá nhân'): string[] {
  const channels =
    level >= 3
      ? `nộp trực tiếp tại ${office.counter}, gửi qua dịch vụ bưu chính công ích hoặc nộp trực tuyến trên Cổng Dịch vụ công quốc gia`
      : `nộp trực tiếp tại ${office.counter} hoặc gửi qua dịch vụ bưu chính công ích`;
  const returned =
    level === 4
      ? 'kết quả được trả trực tuyến (bản điện tử có giá trị pháp lý), trực tiếp hoặc qua dịch vụ bưu chính công ích theo yêu cầu'
      : 'kết quả được trả trực tiếp tại nơi nộp hồ sơ hoặc qua dịch vụ bưu chính công ích theo yêu cầu';
  return [
    `Bước 1: ${applicant} chuẩn bị hồ sơ đầy đủ theo quy định và ${channels}.`,
    `Bước 2: ${office.counter} tiếp nhận, kiểm tra tính đầy đủ, hợp lệ của hồ sơ; trường hợp hồ sơ chưa đầy đủ, hợp lệ thì hướng dẫn một lần bằng văn bản để hoàn thiện; trường hợp hồ sơ hợp lệ thì cấp Giấy tiếp nhận hồ sơ và hẹn trả kết quả, chuyển hồ sơ đến ${office.handler}.`,
    `Bước 3: ${review}`,
    `Bước 4: ${result}; ${returned}. Trường hợp không chấp thuận, ${office.handler} trả lời bằng văn bản và nêu rõ lý do.`,
  ];
}

export function places(office: Office, level: OnlineLevel): string {
  const base = `Nộp trực tiếp tại ${office.counter} (${office.address}) hoặc gửi qua dịch vụ bưu chính công ích`;
  return level >= 3 ? `${base}; nộp trực tuyến trên Cổng Dịch vụ công quốc gia (dichvucong.gov.vn).` : `${base}.`;
}

export interface ProcedureInput {
  code: string;
  name: string;
  fieldCode: string;
  audience: ProcedureExchange['audience'];
  level: OnlineLevel;
  /** Eligible for full online service although not offered at level 4 yet. */
  eligible?: boolean;
  /** The handling step (step 3), one or two sentences. */
  review: string;
  /** What is returned (step 4), without final full stop. */
  result: string;
  /** Who submits, for step 1 (default "Tổ chức, cá nhân"). */
  applicant?: string;
  /** Replaces the generated steps entirely. */
  steps?: string[];
  documents: DocumentExchange[];
  timeLimit: TimeLimit;
  fees?: Fee[];
  legalBasis: string[];
  resultType: string;
  submissionPlaces?: string;
  effectiveFrom?: string;
  /** A stored e-form (otherwise the form generated from the procedure). */
  form?: ProcedureExchange['form'];
  /** The version's own workflow (otherwise the agency's or the built-in default). */
  workflow?: ProcedureExchange['workflow'];
}

/** Builds one procedure handled by `office` (agency `agencyCode`, level `authorityLevel`). */
export function procedureOf(
  office: Office,
  agencyCode: string,
  authorityLevel: ProcedureExchange['authorityLevel'],
  input: ProcedureInput,
): ProcedureExchange {
  const out: ProcedureExchange = {
    code: input.code,
    name: input.name,
    agencyCode,
    fieldCode: input.fieldCode,
    authorityLevel,
    audience: input.audience,
    ...online(input.level, input.eligible ?? false),
    steps: input.steps ?? steps(office, input.level, input.review, input.result, input.applicant),
    documents: input.documents,
    timeLimit: input.timeLimit,
    fees: input.fees ?? [],
    legalBasis: input.legalBasis,
    resultType: input.resultType,
    submissionPlaces: input.submissionPlaces ?? places(office, input.level),
  };
  if (input.effectiveFrom) out.effectiveFrom = input.effectiveFrom;
  if (input.form) out.form = input.form;
  if (input.workflow) out.workflow = input.workflow;
  return out;
}

export function halfDays(value: number, note?: string): TimeLimit {
  return note ? { value, unit: 'half_days', note } : { value, unit: 'half_days' };
}
