// Messages between the applicant and the agency about a dossier. Who may read and write: the applicant and the
// members of their organisation (business dossiers), and the officers whose handling roles cover the dossier's
// agency subtree. Anyone else gets NOT_FOUND. A message from the agency notifies the applicant.
import type { Static } from 'typebox';
import type { Message, MessageBody, MessageList } from './messages.schemas.ts';
import { isUuid } from '../../core/ids.ts';
import type { Actor } from '../../core/actor.ts';
import { DomainError } from '../../core/errors.ts';
import type { Db, Executor } from '../../db/database.ts';
import type { Role } from '../../db/schema.ts';
import type { AgenciesService } from '../agencies/agencies.service.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { NotificationsService } from '../notifications/notifications.service.ts';
import { MessagesRepository } from './messages.repository.ts';
import './messages.errors.ts';

/** Whose side a caller serves: 'applicant' for the citizen's pages (officers get NOT_FOUND there), 'any' for the API. */
export type MessageSide = 'any' | 'applicant';

/** Officers who may write to the applicant: the handling roles of the one-stop mechanism. */
export const MESSAGE_ROLES: readonly Role[] = ['receptionist', 'specialist', 'department_head', 'agency_leader'];
export const MAX_MESSAGE_LENGTH = 4000;


/** A message: the API's (messages.schemas.ts), with its instants as Dates (the routes write them as ISO 8601). */
export type MessageView = Omit<Static<typeof Message>, 'createdAt' | 'readAt'> & { createdAt: Date; readAt: Date | null };

/** The thread of a dossier: the API's list (asApplicant: the viewer writes as the applicant or as the agency). */
export type Thread = Omit<Static<typeof MessageList>, 'items'> & { items: MessageView[] };

/** Trimmed message body, or the field error. Pure. */
export function checkBody(raw: unknown): string {
  const body = typeof raw === 'string' ? raw.replace(/\r\n/g, '\n').trim() : '';
  if (!body) throw new DomainError('VALIDATION_FAILED', undefined, [{ path: '/body', code: 'MESSAGE_EMPTY' }]);
  if (body.length > MAX_MESSAGE_LENGTH) throw new DomainError('VALIDATION_FAILED', undefined, [{ path: '/body', code: 'MESSAGE_TOO_LONG', params: { max: MAX_MESSAGE_LENGTH } }]);
  return body;
}

export class MessagesService {
  constructor(
    private readonly db: Db,
    private readonly agencies: AgenciesService,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    private readonly repo = new MessagesRepository(),
  ) {}

  /**
   * The dossier and the side the actor is on; NOT_FOUND when the actor may not see it. `side: 'applicant'` (the
   * citizen pages): only the applicant's side — officers write through /can-bo, never through the citizen's page.
   */
  private async access(tx: Executor, actor: Actor | null, dossierId: string, side: MessageSide = 'any') {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    if (!isUuid(dossierId)) throw new DomainError('NOT_FOUND');
    const dossier = await this.repo.dossier(tx, dossierId);
    if (!dossier) throw new DomainError('NOT_FOUND');
    const member = actor.kind === 'organisation' && actor.organisationId !== null && dossier.organisation_id === actor.organisationId;
    if (dossier.applicant_id === actor.id || member) return { dossier, asApplicant: true };
    if (side === 'applicant') throw new DomainError('NOT_FOUND');
    // Officers never see drafts.
    if (dossier.status !== null && (await this.agencies.scopeOf(actor, MESSAGE_ROLES, tx)).includes(dossier.agency_id)) return { dossier, asApplicant: false };
    throw new DomainError('NOT_FOUND');
  }

  /** The messages of a dossier, oldest first; the other side's messages become read. */
  async thread(actor: Actor | null, dossierId: string, now = new Date(), side: MessageSide = 'any'): Promise<Thread> {
    // No transaction (issue 17: BEGIN and COMMIT on every officer page): reads, then at most one autocommit UPDATE,
    // which a transaction at READ COMMITTED would not make any more atomic.
    // The messages are read alongside the access check (one round less) and shown only after it passed.
    const tx = this.db;
    if (!isUuid(dossierId)) throw new DomainError(actor ? 'NOT_FOUND' : 'UNAUTHENTICATED');
    const [{ dossier, asApplicant }, rows] = await Promise.all([this.access(tx, actor, dossierId, side), this.repo.list(tx, dossierId)]);
    if (rows.some((r) => r.from_applicant !== asApplicant && r.read_at === null)) await this.repo.markRead(tx, dossier.id, !asApplicant, now);
    return {
      dossierId: dossier.id,
      code: dossier.code,
      asApplicant,
      items: rows.map((r) => ({ id: r.id, fromApplicant: r.from_applicant, authorName: r.author_name, body: r.body, createdAt: r.created_at, readAt: r.read_at })),
    };
  }

  /** Writes a message (submitted dossiers only); a message from the agency notifies the applicant. */
  async post(actor: Actor | null, dossierId: string, input: Static<typeof MessageBody>, side: MessageSide = 'any'): Promise<MessageView> {
    const body = checkBody(input.body);
    return this.db.transaction().execute(async (tx) => {
      const { dossier, asApplicant } = await this.access(tx, actor, dossierId, side);
      if (dossier.status === null) throw new DomainError('MESSAGE_DRAFT');
      const row = await this.repo.insert(tx, { dossier_id: dossier.id, author_id: actor!.id, from_applicant: asApplicant, body });
      if (!asApplicant) await this.notifications.messageFromAgency(tx, { dossierId: dossier.id, body });
      await this.audit.record(tx, actor, {
        action: 'dossier.message',
        targetType: 'dossier',
        targetId: dossier.id,
        agencyId: dossier.agency_id,
        summary: { code: dossier.code, fromApplicant: asApplicant, length: body.length },
      });
      return { id: row.id, fromApplicant: asApplicant, authorName: actor!.fullName, body, createdAt: row.created_at, readAt: null };
    });
  }
}
