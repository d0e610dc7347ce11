// Use cases of data sharing (LGSP/NGSP): the lookups a new dossier needs, run over the platform before the draft's
// transaction and kept with the dossier in it; what a dossier obtained (its documents not asked for, its prefilled
// fields); where each value came from, for the officer. Reached by other modules through narrow ports wired in
// src/container.ts (DossiersOptions.dataSharing; the officer's page reads `officerView` once the handling service
// has authorised the officer on the dossier).
import { registerMessages, translate, type Locale } from '../../core/i18n.ts';
import { formatDate, formatDateTime } from '../../core/text.ts';
import type { Db, Executor } from '../../db/database.ts';
import type { AccountKind } from '../../db/schema.ts';
import type { DocumentRow } from '../catalog/catalog.service.ts';
import type { DataSharingClient } from './datasharing.adapter.ts';
import { dataSharingMessages } from './datasharing.messages.ts';
import { DataSharingRepository, type LookupRow } from './datasharing.repository.ts';
import { FAILED_OUTCOMES, maskSubject, obtainedSources, plannedLookups, prefill, sharedFields, valueOrigins, type FilledField, type LookupAnswer, type SharedSource, type ValueOrigin } from './datasharing.rules.ts';

registerMessages(dataSharingMessages);

export interface PrefillInput {
  applicantId: string;
  kind: AccountKind;
  personalId: string | null;
  taxCode: string | null;
  documents: ReadonlyArray<Pick<DocumentRow, 'shared_source'>>;
  /** The version's effective e-form schema (fields marked `x-shared`). */
  schema: Record<string, unknown>;
  /** The e-form data before the lookups (the profile's prefill). */
  base: Record<string, unknown>;
}

export interface PreparedPrefill {
  data: Record<string, unknown>;
  /** Keeps the lookups with the new dossier (in its transaction). */
  save(tx: Executor, dossierId: string): Promise<void>;
}

/** What the applicant's pages need: the sources obtained, the fields still as the platform filled them, the failures. */
export interface SharingState {
  obtained: SharedSource[];
  prefilled: Record<string, SharedSource>;
  failed: Array<{ source: SharedSource; outcome: string }>;
}

export interface OfficerSharingView {
  lookups: Array<{ at: Date; actorName: string | null; service: SharedSource; subject: string; outcome: string; detail: string | null; answer: Record<string, unknown> | null }>;
  origins: Record<string, ValueOrigin>;
  obtained: SharedSource[];
}

/** A value of the e-form or of an answer as one line of text (an address joined, a date as dd/mm/yyyy). */
function displayValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return /^\d{4}-\d{2}-\d{2}$/.test(value) ? formatDate(value) : value;
  if (typeof value === 'object' && !Array.isArray(value)) {
    const v = value as Record<string, unknown>;
    return ['street', 'commune', 'province'].map((k) => (typeof v[k] === 'string' ? (v[k] as string) : '')).filter(Boolean).join(', ');
  }
  return String(value);
}

/** The officer's section: the lookups and the origin of each value, as text in the reader's language. */
export interface OfficerSharingRows {
  lookups: Array<{ at: string; who: string; service: string; subject: string; outcome: string; failed: boolean; returned: Array<{ label: string; value: string }> }>;
  origins: Array<{ field: string; value: string; origin: string; kind: ValueOrigin['kind'] }>;
}

const asFilled = (value: unknown): Record<string, FilledField> => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, FilledField>) : {}); // our own stored column

export class DataSharingService {
  constructor(
    private readonly db: Db,
    /** null: DATA_SHARING_URL not configured (every lookup is recorded as unreachable; the applicant supplies everything). */
    private readonly client: DataSharingClient | null,
    private readonly repo = new DataSharingRepository(),
  ) {}

  /** Configured (a platform to ask). */
  get enabled(): boolean {
    return this.client !== null;
  }

  /**
   * Runs the lookups a new dossier needs (over HTTP, outside any transaction: they are bounded by the adapter's
   * timeout) and gives the e-form data they fill over `base`. Nothing marked, or no key to look up: `base` as it is.
   */
  async prefill(input: PrefillInput): Promise<PreparedPrefill> {
    const planned = plannedLookups({ documents: input.documents, fields: sharedFields(input.schema) }, input);
    if (!planned.length) return { data: input.base, save: async () => {} };
    const done = await Promise.all(
      planned.map(async ({ source, subject }) => {
        const at = new Date();
        const started = performance.now();
        // The adapter never throws; another client (a test double, a future adapter) that does counts as an error.
        const answer: LookupAnswer = this.client
          ? await this.client.lookup(source, subject).catch((error: unknown): LookupAnswer => ({ outcome: 'error', source, detail: error instanceof Error ? error.message.slice(0, 200) : 'error' }))
          : { outcome: 'unreachable', source, detail: 'DATA_SHARING_URL is not configured' };
        return { source, subject, at, answer, durationMs: performance.now() - started };
      }),
    );
    const { data, filled } = prefill(
      input.schema,
      done.map((d) => d.answer),
      input.base,
    );
    return {
      data,
      save: (tx, dossierId) =>
        this.repo.insert(
          tx,
          done.map((d) => ({
            dossierId,
            actorId: input.applicantId,
            service: d.source,
            subject: d.subject,
            at: d.at,
            outcome: d.answer.outcome,
            detail: d.answer.outcome === 'found' ? null : d.answer.detail,
            answer: d.answer.outcome === 'found' ? { ...d.answer.record } : null,
            filled: filled[d.source],
            durationMs: d.durationMs,
          })),
        ),
    };
  }

  private static rows<T extends LookupRow>(lookups: T[]): Array<Omit<T, 'filled'> & { filled: Record<string, FilledField> }> {
    return lookups.map((l) => ({ ...l, filled: asFilled(l.filled) }));
  }

  /** The sources whose last lookup for the dossier succeeded, the fields they still fill, and the failed ones. */
  async state(db: Executor, dossierId: string, data: Record<string, unknown>): Promise<SharingState> {
    const lookups = DataSharingService.rows(await this.repo.ofDossier(db, dossierId));
    if (!lookups.length) return { obtained: [], prefilled: {}, failed: [] };
    const obtained = obtainedSources(lookups);
    const prefilled: Record<string, SharedSource> = {};
    for (const [field, origin] of Object.entries(valueOrigins(data, lookups))) if (origin.kind === 'shared') prefilled[field] = origin.source;
    const failed = [...new Set(lookups.map((l) => l.service))]
      .filter((source) => !obtained.has(source))
      .map((source) => ({ source, outcome: [...lookups].reverse().find((l) => l.service === source && FAILED_OUTCOMES.includes(l.outcome))?.outcome ?? 'error' }));
    return { obtained: [...obtained], prefilled, failed };
  }

  /**
   * The officer's section of a dossier page, in the reader's language (empty lists: no lookup was made). The caller has
   * authorised the officer on the dossier (HandlingService.detail).
   */
  async officerRows(dossierId: string, data: Record<string, unknown>, locale: Locale): Promise<OfficerSharingRows> {
    const view = await this.officerView(dossierId, data);
    const t = (key: string, params?: Record<string, string | number>) => translate(locale, key, params);
    return {
      lookups: view.lookups.map((l) => ({
        at: formatDateTime(l.at),
        who: l.actorName ?? '—',
        service: t(`sharing.source.${l.service}`),
        subject: l.subject,
        outcome: t(`sharing.outcome.${l.outcome}`) + (l.detail ? ` (${l.detail})` : ''),
        failed: l.outcome !== 'found',
        returned: l.answer ? Object.entries(l.answer).filter(([key]) => key !== 'personalId' && key !== 'taxCode').map(([key, value]) => ({ label: t(`sharing.attribute.${key}`), value: displayValue(value) })) : [],
      })),
      origins: Object.entries(view.origins)
        .filter(([, origin]) => origin.kind !== 'applicant' || view.lookups.length > 0)
        .map(([field, origin]) => ({
          field,
          value: displayValue(data[field]),
          kind: origin.kind,
          origin:
            origin.kind === 'shared'
              ? t('sharing.origin.shared', { source: t(`sharing.source.${origin.source}`), at: formatDateTime(origin.at) })
              : origin.kind === 'changed'
                ? t('sharing.origin.changed', { source: t(`sharing.source.${origin.source}`), shared: displayValue(origin.shared) })
                : t('sharing.origin.applicant'),
        })),
    };
  }

  /** The lookups of a dossier (subjects masked) and the origin of each value of its e-form: for the officer's page. */
  async officerView(dossierId: string, data: Record<string, unknown>): Promise<OfficerSharingView> {
    const lookups = DataSharingService.rows(await this.repo.withActors(this.db, dossierId));
    return {
      lookups: lookups.map((l) => ({ at: l.at, actorName: l.actor_name, service: l.service, subject: maskSubject(l.subject), outcome: l.outcome, detail: l.detail, answer: l.answer })),
      origins: lookups.length ? valueOrigins(data, lookups) : {},
      obtained: [...obtainedSources(lookups)],
    };
  }
}
