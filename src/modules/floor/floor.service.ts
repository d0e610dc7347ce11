// The one-stop floor (issue 20, part 1): counter groups and counters (configured by the agency's leader or an
// administrator), queue tickets from the public kiosk (or an appointment checked in, or an officer), the counter's
// console (call next, recall, skip, start, finish, transfer), the rating tablet facing the visitor. Every change of
// a ticket writes a floor_ticket_events row and sends NOTIFY floor (payload: the agency's id) in its transaction,
// for the live board (floor.board*.ts).
import { rolesRoots, type Actor } from '../../core/actor.ts';
import { DomainError, type FieldError } from '../../core/errors.ts';
import { isUuid } from '../../core/ids.ts';
import { registerMessages } from '../../core/i18n.ts';
import { vietnamesePhone } from '../../core/text.ts';
import { vietnamDate } from '../../core/time.ts';
import type { Db, Executor } from '../../db/database.ts';
import type { FloorTicketPriority, FloorTicketSource, Role } from '../../db/schema.ts';
import type { AgenciesService } from '../agencies/agencies.service.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { FloorRepository, type CounterRow, type GroupRow, type TicketRow, type TicketView } from './floor.repository.ts';
import { checkCounter, checkGroup, checkRating, decide, isPriority, isTicketAction, KIOSK_MAX_PER_WINDOW, KIOSK_WINDOW_MS, secondsBetween, ticketCode, type TicketAction } from './floor.rules.ts';
import { floorMessages } from './floor.messages.ts';
import './floor.errors.ts';

registerMessages(floorMessages);

/** Who works at a counter: the back-office roles on the agency (or an ancestor). */
export const FLOOR_OFFICER_ROLES: readonly Role[] = ['receptionist', 'specialist', 'department_head', 'agency_leader'];
/** Who configures groups and counters. */
export const FLOOR_ADMIN_ROLES: readonly Role[] = ['admin', 'agency_leader'];
/** How long after the service the rating tablet still asks about a finished ticket. */
export const RATING_WINDOW_MINUTES = 30;

export interface FloorPorts {
  /** Queues an SMS in `tx`; null when no gateway is configured (NotificationsService.queueSms). */
  queueSms(tx: Executor, to: string, body: string): Promise<string | null>;
  /** The published procedures of an agency (the catalog), for the group form's check boxes. */
  agencyProcedures(agencyCode: string): Promise<Array<{ code: string; name: string }>>;
  /** A dossier of the officer's scope by its exact code (the one linked when a service finishes). */
  dossierByCode(actor: Actor, code: string): Promise<{ id: string } | null>;
}

export interface FloorOptions {
  baseUrl: string;
}

export interface GroupSummary {
  id: string;
  code: string;
  nameVi: string;
  nameEn: string;
  active: boolean;
  /** Whether a counter serving it is open now (a ticket may be issued). */
  open: boolean;
  /** Tickets of today waiting in its queue. */
  waiting: number;
}

export interface IssueTicketInput {
  agencyId: string;
  groupId: string;
  priority?: FloorTicketPriority | undefined;
  source: FloorTicketSource;
  appointmentId?: string | null | undefined;
  /** Send the ticket by SMS (any Vietnamese form: 0912 345 678, +84…). */
  phone?: string | null | undefined;
}

export interface IssuedTicket {
  id: string;
  code: string;
  number: number;
  day: string;
  group: { id: string; code: string; nameVi: string; nameEn: string };
  priority: FloorTicketPriority;
  source: FloorTicketSource;
  issuedAt: Date;
  /** Tickets ahead of it in its queue when issued. */
  ahead: number;
  smsQueued: boolean;
  /** The ticket's public status page (the QR on the printed ticket). */
  statusUrl: string;
}

export interface TicketStatus {
  id: string;
  code: string;
  status: TicketRow['status'];
  agencyCode: string;
  group: { code: string; nameVi: string; nameEn: string };
  queueGroupCode: string;
  priority: FloorTicketPriority;
  source: FloorTicketSource;
  day: string;
  issuedAt: Date;
  calledAt: Date | null;
  counterNumber: number | null;
  ahead: number;
  waitSeconds: number | null;
  serviceSeconds: number | null;
  calls: number;
  version: number;
}

export interface ConsoleView {
  /** The counter the officer has open, else null. */
  counter: (CounterRow & { groupIds: string[] }) | null;
  /** The ticket called or in service at it. */
  ticket: TicketRow | null;
  /** Today's tickets waiting for it. */
  waiting: number;
  /** Counters the officer may open (their agencies'), when none is open. */
  counters: Array<CounterRow & { officer_name: string | null; agency_code: string; agency_name: string; group_ids: string[] }>;
  /** The groups and counters of the counter's agency (transfer targets). */
  groups: GroupRow[];
  others: CounterRow[];
}

export interface TicketActionInput {
  groupId?: string | undefined;
  counterId?: string | undefined;
  dossierCode?: string | undefined;
  version?: number | undefined;
}

const TRANSFER_KINDS = { transfer: 'transferred', recall: 'recalled', skip: 'skipped', start: 'serving', finish: 'done', cancel: 'cancelled' } as const;

function invalid(errors: FieldError[]): never {
  throw new DomainError('VALIDATION_FAILED', undefined, errors);
}

/** Signed in and holding one of `roles` somewhere (checked on the session's grants, no query); else 401 / 403. */
function gate(actor: Actor | null, roles: readonly Role[]): Actor {
  if (!actor) throw new DomainError('UNAUTHENTICATED');
  if (!rolesRoots(actor, roles).length) throw new DomainError('FORBIDDEN');
  return actor;
}

export class FloorService {
  constructor(
    private readonly db: Db,
    private readonly agencies: AgenciesService,
    private readonly audit: AuditService,
    private readonly ports: FloorPorts,
    private readonly options: FloorOptions,
    /** The module's SQL (the board and reports of this module read through it too). */
    readonly repo = new FloorRepository(),
  ) {}

  // --- groups and tickets (the kiosk, appointments' check-in) ----------------------------------------------------

  /** The agency's active groups, each with whether a counter serving it is open, and today's waiting count. */
  async listGroups(agencyId: string, now = new Date()): Promise<GroupSummary[]> {
    if (!isUuid(agencyId)) return [];
    const rows = await this.repo.groups(this.db, agencyId, vietnamDate(now), true);
    return rows.map((g) => ({ id: g.id, code: g.code, nameVi: g.name_vi, nameEn: g.name_en, active: g.active, open: g.open_counters > 0, waiting: g.waiting }));
  }

  /** The agency a kiosk URL names (its code), or NOT_FOUND. */
  async kioskAgency(code: string): Promise<{ id: string; code: string; name: string }> {
    const agency = /^[A-Za-z0-9][A-Za-z0-9.]{1,39}$/.test(code) ? await this.agencies.byCode(code.toUpperCase()) : undefined;
    if (!agency) throw new DomainError('NOT_FOUND');
    return { id: agency.id, code: agency.code, name: agency.name };
  }

  /**
   * Issues a numbered ticket of a group (numbers per group and day, Vietnam time, from floor_ticket_sequences:
   * the sequence row stays locked until commit, so a rollback leaves no gap). Refused when no counter serving the
   * group is open (FLOOR_NO_OPEN_COUNTER). Sends it by SMS when a phone is given. `tx`: the caller's transaction
   * (the appointments' check-in), else its own.
   */
  async issueTicket(input: IssueTicketInput, context: { actor?: Actor | null; now?: Date; tx?: Executor } = {}): Promise<IssuedTicket> {
    const priority = input.priority ?? 'none';
    const errors: FieldError[] = [];
    if (!isPriority(priority)) errors.push({ path: '/priority', code: 'FLOOR_PRIORITY_INVALID' });
    let phone: string | null = null;
    if (input.phone !== undefined && input.phone !== null && input.phone.trim() !== '') {
      phone = vietnamesePhone(input.phone.trim());
      if (!phone) errors.push({ path: '/phone', code: 'FLOOR_PHONE_INVALID' });
    }
    if (!isUuid(input.groupId)) errors.push({ path: '/groupId', code: 'FLOOR_GROUP_UNKNOWN' });
    if (errors.length) invalid(errors);
    const day = vietnamDate(context.now ?? new Date());
    const run = async (tx: Executor): Promise<IssuedTicket> => {
      const group = await this.repo.group(tx, input.groupId);
      if (!group || group.agency_id !== input.agencyId || !group.active) invalid([{ path: '/groupId', code: 'FLOOR_GROUP_UNKNOWN' }]);
      const groups = await this.repo.groups(tx, group.agency_id, day, true);
      if (!groups.some((g) => g.id === group.id && g.open_counters > 0)) throw new DomainError('FLOOR_NO_OPEN_COUNTER');
      const number = await this.repo.nextNumber(tx, group.id, day);
      const ticket = await this.repo.insertTicket(tx, {
        agency_id: group.agency_id,
        group_id: group.id,
        day,
        number,
        code: ticketCode(group.code, number),
        priority,
        source: input.source,
        appointment_id: input.appointmentId ?? null,
        phone,
        officer_id: context.actor?.id ?? null,
      });
      const ahead = await this.repo.waitingAhead(tx, ticket);
      const statusUrl = `${this.options.baseUrl}/quay/so/${ticket.id}`;
      let smsQueued = false;
      if (phone) {
        const body = `So thu tu ${ticket.code} (${group.name_vi}), ${ahead} nguoi cho truoc. Theo doi: ${statusUrl}`;
        smsQueued = (await this.ports.queueSms(tx, phone, body)) !== null;
      }
      return {
        id: ticket.id,
        code: ticket.code,
        number,
        day,
        group: { id: group.id, code: group.code, nameVi: group.name_vi, nameEn: group.name_en },
        priority,
        source: ticket.source,
        issuedAt: ticket.issued_at,
        ahead,
        smsQueued,
        statusUrl,
      };
    };
    return context.tx ? run(context.tx) : this.db.transaction().execute(run);
  }

  /**
   * Deletes the kiosk's counters whose window has ended (job limits.purge): such a row counts for nothing (the next
   * ticket starts a new window), but one stays per client address that ever took a ticket.
   */
  purgeExpiredLimits(now = new Date()): Promise<number> {
    return this.repo.purgeExpiredLimits(this.db, now);
  }

  /** The public kiosk: per client address at most KIOSK_MAX_PER_WINDOW tickets a minute (429 with the seconds to wait). */
  async kioskTicket(agencyCode: string, input: { groupId: string; priority?: string | undefined; phone?: string | undefined }, context: { ip?: string | undefined; now?: Date } = {}): Promise<IssuedTicket> {
    const agency = await this.kioskAgency(agencyCode);
    if (context.ip) {
      const counter = await this.repo.hit(this.db, `kiosk:${context.ip}`, KIOSK_WINDOW_MS);
      if (counter.attempts > KIOSK_MAX_PER_WINDOW) {
        const retryAfter = Math.max(1, Math.ceil((counter.expiresAt.getTime() - counter.now.getTime()) / 1000));
        throw new DomainError('FLOOR_RATE_LIMITED', { seconds: retryAfter, retryAfter });
      }
    }
    if (input.priority !== undefined && !isPriority(input.priority)) invalid([{ path: '/priority', code: 'FLOOR_PRIORITY_INVALID' }]);
    return this.issueTicket({ agencyId: agency.id, groupId: input.groupId, priority: input.priority as FloorTicketPriority | undefined, source: 'kiosk', phone: input.phone }, { now: context.now });
  }

  /** A ticket's public status (its id is the secret of the printed QR). */
  async ticketStatus(id: string): Promise<TicketStatus> {
    const t = isUuid(id) ? await this.repo.ticketView(this.db, id) : undefined;
    if (!t) throw new DomainError('NOT_FOUND');
    return this.present(t, t.status === 'waiting' ? await this.repo.waitingAhead(this.db, t) : 0);
  }

  private present(t: TicketView, ahead: number): TicketStatus {
    return {
      id: t.id,
      code: t.code,
      status: t.status,
      agencyCode: t.agency_code,
      group: { code: t.group_code, nameVi: t.group_name_vi, nameEn: t.group_name_en },
      queueGroupCode: t.queue_group_code,
      priority: t.priority,
      source: t.source,
      day: t.day,
      issuedAt: t.issued_at,
      calledAt: t.called_at,
      counterNumber: t.counter_number,
      ahead,
      waitSeconds: t.wait_seconds ?? secondsBetween(t.issued_at, t.called_at),
      serviceSeconds: t.service_seconds ?? secondsBetween(t.served_at, t.finished_at),
      calls: t.calls,
      version: t.version,
    };
  }

  // --- configuration ---------------------------------------------------------------------------------------------

  private async adminAgency(actor: Actor | null, agencyCode: string, db: Executor = this.db) {
    const agency = await this.kioskAgency(agencyCode);
    await this.agencies.authorize(actor, FLOOR_ADMIN_ROLES, agency.id, db);
    return agency;
  }

  /** The agency's configuration: groups (with their procedures), counters, and the catalog's procedures to pick from. */
  async config(actor: Actor | null, agencyCode: string, now = new Date()) {
    const agency = await this.adminAgency(actor, agencyCode);
    const [groups, counters, procedures] = await Promise.all([this.repo.groups(this.db, agency.id, vietnamDate(now)), this.repo.counters(this.db, agency.id), this.ports.agencyProcedures(agency.code)]);
    const withCodes = await Promise.all(groups.map(async (g) => ({ ...g, procedure_codes: await this.repo.groupProcedureCodes(this.db, g.id) })));
    return { agency, groups: withCodes, counters, procedures };
  }

  /** The agencies the actor configures floors of (for the hub's list). */
  async configurableAgencies(actor: Actor | null) {
    const tree = await this.agencies.scopeTree(actor, FLOOR_ADMIN_ROLES);
    return tree;
  }

  /** A group with its agency's code and procedures, for its edit page (the agency's leader, an administrator). */
  async groupForEdit(actor: Actor | null, groupId: string): Promise<{ group: GroupRow; agencyCode: string; procedureCodes: string[] }> {
    gate(actor, FLOOR_ADMIN_ROLES);
    const group = isUuid(groupId) ? await this.repo.group(this.db, groupId) : undefined;
    if (!group) throw new DomainError('NOT_FOUND');
    await this.agencies.authorize(actor, FLOOR_ADMIN_ROLES, group.agency_id);
    const agency = (await this.agencies.byId(group.agency_id))!;
    return { group, agencyCode: agency.code, procedureCodes: await this.repo.groupProcedureCodes(this.db, group.id) };
  }

  /** A counter's agency code, for its edit page. */
  async counterForEdit(actor: Actor | null, counterId: string): Promise<{ counter: CounterRow; agencyCode: string }> {
    gate(actor, FLOOR_ADMIN_ROLES);
    const counter = isUuid(counterId) ? await this.repo.counter(this.db, counterId) : undefined;
    if (!counter) throw new DomainError('NOT_FOUND');
    await this.agencies.authorize(actor, FLOOR_ADMIN_ROLES, counter.agency_id);
    const agency = (await this.agencies.byId(counter.agency_id))!;
    return { counter, agencyCode: agency.code };
  }

  private async procedureIdsFor(tx: Executor, agencyId: string, codes: string[], exceptGroup: string | null): Promise<string[]> {
    const ids = await this.repo.procedureIds(tx, codes);
    const unknown = codes.filter((c) => !ids.has(c));
    if (unknown.length) invalid(unknown.map((code) => ({ path: '/procedureCodes', code: 'FLOOR_PROCEDURE_UNKNOWN', params: { code } })));
    const taken = await this.repo.proceduresInOtherGroups(tx, agencyId, [...ids.values()], exceptGroup);
    if (taken.length) invalid(taken.map((code) => ({ path: '/procedureCodes', code: 'FLOOR_PROCEDURE_IN_OTHER_GROUP', params: { code } })));
    return [...ids.values()];
  }

  async createGroup(actor: Actor | null, agencyCode: string, input: { code?: unknown; nameVi?: unknown; nameEn?: unknown; active?: unknown; procedureCodes?: unknown }): Promise<GroupRow> {
    return this.db.transaction().execute(async (tx) => {
      const agency = await this.adminAgency(actor, agencyCode, tx);
      const checked = checkGroup(input);
      if (!checked.value) invalid(checked.errors);
      const v = checked.value;
      const procedureIds = await this.procedureIdsFor(tx, agency.id, v.procedureCodes, null);
      const group = await this.repo.insertGroup(tx, { agency_id: agency.id, code: v.code, name_vi: v.nameVi, name_en: v.nameEn, active: v.active });
      await this.repo.setGroupProcedures(tx, group.id, procedureIds);
      await this.audit.record(tx, actor, { action: 'floor.group.create', targetType: 'floor_group', targetId: group.id, agencyId: agency.id, summary: { code: v.code, nameVi: v.nameVi, procedures: v.procedureCodes } });
      return group;
    });
  }

  async updateGroup(actor: Actor | null, groupId: string, input: { code?: unknown; nameVi?: unknown; nameEn?: unknown; active?: unknown; procedureCodes?: unknown }): Promise<GroupRow> {
    gate(actor, FLOOR_ADMIN_ROLES);
    return this.db.transaction().execute(async (tx) => {
      const group = isUuid(groupId) ? await this.repo.group(tx, groupId) : undefined;
      if (!group) throw new DomainError('NOT_FOUND');
      await this.agencies.authorize(actor, FLOOR_ADMIN_ROLES, group.agency_id, tx);
      const checked = checkGroup({ ...input, code: input.code ?? group.code });
      if (!checked.value) invalid(checked.errors);
      const v = checked.value;
      if (v.code !== group.code) invalid([{ path: '/code', code: 'FLOOR_GROUP_CODE_FIXED' }]);
      const procedureIds = await this.procedureIdsFor(tx, group.agency_id, v.procedureCodes, group.id);
      const updated = (await this.repo.updateGroup(tx, group.id, { name_vi: v.nameVi, name_en: v.nameEn, active: v.active }))!;
      await this.repo.setGroupProcedures(tx, group.id, procedureIds);
      await this.audit.record(tx, actor, { action: 'floor.group.update', targetType: 'floor_group', targetId: group.id, agencyId: group.agency_id, summary: { code: v.code, nameVi: v.nameVi, active: v.active, procedures: v.procedureCodes } });
      return updated;
    });
  }

  private async groupsOfAgency(tx: Executor, agencyId: string, ids: string[]): Promise<void> {
    for (const id of ids) {
      const g = isUuid(id) ? await this.repo.group(tx, id) : undefined;
      if (!g || g.agency_id !== agencyId) invalid([{ path: '/groupIds', code: 'FLOOR_GROUP_UNKNOWN' }]);
    }
  }

  async createCounter(actor: Actor | null, agencyCode: string, input: { number?: unknown; label?: unknown; active?: unknown; groupIds?: unknown }): Promise<CounterRow> {
    return this.db.transaction().execute(async (tx) => {
      const agency = await this.adminAgency(actor, agencyCode, tx);
      const checked = checkCounter(input);
      if (!checked.value) invalid(checked.errors);
      const v = checked.value;
      await this.groupsOfAgency(tx, agency.id, v.groupIds);
      const counter = await this.repo.insertCounter(tx, { agency_id: agency.id, number: v.number, label: v.label, active: v.active });
      await this.repo.setCounterGroups(tx, counter.id, v.groupIds);
      await this.audit.record(tx, actor, { action: 'floor.counter.create', targetType: 'floor_counter', targetId: counter.id, agencyId: agency.id, summary: { number: v.number, label: v.label, groups: v.groupIds } });
      return counter;
    });
  }

  async updateCounter(actor: Actor | null, counterId: string, input: { number?: unknown; label?: unknown; active?: unknown; groupIds?: unknown }): Promise<CounterRow> {
    gate(actor, FLOOR_ADMIN_ROLES);
    return this.db.transaction().execute(async (tx) => {
      const counter = isUuid(counterId) ? await this.repo.counter(tx, counterId) : undefined;
      if (!counter) throw new DomainError('NOT_FOUND');
      await this.agencies.authorize(actor, FLOOR_ADMIN_ROLES, counter.agency_id, tx);
      const checked = checkCounter(input);
      if (!checked.value) invalid(checked.errors);
      const v = checked.value;
      await this.groupsOfAgency(tx, counter.agency_id, v.groupIds);
      const updated = (await this.repo.updateCounter(tx, counter.id, { number: v.number, label: v.label, active: v.active }))!;
      await this.repo.setCounterGroups(tx, counter.id, v.groupIds);
      await this.audit.record(tx, actor, { action: 'floor.counter.update', targetType: 'floor_counter', targetId: counter.id, agencyId: counter.agency_id, summary: { number: v.number, label: v.label, active: v.active, groups: v.groupIds } });
      return updated;
    });
  }

  // --- the counter's console -------------------------------------------------------------------------------------

  /** The officer's console: their open counter with its current ticket and queue, else the counters they may open. */
  async console(actor: Actor | null, now = new Date()): Promise<ConsoleView> {
    gate(actor, FLOOR_OFFICER_ROLES);
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    const scope = await this.agencies.scopeOf(actor, FLOOR_OFFICER_ROLES);
    if (!scope.length) throw new DomainError('FORBIDDEN');
    const counter = await this.repo.counterOf(this.db, actor.id);
    if (!counter) {
      const counters = await this.repo.countersIn(this.db, scope);
      return { counter: null, ticket: null, waiting: 0, counters, groups: [], others: [] };
    }
    const [ticket, waiting, groupIds, groups, others] = await Promise.all([
      this.repo.activeAt(this.db, counter.id),
      this.repo.waitingFor(this.db, counter.id, vietnamDate(now)),
      this.repo.counterGroupIds(this.db, counter.id),
      this.repo.groups(this.db, counter.agency_id, vietnamDate(now), true),
      this.repo.counters(this.db, counter.agency_id),
    ]);
    return { counter: { ...counter, groupIds }, ticket: ticket ?? null, waiting, counters: [], groups, others: others.filter((c) => c.id !== counter.id && c.active) };
  }

  async openCounter(actor: Actor | null, counterId: string): Promise<CounterRow> {
    gate(actor, FLOOR_OFFICER_ROLES);
    return this.db.transaction().execute(async (tx) => {
      const counter = isUuid(counterId) ? await this.repo.counter(tx, counterId) : undefined;
      if (!counter) throw new DomainError('NOT_FOUND');
      const officer = await this.agencies.authorize(actor, FLOOR_OFFICER_ROLES, counter.agency_id, tx);
      if (!counter.active) throw new DomainError('FLOOR_COUNTER_INACTIVE');
      if (counter.officer_id === officer.id) return counter;
      const opened = await this.repo.openCounter(tx, counter.id, officer.id);
      if (!opened) throw new DomainError('FLOOR_COUNTER_TAKEN');
      await this.audit.record(tx, officer, { action: 'floor.counter.open', targetType: 'floor_counter', targetId: counter.id, agencyId: counter.agency_id, summary: { number: counter.number } });
      return opened;
    });
  }

  /** Closes the officer's counter (refused while a ticket is called or in service there). */
  async closeCounter(actor: Actor | null, counterId: string): Promise<CounterRow> {
    gate(actor, FLOOR_OFFICER_ROLES);
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    return this.db.transaction().execute(async (tx) => {
      const counter = isUuid(counterId) ? await this.repo.counter(tx, counterId) : undefined;
      if (!counter) throw new DomainError('NOT_FOUND');
      if (counter.officer_id !== actor.id) throw new DomainError('FLOOR_COUNTER_CLOSED');
      if (await this.repo.activeAt(tx, counter.id)) throw new DomainError('FLOOR_COUNTER_BUSY');
      const closed = await this.repo.closeCounter(tx, counter.id, actor.id);
      if (!closed) throw new DomainError('FLOOR_COUNTER_CLOSED');
      await this.audit.record(tx, actor, { action: 'floor.counter.close', targetType: 'floor_counter', targetId: counter.id, agencyId: counter.agency_id, summary: { number: counter.number } });
      return closed;
    });
  }

  /**
   * Calls the next ticket at the officer's open counter: one statement (FloorRepository.callNext), safe under
   * concurrency. Nothing picked → the counter is not open by this officer (FLOOR_COUNTER_CLOSED) or nobody waits
   * (FLOOR_QUEUE_EMPTY), told apart by a second read only then.
   */
  async callNext(actor: Actor | null, counterId: string, now = new Date()): Promise<TicketRow> {
    gate(actor, FLOOR_OFFICER_ROLES);
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    if (!isUuid(counterId)) throw new DomainError('NOT_FOUND');
    const ticket = await this.repo.callNext(this.db, counterId, actor.id, vietnamDate(now));
    if (ticket) return ticket;
    const counter = await this.repo.counter(this.db, counterId);
    if (!counter) throw new DomainError('NOT_FOUND');
    if (counter.officer_id !== actor.id || !counter.active) throw new DomainError('FLOOR_COUNTER_CLOSED');
    throw new DomainError('FLOOR_QUEUE_EMPTY');
  }

  /** recall, skip, start, finish (optionally the dossier's code), transfer (to a group or a counter), cancel. */
  async act(actor: Actor | null, ticketId: string, actionName: string, input: TicketActionInput = {}): Promise<TicketRow> {
    gate(actor, FLOOR_OFFICER_ROLES);
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    if (!isTicketAction(actionName) || actionName === 'call') throw new DomainError('NOT_FOUND');
    const action: TicketAction = actionName;
    const ticket = isUuid(ticketId) ? await this.repo.ticket(this.db, ticketId) : undefined;
    if (!ticket) throw new DomainError('NOT_FOUND');
    const counter = await this.repo.counterOf(this.db, actor.id);
    if (action === 'cancel') await this.agencies.authorize(actor, FLOOR_OFFICER_ROLES, ticket.agency_id);
    else if (!counter || counter.agency_id !== ticket.agency_id) await this.agencies.authorize(actor, FLOOR_OFFICER_ROLES, ticket.agency_id);
    const atMine = !!counter && ticket.counter_id === counter.id;
    const decision = decide(action, ticket.status, atMine);
    if (!decision.ok) throw new DomainError(decision.code);
    if (input.version !== undefined && input.version !== ticket.version) throw new DomainError('FLOOR_TICKET_STATE');
    const event = { kind: TRANSFER_KINDS[action], counterId: counter?.id ?? null, officerId: actor.id };
    let patch: Parameters<FloorRepository['change']>[3] = { status: decision.to };
    if (action === 'recall') patch = { recall: true };
    else if (action === 'start') patch = { status: 'serving', stamp: 'served_at' };
    else if (action === 'finish') {
      const code = input.dossierCode?.trim();
      let dossierId: string | null = null;
      if (code) {
        const dossier = code.length <= 60 ? await this.ports.dossierByCode(actor, code) : null;
        if (!dossier) invalid([{ path: '/dossierCode', code: 'FLOOR_DOSSIER_UNKNOWN' }]);
        dossierId = dossier.id;
      }
      patch = { status: 'done', stamp: 'finished_at', ...(dossierId ? { dossier_id: dossierId } : {}) };
    } else if (action === 'transfer') {
      if (input.counterId) {
        const target = isUuid(input.counterId) ? await this.repo.counter(this.db, input.counterId) : undefined;
        if (!target || target.agency_id !== ticket.agency_id || !target.active || target.id === ticket.counter_id) invalid([{ path: '/counterId', code: 'FLOOR_TRANSFER_TARGET' }]);
        patch = { status: 'waiting', counter_id: null, officer_id: null, for_counter_id: target.id };
      } else if (input.groupId) {
        const target = isUuid(input.groupId) ? await this.repo.group(this.db, input.groupId) : undefined;
        if (!target || target.agency_id !== ticket.agency_id || !target.active) invalid([{ path: '/groupId', code: 'FLOOR_TRANSFER_TARGET' }]);
        patch = { status: 'waiting', counter_id: null, officer_id: null, for_counter_id: null, queue_group_id: target.id };
      } else invalid([{ path: '/groupId', code: 'FLOOR_TRANSFER_TARGET' }]);
    }
    const changed = await this.repo.change(this.db, ticket.id, ticket.version, patch, event);
    if (!changed) throw new DomainError('FLOOR_TICKET_STATE');
    return changed;
  }

  // --- the rating tablet -----------------------------------------------------------------------------------------

  /**
   * The rating tablet: a page per counter opened with the officer's session on a second screen facing the visitor.
   * It asks about the counter's last finished ticket not rated yet (within RATING_WINDOW_MINUTES).
   */
  async tablet(actor: Actor | null): Promise<{ counter: CounterRow; ticket: TicketRow | null }> {
    gate(actor, FLOOR_OFFICER_ROLES);
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    const counter = await this.repo.counterOf(this.db, actor.id);
    if (!counter) throw new DomainError('FLOOR_COUNTER_CLOSED');
    return { counter, ticket: (await this.repo.lastUnrated(this.db, counter.id, RATING_WINDOW_MINUTES)) ?? null };
  }

  /** The visitor's rating of a finished ticket of the counter (once: a second → FLOOR_RATING_EXISTS). */
  async rate(actor: Actor | null, ticketId: string, input: { grade?: unknown; reasons?: unknown; comment?: unknown }): Promise<{ id: string; ticketId: string; grade: string; reasons: string[]; createdAt: Date }> {
    gate(actor, FLOOR_OFFICER_ROLES);
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    const ticket = isUuid(ticketId) ? await this.repo.ticket(this.db, ticketId) : undefined;
    if (!ticket) throw new DomainError('NOT_FOUND');
    const counter = await this.repo.counterOf(this.db, actor.id);
    if (!counter || ticket.counter_id !== counter.id) {
      await this.agencies.authorize(actor, FLOOR_OFFICER_ROLES, ticket.agency_id);
      throw new DomainError('FLOOR_NOT_YOUR_TICKET');
    }
    if (ticket.status !== 'done' || !ticket.officer_id) throw new DomainError('FLOOR_NOTHING_TO_RATE');
    const checked = checkRating(input);
    if (!checked.value) invalid(checked.errors);
    const v = checked.value;
    const row = await this.repo.insertRating(this.db, { ticket_id: ticket.id, agency_id: ticket.agency_id, counter_id: counter.id, officer_id: ticket.officer_id, dossier_id: ticket.dossier_id, grade: v.grade, reasons: v.reasons, comment: v.comment });
    return { id: row.id, ticketId: ticket.id, grade: v.grade, reasons: v.reasons, createdAt: row.created_at };
  }
}
