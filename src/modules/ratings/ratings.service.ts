// Rating of the handling of a dossier by its applicant (or a member of their organisation), once, after the
// result (status 9 or 10), against the Decree 61 evaluation criteria kept as data (rating_criteria).
import type { Static } from 'typebox';
import { isUuid } from '../../core/ids.ts';
import type { Actor } from '../../core/actor.ts';
import { DomainError } from '../../core/errors.ts';
import type { Locale } from '../../core/i18n.ts';
import type { Db, Executor } from '../../db/database.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { RatingsRepository, type CriterionRow } from './ratings.repository.ts';
import { checkRating, rateable } from './ratings.rules.ts';
import type { CriteriaList, Rating, RatingBodyT } from './ratings.schemas.ts';
import './ratings.errors.ts';


/** A criterion with its options, in the reader's language: an item of the API's list (ratings.schemas.ts). */
export type CriterionView = Static<typeof CriteriaList>['items'][number];

/** A rating: the API's response, with the instant as a Date (the routes write it as ISO 8601). */
export type RatingView = Omit<Static<typeof Rating>, 'createdAt'> & { createdAt: Date };

/** What the dossier page shows: the form when the dossier can be rated, the rating once given. */
export interface RatingState {
  dossierId: string;
  rateable: boolean;
  rating: RatingView | null;
  criteria: CriterionView[];
}

function present(rows: CriterionRow[], locale: Locale): CriterionView[] {
  return rows.map((c) => ({
    code: c.code,
    question: locale === 'en' ? c.question_en : c.question_vi,
    options: c.options.map((o) => ({ value: o.value, label: locale === 'en' ? o.en : o.vi, score: o.score })),
  }));
}

export class RatingsService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly repo = new RatingsRepository(),
  ) {}

  async criteria(locale: Locale = 'vi'): Promise<CriterionView[]> {
    return present(await this.repo.criteria(this.db), locale);
  }

  /** Applicant side only (the applicant, or a member of the dossier's organisation); others: NOT_FOUND. */
  private own<D extends { applicant_id: string; organisation_id: string | null }>(actor: Actor | null, dossier: D | undefined): D {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    const member = actor.kind === 'organisation' && actor.organisationId !== null && dossier?.organisation_id === actor.organisationId;
    if (!dossier || (dossier.applicant_id !== actor.id && !member)) throw new DomainError('NOT_FOUND');
    return dossier;
  }

  private async view(db: Executor, dossierId: string): Promise<RatingView | null> {
    const rating = await this.repo.rating(db, dossierId);
    if (!rating) return null;
    const answers = await this.repo.answers(db, dossierId);
    return {
      dossierId,
      score: rating.score,
      maxScore: rating.max_score,
      comment: rating.comment,
      answers: answers.map((a) => ({ criterion: a.criterion_code, value: a.option_value, score: a.score })),
      createdAt: rating.created_at,
    };
  }

  /** The rating section of the dossier page. */
  async state(actor: Actor | null, dossierId: string, locale: Locale = 'vi'): Promise<RatingState> {
    if (!isUuid(dossierId)) throw new DomainError('NOT_FOUND');
    const dossier = this.own(actor, await this.repo.dossier(this.db, dossierId));
    const rating = await this.view(this.db, dossierId);
    const open = rateable(dossier.status) && !rating;
    return { dossierId, rateable: open, rating, criteria: open || rating ? await this.criteria(locale) : [] };
  }

  /** Rates the dossier once: 409 RATING_NOT_YET before the result, 409 RATING_EXISTS after a rating. */
  async rate(actor: Actor | null, dossierId: string, input: RatingBodyT): Promise<RatingView> {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    if (!isUuid(dossierId)) throw new DomainError('NOT_FOUND');
    return await this.db.transaction().execute(async (tx) => {
      const dossier = this.own(actor, await this.repo.lockDossier(tx, dossierId));
      if (!rateable(dossier.status)) throw new DomainError('RATING_NOT_YET');
      if (await this.repo.rating(tx, dossierId)) throw new DomainError('RATING_EXISTS');
      const { value, errors } = checkRating(await this.repo.criteria(tx), input);
      if (errors.length) throw new DomainError('VALIDATION_FAILED', undefined, errors);
      await this.repo.insert(tx, { dossier_id: dossierId, account_id: actor.id, agency_id: dossier.agency_id, score: value.score, max_score: value.maxScore, comment: value.comment }, value.answers);
      await this.audit.record(tx, actor, {
        action: 'dossier.rate',
        targetType: 'dossier',
        targetId: dossierId,
        agencyId: dossier.agency_id,
        summary: { code: dossier.code, score: value.score, maxScore: value.maxScore },
      });
      return (await this.view(tx, dossierId))!;
    });
  }
}
