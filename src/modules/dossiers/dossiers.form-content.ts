// The e-form content of a dossier as staff and printouts read it, and staff's answers to the officer-only fields
// (issue 15). Rows: kernel/eform-rows.ts (labels, option names, schema order) over the version's effective schema
// and the applicant's answers merged with staff's. The officer-only fields (`x-officer`: receipt number, count of
// copies…) are never in the applicant's schema nor form; staff fill them at the counter's intake
// (intake.service.ts, `officerForm`) or on the officer's dossier page (the small form "Thông tin cán bộ ghi",
// dossiers.form-content.pages.ts), validated with kernel/eform-contract.ts officerFormSchema, kept in
// dossiers.officer_data (migration 0039).
import type { Actor } from '../../core/actor.ts';
import { DomainError } from '../../core/errors.ts';
import type { Locale } from '../../core/i18n.ts';
import { isUuid } from '../../core/ids.ts';
import type { Db } from '../../db/database.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { isObject } from '../catalog/catalog.eform.ts';
import { formData, formFields, shownValues, type FormField } from '../catalog/catalog.eform.view.ts';
import type { FormBody } from '../../http/form-page.ts';
import { eformRows, type EFormRow } from '../kernel/eform-rows.ts';
import { EFormValidator, formSchemaOf, ProcedureVersions, type VersionSource } from './dossiers.eform.ts';
import { DossierFormContentRepository, type DossierFormRow } from './dossiers.form-content.repository.ts';
import { normaliseFormData } from './dossiers.rules.ts';
import './dossiers.errors.ts';

export interface DossierFormContentView {
  /** Every answer (the applicant's and staff's) in schema order, with labels. */
  rows: EFormRow[];
  /** The officer-only fields as a form ([] when the e-form has none), and their current answers. */
  officerFields: FormField[];
  officerValues: Record<string, string>;
  /** Staff's answers to the officer-only fields as stored (the officer JSON API; never the applicant's). */
  officerData: Record<string, unknown>;
}

/** Staff's read access to a dossier (HandlingService.detail: throws NOT_FOUND/FORBIDDEN when they may not). */
export type DossierAccess = (actor: Actor, dossierId: string) => Promise<unknown>;

export class DossierFormContent {
  private readonly versions: ProcedureVersions;
  private readonly forms = new EFormValidator(100);
  private readonly repo = new DossierFormContentRepository();

  constructor(
    private readonly db: Db,
    catalog: VersionSource,
    private readonly options: { access?: DossierAccess; audit?: AuditService } = {},
  ) {
    this.versions = new ProcedureVersions(catalog);
  }

  /**
   * The e-form content of a dossier (null when there is no such dossier). Callers check who may read it; a caller
   * that has just read the dossier's row passes its version and answers (`known`) instead of a second read.
   */
  async view(dossierId: string, locale: Locale = 'vi', known?: Pick<DossierFormRow, 'procedure_version_id' | 'form_data' | 'officer_data'>): Promise<DossierFormContentView | null> {
    if (!isUuid(dossierId)) return null;
    const row = known ?? (await this.repo.load(this.db, dossierId));
    if (!row) return null;
    const schema = formSchemaOf(await this.versions.get(this.db, row.procedure_version_id));
    const officer = row.officer_data ?? {};
    return {
      rows: eformRows(schema, { ...(row.form_data ?? {}), ...officer }, locale),
      officerFields: formFields(schema, undefined, locale, true),
      officerValues: shownValues(officer),
      officerData: officer,
    };
  }

  /**
   * Staff's answers to the officer-only fields of a submitted dossier (replacing the previous ones; empty answers
   * dropped). Refused: not staff, a dossier they may not read, a draft, answers the officer schema refuses.
   */
  async saveOfficerData(actor: Actor | null, dossierId: string, input: Record<string, unknown> | { form: FormBody }): Promise<Record<string, unknown>> {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    if (actor.kind !== 'staff' || !isUuid(dossierId)) throw new DomainError('NOT_FOUND');
    if (this.options.access) await this.options.access(actor, dossierId);
    return this.db.transaction().execute(async (tx) => {
      const row = await this.repo.load(tx, dossierId, true);
      if (!row || row.status === null) throw new DomainError('NOT_FOUND');
      const schema = formSchemaOf(await this.versions.get(tx, row.procedure_version_id));
      // From the page's form (check boxes unchecked = false), or JSON answers.
      const data = normaliseFormData('form' in input && isObject(input.form) && Object.keys(input).length === 1 ? formData(schema, input.form as FormBody, false, true) : input);
      const errors = this.forms.officerErrors(schema, data);
      if (errors.length) throw new DomainError('VALIDATION_FAILED', undefined, errors);
      await this.repo.setOfficerData(tx, dossierId, data);
      await this.options.audit?.record(tx, actor, { action: 'dossier.officer_data', targetType: 'dossier', targetId: dossierId, summary: { fields: Object.keys(data) } });
      return data;
    });
  }
}
