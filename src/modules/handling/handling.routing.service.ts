// Use cases of liên thông targets resolved at run time (handling.routing.ts): the agency a rule step goes to for a
// dossier (at hand-over, HandlingService.handOver), why none was found (the officer's dossier page), the officer's
// pick of the agency by hand while the dossier waits at the step in its own agency, and the save-time check of the
// rules of a workflow against the version's e-form and the agencies.
import { allCommunes, communesOfProvince } from '../../core/communes.ts';
import type { Actor } from '../../core/actor.ts';
import { DomainError, type FieldError } from '../../core/errors.ts';
import { isUuid } from '../../core/ids.ts';
import { registerMessages, translate, type Locale } from '../../core/i18n.ts';
import type { Db, Executor } from '../../db/database.ts';
import type { Role } from '../../db/schema.ts';
import type { AgenciesService } from '../agencies/agencies.service.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { PROVINCES } from '../catalog/catalog-data/administrative-units.ts';
import { eventColumns } from '../kernel/timeline.ts';
import { limitOfVersion } from '../kernel/time-limit.ts';
import type { HandlingRepository } from './handling.repository.ts';
import { ActionConflict, HANDLING_ROLES, type WorkflowStep } from './handling.rules.ts';
import {
  checkAgencyRule,
  communeCodeOf,
  eformFields,
  mappedAgencyCodes,
  resolveAgency,
  routingKey,
  ruleKindErrors,
  ruleOfInput,
  type AgencyRef,
  type AgencyRule,
  type EformField,
  type Routing,
  type Unresolved,
} from './handling.routing.ts';
import { RoutingRepository } from './handling.routing.repository.ts';
import type { WorkflowsService } from './handling.workflows.ts';
import './handling.routing.errors.ts';
import { routingMessages } from './handling.routing.messages.ts';

registerMessages(routingMessages);

/** The official list's commune codes by province and commune names (read once, on first use). */
let communeCode: ReturnType<typeof communeCodeOf> | null = null;
function communeCodeFn() {
  communeCode ??= communeCodeOf(PROVINCES, communesOfProvince, allCommunes);
  return communeCode;
}

/** What the officer's dossier page shows while a dossier waits for its inter-agency target. */
export interface PendingRouting {
  /** The message (why the rule found no agency) in the reader's language. */
  message: string;
  /** "The dossier waits at step X of its own agency …". */
  waiting: string;
  unresolved: Unresolved;
  step: { position: number; name: string };
  /** The agencies the officer may pick (not the dossier's own). */
  agencies: AgencyRef[];
  /** The dossier version the pick is made against. */
  version: number;
}

/** The officer-page view of a dossier the pending check reads (HandlingService.detail's answer). */
export interface RoutingDossierView {
  id: string;
  version: number;
  agency: { code: string };
  procedure: { code: string; version: number };
  formData: Record<string, unknown>;
  currentStep: number | null;
  workflow: { steps: ReadonlyArray<{ position: number; name: string; agencyRule?: unknown }> };
  controlSheet: ReadonlyArray<{ position: number; finishedAt: string | null; agency: { code: string } }>;
}

/** A step of a workflow being saved, as the check reads it. */
export interface RuleStepInput {
  agencyRule?: unknown;
  agencyCode?: string | null | undefined;
  departmentCode?: string | null | undefined;
}

export class RoutingService {
  constructor(
    private readonly db: Db,
    private readonly agencies: AgenciesService,
    private readonly audit: AuditService,
    private readonly handling: HandlingRepository,
    private readonly workflows: WorkflowsService,
    private readonly repo = new RoutingRepository(),
  ) {}

  /** The agency a non-fixed rule gives for the e-form data, or why none (one lookup at most). */
  async resolve(db: Executor, rule: Exclude<AgencyRule, { kind: 'fixed' }>, formData: Record<string, unknown> | null | undefined): Promise<Routing> {
    const key = routingKey(rule, formData, communeCodeFn());
    const byAdminUnit = new Map<string, AgencyRef>();
    const byCode = new Map<string, AgencyRef>();
    if (key.kind === 'admin_unit') {
      const agency = await this.repo.agencyByAdminUnit(db, key.code);
      if (agency) byAdminUnit.set(key.code, agency);
    } else if (key.kind === 'agency') {
      for (const agency of await this.repo.activeAgenciesByCode(db, [key.code])) byCode.set(agency.code, agency);
    }
    return resolveAgency(rule, formData, { byAdminUnit, byCode }, communeCodeFn());
  }

  /**
   * The agency a hand-over to `step` goes to by its rule: the resolved agency's id, or null — a fixed step, or a
   * rule that found no agency (the dossier then waits at the step in its own agency; see `pending`).
   */
  async agencyFor(db: Executor, formData: Record<string, unknown> | null | undefined, step: Pick<WorkflowStep, 'agencyRule'>): Promise<string | null> {
    const rule = step.agencyRule;
    if (!rule || rule.kind === 'fixed') return null;
    const routing = await this.resolve(db, rule, formData);
    return routing.ok ? routing.agency.id : null;
  }

  /**
   * Whether the dossier waits for its inter-agency target: its open step is a rule step still held by its own
   * agency and the rule finds no agency for its e-form data. Then the reason (in `locale`) and the agencies to pick
   * from. Called after HandlingService.detail authorised the reader; null for the others (and for readers who
   * cannot act: `canPick`).
   */
  async pending(detail: RoutingDossierView, locale: Locale, canPick: boolean): Promise<PendingRouting | null> {
    const open = [...detail.controlSheet].reverse().find((r) => r.finishedAt === null);
    if (!open || open.agency.code !== detail.agency.code) return null;
    const step = detail.workflow.steps.find((s) => s.position === open.position);
    const rule = ruleOfInput(step?.agencyRule);
    if (!step || rule.kind === 'fixed') return null;
    const routing = await this.resolve(this.db, rule, detail.formData);
    if (routing.ok) return null;
    const version = await this.repo.versionEformByNumber(this.db, detail.procedure.code, detail.procedure.version);
    const field = eformFields(version?.form_schema, version?.form_ui).find((f) => f.name === routing.unresolved.field);
    const label = field ? field.label[locale] : routing.unresolved.field;
    const message = translate(locale, `routing.unresolved.${routing.unresolved.reason}`, { field: label, value: routing.unresolved.value ?? '' });
    const agencies = canPick ? (await this.repo.activeAgencies(this.db)).filter((a) => a.code !== detail.agency.code).map(({ id, code, name }) => ({ id, code, name })) : [];
    return { message, waiting: translate(locale, 'routing.waiting', { step: step.name }), unresolved: routing.unresolved, step: { position: step.position, name: step.name }, agencies, version: detail.version };
  }

  /**
   * The officer picks the agency of the open rule step by hand (the dossier waits in its own agency because the rule
   * found none): the step moves to that agency (no department, no officer yet), history entry and audit. Officers
   * with a handling role on the dossier's agency; anyone else NOT_FOUND. 409 ROUTING_NOT_PENDING when the dossier
   * does not wait for a target, DOSSIER_CHANGED when someone acted first; 422 for an unknown agency. The page sends
   * the agency's id (`agencyId`), the JSON API its code (`agencyCode`; the error's path follows what was sent).
   */
  async pick(
    actor: Actor | null,
    dossierId: string,
    input: { agencyId?: string | undefined; agencyCode?: string | undefined; expectedVersion?: number | undefined },
    now = new Date(),
  ): Promise<{ step: string; agency: AgencyRef; version: number }> {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    if (actor.kind !== 'staff' || !isUuid(dossierId)) throw new DomainError('NOT_FOUND');
    const d = await this.handling.dossier(this.db, dossierId);
    if (!d) throw new DomainError('NOT_FOUND');
    const held = (await this.agencies.rolesOn(actor, [d.agency_id])).get(d.agency_id) ?? new Set<Role>();
    if (!HANDLING_ROLES.some((r) => held.has(r) && actor.roles.some((g) => g.role === r))) throw new DomainError('NOT_FOUND');
    if (input.expectedVersion !== undefined && input.expectedVersion !== d.version) throw new ActionConflict('DOSSIER_CHANGED', 'route_agency', d.status!, [], d.version);
    const [open, workflow] = await Promise.all([this.handling.openStep(this.db, d.id), this.workflows.resolve(this.db, d.procedure_version_id, limitOfVersion(d))]);
    const step = open ? workflow.rules.find((s) => s.position === open.position) : undefined;
    if (!open || !step || !step.agencyRule || step.agencyRule.kind === 'fixed' || open.agency_id !== d.agency_id) throw new DomainError('ROUTING_NOT_PENDING');
    const byCode = input.agencyCode !== undefined;
    const code = input.agencyCode?.trim().toUpperCase() ?? '';
    const agency = byCode
      ? code ? (await this.repo.activeAgenciesByCode(this.db, [code]))[0] : undefined
      : input.agencyId && isUuid(input.agencyId) ? await this.repo.activeAgencyById(this.db, input.agencyId) : undefined;
    const given = byCode ? code : input.agencyId;
    if (!agency || agency.id === d.agency_id) throw new DomainError('VALIDATION_FAILED', undefined, [{ path: byCode ? '/agencyCode' : '/agencyId', code: given ? 'WORKFLOW_AGENCY_UNKNOWN' : 'required' }]);
    const event = eventColumns({ key: 'timeline.forward', params: { step: step.name, department: agency.name, note: null } });
    await this.db.transaction().execute(async (tx) => {
      const moved = await this.repo.moveOpenStep(tx, {
        dossierId: d.id,
        stepId: open.id,
        fromAgencyId: d.agency_id,
        agencyId: agency.id,
        expectedVersion: d.version,
        at: now,
        actorId: actor.id,
        actorName: actor.fullName,
        status: d.status!,
        event: { message: event.message as unknown as { key: string; params: Record<string, string | null> }, content: event.content },
      });
      if (!moved) throw new ActionConflict('DOSSIER_CHANGED', 'route_agency', d.status!, []);
      await this.audit.record(tx, actor, { action: 'dossier.route_agency', targetType: 'dossier', targetId: d.id, agencyId: d.agency_id, summary: { code: d.code, step: step.position, agencyCode: agency.code } }, actor.ip ?? null);
    });
    return { step: step.name, agency, version: d.version + 1 };
  }

  // --- the workflow editor ------------------------------------------------------------------------

  /** The version's e-form fields a rule may read (address and choice fields first in the pickers). */
  async fieldsOf(versionId: string, db: Executor = this.db): Promise<EformField[]> {
    const version = await this.repo.versionEform(db, versionId);
    return eformFields(version?.form_schema, version?.form_ui);
  }

  /** The active agencies a rule may map to. */
  async agencyChoices(db: Executor = this.db): Promise<AgencyRef[]> {
    return (await this.repo.activeAgencies(db)).map(({ id, code, name }) => ({ id, code, name }));
  }

  /** Every problem of the steps' rules at once (see `checkRoutingRules`). */
  checkRules(db: Executor, versionId: string, steps: readonly RuleStepInput[]): Promise<FieldError[]> {
    return checkRoutingRules(db, versionId, steps, this.repo);
  }
}

/**
 * Every problem of a workflow's rules at once (paths `/steps/{i}/agencyRule/…`), against the version's e-form and
 * the active agencies (handling.routing.ts `checkAgencyRule`). WorkflowsService.replaceWorkflow calls it at save.
 */
export async function checkRoutingRules(db: Executor, versionId: string, steps: readonly RuleStepInput[], repo = new RoutingRepository()): Promise<FieldError[]> {
  const rules = steps.map((s) => ruleOfInput(s.agencyRule));
  const kinds = steps.flatMap((s, i) => ruleKindErrors(s.agencyRule, `/steps/${i}`));
  if (rules.every((r) => r.kind === 'fixed')) return kinds;
  const version = await repo.versionEform(db, versionId);
  const fields = eformFields(version?.form_schema, version?.form_ui);
  const known = new Set((await repo.activeAgenciesByCode(db, mappedAgencyCodes(rules))).map((a) => a.code));
  // The version's own agency named as the step's agency is no fixed agency (the editor's select sends it).
  const fixed = (code: string | null | undefined) => !!code?.trim() && code.trim() !== version?.agency_code;
  return [...kinds, ...steps.flatMap((s, i) => checkAgencyRule(rules[i]!, fields, known, `/steps/${i}`, { agency: fixed(s.agencyCode), department: !!s.departmentCode?.trim() }))];
}

/**
 * The rules of a workflow given in a catalog file (handling.exchange.ts), against the version's e-form schema as the
 * file gives it (else the latest version's; undefined: not known, the field is not checked) and the active agencies.
 */
export async function checkExchangedRules(db: Executor, steps: readonly RuleStepInput[], agencyCode: string, formSchema: Record<string, unknown> | null | undefined, repo = new RoutingRepository()): Promise<FieldError[]> {
  const rules = steps.map((s) => ruleOfInput(s.agencyRule));
  if (rules.every((r) => r.kind === 'fixed')) return [];
  const fields = eformFields(formSchema, null);
  const known = new Set((await repo.activeAgenciesByCode(db, mappedAgencyCodes(rules))).map((a) => a.code));
  const fixed = (code: string | null | undefined) => !!code?.trim() && code.trim() !== agencyCode;
  return steps.flatMap((s, i) =>
    checkAgencyRule(rules[i]!, fields, known, `/steps/${i}`, { agency: fixed(s.agencyCode), department: !!s.departmentCode?.trim() }).filter((e) => formSchema !== undefined || !e.path.endsWith('/field')),
  );
}
