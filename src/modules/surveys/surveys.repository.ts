// SQL of the SIPAS survey: questionnaires (factors, questions), rounds, their strata and sample, answers.
import { sql } from 'kysely';
import { DomainError } from '../../core/errors.ts';
import type { Executor } from '../../db/database.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import './surveys.errors.ts';

export interface RoundRow {
  id: string;
  questionnaire_id: string;
  agency_id: string;
  year: number;
  name: string;
  period_from: string;
  period_to: string;
  target_size: number;
  min_per_stratum: number;
  seed: number;
  population: number | null;
  drawn_at: Date | null;
  created_at: Date;
}

export interface SampleRow {
  id: string;
  round_id: string;
  dossier_id: string;
  agency_id: string;
  answered_at: Date | null;
  source: 'online' | 'paper' | null;
}

export interface ResolvedDossier {
  id: string;
  agency_id: string;
  procedure_id: string;
}

export interface InvitationTarget {
  sample_id: string;
  dossier_id: string;
  code: string | null;
  applicant_id: string;
  phone: string | null;
  email: string | null;
  locale: 'vi' | 'en';
}

const ROUND_COLUMNS = ['id', 'questionnaire_id', 'agency_id', 'year', 'name', 'period_from', 'period_to', 'target_size', 'min_per_stratum', 'seed', 'population', 'drawn_at', 'created_at'] as const;

export class SurveysRepository {
  // --- questionnaires ---------------------------------------------------------------------------------------

  questionnaires(db: Executor) {
    return db.selectFrom('survey_questionnaires').selectAll().orderBy('code').execute();
  }

  questionnaire(db: Executor, id: string) {
    return db.selectFrom('survey_questionnaires').selectAll().where('id', '=', id).executeTakeFirst();
  }

  questionnaireByCode(db: Executor, code: string) {
    return db.selectFrom('survey_questionnaires').selectAll().where('code', '=', code).executeTakeFirst();
  }

  factors(db: Executor, questionnaireId: string) {
    return db.selectFrom('survey_factors').selectAll().where('questionnaire_id', '=', questionnaireId).orderBy('position').execute();
  }

  questions(db: Executor, questionnaireId: string) {
    return db.selectFrom('survey_questions').selectAll().where('questionnaire_id', '=', questionnaireId).orderBy('position').execute();
  }

  async hasAnswers(db: Executor, questionnaireId: string): Promise<boolean> {
    const row = await db
      .selectFrom('survey_answers as a')
      .innerJoin('survey_questions as q', 'q.id', 'a.question_id')
      .select('a.sample_id')
      .where('q.questionnaire_id', '=', questionnaireId)
      .limit(1)
      .executeTakeFirst();
    return !!row;
  }

  async updateQuestionnaire(
    db: Executor,
    id: string,
    input: { title_vi: string; title_en: string; scale_max: number; satisfied_from: number },
    factors: Array<{ id: string; name_vi: string; name_en: string }>,
    questions: Array<{ id: string; text_vi: string; text_en: string }>,
  ): Promise<void> {
    await db.updateTable('survey_questionnaires').set({ ...input, updated_at: new Date() }).where('id', '=', id).execute();
    for (const f of factors) await db.updateTable('survey_factors').set({ name_vi: f.name_vi, name_en: f.name_en }).where('id', '=', f.id).where('questionnaire_id', '=', id).execute();
    for (const q of questions) await db.updateTable('survey_questions').set({ text_vi: q.text_vi, text_en: q.text_en }).where('id', '=', q.id).where('questionnaire_id', '=', id).execute();
  }

  // --- rounds -----------------------------------------------------------------------------------------------

  /** Rounds whose scope agency is one of `agencyIds` (null: every round), newest first, with their counts. */
  async rounds(db: Executor, agencyIds: readonly string[] | null, year?: number) {
    if (agencyIds && agencyIds.length === 0) return [];
    let query = db
      .selectFrom('survey_rounds as r')
      .innerJoin('agencies as a', 'a.id', 'r.agency_id')
      .select([...ROUND_COLUMNS.map((c) => `r.${c}` as const), 'a.name as agency_name', 'a.code as agency_code'])
      .select((eb) => [
        eb.selectFrom('survey_samples as s').select(sql<number>`count(*)::int`.as('n')).whereRef('s.round_id', '=', 'r.id').as('sample_size'),
        eb.selectFrom('survey_samples as s').select(sql<number>`count(*)::int`.as('n')).whereRef('s.round_id', '=', 'r.id').where('s.answered_at', 'is not', null).as('responses'),
        eb.selectFrom('survey_samples as s').select(sql<number>`count(*)::int`.as('n')).whereRef('s.round_id', '=', 'r.id').where('s.invited_at', 'is not', null).as('invited'),
      ]);
    if (agencyIds) query = query.where('r.agency_id', 'in', agencyIds);
    if (year !== undefined) query = query.where('r.year', '=', year);
    return query.orderBy('r.year', 'desc').orderBy('r.created_at', 'desc').execute();
  }

  round(db: Executor, id: string): Promise<RoundRow | undefined> {
    return db.selectFrom('survey_rounds').select(ROUND_COLUMNS).where('id', '=', id).executeTakeFirst() as Promise<RoundRow | undefined>;
  }

  lockRound(db: Executor, id: string): Promise<RoundRow | undefined> {
    return db.selectFrom('survey_rounds').select(ROUND_COLUMNS).where('id', '=', id).forUpdate().executeTakeFirst() as Promise<RoundRow | undefined>;
  }

  async insertRound(
    db: Executor,
    row: { questionnaire_id: string; agency_id: string; year: number; name: string; period_from: string; period_to: string; target_size: number; min_per_stratum: number; seed: number; created_by: string | null },
  ): Promise<string> {
    const inserted = await db.insertInto('survey_rounds').values(row).returning('id').executeTakeFirstOrThrow();
    return inserted.id;
  }

  /** Dossiers resolved (result ready or delivered: 9, 10) in [from, to) by the agencies of `agencyIds`. */
  resolvedDossiers(db: Executor, agencyIds: readonly string[], from: Date, to: Date): Promise<ResolvedDossier[]> {
    if (agencyIds.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('dossiers as d')
      .innerJoin('procedure_versions as v', 'v.id', 'd.procedure_version_id')
      .select(['d.id', 'd.agency_id', 'v.procedure_id'])
      .where('d.agency_id', 'in', agencyIds)
      .where('d.status', 'in', [9, 10])
      .where('d.finished_at', '>=', from)
      .where('d.finished_at', '<', to)
      .execute();
  }

  async saveDraw(
    db: Executor,
    roundId: string,
    population: number,
    strata: Array<{ agency_id: string; procedure_id: string; population: number; allocated: number }>,
    samples: Array<{ dossier_id: string; agency_id: string; procedure_id: string }>,
  ): Promise<void> {
    if (strata.length) await db.insertInto('survey_round_strata').values(strata.map((s) => ({ ...s, round_id: roundId }))).execute();
    for (let i = 0; i < samples.length; i += 1000) {
      await db.insertInto('survey_samples').values(samples.slice(i, i + 1000).map((s) => ({ ...s, round_id: roundId }))).execute();
    }
    await db.updateTable('survey_rounds').set({ population, drawn_at: new Date() }).where('id', '=', roundId).execute();
  }

  strata(db: Executor, roundIds: readonly string[]) {
    if (roundIds.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('survey_round_strata as s')
      .innerJoin('agencies as a', 'a.id', 's.agency_id')
      .innerJoin('procedures as p', 'p.id', 's.procedure_id')
      .select(['s.round_id', 's.agency_id', 's.procedure_id', 's.population', 's.allocated', 'a.name as agency_name', 'p.code as procedure_code'])
      .where('s.round_id', 'in', roundIds)
      .orderBy('a.code')
      .orderBy('p.code')
      .execute();
  }

  // --- sample and invitations -------------------------------------------------------------------------------

  samples(db: Executor, roundId: string, limit = 500) {
    return db
      .selectFrom('survey_samples as s')
      .innerJoin('dossiers as d', 'd.id', 's.dossier_id')
      .innerJoin('agencies as a', 'a.id', 's.agency_id')
      .select(['s.id', 's.dossier_id', 'd.code', 'd.applicant_name', 'a.name as agency_name', 's.invited_at', 's.answered_at', 's.source'])
      .where('s.round_id', '=', roundId)
      .orderBy('a.code')
      .orderBy('d.code')
      .limit(limit)
      .execute();
  }

  /** The sampled dossiers not invited yet, with their applicant's contact and language. */
  uninvited(db: Executor, roundId: string): Promise<InvitationTarget[]> {
    return db
      .selectFrom('survey_samples as s')
      .innerJoin('dossiers as d', 'd.id', 's.dossier_id')
      .innerJoin('accounts as ac', 'ac.id', 'd.applicant_id')
      .select(['s.id as sample_id', 's.dossier_id', 'd.code', 'd.applicant_id', 'ac.phone', 'ac.email', 'ac.locale'])
      .where('s.round_id', '=', roundId)
      .where('s.invited_at', 'is', null)
      .where('s.answered_at', 'is', null)
      .orderBy('s.id')
      .execute() as Promise<InvitationTarget[]>;
  }

  async setToken(db: Executor, sampleId: string, tokenHash: string, at: Date): Promise<void> {
    await db.updateTable('survey_samples').set({ token_hash: tokenHash, invited_at: at }).where('id', '=', sampleId).execute();
  }

  /** The sample row of an answer link, locked (two answers at once: the second waits, then finds the first). */
  sampleByToken(db: Executor, tokenHash: string, lock = false): Promise<SampleRow | undefined> {
    let query = db.selectFrom('survey_samples').select(['id', 'round_id', 'dossier_id', 'agency_id', 'answered_at', 'source']).where('token_hash', '=', tokenHash);
    if (lock) query = query.forUpdate();
    return query.executeTakeFirst() as Promise<SampleRow | undefined>;
  }

  sampleByDossierCode(db: Executor, roundId: string, code: string, lock = false): Promise<SampleRow | undefined> {
    let query = db
      .selectFrom('survey_samples as s')
      .innerJoin('dossiers as d', 'd.id', 's.dossier_id')
      .select(['s.id', 's.round_id', 's.dossier_id', 's.agency_id', 's.answered_at', 's.source'])
      .where('s.round_id', '=', roundId)
      .where('d.code', '=', code);
    if (lock) query = query.forUpdate();
    return query.executeTakeFirst() as Promise<SampleRow | undefined>;
  }

  dossierCode(db: Executor, dossierId: string) {
    return db.selectFrom('dossiers as d').innerJoin('agencies as a', 'a.id', 'd.agency_id').select(['d.code', 'a.name as agency_name']).where('d.id', '=', dossierId).executeTakeFirst();
  }

  /** Records an answer sheet once: the guarded update decides between two answers at the same moment. */
  async answer(db: Executor, sampleId: string, source: 'online' | 'paper', enteredBy: string | null, values: Array<{ questionId: string; value: number }>, at: Date): Promise<void> {
    const updated = await db
      .updateTable('survey_samples')
      .set({ answered_at: at, source, entered_by: enteredBy })
      .where('id', '=', sampleId)
      .where('answered_at', 'is', null)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw new DomainError('SURVEY_ALREADY_ANSWERED');
    try {
      if (values.length) await db.insertInto('survey_answers').values(values.map((v) => ({ sample_id: sampleId, question_id: v.questionId, value: v.value }))).execute();
    } catch (error) {
      if (isUniqueViolation(error)) throw new DomainError('SURVEY_ALREADY_ANSWERED');
      throw error;
    }
  }

  // --- results ----------------------------------------------------------------------------------------------

  /** Every answer of the rounds' samples, with the sample's agency (one row per answer). */
  answers(db: Executor, roundIds: readonly string[]) {
    if (roundIds.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('survey_answers as a')
      .innerJoin('survey_samples as s', 's.id', 'a.sample_id')
      .select(['a.sample_id', 's.round_id', 's.agency_id', 'a.question_id', 'a.value'])
      .where('s.round_id', 'in', roundIds)
      .execute();
  }

  /** Sample size and responses per round and agency. */
  sampleCounts(db: Executor, roundIds: readonly string[]) {
    if (roundIds.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('survey_samples as s')
      .select(['s.round_id', 's.agency_id', sql<number>`count(*)::int`.as('sample_size'), sql<number>`count(s.answered_at)::int`.as('responses')])
      .where('s.round_id', 'in', roundIds)
      .groupBy(['s.round_id', 's.agency_id'])
      .execute();
  }

  agencyNames(db: Executor, ids: readonly string[]) {
    if (ids.length === 0) return Promise.resolve([]);
    return db.selectFrom('agencies').select(['id', 'code', 'name']).where('id', 'in', ids).execute();
  }
}
