// Catalog sync with the National Public Service Portal (issue 13): the portal's client (the only code that speaks
// its catalog services) and the use case that imports and updates our procedures by national code.
//
// A run: session (POST /api/auth with the agency's account) → LayDanhSachTTHC (every page, `madonvi` = our unit) →
// LayThuTuc for each listed procedure; if the portal is unreachable or refuses at any point the run is recorded as
// failed and NOTHING is changed (everything is fetched before anything is written). Then each entry, in its own
// transaction under the procedure's row lock: parsed (a malformed entry is skipped with its reason), decided
// (catalog.sync.rules.ts `decideEntry`) and applied — a new procedure becomes a draft for the catalog manager, a
// changed one a new draft version that keeps OUR e-form, workflow, fee rules and document templates; nothing is
// deleted, a procedure withdrawn there or named with another agency there is flagged. Finally the publicity of each
// of our procedures in the unit (published there or not, since when) is recorded in `catalog_publicity`, which the
// Decision 766 publicity indicators read. The daily job `catalog.sync` runs it; a catalog manager can run it from
// /quan-tri/dong-bo-thu-tuc (it runs in the background and the run's page shows its progress).
import type { Actor } from '../../core/actor.ts';
import { rolesRoots } from '../../core/actor.ts';
import { defineErrors, DomainError } from '../../core/errors.ts';
import { isUuid } from '../../core/ids.ts';
import type { Db, Executor } from '../../db/database.ts';
import type { CatalogPortalStatus } from '../../db/schema.ts';
import type { AgenciesService } from '../agencies/agencies.service.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { CatalogRepository } from './catalog.repository.ts';
import { recordToExchange, storedForm, toContent } from './catalog.service.ts';
import {
  countOutcomes,
  decideEntry,
  mergeDocuments,
  parsePortalProcedure,
  type Decision,
  type LocalProcedure,
  type NationalContent,
  type PortalProcedure,
  type SyncOutcome,
} from './catalog.sync.rules.ts';
import { CatalogSyncRepository, SyncAlreadyRunning, type PublicityRow, type SyncItem, type SyncRun } from './catalog.sync.repository.ts';
import { PROCEDURE_CODE_PATTERN } from './catalog.rules.ts';

export type { PublicityRow, SyncItem, SyncRun };

defineErrors({
  CATALOG_SYNC_RUNNING: { status: 409, vi: 'Đang có một lượt đồng bộ danh mục chạy; hãy chờ lượt đó kết thúc.', en: 'A catalog sync is already running; wait until it ends.' },
});

/** Where the portal is and the agency's account there (config: NATIONAL_PORTAL_*). */
export interface CatalogPortalSettings {
  url: string;
  username: string;
  password: string;
  /** madonvi: the e-ID code of our unit (its subtree is what the sync covers); null: every agency. */
  unit: string | null;
  timeoutMs?: number;
}

/** The portal could not be reached, or refused the session or the listing: the run fails, nothing changes. */
export class PortalUnavailable extends Error {}

const isOk = (code: unknown) => code === '00' || code === '0' || code === 0;
const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The national portal's catalog services (LayDanhSachTTHC, LayThuTuc) behind its session. */
export class CatalogPortalClient {
  constructor(
    private readonly settings: CatalogPortalSettings,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  private async post(path: string, body: unknown, session?: string): Promise<Record<string, unknown>> {
    let response: Response;
    try {
      response = await this.fetchImpl(`${this.settings.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(session ? { authorization: `Bearer ${session}` } : {}) },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.settings.timeoutMs ?? 15_000),
      });
    } catch (error) {
      throw new PortalUnavailable(`unreachable: ${(error as Error).message}`.slice(0, 300));
    }
    const text = await response.text().catch(() => '');
    if (!response.ok) throw new PortalUnavailable(`HTTP ${response.status}`);
    try {
      const value: unknown = JSON.parse(text);
      if (isRecord(value)) return value;
    } catch {
      // fall through
    }
    throw new PortalUnavailable('unreadable answer');
  }

  async session(): Promise<string> {
    const answer = await this.post('/api/auth', { username: this.settings.username, password: this.settings.password });
    if (!isOk(answer.error_code) || typeof answer.session !== 'string' || !answer.session) throw new PortalUnavailable(`session refused: ${String(answer.message ?? '')}`.slice(0, 300));
    return answer.session;
  }

  /** Every entry listed for our unit (page by page). */
  async list(session: string): Promise<Array<Record<string, unknown>>> {
    const out: Array<Record<string, unknown>> = [];
    for (let page = 1; page <= 200; page++) {
      const answer = await this.post('/api/tthc/LayDanhSachTTHC', { ...(this.settings.unit ? { madonvi: this.settings.unit } : {}), trang: page, sobanghi: 100 }, session);
      if (!isOk(answer.error_code)) throw new PortalUnavailable(`LayDanhSachTTHC refused: ${String(answer.message ?? '')}`.slice(0, 300));
      const data = Array.isArray(answer.data) ? answer.data : [];
      out.push(...data.map((d) => (isRecord(d) ? d : {})));
      const total = typeof answer.tongso === 'number' ? answer.tongso : out.length;
      if (!data.length || out.length >= total) break;
    }
    return out;
  }

  /** One procedure: its entry, or null when the portal answers that it has none. */
  async procedure(session: string, code: string): Promise<unknown> {
    const answer = await this.post('/api/tthc/LayThuTuc', { MaTTHC: code }, session);
    return isOk(answer.error_code) ? (answer.data ?? null) : null;
  }
}

interface Fetched {
  code: string;
  name: string;
  /** What the listing says: in force (1), withdrawn (0). */
  listedStatus: CatalogPortalStatus;
  /** The LayThuTuc entry; undefined: not asked (the listing's code was unusable); null: the portal has none. */
  raw: unknown;
}

/** The national part of a stored version. */
function nationalOf(record: Parameters<typeof recordToExchange>[0]): NationalContent {
  return recordToExchange(record);
}

/** Runs left "running" longer than this are taken as interrupted. */
const STALE_MS = 2 * 3_600_000;

export class CatalogSyncService {
  constructor(
    private readonly db: Db,
    private readonly agencies: AgenciesService,
    private readonly audit: AuditService,
    private readonly settings: CatalogPortalSettings | null,
    private readonly options: { fetch?: typeof fetch; now?: () => Date } = {},
    private readonly repo = new CatalogSyncRepository(),
    private readonly catalog = new CatalogRepository(),
  ) {}

  get configured(): boolean {
    return this.settings !== null;
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  private requireManager(actor: Actor | null): Actor {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    if (!rolesRoots(actor, ['catalog_manager']).length) throw new DomainError('FORBIDDEN');
    return actor;
  }

  private async begin(trigger: 'schedule' | 'manual', requestedBy: string | null): Promise<string> {
    await this.repo.closeStale(this.db, new Date(this.now().getTime() - STALE_MS));
    try {
      return await this.repo.insertRun(this.db, trigger, requestedBy);
    } catch (error) {
      if (error instanceof SyncAlreadyRunning) throw new DomainError('CATALOG_SYNC_RUNNING');
      throw error;
    }
  }

  /** A catalog manager starts a run; it goes on in the background (its page shows the progress). */
  async start(actor: Actor | null): Promise<string> {
    const manager = this.requireManager(actor);
    const id = await this.begin('manual', manager.id);
    void this.execute(id);
    return id;
  }

  /** A run to its end (the daily job; tests). Null when another run is going on. */
  async runNow(trigger: 'schedule' | 'manual' = 'schedule', requestedBy: string | null = null): Promise<SyncRun | null> {
    let id: string;
    try {
      id = await this.begin(trigger, requestedBy);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'CATALOG_SYNC_RUNNING') return null;
      throw error;
    }
    await this.execute(id);
    return (await this.repo.run(this.db, id)) ?? null;
  }

  /** The sync page: the last runs and the publicity records of the procedures the manager manages. */
  async overview(actor: Actor | null): Promise<{ configured: boolean; unit: string | null; runs: Array<Omit<SyncRun, 'items'>>; publicity: PublicityRow[] }> {
    this.requireManager(actor);
    const scope = await this.agencies.scopeOf(actor, ['catalog_manager']);
    const [runs, publicity] = await Promise.all([this.repo.recentRuns(this.db, 10), this.repo.publicity(this.db, scope, 500)]);
    return { configured: this.configured, unit: this.settings?.unit ?? null, runs, publicity };
  }

  /** What the last sync saw of a procedure on the portal (the procedure's management page; already authorised there). */
  publicityOf(code: string) {
    return this.repo.publicityOf(this.db, code);
  }

  async run(actor: Actor | null, id: string): Promise<SyncRun> {
    this.requireManager(actor);
    const run = isUuid(id) ? await this.repo.run(this.db, id) : undefined;
    if (!run) throw new DomainError('NOT_FOUND');
    return run;
  }

  /** Runs a recorded run to its end; never throws (whatever goes wrong is the run's error). */
  async execute(runId: string): Promise<void> {
    try {
      if (!this.settings) {
        await this.repo.finish(this.db, runId, 'failed', 'NOT_CONFIGURED');
        return;
      }
      let fetched: Fetched[];
      try {
        fetched = await this.fetchAll(this.settings);
      } catch (error) {
        if (!(error instanceof PortalUnavailable)) throw error;
        await this.repo.finish(this.db, runId, 'failed', `PORTAL_UNAVAILABLE: ${error.message}`);
        return;
      }
      await this.apply(runId, fetched);
      await this.repo.finish(this.db, runId, 'done', null);
    } catch (error) {
      await this.repo.finish(this.db, runId, 'failed', `FAILED: ${(error as Error).message}`.slice(0, 500)).catch(() => undefined);
    }
  }

  private async fetchAll(settings: CatalogPortalSettings): Promise<Fetched[]> {
    const client = new CatalogPortalClient(settings, this.options.fetch);
    const session = await client.session();
    const listed = await client.list(session);
    const out: Fetched[] = [];
    for (const entry of listed) {
      const code = typeof entry.MaTTHC === 'string' ? entry.MaTTHC : '';
      const name = typeof entry.TenTTHC === 'string' ? entry.TenTTHC.slice(0, 500) : '';
      const listedStatus: CatalogPortalStatus = entry.TrangThai === 0 ? 'withdrawn' : 'published';
      if (!PROCEDURE_CODE_PATTERN.test(code)) {
        out.push({ code: code.slice(0, 40), name, listedStatus, raw: undefined });
        continue;
      }
      out.push({ code, name, listedStatus, raw: await client.procedure(session, code) });
    }
    return out;
  }

  private async apply(runId: string, fetched: Fetched[]): Promise<void> {
    const now = this.now();
    const items: SyncItem[] = [];
    const outcomes: SyncOutcome[] = [];
    const run = await this.repo.run(this.db, runId);
    await this.repo.progress(this.db, runId, { total: fetched.length, processed: 0, counts: countOutcomes([]), items });
    const portal = new Map<string, { status: CatalogPortalStatus; publishedAt: Date | null; agencyCode: string | null }>();

    for (const [i, entry] of fetched.entries()) {
      let item: SyncItem;
      const parsed = entry.raw === undefined ? { ok: false as const, reason: 'MALFORMED' as const, detail: 'MaTTHC' } : entry.raw === null ? null : parsePortalProcedure(entry.raw);
      if (PROCEDURE_CODE_PATTERN.test(entry.code)) {
        const mine = parsed?.ok ? parsed.value : null;
        portal.set(entry.code, { status: mine ? (mine.withdrawn ? 'withdrawn' : 'published') : entry.listedStatus, publishedAt: mine?.publishedAt ?? null, agencyCode: mine?.content.agencyCode ?? null });
      }
      if (parsed === null) item = { code: entry.code, name: entry.name, outcome: 'error', reason: 'NOT_FOUND_ON_PORTAL' };
      else if (!parsed.ok) item = { code: entry.code, name: entry.name, outcome: 'error', reason: parsed.reason, detail: parsed.detail };
      else {
        try {
          const decision = await this.db.transaction().execute((tx) => this.applyEntry(tx, parsed.value, run?.requested_by ?? null));
          item = { code: entry.code, name: parsed.value.content.name, outcome: decision.outcome, ...(decision.outcome === 'error' ? { reason: decision.reason, ...(decision.detail ? { detail: decision.detail } : {}) } : {}) };
        } catch (error) {
          item = { code: entry.code, name: parsed.value.content.name, outcome: 'error', reason: 'FAILED', detail: (error as Error).message.slice(0, 200) };
        }
      }
      items.push(item);
      outcomes.push(item.outcome as SyncOutcome);
      // The result table is rewritten every 25 entries and at the end (the counts after each one).
      const last = i === fetched.length - 1;
      await this.repo.progress(this.db, runId, { processed: i + 1, counts: countOutcomes(outcomes), ...((i + 1) % 25 === 0 || last ? { items } : {}) });
    }

    // The publicity of every procedure of ours in the unit, listed there or not.
    const unit = this.settings?.unit ? await this.agencies.byCode(this.settings.unit) : undefined;
    const scope = unit ? await this.catalog.subtreeIds(this.db, unit.id) : null;
    // A procedure with only a local code of its agency (migration 0038) is not on the portal, which knows national
    // codes only: it has no publicity row (it is not counted absent), and the run's audit entry counts it.
    const ours = await this.repo.localProcedures(this.db, scope);
    const local = ours.filter((row) => PROCEDURE_CODE_PATTERN.test(row.code));
    await this.db.transaction().execute(async (tx) => {
      for (const row of local) {
        const seen = portal.get(row.code);
        await this.repo.recordPublicity(tx, {
          procedureId: row.procedure_id,
          code: row.code,
          status: seen?.status ?? 'absent',
          portalPublishedAt: seen?.status === 'published' ? seen.publishedAt : null,
          portalAgencyCode: seen?.agencyCode && seen.agencyCode !== row.agency_code ? seen.agencyCode : null,
          runId,
          now,
        });
      }
      await this.audit.record(tx, null, {
        action: 'catalog.sync',
        targetType: 'catalog',
        summary: { runId, requestedBy: run?.requested_by ?? null, ...countOutcomes(outcomes), publicity: local.length, localOnlyNotSynced: ours.length - local.length },
      });
    });
  }

  /** Decides and applies one valid entry under the procedure's row lock. */
  private async applyEntry(tx: Executor, entry: PortalProcedure, requestedBy: string | null): Promise<Decision> {
    const content = entry.content;
    const procedure = await this.catalog.lockProcedure(tx, content.code);
    const versions = procedure ? await this.catalog.versions(tx, procedure.id) : [];
    let local: LocalProcedure | null = null;
    if (procedure && versions.length) {
      const latest = versions[0]!;
      const draftRow = versions.find((v) => v.status === 'draft');
      const currentRow = versions.find((v) => v.status === 'published') ?? versions.find((v) => v.status !== 'draft') ?? null;
      const latestRecord = (await this.catalog.versionRecord(tx, latest.id))!;
      local = {
        agencyCode: latestRecord.agency_code,
        draft: draftRow ? nationalOf((await this.catalog.versionRecord(tx, draftRow.id))!) : null,
        current: currentRow ? nationalOf((await this.catalog.versionRecord(tx, currentRow.id))!) : null,
      };
    }
    const agency = await this.agencies.byCode(content.agencyCode, tx);
    const decision = decideEntry(entry, local, agency !== undefined);
    if (decision.outcome !== 'created' && decision.outcome !== 'updated') {
      if (decision.outcome === 'withdrawn') {
        await this.audit.record(tx, null, { action: 'catalog.sync.withdrawn', targetType: 'procedure', targetId: content.code, agencyId: versions[0]?.agency_id ?? null, summary: { code: content.code, requestedBy } });
      }
      return decision;
    }
    let field = await this.catalog.fieldByCode(tx, content.fieldCode);
    if (!field) {
      await this.catalog.upsertField(tx, { code: content.fieldCode, name: entry.fieldName, nameEn: null });
      field = (await this.catalog.fieldByCode(tx, content.fieldCode))!;
    }
    if (decision.outcome === 'created') {
      const created = procedure ?? (await this.catalog.insertProcedure(tx, content.code));
      await this.catalog.insertVersion(tx, {
        procedureId: created.id,
        code: content.code,
        version: 1,
        content: toContent(content, agency!.id, field.id, false),
        fieldName: field.name,
        createdBy: null,
        documents: mergeDocuments(content.documents, []),
      });
      await this.audit.record(tx, null, { action: 'catalog.sync.create', targetType: 'procedure', targetId: content.code, agencyId: agency!.id, summary: { code: content.code, version: 1, name: content.name, requestedBy } });
      return decision;
    }
    // A new draft version: the portal's national content, our own parts copied from the latest version.
    const latest = versions[0]!;
    const source = (await this.catalog.versionRecord(tx, latest.id))!;
    const versionId = await this.catalog.insertVersion(tx, {
      procedureId: procedure!.id,
      code: content.code,
      version: latest.version + 1,
      content: toContent(content, latest.agency_id, field.id, latest.full_online_eligible),
      fieldName: field.name,
      createdBy: null,
      documents: mergeDocuments(content.documents, source.documents),
    });
    const form = storedForm(latest);
    if (form) await this.catalog.setForm(tx, versionId, form);
    await this.catalog.copyFeeRules(tx, latest.id, versionId);
    await this.repo.copyWorkflow(tx, latest.id, versionId);
    await this.audit.record(tx, null, {
      action: 'catalog.sync.update',
      targetType: 'procedure',
      targetId: content.code,
      agencyId: latest.agency_id,
      summary: { code: content.code, version: latest.version + 1, copiedFrom: latest.version, requestedBy },
    });
    return decision;
  }
}
