// TypeBox schemas of the PAR Index API (request validation, OpenAPI, TypeScript types from one source).
import { Type, type Static } from 'typebox';
import { AUTO_SOURCES, SET_KINDS } from './parindex.rules.ts';

const Uuid = Type.String({ format: 'uuid' });
const NullableNumber = Type.Union([Type.Number(), Type.Null()]);
const NullableString = Type.Union([Type.String(), Type.Null()]);
const Points = Type.Union([Type.Number({ minimum: 0, maximum: 1000, description: 'Points, at most 2 decimals' }), Type.Null()]);
const Kind = Type.Enum([...SET_KINDS], { description: 'ministry: the ministries’ tree (Decision 876/QĐ-BNV); province: the provinces’ tree' });
const Year = Type.Integer({ minimum: 2000, maximum: 2100 });
const NodeCode = Type.String({ minLength: 1, maxLength: 8, pattern: '^[0-9]{1,2}(\\.[0-9]{1,2}){0,2}$', description: 'The criterion’s number, e.g. 1.2.3' });

export const SetParams = Type.Object({ id: Uuid });
export const NodeParams = Type.Object({ id: Uuid, code: Type.String({ minLength: 1, maxLength: 20, description: 'The criterion’s number, e.g. 1.2.3' }) });
export const AssessmentParams = Type.Object({ id: Uuid });
export const EvidenceParams = Type.Object({ id: Uuid, evidenceId: Type.String({ minLength: 1, maxLength: 40, description: 'The evidence file’s id (uuid)' }) });

export const SetSummary = Type.Object({ id: Type.String(), kind: Kind, year: Type.Integer(), name: Type.String(), note: NullableString });
export const SetList = Type.Object({ items: Type.Array(SetSummary) });

export const NodeView = Type.Object({
  code: Type.String(),
  depth: Type.Integer({ description: '1 field, 2 criterion, 3 sub-criterion' }),
  parent: NullableString,
  name: Type.String(),
  nameEn: NullableString,
  maxPoints: Type.Number(),
  evidenceRequired: Type.Boolean(),
  fromSurvey: Type.Boolean(),
  autoSource: Type.Union([Type.Enum([...AUTO_SOURCES]), Type.Null()]),
});

const ProblemView = Type.Object({ code: Type.String(), path: Type.String(), message: Type.String() });

export const SetView = Type.Object({
  ...SetSummary.properties,
  valid: Type.Boolean({ description: 'Every parent equals the sum of its children, the fields total 100' }),
  problems: Type.Array(ProblemView),
  inUse: Type.Boolean({ description: 'An assessment was submitted against it: structure and maxima are frozen' }),
  nodes: Type.Array(NodeView),
});

export const CreateSetBody = Type.Object({ kind: Kind, year: Year, name: Type.Optional(Type.String({ maxLength: 300 })) });

const NodeFields = {
  name: Type.String({ minLength: 1, maxLength: 500 }),
  nameEn: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
  maxPoints: Type.Number({ minimum: 0, maximum: 100 }),
  evidenceRequired: Type.Optional(Type.Boolean()),
  fromSurvey: Type.Optional(Type.Boolean()),
  autoSource: Type.Optional(Type.Union([Type.Enum([...AUTO_SOURCES]), Type.Null()])),
};

export const NodeBody = Type.Object({ parent: Type.Optional(Type.Union([NodeCode, Type.Null()])), ...NodeFields });
export const NodePatch = Type.Object(NodeFields);

const SubCriterion = Type.Object(NodeFields);
const Criterion = Type.Object({ ...NodeFields, children: Type.Optional(Type.Array(SubCriterion, { maxItems: 50 })) });
const Field = Type.Object({ ...NodeFields, children: Type.Optional(Type.Array(Criterion, { maxItems: 50 })) });
export const TreeBody = Type.Object({ fields: Type.Array(Field, { minItems: 1, maxItems: 20, description: 'Fields → criteria → sub-criteria; codes are numbered in order' }) });

export const StartBody = Type.Object({ agency: Type.String({ minLength: 2, maxLength: 40, description: 'Agency e-ID code' }), year: Year, kind: Kind });
export const ListQuery = Type.Object({ year: Type.Optional(Year) });

export const SelfBody = Type.Object({
  items: Type.Array(
    Type.Object({ code: NodeCode, points: Points, note: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])), source: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])) }),
    { minItems: 1, maxItems: 200 },
  ),
});
export type SelfBodyT = Static<typeof SelfBody>;

export const AppraisalBody = Type.Object({
  items: Type.Array(
    Type.Object({ code: NodeCode, points: Points, comment: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])), source: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])) }),
    { minItems: 1, maxItems: 200 },
  ),
});

const FieldScoreView = Type.Object({ code: Type.String(), name: Type.String(), points: Type.Number(), maxPoints: Type.Number(), index: NullableNumber, indexText: Type.String({ description: 'e.g. 95,83%' }) });

export const ScoreView = Type.Object({
  points: Type.Number(),
  maxPoints: Type.Number(),
  surveyPoints: Type.Number(),
  index: NullableNumber,
  indexText: Type.String({ description: 'Vietnamese format, e.g. 92,36%' }),
  fields: Type.Array(FieldScoreView),
});

export const AssessmentSummary = Type.Object({
  id: Type.String(),
  agency: Type.Object({ code: Type.String(), name: Type.String() }),
  year: Type.Integer(),
  status: Type.Enum(['draft', 'submitted', 'appraised']),
  submittedAt: NullableString,
  appraisedAt: NullableString,
});
export const AssessmentList = Type.Object({ items: Type.Array(AssessmentSummary) });

export const AssessmentView = Type.Object({
  ...AssessmentSummary.properties,
  set: SetSummary,
  score: ScoreView,
  entries: Type.Array(
    Type.Object({
      code: Type.String(),
      name: Type.String(),
      maxPoints: Type.Number(),
      evidenceRequired: Type.Boolean(),
      fromSurvey: Type.Boolean(),
      selfPoints: NullableNumber,
      selfNote: NullableString,
      selfSource: NullableString,
      appraisedPoints: NullableNumber,
      appraisalComment: NullableString,
      appraisalSource: NullableString,
      evidence: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
    }),
  ),
});

export const ProposalList = Type.Object({
  items: Type.Array(
    Type.Object({
      code: Type.String(),
      name: Type.String(),
      proposal: Type.Union([
        Type.Object({ autoSource: Type.String(), points: Type.Number(), rate: Type.Number(), formula: Type.String(), source: Type.String() }),
        Type.Null(),
      ]),
    }),
  ),
});

export const EvidenceView = Type.Object({ id: Type.String(), code: Type.String(), name: Type.String() });

export const RankingQuery = Type.Object({ kind: Kind, year: Year });
export const RankingView = Type.Object({
  set: SetSummary,
  fields: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), maxPoints: Type.Number() })),
  rows: Type.Array(
    Type.Object({
      rank: Type.Integer(),
      agency: Type.Object({ code: Type.String(), name: Type.String() }),
      fields: Type.Array(Type.Object({ code: Type.String(), points: Type.Number(), index: NullableNumber })),
      points: Type.Number(),
      index: NullableNumber,
      indexText: Type.String(),
    }),
  ),
});

export const HistoryQuery = Type.Object({ agency: Type.String({ minLength: 2, maxLength: 40 }) });
export const HistoryView = Type.Object({
  agency: Type.Object({ code: Type.String(), name: Type.String() }),
  years: Type.Array(
    Type.Object({ year: Type.Integer(), kind: Kind, status: Type.String(), points: Type.Number(), index: NullableNumber, indexText: Type.String(), rank: Type.Union([Type.Integer(), Type.Null()]), of: Type.Union([Type.Integer(), Type.Null()]) }),
  ),
});
