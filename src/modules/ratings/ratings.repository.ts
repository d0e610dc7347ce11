// SQL of ratings: the criteria (data) and one rating per dossier with its answers.
import { DomainError } from '../../core/errors.ts';
import type { Executor } from '../../db/database.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import type { RatingOption } from '../../db/schema.ts';
import './ratings.errors.ts';

export interface CriterionRow {
  code: string;
  position: number;
  question_vi: string;
  question_en: string;
  options: RatingOption[];
}

export class RatingsRepository {
  criteria(db: Executor): Promise<CriterionRow[]> {
    return db.selectFrom('rating_criteria').select(['code', 'position', 'question_vi', 'question_en', 'options']).where('active', '=', true).orderBy('position').execute() as Promise<CriterionRow[]>;
  }

  dossier(db: Executor, id: string) {
    return db.selectFrom('dossiers').select(['id', 'code', 'status', 'applicant_id', 'organisation_id', 'agency_id']).where('id', '=', id).executeTakeFirst();
  }

  /** The dossier locked (two ratings at once: the second waits, then finds the first). */
  lockDossier(db: Executor, id: string) {
    return db.selectFrom('dossiers').select(['id', 'code', 'status', 'applicant_id', 'organisation_id', 'agency_id']).where('id', '=', id).forUpdate().executeTakeFirst();
  }

  rating(db: Executor, dossierId: string) {
    return db.selectFrom('dossier_ratings').selectAll().where('dossier_id', '=', dossierId).executeTakeFirst();
  }

  answers(db: Executor, dossierId: string) {
    return db.selectFrom('dossier_rating_answers').select(['criterion_code', 'option_value', 'score']).where('dossier_id', '=', dossierId).execute();
  }

  async insert(
    db: Executor,
    rating: { dossier_id: string; account_id: string; agency_id: string; score: number; max_score: number; comment: string | null },
    answers: Array<{ criterion_code: string; option_value: string; score: number }>,
  ): Promise<Date> {
    try {
      const row = await db.insertInto('dossier_ratings').values(rating).returning('created_at').executeTakeFirstOrThrow();
      if (answers.length) await db.insertInto('dossier_rating_answers').values(answers.map((a) => ({ ...a, dossier_id: rating.dossier_id }))).execute();
      return row.created_at;
    } catch (error) {
      // Rated at this very moment by another request: the unique index decides.
      if (isUniqueViolation(error)) throw new DomainError('RATING_EXISTS');
      throw error;
    }
  }
}
