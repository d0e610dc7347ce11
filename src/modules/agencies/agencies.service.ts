// The agency tree and authorisation scoped to agency subtrees; administration of the tree (create, rename,
// change code, move, merge, departments), every change audited in its own transaction.
//
// Who may do what (role 'admin', always on an agency subtree):
// - create an agency below P: admin on P's subtree;
// - create a top-level agency (no parent): an admin whose grant is on a top-level agency itself — the
//   administrators of the highest level of the installation (e.g. the ministry, the province), never one
//   of a single bureau;
// - edit an agency: admin on it; moving it under another parent also needs admin on the new parent (or, to
//   make it top-level, a grant on a top-level agency);
// - merge A into S: admin on A and on S;
// - departments of A: admin on A.
// An agency outside the actor's scope looks like NOT_FOUND when it is the target of the request.
import { vietnamDate } from '../../core/time.ts';
import type { Actor } from '../../core/actor.ts';
import { rolesRoots } from '../../core/actor.ts';
import { DomainError, type FieldError } from '../../core/errors.ts';
import type { Db, Executor } from '../../db/database.ts';
import type { Agency, Role } from '../../db/schema.ts';
import { AuditService } from '../audit/audit.service.ts';
import { AgenciesRepository, type AgencyChanges, type CommuneRef } from './agencies.repository.ts';
import {
  agencyFieldErrors,
  createsCycle,
  departmentFieldErrors,
  finalSuccessor,
  mergeProblems,
  normaliseAgencyCode,
  treeOrder,
  type AgencyLevel,
} from './agencies.rules.ts';
import './agencies.errors.ts';
import type { AgencyView, CreateAgencyBody, DepartmentBody, MergeBody, UpdateAgencyBody } from './agencies.schemas.ts';

/**
 * Why a code asked for is answered by another agency (reports, scorecard, disclosure): the agency was merged
 * (its successor chain ends at `successorCode`), or the code is a former code of the agency (agency_history).
 */
export interface AgencyRedirect {
  code: string;
  name: string;
  reason: 'merged' | 'code_changed';
  /** yyyy-mm-dd: the merger's date (valid_to) or the day the code changed (Vietnam time); null when unknown. */
  since: string | null;
  successorCode: string;
  successorName: string;
}

export interface TreeEntry {
  agency: Agency;
  view: AgencyView;
  depth: number;
}

const ADMIN: readonly Role[] = ['admin'];

function invalid(errors: FieldError[]): never {
  throw new DomainError('VALIDATION_FAILED', undefined, errors);
}

function cleanOptional(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

export class AgenciesService {
  constructor(
    private readonly db: Db,
    private readonly repo = new AgenciesRepository(),
    private readonly audit: AuditService = new AuditService(db),
  ) {}

  byCode(code: string, db: Executor = this.db): Promise<Agency | undefined> {
    return this.repo.findByCode(db, code);
  }

  byId(id: string, db: Executor = this.db): Promise<Agency | undefined> {
    return this.repo.findById(db, id);
  }

  list(): Promise<Agency[]> {
    return this.repo.listAll(this.db);
  }

  /**
   * Throws unless the actor holds one of `roles` on an agency whose subtree contains `agencyId`.
   * Anonymous → UNAUTHENTICATED; signed in without the right → FORBIDDEN.
   */
  async authorize(actor: Actor | null, roles: readonly Role[], agencyId: string, db: Executor = this.db): Promise<Actor> {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    const roots = rolesRoots(actor, roles);
    if (!(await this.repo.withinSubtree(db, roots, agencyId))) throw new DomainError('FORBIDDEN');
    return actor;
  }

  /**
   * The roles the actor holds on each of `agencyIds` (a grant on the agency or an ancestor covers it), in one
   * query; every agency asked for has an entry (empty: nothing held there). authorize() per role, answered at once.
   */
  async rolesOn(actor: Actor | null, agencyIds: readonly string[], db: Executor = this.db): Promise<Map<string, Set<Role>>> {
    const out = new Map<string, Set<Role>>(agencyIds.map((id) => [id, new Set<Role>()]));
    if (!actor) return out;
    for (const row of await this.repo.rolesCovering(db, actor.roles, [...new Set(agencyIds)])) {
      const roles = out.get(row.target) ?? new Set<Role>();
      roles.add(row.role as Role);
      out.set(row.target, roles);
    }
    return out;
  }

  /** Agencies (ids) on which the actor may act with one of `roles` (empty when none). */
  scopeOf(actor: Actor | null, roles: readonly Role[], db: Executor = this.db): Promise<string[]> {
    return this.repo.subtreeIds(db, rolesRoots(actor, roles));
  }

  // Agency history in reports ------------------------------------------------

  /**
   * The agency that answers for `code` today, with the reason when it is not the agency of that code: a merged
   * agency answers with the last agency of its successor chain, a former code with the agency that holds it now.
   * Undefined when the code is unknown (or the chain loops).
   */
  async current(code: string, db: Executor = this.db): Promise<{ agency: Agency; redirect: AgencyRedirect | null } | undefined> {
    const normalised = normaliseAgencyCode(code);
    const found = await this.repo.findByCode(db, normalised);
    if (!found) {
      const former = await this.repo.byFormerCode(db, normalised);
      if (!former) return undefined;
      const now = await this.current(former.agency.code, db);
      if (!now) return undefined;
      return {
        agency: now.agency,
        redirect: { code: normalised, name: former.agency.name, reason: 'code_changed', since: vietnamDate(former.changedAt), successorCode: now.agency.code, successorName: now.agency.name },
      };
    }
    if (!found.successor_id) return { agency: found, redirect: null };
    const chain = await this.repo.successorChain(db, found.id);
    const last = finalSuccessor(new Map(chain.map((a) => [a.id, a.successor_id])), found.id);
    const agency = chain.find((a) => a.id === last);
    if (!agency) return undefined;
    return {
      agency,
      redirect: { code: found.code, name: found.name, reason: 'merged', since: found.valid_to, successorCode: agency.code, successorName: agency.name },
    };
  }

  /** The redirect note for a page reached from `fromCode` that now shows `shownCode` (null when it does not apply). */
  async redirectFrom(fromCode: string | undefined, shownCode: string): Promise<AgencyRedirect | null> {
    if (!fromCode || !/^[A-Za-z0-9.]{2,40}$/.test(fromCode.trim())) return null;
    const resolved = await this.current(fromCode.trim());
    return resolved?.redirect && resolved.agency.code === shownCode ? resolved.redirect : null;
  }

  /**
   * Ids of the agencies "now part of" `agencyId`: itself, the agencies below it and every agency merged into one
   * of these, recursively (agencies.rules.ts nowPartOf; one statement). The reports, the 766 scorecard and the
   * disclosure pages select dossiers with `agency_id = ANY(these)`; compute it once per request.
   */
  nowPartOf(agencyId: string, db: Executor = this.db): Promise<string[]> {
    return this.repo.nowPartOf(db, [agencyId]);
  }

  /**
   * For each merged agency among `ids` (successor_id set), the agency that answers for it today: the last of its
   * successor chain. The reports' rows by agency (and by level) show a merged agency's dossiers in its successor's row.
   */
  async mergedInto(ids: readonly string[], db: Executor = this.db): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const rows = await this.repo.listByIds(db, [...ids]);
    if (!rows.some((a) => a.successor_id)) return out;
    const successorOf = new Map(rows.map((a) => [a.id, a.successor_id]));
    for (const a of rows) {
      if (!a.successor_id) continue;
      const last = finalSuccessor(successorOf, a.id);
      if (last && last !== a.id) out.set(a.id, last);
    }
    return out;
  }

  /** True when the actor holds one of `roles` on a top-level agency (an agency without a parent). */
  async holdsOnRoot(actor: Actor | null, roles: readonly Role[], db: Executor = this.db): Promise<boolean> {
    const roots = rolesRoots(actor, roles);
    if (roots.length === 0) return false;
    const agencies = await this.repo.listByIds(db, roots);
    return agencies.some((a) => a.parent_id === null);
  }

  /** Throws unless the actor holds some admin grant (UNAUTHENTICATED / FORBIDDEN). */
  requireAnyAdmin(actor: Actor | null): Actor {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    if (rolesRoots(actor, ADMIN).length === 0) throw new DomainError('FORBIDDEN');
    return actor;
  }

  // Reading -------------------------------------------------------------------

  /** Every agency, parents before children, siblings by code (public). */
  async tree(): Promise<TreeEntry[]> {
    return this.present(await this.repo.listAll(this.db));
  }

  /** The active agencies on which the actor holds one of `roles` (their subtrees), in tree order: the pickers' options. */
  async scopeTree(actor: Actor | null, roles: readonly Role[]): Promise<TreeEntry[]> {
    const scope = await this.scopeOf(actor, roles);
    if (scope.length === 0) return [];
    return this.present((await this.repo.listByIds(this.db, scope)).filter((a) => a.active), await this.repo.listAll(this.db));
  }

  /** The agencies the actor administers, in tree order. */
  async adminTree(actor: Actor | null): Promise<TreeEntry[]> {
    this.requireAnyAdmin(actor);
    const scope = await this.scopeOf(actor, ADMIN);
    return this.present(await this.repo.listByIds(this.db, scope), await this.repo.listAll(this.db));
  }

  private present(rows: Agency[], all: Agency[] = rows): TreeEntry[] {
    const codeOf = new Map(all.map((a) => [a.id, a.code]));
    return treeOrder(rows).map(({ item, depth }) => ({ agency: item, depth, view: this.view(item, codeOf) }));
  }

  view(agency: Agency, codeOf: Map<string, string>): AgencyView {
    return {
      code: agency.code,
      name: agency.name,
      shortName: agency.short_name,
      level: agency.level,
      parentCode: agency.parent_id ? codeOf.get(agency.parent_id) ?? null : null,
      active: agency.active,
      successorCode: agency.successor_id ? codeOf.get(agency.successor_id) ?? null : null,
      validTo: agency.valid_to,
      adminUnitCode: agency.admin_unit_code,
    };
  }

  async viewOf(agency: Agency, db: Executor = this.db): Promise<AgencyView> {
    const related = [agency.parent_id, agency.successor_id].filter((id): id is string => !!id);
    const codeOf = new Map((await this.repo.listByIds(db, related)).map((a) => [a.id, a.code]));
    return this.view(agency, codeOf);
  }

  /** An agency the actor administers (NOT_FOUND otherwise), with its departments and former codes/names. */
  async adminDetail(actor: Actor | null, code: string) {
    const agency = await this.adminTarget(actor, code, this.db);
    const [departments, history, view] = await Promise.all([
      this.repo.departments(this.db, agency.id),
      this.repo.history(this.db, agency.id),
      this.viewOf(agency),
    ]);
    const successor = agency.successor_id ? await this.repo.findById(this.db, agency.successor_id) : undefined;
    const parent = agency.parent_id ? await this.repo.findById(this.db, agency.parent_id) : undefined;
    const commune = await this.commune(agency.admin_unit_code);
    return { agency, view, departments, history, successor, parent, commune };
  }

  /** Departments of an agency the actor administers. */
  async departments(actor: Actor | null, code: string) {
    const agency = await this.adminTarget(actor, code, this.db);
    return { agency, departments: await this.repo.departments(this.db, agency.id) };
  }

  /** Departments of any agency (used by other modules after their own authorisation). */
  departmentsOf(agencyId: string, db: Executor = this.db) {
    return this.repo.departments(db, agencyId);
  }

  /** The agency named by `code`, when the actor administers it; otherwise NOT_FOUND (or UNAUTHENTICATED). */
  private async adminTarget(actor: Actor | null, code: string, db: Executor): Promise<Agency> {
    this.requireAnyAdmin(actor);
    const agency = await this.repo.findByCode(db, normaliseAgencyCode(code));
    if (!agency) throw new DomainError('NOT_FOUND');
    try {
      await this.authorize(actor, ADMIN, agency.id, db);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'FORBIDDEN') throw new DomainError('NOT_FOUND');
      throw error;
    }
    return agency;
  }

  // Changing ------------------------------------------------------------------

  async create(actor: Actor | null, input: CreateAgencyBody): Promise<Agency> {
    const by = this.requireAnyAdmin(actor);
    const code = normaliseAgencyCode(input.code ?? '');
    const name = (input.name ?? '').trim();
    const shortName = cleanOptional(input.shortName);
    const parentCode = cleanOptional(input.parentCode);
    const errors = agencyFieldErrors({ code, name, shortName, level: input.level });
    const adminUnit = cleanOptional(input.adminUnitCode);
    return this.db.transaction().execute(async (tx) => {
      if (adminUnit !== null && !(await this.knownCommune(tx, adminUnit))) errors.push({ path: '/adminUnitCode', code: 'AGENCY_ADMIN_UNIT_UNKNOWN' });
      let parent: Agency | undefined;
      if (parentCode) {
        parent = await this.repo.findByCode(tx, normaliseAgencyCode(parentCode));
        if (!parent) errors.push({ path: '/parentCode', code: 'AGENCY_PARENT_NOT_FOUND' });
        else {
          await this.authorize(by, ADMIN, parent.id, tx);
          if (!parent.active) errors.push({ path: '/parentCode', code: 'AGENCY_PARENT_INACTIVE' });
        }
      } else if (!(await this.holdsOnRoot(by, ADMIN, tx))) {
        throw new DomainError('AGENCY_ROOT_FORBIDDEN');
      }
      if (!errors.some((e) => e.path === '/code') && (await this.repo.codeTaken(tx, code))) {
        errors.push({ path: '/code', code: 'AGENCY_CODE_TAKEN' });
      }
      if (errors.length) invalid(errors);
      if (adminUnit !== null) await this.adminUnitFree(tx, adminUnit);
      const agency = await this.repo.insert(tx, {
        code,
        name,
        short_name: shortName,
        level: input.level as AgencyLevel,
        parent_id: parent?.id ?? null,
        admin_unit_code: adminUnit,
      });
      await this.audit.record(tx, by, {
        action: 'agency.create',
        targetType: 'agency',
        targetId: agency.id,
        agencyId: agency.id,
        summary: { code, name, level: agency.level, parentCode: parent?.code ?? null, adminUnitCode: adminUnit },
      });
      return agency;
    });
  }

  /** Renames, changes the e-ID, the level or the parent. The former code and name go to agency_history first. */
  async update(actor: Actor | null, currentCode: string, patch: UpdateAgencyBody): Promise<Agency> {
    return this.db.transaction().execute(async (tx) => {
      const found = await this.adminTarget(actor, currentCode, tx);
      const agency = (await this.repo.lock(tx, found.id))!;
      const by = actor!;
      const code = patch.code !== undefined ? normaliseAgencyCode(patch.code) : undefined;
      const name = patch.name !== undefined ? patch.name.trim() : undefined;
      const shortName = patch.shortName !== undefined ? cleanOptional(patch.shortName) : undefined;
      const errors = agencyFieldErrors({ code, name, shortName, level: patch.level }, { partial: true });
      const changes: AgencyChanges = {};
      if (code !== undefined && code !== agency.code) {
        if (!errors.some((e) => e.path === '/code') && (await this.repo.codeTaken(tx, code, agency.id))) {
          errors.push({ path: '/code', code: 'AGENCY_CODE_TAKEN' });
        }
        changes.code = code;
      }
      if (name !== undefined && name !== agency.name) changes.name = name;
      if (shortName !== undefined && shortName !== agency.short_name) changes.short_name = shortName;
      if (patch.level !== undefined && patch.level !== agency.level) changes.level = patch.level as AgencyLevel;
      let parent: Agency | undefined;
      if (patch.parentCode !== undefined) {
        const parentCode = cleanOptional(patch.parentCode);
        if (parentCode) {
          parent = await this.repo.findByCode(tx, normaliseAgencyCode(parentCode));
          if (!parent) errors.push({ path: '/parentCode', code: 'AGENCY_PARENT_NOT_FOUND' });
          else if (parent.id !== agency.parent_id) {
            if (createsCycle(agency.id, parent.id, await this.repo.parentMap(tx))) {
              errors.push({ path: '/parentCode', code: 'AGENCY_PARENT_CYCLE' });
            } else {
              await this.authorize(by, ADMIN, parent.id, tx);
              if (!parent.active) errors.push({ path: '/parentCode', code: 'AGENCY_PARENT_INACTIVE' });
              changes.parent_id = parent.id;
            }
          }
        } else if (agency.parent_id !== null) {
          if (!(await this.holdsOnRoot(by, ADMIN, tx))) throw new DomainError('AGENCY_ROOT_FORBIDDEN');
          changes.parent_id = null;
        }
      }
      if (patch.adminUnitCode !== undefined) {
        const adminUnit = cleanOptional(patch.adminUnitCode);
        if (adminUnit !== agency.admin_unit_code) {
          if (adminUnit !== null && !(await this.knownCommune(tx, adminUnit))) errors.push({ path: '/adminUnitCode', code: 'AGENCY_ADMIN_UNIT_UNKNOWN' });
          changes.admin_unit_code = adminUnit;
        }
      }
      if (errors.length) invalid(errors);
      if (changes.admin_unit_code && agency.active) await this.adminUnitFree(tx, changes.admin_unit_code, agency.id);
      if (Object.keys(changes).length === 0) return agency;
      if (changes.code !== undefined || changes.name !== undefined) {
        await this.repo.insertHistory(tx, agency.id, agency.code, agency.name);
      }
      const updated = await this.repo.update(tx, agency.id, changes);
      const before: Record<string, unknown> = {};
      const after: Record<string, unknown> = {};
      for (const key of Object.keys(changes) as Array<keyof AgencyChanges>) {
        before[key] = agency[key];
        after[key] = updated[key];
      }
      await this.audit.record(tx, by, {
        action: 'agency.update',
        targetType: 'agency',
        targetId: agency.id,
        agencyId: agency.id,
        summary: { code: updated.code, before, after },
      });
      return updated;
    });
  }

  /**
   * Merges an agency into its successor: the agency becomes inactive with `successor_id` and `valid_to`
   * set, and the agencies directly below it move under the successor. Its dossiers and accounts stay with it
   * (reports roll it up into the successor).
   */
  async merge(actor: Actor | null, code: string, input: MergeBody): Promise<{ agency: Agency; successor: Agency; moved: string[] }> {
    return this.db.transaction().execute(async (tx) => {
      const found = await this.adminTarget(actor, code, tx);
      const agency = (await this.repo.lock(tx, found.id))!;
      const by = actor!;
      const errors: FieldError[] = [];
      const successorCode = cleanOptional(input.successorCode);
      const validTo = cleanOptional(input.validTo) ?? vietnamDate(new Date());
      if (!/^\d{4}-\d{2}-\d{2}$/.test(validTo) || Number.isNaN(Date.parse(`${validTo}T00:00:00Z`))) {
        errors.push({ path: '/validTo', code: 'format', params: { format: 'yyyy-mm-dd' } });
      }
      const successor = successorCode ? await this.repo.findByCode(tx, normaliseAgencyCode(successorCode)) : undefined;
      if (!successorCode) errors.push({ path: '/successorCode', code: 'required' });
      else if (!successor) errors.push({ path: '/successorCode', code: 'AGENCY_SUCCESSOR_NOT_FOUND' });
      else {
        await this.authorize(by, ADMIN, successor.id, tx);
        const problems = mergeProblems(
          { agencyId: agency.id, agencyActive: agency.active, successorId: successor.id, successorActive: successor.active },
          await this.repo.parentMap(tx),
        );
        if (problems.some((p) => p.code === 'AGENCY_INACTIVE')) throw new DomainError('AGENCY_INACTIVE');
        errors.push(...problems);
      }
      if (errors.length) invalid(errors);
      await this.repo.markMerged(tx, agency.id, successor!.id, validTo);
      const moved = await this.repo.moveChildren(tx, agency.id, successor!.id);
      await this.audit.record(tx, by, {
        action: 'agency.merge',
        targetType: 'agency',
        targetId: agency.id,
        agencyId: agency.id,
        summary: { code: agency.code, successorCode: successor!.code, validTo, moved },
      });
      return { agency: (await this.repo.findById(tx, agency.id))!, successor: successor!, moved };
    });
  }

  // The commune an agency serves (admin_unit_code, liên thông by the dossier's address) ---------------------

  /** True when `code` is a commune of the official list (five digits, address_communes). */
  private async knownCommune(db: Executor, code: string): Promise<boolean> {
    return /^[0-9]{5}$/.test(code) && !!(await this.repo.commune(db, code));
  }

  /** 409 AGENCY_ADMIN_UNIT_TAKEN when another active agency serves the commune (the unique index decides a race). */
  private async adminUnitFree(db: Executor, code: string, exceptId?: string): Promise<void> {
    if (await this.repo.adminUnitHolder(db, code, exceptId)) {
      throw new DomainError('AGENCY_ADMIN_UNIT_TAKEN', undefined, [{ path: '/adminUnitCode', code: 'AGENCY_ADMIN_UNIT_TAKEN' }]);
    }
  }

  /** The commune of that code with its province (the detail page), undefined when none or unknown. */
  commune(code: string | null | undefined, db: Executor = this.db): Promise<CommuneRef | undefined> {
    return code && /^[0-9]{5}$/.test(code) ? this.repo.commune(db, code) : Promise.resolve(undefined);
  }

  /**
   * The commune picker of the agency form: the provinces, the chosen one (`provinceCode` when known, else the
   * province of `adminUnitCode`) and its communes — a select, never a typed code.
   */
  async communePicker(provinceCode: string | undefined, adminUnitCode: string | undefined, db: Executor = this.db) {
    const provinces = await this.repo.provinces(db);
    let province = provinces.find((p) => p.code === provinceCode)?.code;
    if (!province && adminUnitCode) province = (await this.commune(adminUnitCode, db))?.provinceCode;
    const communes = province ? await this.repo.communesOf(db, province) : [];
    return { provinces, province: province ?? '', communes };
  }

  async addDepartment(actor: Actor | null, agencyCode: string, input: DepartmentBody) {
    return this.db.transaction().execute(async (tx) => {
      const agency = await this.adminTarget(actor, agencyCode, tx);
      const code = (input.code ?? '').trim().toUpperCase();
      const name = (input.name ?? '').trim();
      const errors = departmentFieldErrors({ code, name });
      if (!errors.some((e) => e.path === '/code') && (await this.repo.departmentCodeTaken(tx, agency.id, code))) {
        errors.push({ path: '/code', code: 'DEPARTMENT_CODE_TAKEN' });
      }
      if (errors.length) invalid(errors);
      const department = await this.repo.insertDepartment(tx, { agency_id: agency.id, code, name });
      await this.audit.record(tx, actor, {
        action: 'agency.department.create',
        targetType: 'department',
        targetId: department.id,
        agencyId: agency.id,
        summary: { agencyCode: agency.code, code, name },
      });
      return department;
    });
  }
}
