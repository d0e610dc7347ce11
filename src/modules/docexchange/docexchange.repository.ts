// The only SQL of the document exchange (migration 0057): partners, our signing key, packages, their statuses and
// the refusals. Unique violations become typed DomainErrors.
import { sql, type Selectable } from 'kysely';
import type { Executor } from '../../db/database.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { DomainError } from '../../core/errors.ts';
import type { DocExchangePackagesTable, DocExchangePackageState, DocExchangePartnersTable, DocExchangeStatusesTable } from '../../db/schema.ts';

export type PartnerRow = Selectable<DocExchangePartnersTable>;
export type PackageRow = Selectable<DocExchangePackagesTable>;
export type StatusRow = Selectable<DocExchangeStatusesTable>;

export interface PartnerInput {
  organId: string;
  name: string;
  publicKey: string;
  external: boolean;
  agencyId: string | null;
  active: boolean;
}

export class DocExchangeRepository {
  partners(db: Executor): Promise<PartnerRow[]> {
    return db.selectFrom('docexchange_partners').selectAll().orderBy('name').orderBy('organ_id').limit(1000).execute();
  }

  partner(db: Executor, id: string): Promise<PartnerRow | undefined> {
    return db.selectFrom('docexchange_partners').selectAll().where('id', '=', id).executeTakeFirst();
  }

  partnerByOrgan(db: Executor, organId: string): Promise<PartnerRow | undefined> {
    return db.selectFrom('docexchange_partners').selectAll().where('organ_id', '=', organId).executeTakeFirst();
  }

  partnerByAgency(db: Executor, agencyId: string): Promise<PartnerRow | undefined> {
    return db.selectFrom('docexchange_partners').selectAll().where('agency_id', '=', agencyId).where('active', '=', true).executeTakeFirst();
  }

  async savePartner(db: Executor, id: string | null, input: PartnerInput): Promise<PartnerRow> {
    const values = { organ_id: input.organId, name: input.name, public_key: input.publicKey, external: input.external, agency_id: input.agencyId, active: input.active };
    try {
      if (id) {
        const row = await db.updateTable('docexchange_partners').set({ ...values, updated_at: new Date() }).where('id', '=', id).returningAll().executeTakeFirst();
        if (!row) throw new DomainError('NOT_FOUND');
        return row;
      }
      return await db.insertInto('docexchange_partners').values(values).returningAll().executeTakeFirstOrThrow();
    } catch (error) {
      if (isUniqueViolation(error, 'docexchange_partners_organ_id_key')) throw new DomainError('DOCEXCHANGE_PARTNER_EXISTS', { organId: input.organId }, [{ path: '/organId', code: 'DOCEXCHANGE_PARTNER_EXISTS' }]);
      if (isUniqueViolation(error, 'docexchange_partners_agency_idx')) throw new DomainError('DOCEXCHANGE_AGENCY_TAKEN', undefined, [{ path: '/agencyCode', code: 'DOCEXCHANGE_AGENCY_TAKEN' }]);
      throw error;
    }
  }

  key(db: Executor): Promise<{ private_key: string; public_key: string } | undefined> {
    return db.selectFrom('docexchange_keys').select(['private_key', 'public_key']).where('id', '=', 1).executeTakeFirst();
  }

  /** Stores the key unless one exists (two servers starting together keep the first); answers the stored one. */
  async saveKey(db: Executor, key: { privateKey: string; publicKey: string }): Promise<{ private_key: string; public_key: string }> {
    await db.insertInto('docexchange_keys').values({ id: 1, private_key: key.privateKey, public_key: key.publicKey }).onConflict((oc) => oc.column('id').doNothing()).execute();
    return (await this.key(db))!;
  }

  async insertPackage(
    db: Executor,
    row: {
      direction: 'out' | 'in';
      document_id: string;
      sender_organ_id: string;
      sender_name: string;
      recipients: Array<{ organId: string; organName: string }>;
      code_notation: string;
      promulgation_date: string;
      subject: string;
      state: DocExchangePackageState;
      envelope: string | null;
      size_bytes: number;
      dossier_id?: string | null;
      step_position?: number | null;
      local_document_id?: string | null;
      created_by?: string | null;
    },
  ): Promise<PackageRow | null> {
    try {
      return await db
        .insertInto('docexchange_packages')
        .values({ ...row, recipients: JSON.stringify(row.recipients) })
        .returningAll()
        .executeTakeFirstOrThrow();
    } catch (error) {
      if (isUniqueViolation(error, 'docexchange_packages_direction_sender_organ_id_document_id_key')) return null;
      throw error;
    }
  }

  packageOf(db: Executor, direction: 'out' | 'in', senderOrganId: string, documentId: string): Promise<PackageRow | undefined> {
    return db.selectFrom('docexchange_packages').selectAll().where('direction', '=', direction).where('sender_organ_id', '=', senderOrganId).where('document_id', '=', documentId).executeTakeFirst();
  }

  packageById(db: Executor, id: string): Promise<PackageRow | undefined> {
    return db.selectFrom('docexchange_packages').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async lockPackage(db: Executor, id: string): Promise<PackageRow | undefined> {
    return db.selectFrom('docexchange_packages').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  }

  async updatePackage(db: Executor, id: string, set: { state?: DocExchangePackageState; last_error?: string | null; attempts?: number; envelope?: string | null; local_document_id?: string | null; step_completion?: 'waiting' | 'done' | 'gone' }): Promise<void> {
    await db.updateTable('docexchange_packages').set({ ...set, updated_at: new Date() }).where('id', '=', id).execute();
  }

  /** Outgoing packages not yet delivered to the exchange (retried by the poll job). */
  undelivered(db: Executor, limit = 20): Promise<PackageRow[]> {
    return db.selectFrom('docexchange_packages').selectAll().where('direction', '=', 'out').where('state', 'in', ['sending', 'failed']).where('attempts', '<', 20).where('envelope', 'is not', null).orderBy('created_at').limit(limit).execute();
  }

  /** Liên thông packages completed whose step could not be handed on yet (the dossier was paused at it). */
  waitingSteps(db: Executor, limit = 20): Promise<PackageRow[]> {
    return db.selectFrom('docexchange_packages').selectAll().where('step_completion', '=', 'waiting').orderBy('updated_at').limit(limit).execute();
  }

  dossierPackages(db: Executor, dossierId: string): Promise<PackageRow[]> {
    return db.selectFrom('docexchange_packages').selectAll().where('dossier_id', '=', dossierId).orderBy('created_at', 'desc').limit(50).execute();
  }

  recentPackages(db: Executor, limit = 50): Promise<PackageRow[]> {
    return db.selectFrom('docexchange_packages').selectAll().orderBy('created_at', 'desc').limit(limit).execute();
  }

  async nextCodeNumber(db: Executor, year: number): Promise<number> {
    const row = await db
      .selectFrom('docexchange_packages')
      .select(sql<number>`count(*)::int + 1`.as('n'))
      .where('direction', '=', 'out')
      .where(sql<boolean>`extract(year from promulgation_date) = ${year}`)
      .executeTakeFirstOrThrow();
    return row.n;
  }

  async insertStatus(db: Executor, row: { package_id: string; direction: 'out' | 'in'; code: string; from_organ_id: string; description: string; staff: string; at: Date; attachment_names: string[]; delivery?: 'pending' | 'sent' }): Promise<void> {
    await db.insertInto('docexchange_statuses').values({ ...row, attachment_names: JSON.stringify(row.attachment_names) }).execute();
  }

  /** The codes of our statuses about a package (any delivery state), in order. */
  async outCodes(db: Executor, packageId: string): Promise<string[]> {
    const rows = await db.selectFrom('docexchange_statuses').select('code').where('package_id', '=', packageId).where('direction', '=', 'out').orderBy('id').execute();
    return rows.map((r) => r.code);
  }

  /** Packages with a status of ours not yet taken by the exchange, oldest first. */
  async packagesWithPendingStatuses(db: Executor, limit = 50): Promise<string[]> {
    const rows = await db.selectFrom('docexchange_statuses').select('package_id').select((eb) => eb.fn.min('id').as('first')).where('delivery', '=', 'pending').groupBy('package_id').orderBy('first').limit(limit).execute();
    return rows.map((r) => r.package_id);
  }

  /** The package's row, locked; undefined when another worker holds it (it is sending its statuses). */
  lockPackageOrSkip(db: Executor, id: string): Promise<PackageRow | undefined> {
    return db.selectFrom('docexchange_packages').selectAll().where('id', '=', id).forUpdate().skipLocked().executeTakeFirst();
  }

  /** A package's statuses of ours waiting to be sent, in the order they were recorded. */
  pendingStatuses(db: Executor, packageId: string): Promise<StatusRow[]> {
    return db.selectFrom('docexchange_statuses').selectAll().where('package_id', '=', packageId).where('delivery', '=', 'pending').orderBy('id').execute();
  }

  async markStatus(db: Executor, id: string, set: { delivery: 'pending' | 'sent' | 'refused'; attempts: number; last_error: string | null }): Promise<void> {
    await db.updateTable('docexchange_statuses').set(set).where('id', '=', id).execute();
  }

  statusesOf(db: Executor, packageIds: string[]): Promise<StatusRow[]> {
    if (!packageIds.length) return Promise.resolve([]);
    return db.selectFrom('docexchange_statuses').selectAll().where('package_id', 'in', packageIds).orderBy('id').execute();
  }

  /** Whether this status (same package, direction, code, sender and instant) was already recorded: a redelivery. */
  async hasStatus(db: Executor, row: { package_id: string; direction: 'out' | 'in'; code: string; from_organ_id: string; at: Date }): Promise<boolean> {
    const found = await db
      .selectFrom('docexchange_statuses')
      .select('id')
      .where('package_id', '=', row.package_id)
      .where('direction', '=', row.direction)
      .where('code', '=', row.code)
      .where('from_organ_id', '=', row.from_organ_id)
      .where('at', '=', row.at)
      .executeTakeFirst();
    return found !== undefined;
  }

  // --- result files of a 06 (migration 0067) ---

  /** The file already kept for this package with these bytes (the same result sent again). */
  resultFileByContent(db: Executor, packageId: string, sha256: string): Promise<{ file_id: string; name: string } | undefined> {
    return db
      .selectFrom('docexchange_result_files as r')
      .innerJoin('files as f', 'f.id', 'r.file_id')
      .select(['r.file_id', 'f.original_name as name'])
      .where('r.package_id', '=', packageId)
      .where('r.sha256', '=', sha256)
      .executeTakeFirst();
  }

  async insertResultFile(db: Executor, row: { package_id: string; dossier_id: string; file_id: string; sha256: string; from_organ_id: string; from_name: string; signature: 'genuine' | 'untrusted' | null }): Promise<void> {
    await db.insertInto('docexchange_result_files').values(row).execute();
  }

  /** A dossier's result files from partner agencies, oldest first, with the stored file's name, type and size. */
  resultFiles(db: Executor, dossierId: string, fileId?: string) {
    let query = db
      .selectFrom('docexchange_result_files as r')
      .innerJoin('files as f', 'f.id', 'r.file_id')
      .select(['r.id', 'r.package_id', 'r.file_id', 'r.from_organ_id', 'r.from_name', 'r.signature', 'r.created_at', 'f.original_name as name', 'f.media_type', 'f.size_bytes'])
      .where('r.dossier_id', '=', dossierId);
    if (fileId !== undefined) query = query.where('r.file_id', '=', fileId);
    return query.orderBy('r.created_at').orderBy('r.id').limit(100).execute();
  }

  async insertRefusal(db: Executor, row: { exchange_id: string; sender_organ_id: string; reason: string; detail: string; size_bytes: number; answered: boolean }): Promise<void> {
    await db.insertInto('docexchange_refusals').values(row).execute();
  }

  recentRefusals(db: Executor, limit = 20) {
    return db.selectFrom('docexchange_refusals').selectAll().orderBy('at', 'desc').limit(limit).execute();
  }
}
