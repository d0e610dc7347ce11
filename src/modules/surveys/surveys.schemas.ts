import { Type, type Static } from 'typebox';

const Uuid = Type.String({ format: 'uuid' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

export const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
export const TokenParams = Type.Object({ token: Type.String({ maxLength: 200 }) });
export const YearQuery = Type.Object({ year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })) });
export const ReportQuery = Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }) });

export const Question = Type.Object(
  {
    id: Uuid,
    factorId: Uuid,
    kind: Type.Union([Type.Literal('perception'), Type.Literal('satisfaction'), Type.Literal('expectation')]),
    position: Type.Integer(),
    text: Type.String(),
    textVi: Type.String(),
    textEn: Type.String(),
  },
  { title: 'SurveyQuestion' },
);

export const Factor = Type.Object({ id: Uuid, code: Type.String(), position: Type.Integer(), name: Type.String(), nameVi: Type.String(), nameEn: Type.String() }, { title: 'SurveyFactor' });

export const Questionnaire = Type.Object(
  {
    id: Uuid,
    code: Type.String(),
    title: Type.String(),
    titleVi: Type.String(),
    titleEn: Type.String(),
    scaleMax: Type.Integer(),
    satisfiedFrom: Type.Integer(),
    factors: Type.Array(Factor),
    questions: Type.Array(Question),
  },
  { title: 'SurveyQuestionnaire' },
);
export const QuestionnaireList = Type.Object({ items: Type.Array(Type.Object({ id: Uuid, code: Type.String(), title: Type.String(), scaleMax: Type.Integer() })) });

export const RoundBody = Type.Object({
  name: Type.String({ maxLength: 1000 }),
  agencyId: Type.String({ maxLength: 64, description: 'the scope: the agency (and those below it) whose resolved dossiers are surveyed' }),
  year: Type.Integer(),
  periodFrom: Type.String({ maxLength: 20, description: 'yyyy-mm-dd (Vietnam time)' }),
  periodTo: Type.String({ maxLength: 20, description: 'yyyy-mm-dd (Vietnam time), inclusive' }),
  targetSize: Type.Integer(),
  minPerStratum: Type.Optional(Type.Integer()),
  seed: Type.Optional(Type.Integer({ description: 'the draw’s seed: the same seed over the same dossiers draws the same sample' })),
  questionnaireId: Type.Optional(Type.String({ maxLength: 64 })),
});
export type RoundBodyT = Static<typeof RoundBody>;

export const Round = Type.Object(
  {
    id: Uuid,
    name: Type.String(),
    year: Type.Integer(),
    agencyId: Uuid,
    agencyCode: Type.String(),
    agencyName: Type.String(),
    questionnaireId: Uuid,
    periodFrom: Type.String(),
    periodTo: Type.String(),
    targetSize: Type.Integer(),
    minPerStratum: Type.Integer(),
    seed: Type.Integer(),
    population: Nullable(Type.Integer()),
    drawnAt: Nullable(Type.String({ format: 'date-time' })),
    sampleSize: Type.Integer(),
    invited: Type.Integer(),
    responses: Type.Integer(),
  },
  { title: 'SurveyRound' },
);
export const RoundList = Type.Object({ items: Type.Array(Round) });

export const DrawResult = Type.Object({ round: Round, strata: Type.Array(Type.Object({ agencyId: Uuid, procedureCode: Type.String(), population: Type.Integer(), allocated: Type.Integer() })) });
export const InvitationResult = Type.Object({ invited: Type.Integer(), sms: Type.Integer(), email: Type.Integer() });

export const AnswerBody = Type.Object({
  answers: Type.Record(Type.String({ maxLength: 64 }), Type.Integer({ minimum: -1000, maximum: 1000 }), { description: 'question id → answer on 1..scaleMax, one per question' }),
});
export type AnswerBodyT = Static<typeof AnswerBody>;
export const PaperBody = Type.Object({ dossierCode: Type.String({ maxLength: 100 }), answers: AnswerBody.properties.answers });
export type PaperBodyT = Static<typeof PaperBody>;
export const Answered = Type.Object({ sampleId: Uuid, source: Type.Union([Type.Literal('online'), Type.Literal('paper')]), answeredAt: Type.String({ format: 'date-time' }) }, { title: 'SurveyAnswered' });

export const AnswerForm = Type.Object({ dossierCode: Nullable(Type.String()), agencyName: Type.String(), questionnaire: Questionnaire }, { title: 'SurveyAnswerForm' });

const Estimate = Type.Object({ n: Type.Integer(), value: Nullable(Type.Number()), marginOfError: Nullable(Type.Number()) });
const FactorResult = Type.Object({ factorId: Uuid, name: Type.String(), satisfied: Estimate, meanPercent: Nullable(Type.Number()), perception: Nullable(Type.Number()), expectation: Nullable(Type.Number()) });
export const ResultBlock = Type.Object(
  {
    agencyId: Nullable(Uuid),
    agencyName: Type.String(),
    population: Nullable(Type.Integer()),
    sampleSize: Type.Integer(),
    responses: Type.Integer(),
    responseRate: Nullable(Type.Number()),
    overall: Estimate,
    overallMeanPercent: Nullable(Type.Number()),
    factors: Type.Array(FactorResult),
  },
  { title: 'SurveyResult' },
);
export const YearReport = Type.Object({ year: Type.Integer(), rounds: Type.Array(Round), overall: Nullable(ResultBlock), agencies: Type.Array(ResultBlock) }, { title: 'SurveyYearReport' });
