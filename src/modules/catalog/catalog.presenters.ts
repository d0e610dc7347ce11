// Turns stored catalog records into API objects and page data (localised words for time limits, money).
import { formatVnd } from '../../core/text.ts';
import type { Translate } from '../../core/i18n.ts';
import type { TimeLimitUnit } from '../../db/schema.ts';
import type { SearchRow, VersionRecord } from './catalog.repository.ts';
import { isOnlineCapable } from './catalog.rules.ts';
import { isNationalCode } from '../kernel/time-limit.ts';
import type { ProcedureDetail } from './catalog.schemas.ts';

/** "15 ngày làm việc", "4 giờ làm việc", "Trong ngày", "Không quy định thời hạn". */
export function timeLimitText(t: Translate, value: number | string, unit: TimeLimitUnit, sameDay: boolean, none = false): string {
  if (none) return t('catalog.timeLimit.none');
  if (sameDay) return t('catalog.timeLimit.sameDay');
  const n = Number(value);
  const text = Number.isInteger(n) ? String(n) : String(n).replace('.', t('catalog.decimalSeparator'));
  return t(`catalog.timeLimit.${unit}`, { value: text });
}

export function presentTimeLimit(t: Translate, r: { time_limit_value: string | number; time_limit_unit: TimeLimitUnit; same_day: boolean; no_time_limit: boolean; time_limit_note?: string | null }) {
  return {
    value: Number(r.time_limit_value),
    unit: r.time_limit_unit,
    sameDay: r.same_day,
    none: r.no_time_limit,
    note: r.time_limit_note ?? null,
    text: timeLimitText(t, r.time_limit_value, r.time_limit_unit, r.same_day, r.no_time_limit),
  };
}

export function presentSummary(t: Translate, r: SearchRow) {
  return {
    code: r.code,
    nationalCode: isNationalCode(r.code) ? r.code : null,
    localCode: r.local_code,
    name: r.name,
    agency: { code: r.agency_code, name: r.agency_name },
    field: { code: r.field_code, name: r.field_name },
    authorityLevel: r.authority_level,
    audience: r.audience,
    onlineLevel: r.online_level,
    onlineClass: r.online_class,
    fullOnlineEligible: r.full_online_eligible,
    timeLimit: presentTimeLimit(t, r),
    version: r.version,
    effectiveFrom: r.effective_from,
    onlineSubmission: isOnlineCapable(r.online_level, r.online_class),
  };
}

export function templateUrl(fileId: string): string {
  return `/tep/${fileId}`;
}

export function presentDetail(t: Translate, r: VersionRecord): ProcedureDetail {
  const online = isOnlineCapable(r.online_level, r.online_class);
  return {
    code: r.code,
    nationalCode: r.national_code ?? (isNationalCode(r.code) ? r.code : null),
    localCode: r.local_code,
    version: r.version,
    status: r.status,
    effectiveFrom: r.effective_from,
    effectiveTo: r.effective_to,
    name: r.name,
    agency: { code: r.agency_code, name: r.agency_name },
    field: { code: r.field_code, name: r.field_name },
    authorityLevel: r.authority_level,
    audience: r.audience,
    onlineLevel: r.online_level,
    onlineClass: r.online_class,
    fullOnlineEligible: r.full_online_eligible,
    onlineSubmission: online,
    submitUrl: online && r.status === 'published' ? `/nop-ho-so/${r.code}` : null,
    steps: r.steps as unknown as string[],
    documents: r.documents.map((d) => ({
      position: d.position,
      name: d.name,
      copies: d.copies,
      originalKind: d.original_kind,
      templateName: d.template_name,
      templateUrl: d.template_file_id ? templateUrl(d.template_file_id) : null,
      sharedSource: d.shared_source,
      condition: d.condition ?? null,
    })),
    timeLimit: presentTimeLimit(t, r),
    fees: (r.fees as unknown as Array<{ description: string; amountVnd: number }>).map((f) => ({
      description: f.description,
      amountVnd: Number(f.amountVnd),
      text: Number(f.amountVnd) === 0 ? t('catalog.fee.free') : formatVnd(Number(f.amountVnd)),
    })),
    legalBasis: r.legal_basis as unknown as string[],
    resultType: r.result_type,
    submissionPlaces: r.submission_places,
  };
}

export interface Option {
  value: string | number;
  label: string;
}

/** Choices of the filter and edit forms. */
export function catalogOptions(t: Translate, agencies: Array<{ code: string; name: string }>, fields: Array<{ code: string; name: string }>) {
  return {
    agency: agencies.map((a) => ({ value: a.code, label: a.name })),
    field: fields.map((f) => ({ value: f.code, label: f.name })),
    level: ['central', 'province', 'district', 'commune'].map((v) => ({ value: v, label: t(`catalog.level.${v}`) })),
    audience: ['citizen', 'organisation'].map((v) => ({ value: v, label: t(`catalog.audience.${v}`) })),
    onlineLevel: [1, 2, 3, 4].map((v) => ({ value: v, label: t('catalog.onlineLevel.short', { level: v }) })),
    onlineClass: ['full', 'partial', 'none'].map((v) => ({ value: v, label: t(`catalog.onlineClass.${v}`) })),
    unit: ['working_days', 'half_days', 'hours'].map((v) => ({ value: v, label: t(`catalog.unit.${v}`) })),
    originalKind: ['original', 'certified_copy', 'original_or_certified', 'copy'].map((v) => ({ value: v, label: t(`catalog.originalKind.${v}`) })),
    sharedSource: ['', 'population', 'business'].map((v) => ({ value: v, label: t(`catalog.sharedSource.${v || 'none'}`) })),
    status: ['draft', 'published', 'retired'].map((v) => ({ value: v, label: t(`catalog.status.${v}`) })),
  };
}

/** Query string of the filters, for links that keep them (pagination): "?a=1&" or "?". */
export function filterQuery(query: object, skip: string[] = ['page', 'pageSize']): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query) as Array<[string, unknown]>) {
    if (skip.includes(k) || v === undefined || v === null || v === '') continue;
    params.set(k, String(v));
  }
  const text = params.toString();
  return text ? `?${text}&` : '?';
}

export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}
