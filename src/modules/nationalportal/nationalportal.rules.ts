// The National Public Service Portal's dossier exchange, pure rules (issue 13): the inbound dossier checked and
// mapped (national procedure code → our procedure, applicant, form data, files with their SHA-256), the outbound
// messages built from the back office's `dossier.status` outbox message (progress: handler, department, content,
// start and legal end of the step; status: the national code 1–10), the portal's dates (yyyyMMddHHmmss, Vietnam
// time), the retry back-off and the unreachability alert. No I/O, no clock.
import { vietnamDate, vietnamTimeOfDay } from '../../core/time.ts';
import { PERSONAL_ID_PATTERN, PHONE_PATTERN } from '../kernel/dossier.ts';

/** The portal's answer codes to a delivered dossier (our inbound endpoint): success, duplicate, error. */
export const ANSWER = { ok: '0', duplicate: '1', error: '-1' } as const;

/** yyyyMMddHHmmss in Vietnam time (the portal's date format). */
export function portalDateTime(at: Date): string {
  const ms = vietnamTimeOfDay(at);
  const hh = Math.floor(ms / 3_600_000);
  const mm = Math.floor((ms % 3_600_000) / 60_000);
  const ss = Math.floor((ms % 60_000) / 1000);
  return `${vietnamDate(at).replace(/-/g, '')}${[hh, mm, ss].map((n) => String(n).padStart(2, '0')).join('')}`;
}

/** A portal date (yyyyMMddHHmmss, Vietnam time) as an instant; null when malformed. */
export function parsePortalDateTime(text: string): Date | null {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(text);
  if (!m) return null;
  const at = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}+07:00`);
  return Number.isNaN(at.getTime()) || portalDateTime(at) !== text ? null : at;
}

/** A file the portal announced (TaiLieuNop[]). */
export interface AnnouncedFile {
  id: string;
  name: string;
  url: string;
  sha256: string;
  documentCode: string | null;
}

/** The inbound dossier as checked (what the service needs to register it). */
export interface InboundDossier {
  nationalCode: string;
  procedureCode: string;
  applicant: { personalId: string; fullName: string; phone: string | null; email: string | null; address: string | null };
  content: string | null;
  form: Record<string, unknown>;
  files: AnnouncedFile[];
}

/** Why an inbound dossier is refused (error_code -1), with the field it concerns. */
export interface InboundProblem {
  code: 'NATIONAL_PORTAL_FIELD_INVALID' | 'NATIONAL_PORTAL_FILE_URL_FOREIGN';
  field: string;
}

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);

/**
 * Checks one dossier of a DongBoHoSoMC delivery (already shaped by the route's schema) and maps it; `portalOrigin`
 * is the only origin files are fetched from (anything else would let the caller make us fetch any address).
 */
export function readInbound(item: Record<string, unknown>, portalOrigin: string | null): { dossier: InboundDossier } | { problem: InboundProblem } {
  const bad = (field: string): { problem: InboundProblem } => ({ problem: { code: 'NATIONAL_PORTAL_FIELD_INVALID', field } });
  const nationalCode = text(item.MaHoSo);
  if (!nationalCode || !/^[A-Za-z0-9._-]{1,64}$/.test(nationalCode)) return bad('MaHoSo');
  const procedureCode = text(item.MaTTHC);
  if (!procedureCode) return bad('MaTTHC');
  const personalId = text(item.MaDoiTuong);
  if (!personalId || !new RegExp(PERSONAL_ID_PATTERN).test(personalId)) return bad('MaDoiTuong');
  const fullName = text(item.ChuHoSo);
  if (!fullName) return bad('ChuHoSo');
  const phone = text(item.SoDienThoai);
  if (phone && !new RegExp(PHONE_PATTERN).test(phone)) return bad('SoDienThoai');
  const email = text(item.Email);
  if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) return bad('Email');
  const form = item.DuLieuBieuMau && typeof item.DuLieuBieuMau === 'object' && !Array.isArray(item.DuLieuBieuMau) ? (item.DuLieuBieuMau as Record<string, unknown>) : {};
  const files: AnnouncedFile[] = [];
  const list = Array.isArray(item.TaiLieuNop) ? (item.TaiLieuNop as Array<Record<string, unknown>>) : [];
  for (const [i, f] of list.entries()) {
    if (f.IsDeleted === true) continue;
    const url = text(f.DuongDanTaiTepTin);
    const sha256 = text(f.MaBamSHA256)?.toLowerCase() ?? null;
    const name = text(f.TenTepDinhKem);
    if (!url) return bad(`TaiLieuNop/${i}/DuongDanTaiTepTin`);
    if (!sha256 || !/^[0-9a-f]{64}$/.test(sha256)) return bad(`TaiLieuNop/${i}/MaBamSHA256`);
    if (!name) return bad(`TaiLieuNop/${i}/TenTepDinhKem`);
    let origin: string;
    try {
      origin = new URL(url).origin;
    } catch {
      return bad(`TaiLieuNop/${i}/DuongDanTaiTepTin`);
    }
    if (portalOrigin === null || origin !== portalOrigin) return { problem: { code: 'NATIONAL_PORTAL_FILE_URL_FOREIGN', field: `TaiLieuNop/${i}/DuongDanTaiTepTin` } };
    files.push({ id: text(f.TepDinhKemId) ?? String(i + 1), name, url, sha256, documentCode: text(f.MaThanhPhanHoSo) });
  }
  return {
    dossier: {
      nationalCode,
      procedureCode,
      applicant: { personalId, fullName, phone, email, address: text(item.DiaChi) },
      content: text(item.TrichYeuHoSo),
      form,
      files,
    },
  };
}

/** The document of the procedure a file goes with: the one named (id or position), else the first. */
export function documentFor(documents: ReadonlyArray<{ id: string; position: number }>, code: string | null): string | null {
  if (code) {
    const named = documents.find((d) => d.id === code || String(d.position) === code);
    if (named) return named.id;
  }
  return [...documents].sort((a, b) => a.position - b.position)[0]?.id ?? null;
}

// ---------------------------------------------------------------------------------------------
// Outbound: the messages of one `dossier.status` outbox message
// ---------------------------------------------------------------------------------------------

/** What the consumer knows of one back-office step (the outbox message and the history row it wrote). */
export interface StepFacts {
  nationalCode: string;
  status: number;
  previousStatus: number | null;
  action: string;
  at: Date;
  content: string;
  handler: string | null;
  department: string | null;
  /** The step's legal end: the control-sheet row it opened, else the dossier's legal deadline. */
  legalEnd: Date | null;
  receivedAt: Date | null;
  appointmentAt: Date | null;
  finishedAt: Date | null;
  returnedAt: Date | null;
}

export interface PlannedMessage {
  kind: 'progress' | 'status';
  payload: Record<string, unknown>;
}

/**
 * The portal messages of one step: always a progress entry (handler, department, content, start and legal end);
 * a status update too when the national status changed (a hand-over inside the workflow keeps 4).
 */
export function messagesOf(f: StepFacts): PlannedMessage[] {
  const when = portalDateTime(f.at);
  const progress: PlannedMessage = {
    kind: 'progress',
    payload: {
      MaHoSo: f.nationalCode,
      NguoiXuLy: f.handler ?? '',
      ChucDanh: '',
      ThoiDiemXuLy: when,
      PhongBanXuLy: f.department ?? '',
      NoiDungXuLy: f.content,
      TrangThai: f.status,
      NgayBatDau: when,
      NgayKetThucTheoQuyDinh: f.legalEnd ? portalDateTime(f.legalEnd) : '',
    },
  };
  if (f.previousStatus === f.status) return [progress];
  const status: PlannedMessage = {
    kind: 'status',
    payload: {
      MaHoSo: f.nationalCode,
      TrangThaiHoSo: f.status,
      NgayTiepNhan: f.receivedAt ? portalDateTime(f.receivedAt) : '',
      NgayHenTra: f.appointmentAt ? portalDateTime(f.appointmentAt) : '',
      NgayKetThucXuLy: f.finishedAt ? portalDateTime(f.finishedAt) : '',
      NgayTra: f.returnedAt ? portalDateTime(f.returnedAt) : '',
      NgayCapNhat: when,
    },
  };
  return [progress, status];
}

/** One of our own online dossiers, as the portal is first told about it (DongBoHoSoMC, isUpdating false). */
export interface OwnDossierFacts {
  code: string;
  procedureCode: string;
  procedureName: string;
  applicantName: string;
  applicantKind: 'citizen' | 'organisation';
  idNumber: string | null;
  phone: string | null;
  email: string | null;
  status: number;
  submittedAt: Date | null;
  receivedAt: Date | null;
  appointmentAt: Date | null;
}

/** The push of one of our online dossiers: the portal creates it (its MaHoSo is our code), then takes its steps. */
export function pushMessageOf(f: OwnDossierFacts): PlannedMessage {
  return {
    kind: 'status',
    payload: {
      isUpdating: false,
      MaHoSo: f.code,
      MaTTHC: f.procedureCode,
      TenTTHC: f.procedureName,
      KenhThucHien: 2,
      ChuHoSo: f.applicantName,
      LoaiDoiTuong: f.applicantKind === 'citizen' ? 1 : 2,
      MaDoiTuong: f.idNumber ?? '',
      SoDienThoai: f.phone ?? '',
      Email: f.email ?? '',
      NgayNopHoSo: f.submittedAt ? portalDateTime(f.submittedAt) : '',
      NgayTiepNhan: f.receivedAt ? portalDateTime(f.receivedAt) : '',
      NgayHenTra: f.appointmentAt ? portalDateTime(f.appointmentAt) : '',
      TrangThaiHoSo: f.status,
    },
  };
}

/** The portal service a message goes to. */
export function serviceOf(kind: 'progress' | 'status'): 'CapNhatTienDoHoSoMC' | 'DongBoHoSoMC' {
  return kind === 'progress' ? 'CapNhatTienDoHoSoMC' : 'DongBoHoSoMC';
}

/** Delay before the next attempt after `attempts` failed ones: 30 s doubling, at most 15 minutes. */
export function backoffMs(attempts: number): number {
  return Math.min(15 * 60_000, 30_000 * 2 ** Math.max(0, Math.min(attempts - 1, 10)));
}

/** Whether the portal has been unreachable for longer than `alertMinutes` at `now`. */
export function alerting(unreachableSince: Date | null, now: Date, alertMinutes: number): boolean {
  return unreachableSince !== null && now.getTime() - unreachableSince.getTime() > alertMinutes * 60_000;
}
