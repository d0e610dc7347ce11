// Plain input data of the printable one-stop forms 01–07 (no database types: callers map their rows).
import type { TimeLimitUnit } from '../../db/schema.ts';

export const FORM_KINDS = ['01', '02', '03', '04', '05', '06', '07'] as const;
export type FormKind = (typeof FORM_KINDS)[number];

/** The issuing agency: its parent (the governing body, e.g. "Bộ Văn hóa, Thể thao và Du lịch") and itself. */
export interface AgencyHeading {
  parentName: string | null;
  name: string;
  /** Place name of the "place, date" line (địa danh), e.g. "Hà Nội". */
  place: string;
}

/** What every form carries. */
export interface FormBase {
  agency: AgencyHeading;
  /** The date of the form (place and date line; also the PDF's creation date, for identical bytes). */
  issuedAt: Date;
}

/** The dossier a form 01–06 is about. */
export interface DossierRef {
  code: string;
  applicantName: string;
  procedureName: string;
  procedureCode: string;
  /** When the dossier was received (or submitted, before acceptance). */
  receivedAt: Date;
}

export interface Signer {
  /** Full name under the signature; null leaves the line blank (signed by hand). */
  name: string | null;
}

export interface ReceiptDocumentLine {
  name: string;
  copies: number;
  /** procedure_documents.original_kind: original, certified_copy, original_or_certified, copy. */
  originalKind: string;
  /** Scanned files of the document (names), shown under it; may be empty. */
  files?: string[];
}

/** Form 01: giấy tiếp nhận hồ sơ và hẹn trả kết quả. */
export interface ReceiptFormData extends FormBase, DossierRef {
  idKind: 'personalId' | 'taxCode';
  idNumber: string | null;
  phone: string | null;
  address: string | null;
  email: string | null;
  requestContent: string | null;
  /** National channel code: 1 counter, 2 online, 3 post. */
  channel: number;
  documents: ReceiptDocumentLine[];
  timeLimit: { value: number; unit: TimeLimitUnit; sameDay: boolean; /** no statutory time limit */ none?: boolean };
  /** Appointment for the result (date and time), null when not fixed yet. */
  appointmentAt: Date | null;
  resultDelivery: 'counter' | 'post' | 'online' | null;
  lookupUrl: string;
  /** The short lookup secret (printed only when known, i.e. at intake). */
  lookupSecret: string | null;
  /** Volume of the tracking book (optional). */
  bookVolume?: string | null;
  receiver: Signer;
}

/** Form 02: phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (one consolidated list). */
export interface SupplementFormData extends FormBase, DossierRef {
  items: string[];
  reason: string | null;
  /** Who to contact (name, phone) for guidance. */
  contact: string | null;
  officer: Signer;
}

/** Form 03: phiếu từ chối tiếp nhận giải quyết hồ sơ. */
export interface RefusalFormData extends FormBase, DossierRef {
  reasons: string[];
  officer: Signer;
}

/** Form 04: phiếu xin lỗi và hẹn lại ngày trả kết quả. */
export interface ApologyFormData extends FormBase, DossierRef {
  reason: string;
  oldAppointmentAt: Date;
  newAppointmentAt: Date;
  signer: Signer;
}

/** Form 05: thông báo dừng xử lý hồ sơ. */
export interface StopFormData extends FormBase, DossierRef {
  reason: string;
  stoppedAt: Date;
  signer: Signer;
}

export type StepResult = 'early' | 'on_time' | 'late';

export interface ControlSheetRow {
  /** Who handed the dossier over (officer and unit), and who received it. */
  from: string;
  to: string;
  handedAt: Date;
  /** The deadline of the receiving step (its time budget), if any. */
  dueAt: Date | null;
  /** Result of the step against its budget; null while it is still in progress. */
  result: StepResult | null;
  note?: string | null;
  /** A task done within the step above (issue 15): printed under it, unnumbered, with how it ended. */
  task?: 'done' | 'returned' | undefined;
}

/** Form 06: phiếu kiểm soát quá trình giải quyết hồ sơ. */
export interface ControlSheetData extends FormBase, DossierRef {
  appointmentAt: Date | null;
  dueAt: Date | null;
  rows: ControlSheetRow[];
}

export interface TrackingBookRow {
  code: string;
  procedureName: string;
  applicantName: string;
  /** Address and/or phone. */
  contact: string | null;
  receivedAt: Date | null;
  appointmentAt: Date | null;
  finishedAt: Date | null;
  returnedAt: Date | null;
  /** Status label and, when finished, the result category in words. */
  status: string;
  note?: string | null;
}

/** Form 07: sổ theo dõi hồ sơ for a period (dates yyyy-mm-dd, inclusive). */
export interface TrackingBookData extends FormBase {
  from: string;
  to: string;
  rows: TrackingBookRow[];
  keeper: Signer;
}

export interface FormDataMap {
  '01': ReceiptFormData;
  '02': SupplementFormData;
  '03': RefusalFormData;
  '04': ApologyFormData;
  '05': StopFormData;
  '06': ControlSheetData;
  '07': TrackingBookData;
}
