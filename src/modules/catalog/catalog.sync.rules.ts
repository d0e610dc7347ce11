// Catalog sync with the National Public Service Portal: pure rules. No I/O, no clock.
//
// The portal's catalog speaks its own vocabulary (domain guide §8: services LayDanhSachTTHC / LayThuTuc, dates
// yyyyMMddHHmmss in Vietnam time, error_code "00" = success). `parsePortalProcedure` turns one entry of LayThuTuc
// into the national part of our interchange format (or a reason why it cannot be used); `decideEntry` says what a
// sync does with it given what we hold. The national part is what the portal owns: name, agency, field, level,
// audience, online level and class, steps, documents, time limit, fees, legal basis, result, where to submit. What
// is OURS stays ours and is never compared nor overwritten: the e-form, the workflow, the fee rules, document
// templates, "eligible for full online".
import { VIETNAM_OFFSET_MS, vietnamDayStartMs } from '../../core/time.ts';
import type { ProcedureExchange } from './catalog.exchange.ts';
import { canonicalNational, PROCEDURE_CODE_PATTERN } from './catalog.rules.ts';

/** CapThucHien: 1 ministry (central), 2 province, 3 district, 4 commune. */
export const PORTAL_LEVELS: Record<number, ProcedureExchange['authorityLevel']> = { 1: 'central', 2: 'province', 3: 'district', 4: 'commune' };
/** DoiTuongThucHien: 1 citizens, 2 organisations and businesses. */
export const PORTAL_AUDIENCE: Record<number, 'citizen' | 'organisation'> = { 1: 'citizen', 2: 'organisation' };
/** HinhThucTrucTuyen (Decree 42/2022). */
export const PORTAL_ONLINE_CLASS: Record<string, ProcedureExchange['onlineClass']> = { ToanTrinh: 'full', MotPhan: 'partial', Khong: 'none' };
/** LoaiBan of a document. */
export const PORTAL_ORIGINAL_KIND: Record<string, ProcedureExchange['documents'][number]['originalKind']> = {
  BanChinh: 'original',
  BanSaoChungThuc: 'certified_copy',
  BanChinhHoacSaoChungThuc: 'original_or_certified',
  BanSao: 'copy',
};
/** DonVi of ThoiHanGiaiQuyet. */
export const PORTAL_TIME_UNIT: Record<string, ProcedureExchange['timeLimit']['unit']> = { NgayLamViec: 'working_days', BuoiLamViec: 'half_days', Gio: 'hours' };

const invert = <K extends string | number, V extends string>(map: Record<K, V>): Record<V, K> =>
  Object.fromEntries(Object.entries(map).map(([k, v]) => [v, Number.isNaN(Number(k)) ? k : Number(k)])) as Record<V, K>;
export const LEVEL_CODES = invert(PORTAL_LEVELS);
export const AUDIENCE_CODES = invert(PORTAL_AUDIENCE);
export const ONLINE_CLASS_CODES = invert(PORTAL_ONLINE_CLASS);
export const ORIGINAL_KIND_CODES = invert(PORTAL_ORIGINAL_KIND);
export const TIME_UNIT_CODES = invert(PORTAL_TIME_UNIT);

/** yyyyMMddHHmmss (Vietnam time) → the instant; null when not such a timestamp. */
export function parsePortalTimestamp(text: unknown): Date | null {
  if (typeof text !== 'string') return null;
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1) return null;
  const dayNumber = Math.floor(date.getTime() / 86_400_000);
  return new Date(vietnamDayStartMs(dayNumber, hour * 60 + minute) + second * 1000);
}

/** The instant as yyyyMMddHHmmss in Vietnam time (UTC+7, no DST). */
export function formatPortalTimestamp(at: Date): string {
  const shifted = new Date(at.getTime() + VIETNAM_OFFSET_MS);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(shifted.getUTCFullYear(), 4)}${pad(shifted.getUTCMonth() + 1)}${pad(shifted.getUTCDate())}${pad(shifted.getUTCHours())}${pad(shifted.getUTCMinutes())}${pad(shifted.getUTCSeconds())}`;
}

/** The national part of a procedure (what the portal owns), as our interchange format without the local parts. */
export type NationalContent = Omit<ProcedureExchange, 'fullOnlineEligible' | 'form' | 'effectiveFrom'>;

export interface PortalProcedure {
  content: NationalContent;
  fieldName: string;
  /** TrangThai 0: withdrawn (bãi bỏ) on the portal. */
  withdrawn: boolean;
  /** NgayCongBo: when the portal published it (null when not given). */
  publishedAt: Date | null;
}

export type ParseResult = { ok: true; value: PortalProcedure } | { ok: false; reason: 'MALFORMED'; detail: string };

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const text = (v: unknown, min: number, max: number): string | null => (typeof v === 'string' && v.trim().length >= min && v.trim().length <= max ? v.trim() : null);

/**
 * One entry of LayThuTuc → the national content, or MALFORMED with the first problem (the property named).
 * Limits are those of our catalog (catalog.exchange.ts), so that what passes here can be stored.
 */
export function parsePortalProcedure(raw: unknown): ParseResult {
  const bad = (detail: string): ParseResult => ({ ok: false, reason: 'MALFORMED', detail });
  if (!isRecord(raw)) return bad('entry');
  const code = typeof raw.MaTTHC === 'string' && PROCEDURE_CODE_PATTERN.test(raw.MaTTHC) ? raw.MaTTHC : null;
  if (!code) return bad('MaTTHC');
  const name = text(raw.TenTTHC, 3, 500);
  if (!name) return bad('TenTTHC');
  const agencyCode = text(raw.MaCoQuan, 2, 40);
  if (!agencyCode) return bad('MaCoQuan');
  const fieldCode = typeof raw.MaLinhVuc === 'string' && /^[a-z0-9-]{2,60}$/.test(raw.MaLinhVuc) ? raw.MaLinhVuc : null;
  if (!fieldCode) return bad('MaLinhVuc');
  const fieldName = text(raw.TenLinhVuc, 1, 300);
  if (!fieldName) return bad('TenLinhVuc');
  const authorityLevel = typeof raw.CapThucHien === 'number' ? PORTAL_LEVELS[raw.CapThucHien] : undefined;
  if (!authorityLevel) return bad('CapThucHien');
  const audienceCodes = Array.isArray(raw.DoiTuongThucHien) ? raw.DoiTuongThucHien : [];
  const audience = [...new Set(audienceCodes.map((c) => (typeof c === 'number' ? PORTAL_AUDIENCE[c] : undefined)))];
  if (!audience.length || audience.length !== audienceCodes.length || audience.some((a) => !a)) return bad('DoiTuongThucHien');
  const onlineLevel = raw.MucDo;
  if (typeof onlineLevel !== 'number' || !Number.isInteger(onlineLevel) || onlineLevel < 1 || onlineLevel > 4) return bad('MucDo');
  const onlineClass = typeof raw.HinhThucTrucTuyen === 'string' ? PORTAL_ONLINE_CLASS[raw.HinhThucTrucTuyen] : undefined;
  if (!onlineClass) return bad('HinhThucTrucTuyen');

  const list = (v: unknown, max: number): unknown[] | null => (Array.isArray(v) && v.length <= max ? v : null);
  const stepsRaw = list(raw.TrinhTuThucHien, 50);
  const steps = stepsRaw?.map((s) => (isRecord(s) ? text(s.NoiDung, 1, 4000) : null));
  if (!steps || steps.some((s) => s === null)) return bad('TrinhTuThucHien');
  const docsRaw = list(raw.ThanhPhanHoSo, 100);
  if (!docsRaw) return bad('ThanhPhanHoSo');
  const documents: ProcedureExchange['documents'] = [];
  for (const d of docsRaw) {
    const docName = isRecord(d) ? text(d.TenGiayTo, 1, 1000) : null;
    const copies = isRecord(d) && (d.SoBan === undefined ? 1 : d.SoBan);
    const kind = isRecord(d) && typeof d.LoaiBan === 'string' ? PORTAL_ORIGINAL_KIND[d.LoaiBan] : undefined;
    if (!docName || typeof copies !== 'number' || !Number.isInteger(copies) || copies < 0 || copies > 100 || !kind) return bad('ThanhPhanHoSo');
    documents.push({ name: docName, copies, originalKind: kind });
  }
  const limit = raw.ThoiHanGiaiQuyet;
  if (!isRecord(limit)) return bad('ThoiHanGiaiQuyet');
  const unit = typeof limit.DonVi === 'string' ? PORTAL_TIME_UNIT[limit.DonVi] : undefined;
  if (typeof limit.SoLuong !== 'number' || !Number.isFinite(limit.SoLuong) || limit.SoLuong < 0 || limit.SoLuong > 3650 || !unit) return bad('ThoiHanGiaiQuyet');
  const timeLimit: ProcedureExchange['timeLimit'] = { value: limit.SoLuong, unit };
  if (limit.TrongNgay === true) timeLimit.sameDay = true;
  if (limit.MoTa !== undefined && limit.MoTa !== null && limit.MoTa !== '') {
    const note = text(limit.MoTa, 1, 2000);
    if (!note) return bad('ThoiHanGiaiQuyet');
    timeLimit.note = note;
  }
  const feesRaw = list(raw.PhiLePhi ?? [], 50);
  const fees = feesRaw?.map((f) =>
    isRecord(f) && text(f.MoTa, 1, 1000) && typeof f.MucPhi === 'number' && Number.isSafeInteger(f.MucPhi) && f.MucPhi >= 0 ? { description: text(f.MoTa, 1, 1000)!, amountVnd: f.MucPhi } : null,
  );
  if (!fees || fees.some((f) => f === null)) return bad('PhiLePhi');
  const lawRaw = list(raw.CanCuPhapLy ?? [], 50);
  const legalBasis = lawRaw?.map((l) => (isRecord(l) ? text(l.TenVanBan, 1, 1000) : null));
  if (!legalBasis || legalBasis.some((l) => l === null)) return bad('CanCuPhapLy');
  const resultType = text(raw.KetQuaThucHien, 1, 1000);
  if (!resultType) return bad('KetQuaThucHien');
  const submissionPlaces = text(raw.DiaChiTiepNhan, 1, 2000);
  if (!submissionPlaces) return bad('DiaChiTiepNhan');
  if (raw.TrangThai !== 0 && raw.TrangThai !== 1) return bad('TrangThai');
  const publishedAt = raw.NgayCongBo === undefined || raw.NgayCongBo === null ? null : parsePortalTimestamp(raw.NgayCongBo);
  if (raw.NgayCongBo !== undefined && raw.NgayCongBo !== null && !publishedAt) return bad('NgayCongBo');

  return {
    ok: true,
    value: {
      content: {
        code,
        name,
        agencyCode,
        fieldCode,
        authorityLevel,
        audience: audience as ProcedureExchange['audience'],
        onlineLevel,
        onlineClass,
        steps: steps as string[],
        documents,
        timeLimit,
        fees: fees as ProcedureExchange['fees'],
        legalBasis: legalBasis as string[],
        resultType,
        submissionPlaces,
      },
      fieldName,
      withdrawn: raw.TrangThai === 0,
      publishedAt,
    },
  };
}

/** Same national content (catalog.rules.ts `canonicalNational`: documents without our template names). */
export function sameNational(a: NationalContent, b: NationalContent): boolean {
  return JSON.stringify(canonicalNational(a)) === JSON.stringify(canonicalNational(b));
}

/** What a sync shows for one entry (the result table's outcome column). */
export type SyncOutcome = 'created' | 'updated' | 'unchanged' | 'withdrawn' | 'error';
/** Why an entry was skipped or flagged. */
export type SyncReason = 'MALFORMED' | 'UNKNOWN_AGENCY' | 'AGENCY_MISMATCH' | 'DRAFT_PENDING' | 'NOT_FOUND_ON_PORTAL';

/** What we hold for a national code. */
export interface LocalProcedure {
  agencyCode: string;
  /** The national content of our draft, if there is one, and of our published version (or the latest). */
  draft: NationalContent | null;
  current: NationalContent | null;
}

export type Decision =
  | { outcome: 'created' }
  | { outcome: 'updated' }
  | { outcome: 'unchanged' }
  | { outcome: 'withdrawn' }
  | { outcome: 'error'; reason: SyncReason; detail?: string };

/**
 * What a sync does with one valid portal entry:
 * - not ours: created as a draft (when its agency is one of ours), else UNKNOWN_AGENCY; withdrawn there: nothing;
 * - ours with another agency there: AGENCY_MISMATCH — flagged, never moved to the portal's agency;
 * - withdrawn there: flagged (nothing of ours is deleted or retired by a sync);
 * - ours with a draft: unchanged when the draft already says what the portal says, else DRAFT_PENDING (a catalog
 *   manager's draft is never overwritten);
 * - ours: unchanged when the national content is the same, else updated (a new draft version).
 */
export function decideEntry(entry: PortalProcedure, local: LocalProcedure | null, agencyKnown: boolean): Decision {
  if (!local) {
    if (entry.withdrawn) return { outcome: 'unchanged' };
    return agencyKnown ? { outcome: 'created' } : { outcome: 'error', reason: 'UNKNOWN_AGENCY', detail: entry.content.agencyCode };
  }
  if (local.agencyCode !== entry.content.agencyCode) return { outcome: 'error', reason: 'AGENCY_MISMATCH', detail: entry.content.agencyCode };
  if (entry.withdrawn) return { outcome: 'withdrawn' };
  if (local.draft) return sameNational(local.draft, entry.content) ? { outcome: 'unchanged' } : { outcome: 'error', reason: 'DRAFT_PENDING' };
  if (local.current && sameNational(local.current, entry.content)) return { outcome: 'unchanged' };
  return { outcome: 'updated' };
}

export interface SyncCounts {
  created: number;
  updated: number;
  unchanged: number;
  withdrawn: number;
  errors: number;
}

export function countOutcomes(outcomes: readonly SyncOutcome[]): SyncCounts {
  const counts: SyncCounts = { created: 0, updated: 0, unchanged: 0, withdrawn: 0, errors: 0 };
  for (const o of outcomes) {
    if (o === 'error') counts.errors += 1;
    else counts[o] += 1;
  }
  return counts;
}

/** Our own parts of a document: its template (name, uploaded file) and "obtained by data sharing". */
export interface OwnDocumentParts {
  name: string;
  template_name: string | null;
  template_file_id: string | null;
  shared_source?: string | null;
}

/**
 * Documents of a new version: the portal's list; a document keeps our own parts (template, data-sharing source)
 * when one of ours has the same name.
 */
export function mergeDocuments<S extends string>(
  portal: NationalContent['documents'],
  ours: ReadonlyArray<OwnDocumentParts & { shared_source?: S | null }>,
): Array<{ name: string; copies: number; original_kind: ProcedureExchange['documents'][number]['originalKind']; template_name: string | null; template_file_id: string | null; shared_source: S | null }> {
  return portal.map((d) => {
    const same = ours.find((o) => o.name.trim() === d.name.trim());
    return {
      name: d.name,
      copies: d.copies ?? 1,
      original_kind: d.originalKind,
      template_name: same?.template_name ?? null,
      template_file_id: same?.template_file_id ?? null,
      shared_source: same?.shared_source ?? null,
    };
  });
}
