// What the applicant's pages share about a submitted dossier: the notices after an action, what the applicant may
// do now (the dossier page), file sizes for people, and reading the applicant's uploads. The actions themselves
// (answering a supplement request, withdrawing) are the back office's state machine: their pages are
// src/modules/handling/handling.citizen.ts (handling depends on dossiers, never the other way).
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../../core/actor.ts';
import type { DomainError } from '../../core/errors.ts';
import { registerMessages, type Translate } from '../../core/i18n.ts';
import { isPageError } from '../../http/form-page.ts';
import { readDocumentUploads, type DocumentUploads } from '../../http/uploads.ts';
import { WITHDRAWABLE_STATUSES } from '../kernel/dossier.ts';
import { citizenActionsMessages } from './dossiers.citizen.messages.ts';
import './dossiers.errors.ts';
import { megabytes } from './dossiers.rules.ts';
import type { DossierDetail, DossiersService } from './dossiers.service.ts';

registerMessages(citizenActionsMessages);

/** Statuses in which the applicant may ask to withdraw (before the result). */
export const WITHDRAWABLE: readonly number[] = WITHDRAWABLE_STATUSES;

/** The notices of the dossier page after an action (?thongbao=…): message keys. */
export const CITIZEN_NOTICES: Record<string, string> = { 'bo-sung': 'citizenActions.notice.supplemented', rut: 'citizenActions.notice.withdrawn' };

/** Attaching from the personal store: a submitted dossier, an unknown one or signing in is not the form's error. */
export function storeAttachPageError(error: DomainError): boolean {
  return isPageError(error) || error.code === 'DOSSIER_ALREADY_SUBMITTED';
}

/** A file size for people (bytes, KB, MB). */
export function fileSize(t: Translate, bytes: number): string {
  if (bytes < 1024) return t('dossierPages.size.bytes', { n: bytes });
  if (bytes < 1024 * 1024) return t('dossierPages.size.kb', { n: Math.round((bytes / 1024) * 10) / 10 });
  return t('dossierPages.size.mb', { n: megabytes(bytes) });
}

/**
 * The applicant's files of a dossier's upload form (its draft, or a supplement), each through
 * DossiersService.addFile; an unknown dossier or one that no longer takes files ends the request.
 */
export function readApplicantUploads(dossiers: DossiersService, request: FastifyRequest, actor: Actor, id: string): Promise<DocumentUploads> {
  return readDocumentUploads(request, (documentId, file) => dossiers.addFile(actor, id, { documentId, ...file }), ['NOT_FOUND', 'DOSSIER_ALREADY_SUBMITTED']);
}

/** The dossier page's extras: the notice after an action (`thongbao`) and what the applicant may do now. */
export function citizenPageData(detail: DossierDetail, thongbao: string | undefined) {
  return {
    caNotice: (thongbao && CITIZEN_NOTICES[thongbao]) || '',
    /** Apologies (form 04): when, by whom, the new appointment and the reason (as written in the history). */
    caApologies: detail.events.filter((e) => e.action === 'apologise'),
    caCanWithdraw: detail.own && detail.status !== null && WITHDRAWABLE.includes(detail.status),
    caCanSupplement: detail.own && detail.supplement !== null,
  };
}
