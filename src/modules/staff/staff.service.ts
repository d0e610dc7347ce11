// Staff account administration: an administrator lists, creates, disables/enables staff accounts and
// changes their roles — only within the agency subtree(s) where they hold the 'admin' role.
// Accounts outside that scope look like NOT_FOUND; grants on agencies outside it can be neither added nor
// removed (they are kept as they are).
import { isUuid } from '../../core/ids.ts';
import type { Actor, RoleGrant } from '../../core/actor.ts';
import { rolesRoots } from '../../core/actor.ts';
import { DomainError, type FieldError } from '../../core/errors.ts';
import type { Db } from '../../db/database.ts';
import type { Role } from '../../db/schema.ts';
import type { AgenciesService } from '../agencies/agencies.service.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { EMAIL_PATTERN, normaliseUsername, passwordProblems, PERSON_NAME_PATTERN, USERNAME_PATTERN } from '../identity/identity.rules.ts';
import type { IdentityService } from '../identity/identity.service.ts';
import { StaffRepository, type StaffGrantRow, type StaffRow } from './staff.repository.ts';
import type { CreateStaffInput, GrantBody, StaffView, UpdateStaffBody } from './staff.schemas.ts';
import { canSetStatus, isRole, planGrants, removesOwnAdmin } from './staff.rules.ts';
import './staff.errors.ts';

const ADMIN: readonly Role[] = ['admin'];

export class StaffService {
  constructor(
    private readonly db: Db,
    private readonly agencies: AgenciesService,
    private readonly identity: IdentityService,
    private readonly audit: AuditService,
    private readonly repo = new StaffRepository(),
  ) {}

  private requireAdmin(actor: Actor | null): Actor {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    if (rolesRoots(actor, ADMIN).length === 0) throw new DomainError('FORBIDDEN');
    return actor;
  }

  private present(row: StaffRow, grants: StaffGrantRow[], scope: ReadonlySet<string>): StaffView {
    return {
      id: row.id,
      username: row.username,
      fullName: row.full_name,
      email: row.email,
      status: row.status,
      agencyCode: row.agency_code,
      agencyName: row.agency_name,
      departmentCode: row.department_code,
      departmentName: row.department_name,
      roles: grants
        .filter((g) => g.account_id === row.id)
        .map((g) => ({ role: g.role, agencyCode: g.agency_code, agencyName: g.agency_name, inScope: scope.has(g.agency_id) })),
    };
  }

  /** Active staff of a department who have an e-mail address (reminders of other modules; no actor: a system job). */
  departmentContacts(departmentId: string) {
    return this.repo.departmentContacts(this.db, departmentId);
  }

  /** Staff accounts of the agencies the actor administers. */
  async list(actor: Actor | null, options: { q?: string; page?: number; pageSize?: number } = {}) {
    this.requireAdmin(actor);
    const scopeIds = await this.agencies.scopeOf(actor, ADMIN);
    const scope = new Set(scopeIds);
    const pageSize = Math.min(Math.max(options.pageSize ?? 25, 1), 200);
    const page = Math.max(1, Math.floor(options.page ?? 1));
    const { rows, total } = await this.repo.list(this.db, scopeIds, { q: options.q?.trim() || undefined, limit: pageSize, offset: (page - 1) * pageSize });
    const grants = await this.repo.grants(this.db, rows.map((r) => r.id));
    return { items: rows.map((r) => this.present(r, grants, scope)), total, page, pageSize, pageCount: Math.max(1, Math.ceil(total / pageSize)) };
  }

  /** One staff account the actor administers (NOT_FOUND otherwise). */
  async get(actor: Actor | null, id: string): Promise<StaffView> {
    this.requireAdmin(actor);
    const scope = new Set(await this.agencies.scopeOf(actor, ADMIN));
    const row = isUuid(id) ? await this.repo.find(this.db, id) : undefined;
    if (!row || !row.agency_id || !scope.has(row.agency_id)) throw new DomainError('NOT_FOUND');
    return this.present(row, await this.repo.grants(this.db, [row.id]), scope);
  }

  /** Agencies (in tree order) and their departments, for the forms. */
  async formOptions(actor: Actor | null) {
    const tree = await this.agencies.adminTree(actor);
    const active = tree.filter((e) => e.agency.active);
    return Promise.all(
      active.map(async (e) => ({
        code: e.agency.code,
        name: e.agency.name,
        depth: e.depth,
        departments: (await this.agencies.departmentsOf(e.agency.id)).map((d) => ({ id: d.id, code: d.code, name: d.name })),
      })),
    );
  }

  /** Resolves grant inputs to agency ids; unknown agencies and roles become field errors. */
  private async resolveGrants(inputs: GrantBody[], defaultAgencyId: string | null, errors: FieldError[]): Promise<RoleGrant[]> {
    const grants: RoleGrant[] = [];
    for (const [i, input] of inputs.entries()) {
      if (!isRole(input.role)) {
        errors.push({ path: `/roles/${i}/role`, code: 'STAFF_ROLE_INVALID' });
        continue;
      }
      let agencyId = defaultAgencyId;
      if (input.agencyCode) {
        agencyId = (await this.agencies.byCode(input.agencyCode.trim().toUpperCase()))?.id ?? null;
        if (!agencyId) {
          errors.push({ path: `/roles/${i}/agencyCode`, code: 'STAFF_AGENCY_NOT_FOUND' });
          continue;
        }
      }
      if (agencyId) grants.push({ role: input.role, agencyId });
    }
    return grants;
  }

  async create(actor: Actor | null, input: CreateStaffInput): Promise<StaffView> {
    const by = this.requireAdmin(actor);
    const errors: FieldError[] = [];
    const username = normaliseUsername(input.username ?? '');
    const email = input.email?.trim() ? input.email.trim().toLowerCase() : null;
    const fullName = (input.fullName ?? '').trim();
    if (!username) errors.push({ path: '/username', code: 'required' });
    else if (!USERNAME_PATTERN.test(username)) errors.push({ path: '/username', code: 'USERNAME_INVALID' });
    if (!fullName) errors.push({ path: '/fullName', code: 'STAFF_NAME_REQUIRED' });
    else if (!PERSON_NAME_PATTERN.test(fullName)) errors.push({ path: '/fullName', code: 'NAME_INVALID' });
    if (email && !EMAIL_PATTERN.test(email)) errors.push({ path: '/email', code: 'EMAIL_INVALID' });
    if (!input.password) errors.push({ path: '/password', code: 'required' });
    else for (const code of passwordProblems(input.password, { username, email: email ?? undefined })) errors.push({ path: '/password', code });

    const agencyCode = (input.agencyCode ?? '').trim().toUpperCase();
    const agency = agencyCode ? await this.agencies.byCode(agencyCode) : undefined;
    if (!agencyCode) errors.push({ path: '/agencyCode', code: 'required' });
    else if (!agency) errors.push({ path: '/agencyCode', code: 'STAFF_AGENCY_NOT_FOUND' });
    else {
      await this.agencies.authorize(by, ADMIN, agency.id);
      if (!agency.active) errors.push({ path: '/agencyCode', code: 'AGENCY_INACTIVE' });
    }

    let departmentId: string | null = null;
    if (agency && (input.departmentId || input.departmentCode)) {
      const departments = await this.agencies.departmentsOf(agency.id);
      const dept = input.departmentId
        ? departments.find((d) => d.id === input.departmentId)
        : departments.find((d) => d.code === input.departmentCode!.trim().toUpperCase());
      if (!dept) errors.push({ path: input.departmentId ? '/departmentId' : '/departmentCode', code: 'STAFF_DEPARTMENT_INVALID' });
      else departmentId = dept.id;
    }

    const grants = await this.resolveGrants(input.roles ?? [], agency?.id ?? null, errors);
    const scope = new Set(await this.agencies.scopeOf(by, ADMIN));
    if (grants.some((g) => !scope.has(g.agencyId))) throw new DomainError('STAFF_ROLE_OUT_OF_SCOPE');
    if (errors.length) throw new DomainError('VALIDATION_FAILED', undefined, errors);

    const account = await this.identity.createAccount(by, {
      username,
      password: input.password,
      kind: 'staff',
      fullName,
      email,
      agencyId: agency!.id,
      departmentId,
      roles: planGrants([], grants, scope).next,
      status: 'active',
    });
    return this.get(by, account.id);
  }

  /** Changes the roles and/or the status (active ↔ disabled) of a staff account, audited. */
  async update(actor: Actor | null, id: string, input: UpdateStaffBody): Promise<StaffView> {
    const by = this.requireAdmin(actor);
    const scope = new Set(await this.agencies.scopeOf(by, ADMIN));
    await this.db.transaction().execute(async (tx) => {
      const row = isUuid(id) ? await this.repo.find(tx, id) : undefined;
      if (!row || !row.agency_id || !scope.has(row.agency_id)) throw new DomainError('NOT_FOUND');
      await this.repo.lock(tx, row.id);
      const errors: FieldError[] = [];

      if (input.status !== undefined && input.status !== row.status) {
        if (!canSetStatus(row.status, input.status)) errors.push({ path: '/status', code: 'STAFF_STATUS_INVALID' });
        else if (input.status === 'disabled' && by.id === row.id) throw new DomainError('STAFF_SELF_LOCKOUT');
      }
      let plan: ReturnType<typeof planGrants> | undefined;
      if (input.roles !== undefined) {
        const requested = await this.resolveGrants(input.roles, row.agency_id, errors);
        const current = (await this.repo.grants(tx, [row.id])).map((g) => ({ role: g.role, agencyId: g.agency_id }));
        plan = planGrants(current, requested, scope);
        if (plan.outOfScope.length) throw new DomainError('STAFF_ROLE_OUT_OF_SCOPE');
        if (removesOwnAdmin(by.id, row.id, plan.removed)) throw new DomainError('STAFF_SELF_LOCKOUT');
      }
      if (errors.length) throw new DomainError('VALIDATION_FAILED', undefined, errors);

      if (plan && (plan.added.length || plan.removed.length)) {
        await this.repo.replaceGrants(tx, row.id, plan.removed, plan.added);
        const codes = new Map((await this.agencies.list()).map((a) => [a.id, a.code]));
        const show = (gs: RoleGrant[]) => gs.map((g) => ({ role: g.role, agencyCode: codes.get(g.agencyId) ?? g.agencyId }));
        await this.audit.record(tx, by, {
          action: 'account.roles',
          targetType: 'account',
          targetId: row.id,
          agencyId: row.agency_id,
          summary: { username: row.username, added: show(plan.added), removed: show(plan.removed) },
        });
      }
      if (input.status !== undefined && input.status !== row.status && (input.status === 'active' || input.status === 'disabled')) {
        await this.repo.setStatus(tx, row.id, input.status);
        const signedOut = input.status === 'disabled' ? await this.repo.deleteSessions(tx, row.id) : 0;
        await this.audit.record(tx, by, {
          action: input.status === 'disabled' ? 'account.disable' : 'account.enable',
          targetType: 'account',
          targetId: row.id,
          agencyId: row.agency_id,
          summary: { username: row.username, from: row.status, to: input.status, sessionsEnded: signedOut },
        });
      }
    });
    return this.get(by, id);
  }
}
