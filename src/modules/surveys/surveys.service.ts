// The SIPAS satisfaction survey (issue 18, domain guide §7).
//
// Questionnaires are data (survey_questionnaires, survey_factors, survey_questions; the standard one, code 'sipas',
// comes with migration 0047); staff edit their texts and scale with a form. A round belongs to a year and a scope
// (an agency subtree; the province is its root agency): its sample is drawn from the dossiers resolved in its
// period, stratified by agency and procedure (surveys.rules.ts planSample: proportional allocation, a minimum per
// stratum, a seeded draw, reproducible). Each sampled dossier gets an answer link with a random token (only its
// SHA-256 is stored) sent to the applicant by SMS and e-mail (queued in the caller's transaction: the SMS and mail
// outboxes of notifications and mail). The public page answers once per token (409 after); staff enter paper
// forms by dossier code (source 'paper'). The index per factor and overall (rules computeIndex) with sample size,
// response rate and margin of error, per agency and overall; the yearly report; `yearIndex` is the PAR Index's port.
//
// Who may do what: the organising body's administrators ('admin') on the round's agency manage rounds, draw,
// invite and enter paper forms; leaders and inspectors read results within their agencies; questionnaires are
// edited by an administrator of a top-level agency.
import { createHash, randomBytes } from 'node:crypto';
import type { Actor } from '../../core/actor.ts';
import { rolesRoots } from '../../core/actor.ts';
import { DomainError, type FieldError } from '../../core/errors.ts';
import { registerMessages, translate, type Locale } from '../../core/i18n.ts';
import { isUuid } from '../../core/ids.ts';
import { vietnamDayEnd, vietnamDayStart } from '../../core/time.ts';
import type { Db, Executor } from '../../db/database.ts';
import type { Role } from '../../db/schema.ts';
import type { AgenciesService, TreeEntry } from '../agencies/agencies.service.ts';
import type { AuditService } from '../audit/audit.service.ts';
import './surveys.errors.ts';
import { SurveysRepository, type RoundRow } from './surveys.repository.ts';
import { checkAnswers, computeIndex, planSample, publishedMargin, questionnaireProblems, responseRate, roundProblems, type Estimate, type IndexResult, type QuestionFacts, type QuestionnaireInput } from './surveys.rules.ts';
import type { RoundBodyT } from './surveys.schemas.ts';
import { surveysMessages } from './surveys.messages.ts';

// The invitations are written here, in the recipient's language.
registerMessages(surveysMessages);

export const MANAGE: readonly Role[] = ['admin'];
export const READ: readonly Role[] = ['admin', 'agency_leader', 'inspector'];
export const STANDARD_QUESTIONNAIRE = 'sipas';
/** The public answer page: `${baseUrl}${ANSWER_PATH}/${token}`. */
export const ANSWER_PATH = '/khao-sat';

/** Where invitations go: the SMS and mail outboxes (wired in src/container.ts from notifications and mail). */
export interface SurveyMessagingPort {
  queueSms(tx: Executor, to: unknown, body: string): Promise<string | null>;
  queueMail(tx: Executor, mail: { to: string; subject: string; text: string }): Promise<string>;
}

export interface SurveysOptions {
  baseUrl: string;
}

export interface QuestionnaireView {
  id: string;
  code: string;
  title: string;
  titleVi: string;
  titleEn: string;
  scaleMax: number;
  satisfiedFrom: number;
  factors: Array<{ id: string; code: string; position: number; name: string; nameVi: string; nameEn: string }>;
  questions: Array<{ id: string; factorId: string; kind: 'perception' | 'satisfaction' | 'expectation'; position: number; text: string; textVi: string; textEn: string }>;
}

export interface RoundView {
  id: string;
  name: string;
  year: number;
  agencyId: string;
  agencyCode: string;
  agencyName: string;
  questionnaireId: string;
  periodFrom: string;
  periodTo: string;
  targetSize: number;
  minPerStratum: number;
  seed: number;
  population: number | null;
  drawnAt: Date | null;
  sampleSize: number;
  invited: number;
  responses: number;
}

export interface ResultView {
  agencyId: string | null;
  agencyName: string;
  population: number | null;
  sampleSize: number;
  responses: number;
  responseRate: number | null;
  overall: Pick<Estimate, 'n' | 'value' | 'marginOfError'>;
  overallMeanPercent: number | null;
  factors: Array<{ factorId: string; name: string; satisfied: Pick<Estimate, 'n' | 'value' | 'marginOfError'>; meanPercent: number | null; perception: number | null; expectation: number | null }>;
}

export interface YearReportView {
  year: number;
  rounds: RoundView[];
  questionnaire: QuestionnaireView | null;
  overall: ResultView | null;
  agencies: ResultView[];
}

export interface RoundDetail {
  round: RoundView;
  strata: Array<{ agencyId: string; agencyName: string; procedureCode: string; population: number; allocated: number }>;
  samples: Array<{ id: string; dossierId: string; code: string | null; applicantName: string | null; agencyName: string; invitedAt: Date | null; answeredAt: Date | null; source: 'online' | 'paper' | null }>;
  questionnaire: QuestionnaireView;
  results: { overall: ResultView; agencies: ResultView[] };
  canManage: boolean;
}

export interface RoundForm {
  name: string;
  agencyId: string;
  year: string | number;
  periodFrom: string;
  periodTo: string;
  targetSize: string | number;
  minPerStratum: string | number;
  seed: string | number;
  questionnaireId?: string;
}

const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{20,100}$/;

function toInt(value: string | number | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  if (typeof value === 'number') return value;
  return /^-?\d{1,10}$/.test(value.trim()) ? Number(value.trim()) : NaN;
}

function trimEstimate(e: Estimate, population: number | null): ResultView['overall'] {
  return { n: e.n, value: e.value, marginOfError: publishedMargin(e, population) };
}

export class SurveysService {
  constructor(
    private readonly db: Db,
    private readonly agencies: AgenciesService,
    private readonly audit: AuditService,
    private readonly messaging: SurveyMessagingPort,
    private readonly options: SurveysOptions,
    private readonly repo = new SurveysRepository(),
  ) {}

  // --- authorisation ----------------------------------------------------------------------------------------

  private requireAny(actor: Actor | null, roles: readonly Role[]): Actor {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    if (rolesRoots(actor, roles).length === 0) throw new DomainError('FORBIDDEN');
    return actor;
  }

  private async loadRound(actor: Actor | null, id: string, roles: readonly Role[], db: Executor = this.db, lock = false): Promise<{ actor: Actor; round: RoundRow }> {
    const by = this.requireAny(actor, roles);
    if (!isUuid(id)) throw new DomainError('NOT_FOUND');
    const round = lock ? await this.repo.lockRound(db, id) : await this.repo.round(db, id);
    if (!round) throw new DomainError('NOT_FOUND');
    // Outside the actor's agencies: as if it did not exist.
    if (!(await this.agencies.scopeOf(by, roles, db)).includes(round.agency_id)) throw new DomainError('NOT_FOUND');
    return { actor: by, round };
  }

  /** The agencies a round may be organised for (the actor's administered subtrees), for the picker. */
  agencyOptions(actor: Actor | null): Promise<TreeEntry[]> {
    this.requireAny(actor, MANAGE);
    return this.agencies.scopeTree(actor, MANAGE);
  }

  async canManageAny(actor: Actor | null): Promise<boolean> {
    return !!actor && rolesRoots(actor, MANAGE).length > 0;
  }

  // --- questionnaires ---------------------------------------------------------------------------------------

  async questionnaires(actor: Actor | null, locale: Locale = 'vi') {
    this.requireAny(actor, READ);
    return (await this.repo.questionnaires(this.db)).map((q) => ({ id: q.id, code: q.code, title: locale === 'en' ? q.title_en : q.title_vi, scaleMax: q.scale_max }));
  }

  private async questionnaireView(db: Executor, id: string, locale: Locale): Promise<QuestionnaireView | null> {
    const q = await this.repo.questionnaire(db, id);
    if (!q) return null;
    const [factors, questions] = await Promise.all([this.repo.factors(db, id), this.repo.questions(db, id)]);
    const en = locale === 'en';
    return {
      id: q.id,
      code: q.code,
      title: en ? q.title_en : q.title_vi,
      titleVi: q.title_vi,
      titleEn: q.title_en,
      scaleMax: q.scale_max,
      satisfiedFrom: q.satisfied_from,
      factors: factors.map((f) => ({ id: f.id, code: f.code, position: f.position, name: en ? f.name_en : f.name_vi, nameVi: f.name_vi, nameEn: f.name_en })),
      questions: questions.map((x) => ({ id: x.id, factorId: x.factor_id, kind: x.kind, position: x.position, text: en ? x.text_en : x.text_vi, textVi: x.text_vi, textEn: x.text_en })),
    };
  }

  async questionnaire(actor: Actor | null, id: string, locale: Locale = 'vi'): Promise<QuestionnaireView> {
    this.requireAny(actor, READ);
    const view = isUuid(id) ? await this.questionnaireView(this.db, id, locale) : null;
    if (!view) throw new DomainError('NOT_FOUND');
    return view;
  }

  /** Edits a questionnaire's texts and scale (an administrator of a top-level agency); the scale is fixed once answered. */
  async updateQuestionnaire(actor: Actor | null, id: string, input: QuestionnaireInput): Promise<QuestionnaireView> {
    const by = this.requireAny(actor, MANAGE);
    if (!(await this.agencies.holdsOnRoot(by, MANAGE))) throw new DomainError('FORBIDDEN');
    if (!isUuid(id)) throw new DomainError('NOT_FOUND');
    return this.db.transaction().execute(async (tx) => {
      const current = await this.repo.questionnaire(tx, id);
      if (!current) throw new DomainError('NOT_FOUND');
      const [factors, questions] = await Promise.all([this.repo.factors(tx, id), this.repo.questions(tx, id)]);
      const factorIds = new Set(factors.map((f) => f.id));
      const questionIds = new Set(questions.map((q) => q.id));
      const cleaned: QuestionnaireInput = {
        ...input,
        titleVi: input.titleVi.trim(),
        titleEn: input.titleEn.trim(),
        factors: input.factors.filter((f) => factorIds.has(f.id)).map((f) => ({ ...f, nameVi: f.nameVi.trim(), nameEn: f.nameEn.trim() })),
        questions: input.questions.filter((q) => questionIds.has(q.id)).map((q) => ({ ...q, textVi: q.textVi.trim(), textEn: q.textEn.trim() })),
      };
      const errors = questionnaireProblems(cleaned);
      if (errors.length) throw new DomainError('VALIDATION_FAILED', undefined, errors);
      if ((cleaned.scaleMax !== current.scale_max || cleaned.satisfiedFrom !== current.satisfied_from) && (await this.repo.hasAnswers(tx, id))) {
        throw new DomainError('SURVEY_QUESTIONNAIRE_IN_USE', undefined, [{ path: '/scaleMax', code: 'SURVEY_QUESTIONNAIRE_IN_USE' }]);
      }
      await this.repo.updateQuestionnaire(
        tx,
        id,
        { title_vi: cleaned.titleVi, title_en: cleaned.titleEn, scale_max: cleaned.scaleMax, satisfied_from: cleaned.satisfiedFrom },
        cleaned.factors.map((f) => ({ id: f.id, name_vi: f.nameVi, name_en: f.nameEn })),
        cleaned.questions.map((q) => ({ id: q.id, text_vi: q.textVi, text_en: q.textEn })),
      );
      await this.audit.record(tx, by, { action: 'survey.questionnaire.update', targetType: 'survey_questionnaire', targetId: id, summary: { code: current.code, scaleMax: cleaned.scaleMax, satisfiedFrom: cleaned.satisfiedFrom } }, by.ip ?? null);
      return (await this.questionnaireView(tx, id, 'vi'))!;
    });
  }

  // --- rounds -----------------------------------------------------------------------------------------------

  private roundView(r: RoundRow & { agency_name: string; agency_code: string; sample_size: number | null; responses: number | null; invited: number | null }): RoundView {
    return {
      id: r.id,
      name: r.name,
      year: r.year,
      agencyId: r.agency_id,
      agencyCode: r.agency_code,
      agencyName: r.agency_name,
      questionnaireId: r.questionnaire_id,
      periodFrom: r.period_from,
      periodTo: r.period_to,
      targetSize: r.target_size,
      minPerStratum: r.min_per_stratum,
      seed: r.seed,
      population: r.population,
      drawnAt: r.drawn_at,
      sampleSize: r.sample_size ?? 0,
      invited: r.invited ?? 0,
      responses: r.responses ?? 0,
    };
  }

  /** The rounds of the actor's agencies (leaders and inspectors read, administrators manage). */
  async rounds(actor: Actor | null, year?: number): Promise<RoundView[]> {
    const by = this.requireAny(actor, READ);
    const scope = await this.agencies.scopeOf(by, READ);
    return (await this.repo.rounds(this.db, scope, year)).map((r) => this.roundView(r));
  }

  private async roundViewById(db: Executor, id: string): Promise<RoundView> {
    const round = await this.repo.round(db, id);
    const rows = await this.repo.rounds(db, [round!.agency_id], round!.year);
    return this.roundView(rows.find((r) => r.id === id)!);
  }

  async createRound(actor: Actor | null, input: RoundForm | RoundBodyT): Promise<RoundView> {
    const by = this.requireAny(actor, MANAGE);
    const fields = {
      name: (input.name ?? '').trim(),
      year: toInt(input.year, NaN),
      periodFrom: String(input.periodFrom ?? '').trim(),
      periodTo: String(input.periodTo ?? '').trim(),
      targetSize: toInt(input.targetSize, NaN),
      minPerStratum: toInt(input.minPerStratum, 2),
      seed: toInt(input.seed, 0),
    };
    return this.db.transaction().execute(async (tx) => {
      const errors: FieldError[] = roundProblems(fields);
      const allowed = isUuid(input.agencyId) && (await this.agencies.scopeOf(by, MANAGE, tx)).includes(input.agencyId);
      if (!allowed) errors.push({ path: '/agencyId', code: 'SURVEY_AGENCY_REQUIRED' });
      const questionnaire = input.questionnaireId ? (isUuid(input.questionnaireId) ? await this.repo.questionnaire(tx, input.questionnaireId) : undefined) : await this.repo.questionnaireByCode(tx, STANDARD_QUESTIONNAIRE);
      if (!questionnaire) errors.push({ path: '/questionnaireId', code: 'NOT_FOUND' });
      if (errors.length) throw new DomainError('VALIDATION_FAILED', undefined, errors);
      const id = await this.repo.insertRound(tx, {
        questionnaire_id: questionnaire!.id,
        agency_id: input.agencyId,
        year: fields.year,
        name: fields.name,
        period_from: fields.periodFrom,
        period_to: fields.periodTo,
        target_size: fields.targetSize,
        min_per_stratum: fields.minPerStratum,
        seed: fields.seed,
        created_by: by.id,
      });
      await this.audit.record(tx, by, { action: 'survey.round.create', targetType: 'survey_round', targetId: id, agencyId: input.agencyId, summary: { name: fields.name, year: fields.year, targetSize: fields.targetSize } }, by.ip ?? null);
      return this.roundViewById(tx, id);
    });
  }

  /** Draws the round's sample (once): resolved dossiers of the period in scope, stratified by agency and procedure. */
  async draw(actor: Actor | null, id: string): Promise<RoundDetail['strata']> {
    return this.db.transaction().execute(async (tx) => {
      const { actor: by, round } = await this.loadRound(actor, id, MANAGE, tx, true);
      if (round.drawn_at) throw new DomainError('SURVEY_ALREADY_DRAWN');
      const scope = await this.agencies.nowPartOf(round.agency_id, tx);
      const dossiers = await this.repo.resolvedDossiers(tx, scope, vietnamDayStart(round.period_from), vietnamDayEnd(round.period_to));
      if (dossiers.length === 0) throw new DomainError('SURVEY_NO_DOSSIERS');
      const groups = new Map<string, { agencyId: string; procedureId: string; ids: string[] }>();
      for (const d of dossiers) {
        const key = `${d.agency_id}|${d.procedure_id}`;
        const group = groups.get(key) ?? { agencyId: d.agency_id, procedureId: d.procedure_id, ids: [] };
        group.ids.push(d.id);
        groups.set(key, group);
      }
      const plan = planSample([...groups.entries()].map(([key, g]) => ({ key, ids: g.ids })), round.target_size, round.min_per_stratum, round.seed);
      const strata = plan.strata.map((s) => {
        const g = groups.get(s.key)!;
        return { agency_id: g.agencyId, procedure_id: g.procedureId, population: s.population, allocated: s.allocated, selected: s.selected };
      });
      await this.repo.saveDraw(
        tx,
        round.id,
        plan.population,
        strata.map(({ selected: _selected, ...s }) => s),
        strata.flatMap((s) => s.selected.map((dossierId) => ({ dossier_id: dossierId, agency_id: s.agency_id, procedure_id: s.procedure_id }))),
      );
      await this.audit.record(tx, by, { action: 'survey.round.draw', targetType: 'survey_round', targetId: round.id, agencyId: round.agency_id, summary: { population: plan.population, sampleSize: plan.size, strata: plan.strata.length, seed: round.seed } }, by.ip ?? null);
      return (await this.repo.strata(tx, [round.id])).map((s) => ({ agencyId: s.agency_id, agencyName: s.agency_name, procedureCode: s.procedure_code, population: s.population, allocated: s.allocated }));
    });
  }

  /**
   * Sends the answer links of the sampled dossiers not invited yet: a fresh random token each (its hash stored),
   * by SMS and e-mail to the applicant, in the applicant's language; queued in this transaction.
   */
  async invite(actor: Actor | null, id: string): Promise<{ invited: number; sms: number; email: number; links: Array<{ dossierId: string; url: string }> }> {
    return this.db.transaction().execute(async (tx) => {
      const { actor: by, round } = await this.loadRound(actor, id, MANAGE, tx, true);
      if (!round.drawn_at) throw new DomainError('SURVEY_NOT_DRAWN');
      const targets = await this.repo.uninvited(tx, round.id);
      const at = new Date();
      let sms = 0;
      let email = 0;
      const links: Array<{ dossierId: string; url: string }> = [];
      for (const target of targets) {
        const token = randomBytes(24).toString('base64url');
        await this.repo.setToken(tx, target.sample_id, hashToken(token), at);
        const url = `${this.options.baseUrl.replace(/\/$/, '')}${ANSWER_PATH}/${token}`;
        links.push({ dossierId: target.dossier_id, url });
        const params = { code: target.code ?? '', url, round: round.name };
        if (await this.messaging.queueSms(tx, target.phone, translate(target.locale, 'surveys.invite.sms', params))) sms += 1;
        if (target.email) {
          await this.messaging.queueMail(tx, { to: target.email, subject: translate(target.locale, 'surveys.invite.subject', params), text: translate(target.locale, 'surveys.invite.body', params) });
          email += 1;
        }
      }
      await this.audit.record(tx, by, { action: 'survey.round.invite', targetType: 'survey_round', targetId: round.id, agencyId: round.agency_id, summary: { invited: targets.length, sms, email } }, by.ip ?? null);
      return { invited: targets.length, sms, email, links };
    });
  }

  // --- answering --------------------------------------------------------------------------------------------

  /** The public form of an answer link (no sign-in): 404 SURVEY_NOT_IN_SAMPLE for an unknown token. */
  async answerForm(token: string, locale: Locale = 'vi'): Promise<{ dossierCode: string | null; agencyName: string; answered: boolean; questionnaire: QuestionnaireView }> {
    const sample = TOKEN_PATTERN.test(token) ? await this.repo.sampleByToken(this.db, hashToken(token)) : undefined;
    if (!sample) throw new DomainError('SURVEY_NOT_IN_SAMPLE');
    const round = (await this.repo.round(this.db, sample.round_id))!;
    const dossier = await this.repo.dossierCode(this.db, sample.dossier_id);
    return { dossierCode: dossier?.code ?? null, agencyName: dossier?.agency_name ?? '', answered: sample.answered_at !== null, questionnaire: (await this.questionnaireView(this.db, round.questionnaire_id, locale))! };
  }

  private async record(tx: Executor, sample: { id: string; round_id: string; answered_at: Date | null }, answers: Record<string, unknown>, source: 'online' | 'paper', enteredBy: string | null): Promise<Date> {
    if (sample.answered_at) throw new DomainError('SURVEY_ALREADY_ANSWERED');
    const round = (await this.repo.round(tx, sample.round_id))!;
    const questionnaire = (await this.repo.questionnaire(tx, round.questionnaire_id))!;
    const questions: QuestionFacts[] = (await this.repo.questions(tx, questionnaire.id)).map((q) => ({ id: q.id, factorId: q.factor_id, kind: q.kind }));
    const { values, errors } = checkAnswers(questions, questionnaire.scale_max, answers);
    if (errors.length) throw new DomainError('VALIDATION_FAILED', undefined, errors);
    const at = new Date();
    await this.repo.answer(tx, sample.id, source, enteredBy, values, at);
    return at;
  }

  /** Answers through the link, once: 404 for a token of no sampled dossier, 409 the second time. */
  async answer(token: string, answers: Record<string, unknown>): Promise<{ sampleId: string; source: 'online'; answeredAt: Date }> {
    if (!TOKEN_PATTERN.test(token)) throw new DomainError('SURVEY_NOT_IN_SAMPLE');
    return this.db.transaction().execute(async (tx) => {
      const sample = await this.repo.sampleByToken(tx, hashToken(token), true);
      if (!sample) throw new DomainError('SURVEY_NOT_IN_SAMPLE');
      const answeredAt = await this.record(tx, sample, answers, 'online', null);
      return { sampleId: sample.id, source: 'online' as const, answeredAt };
    });
  }

  /** A paper form entered by staff: the dossier must be in the round's sample (404), answered once (409). */
  async enterPaper(actor: Actor | null, roundId: string, dossierCode: string, answers: Record<string, unknown>): Promise<{ sampleId: string; source: 'paper'; answeredAt: Date }> {
    return this.db.transaction().execute(async (tx) => {
      const { actor: by, round } = await this.loadRound(actor, roundId, MANAGE, tx);
      const code = dossierCode.trim();
      if (!code) throw new DomainError('VALIDATION_FAILED', undefined, [{ path: '/dossierCode', code: 'SURVEY_DOSSIER_CODE_REQUIRED' }]);
      const sample = await this.repo.sampleByDossierCode(tx, round.id, code.slice(0, 100), true);
      if (!sample) throw new DomainError('SURVEY_NOT_IN_SAMPLE');
      const answeredAt = await this.record(tx, sample, answers, 'paper', by.id);
      await this.audit.record(tx, by, { action: 'survey.answer.paper', targetType: 'survey_round', targetId: round.id, agencyId: sample.agency_id, summary: { dossierCode: code, sampleId: sample.id } }, by.ip ?? null);
      return { sampleId: sample.id, source: 'paper' as const, answeredAt };
    });
  }

  // --- results ----------------------------------------------------------------------------------------------

  /**
   * Results of a set of rounds (one questionnaire: the first round's): overall and per agency of the sampled
   * dossiers. `agencyFilter` limits the agency rows (the reader's scope).
   */
  private async results(db: Executor, rounds: RoundRow[], questionnaire: QuestionnaireView, agencyFilter: ((agencyId: string) => boolean) | null): Promise<{ overall: ResultView; agencies: ResultView[] }> {
    const ids = rounds.map((r) => r.id);
    const [answers, counts, strata] = await Promise.all([this.repo.answers(db, ids), this.repo.sampleCounts(db, ids), this.repo.strata(db, ids)]);
    const questions: QuestionFacts[] = questionnaire.questions.map((q) => ({ id: q.id, factorId: q.factorId, kind: q.kind }));
    const sheets = new Map<string, { agencyId: string; sheet: Map<string, number> }>();
    for (const a of answers) {
      const entry = sheets.get(a.sample_id) ?? { agencyId: a.agency_id, sheet: new Map<string, number>() };
      entry.sheet.set(a.question_id, a.value);
      sheets.set(a.sample_id, entry);
    }
    const populationOf = (agencyId: string | null) => (rounds.every((r) => r.population !== null) ? strata.filter((s) => agencyId === null || s.agency_id === agencyId).reduce((a, s) => a + s.population, 0) : null);
    const block = (agencyId: string | null, agencyName: string): ResultView => {
      const own = [...sheets.values()].filter((s) => agencyId === null || s.agencyId === agencyId).map((s) => s.sheet);
      const population = populationOf(agencyId);
      const result: IndexResult = computeIndex({ factors: questionnaire.factors, questions, scaleMax: questionnaire.scaleMax, satisfiedFrom: questionnaire.satisfiedFrom, sheets: own, population });
      const sampleSize = counts.filter((c) => agencyId === null || c.agency_id === agencyId).reduce((a, c) => a + c.sample_size, 0);
      const responses = counts.filter((c) => agencyId === null || c.agency_id === agencyId).reduce((a, c) => a + c.responses, 0);
      return {
        agencyId,
        agencyName,
        population,
        sampleSize,
        responses,
        responseRate: responseRate(responses, sampleSize),
        overall: trimEstimate(result.overall, population),
        overallMeanPercent: result.overallMeanPercent,
        factors: result.factors.map((f) => ({
          factorId: f.factorId,
          name: questionnaire.factors.find((x) => x.id === f.factorId)?.name ?? '',
          satisfied: trimEstimate(f.satisfied, population),
          meanPercent: f.meanPercent,
          perception: f.perception,
          expectation: f.expectation,
        })),
      };
    };
    const agencyIds = [...new Set(counts.map((c) => c.agency_id))].filter((id) => !agencyFilter || agencyFilter(id));
    const names = new Map((await this.repo.agencyNames(db, agencyIds)).map((a) => [a.id, a]));
    const agencies = agencyIds
      .sort((a, b) => (names.get(a)?.code ?? '').localeCompare(names.get(b)?.code ?? ''))
      .map((id) => block(id, names.get(id)?.name ?? ''));
    return { overall: block(null, ''), agencies };
  }

  async round(actor: Actor | null, id: string, locale: Locale = 'vi'): Promise<RoundDetail> {
    const { actor: by, round } = await this.loadRound(actor, id, READ);
    const questionnaire = (await this.questionnaireView(this.db, round.questionnaire_id, locale))!;
    const manage = (await this.agencies.scopeOf(by, MANAGE)).includes(round.agency_id);
    const [view, strata, samples, results] = await Promise.all([
      this.roundViewById(this.db, round.id),
      this.repo.strata(this.db, [round.id]),
      manage ? this.repo.samples(this.db, round.id) : Promise.resolve([]),
      this.results(this.db, [round], questionnaire, null),
    ]);
    return {
      round: view,
      strata: strata.map((s) => ({ agencyId: s.agency_id, agencyName: s.agency_name, procedureCode: s.procedure_code, population: s.population, allocated: s.allocated })),
      samples: samples.map((s) => ({ id: s.id, dossierId: s.dossier_id, code: s.code, applicantName: s.applicant_name, agencyName: s.agency_name, invitedAt: s.invited_at, answeredAt: s.answered_at, source: s.source })),
      questionnaire,
      results,
      canManage: manage,
    };
  }

  /**
   * The yearly report: the rounds of the year organised within the reader's agencies or sampling them; rows per
   * agency within the reader's scope, the overall row only when the reader covers every round of the year.
   */
  async yearReport(actor: Actor | null, year: number, locale: Locale = 'vi'): Promise<YearReportView> {
    const by = this.requireAny(actor, READ);
    const scope = new Set(await this.agencies.scopeOf(by, READ));
    const all = await this.repo.rounds(this.db, null, year);
    // A round organised above the reader still shows the rows of the reader's agencies sampled in it.
    const sampledHere = new Set((await this.repo.sampleCounts(this.db, all.map((r) => r.id))).filter((c) => scope.has(c.agency_id)).map((c) => c.round_id));
    const visible = all.filter((r) => scope.has(r.agency_id) || sampledHere.has(r.id));
    const rounds = visible.map((r) => this.roundView(r));
    if (visible.length === 0) return { year, rounds, questionnaire: null, overall: null, agencies: [] };
    const questionnaire = (await this.questionnaireView(this.db, visible[visible.length - 1]!.questionnaire_id, locale))!;
    const results = await this.results(this.db, visible, questionnaire, (id) => scope.has(id));
    const coversAll = all.every((r) => scope.has(r.agency_id));
    return { year, rounds, questionnaire, overall: coversAll ? results.overall : null, agencies: results.agencies };
  }

  /**
   * The PAR Index's port: the year's satisfaction index (0..100, SIPAS: share of satisfied answers) of an agency
   * (the dossiers of the agency and what is now part of it) or, with null, of every round of the year; with the
   * respondents counted and the margin of error at 95 % in percentage points. Null when nobody answered.
   */
  async yearIndex(agencyId: string | null, year: number): Promise<{ index: number; sampleSize: number; marginOfError: number } | null> {
    if (agencyId !== null && !isUuid(agencyId)) return null;
    const rounds = (await this.repo.rounds(this.db, null, year)) as RoundRow[];
    if (rounds.length === 0) return null;
    const byQuestionnaire = rounds[rounds.length - 1]!.questionnaire_id;
    const questionnaire = (await this.questionnaireView(this.db, byQuestionnaire, 'vi'))!;
    const part = agencyId === null ? null : new Set(await this.agencies.nowPartOf(agencyId));
    const same = rounds.filter((r) => r.questionnaire_id === byQuestionnaire);
    const ids = same.map((r) => r.id);
    const [answers, strata] = await Promise.all([this.repo.answers(this.db, ids), this.repo.strata(this.db, ids)]);
    const sheets = new Map<string, Map<string, number>>();
    for (const a of answers) {
      if (part && !part.has(a.agency_id)) continue;
      const sheet = sheets.get(a.sample_id) ?? new Map<string, number>();
      sheet.set(a.question_id, a.value);
      sheets.set(a.sample_id, sheet);
    }
    if (sheets.size === 0) return null;
    const population = strata.filter((s) => !part || part.has(s.agency_id)).reduce((a, s) => a + s.population, 0) || null;
    const result = computeIndex({
      factors: questionnaire.factors,
      questions: questionnaire.questions.map((q) => ({ id: q.id, factorId: q.factorId, kind: q.kind })),
      scaleMax: questionnaire.scaleMax,
      satisfiedFrom: questionnaire.satisfiedFrom,
      sheets: [...sheets.values()],
      population,
    });
    if (result.overall.value === null) return null;
    return { index: result.overall.value, sampleSize: result.overall.n, marginOfError: publishedMargin(result.overall, population) ?? 0 };
  }
}
