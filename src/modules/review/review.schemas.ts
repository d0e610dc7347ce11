// TypeBox schemas of the procedure review API. Numbers of a sheet are not bounded here: missing, negative or
// fractional values reach the rules, which name the row and the field (REVIEW_SHEET_INVALID).
import { Type, type Static } from 'typebox';
import { PROPOSAL_KINDS, REVIEW_STATUSES, ROW_KINDS } from './review.rules.ts';

const Uuid = Type.String({ format: 'uuid' });
const NullableString = Type.Union([Type.String(), Type.Null()]);
// A number or null with both types in one `type` keyword: Ajv then coerces neither (0 stays 0, null stays null),
// so a missing value reaches the rules as missing.
const NumberOrNull = (description?: string) => Type.Unsafe<number | null>({ type: ['number', 'null'], ...(description ? { description } : {}) });
const MaybeNumber = Type.Optional(NumberOrNull());
const Amount = Type.String({ pattern: '^-?[0-9]+$', description: 'Whole đồng as a decimal string (may exceed 2^53)' });

export const ReviewParams = Type.Object({ id: Uuid });
export const ItemParams = Type.Object({ id: Uuid, itemId: Type.String({ minLength: 1, maxLength: 40, description: 'The procedure’s row in the review (uuid)' }) });
export const WageParams = Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }) });

export const CreateReviewBody = Type.Object({ agency: Type.String({ minLength: 1, maxLength: 40, description: 'The agency’s code' }), year: Type.Integer({ minimum: 2000, maximum: 2100 }) });
export const AddItemBody = Type.Object({ code: Type.String({ minLength: 1, maxLength: 80, description: 'The procedure’s code' }) });
export const NoteBody = Type.Optional(Type.Object({ note: Type.Optional(Type.String({ maxLength: 2000 })) }));
export const WageBody = Type.Object({ monthlyWageVnd: NumberOrNull('Whole đồng a month') });

export const RowInput = Type.Object({
  kind: Type.String({ maxLength: 20, description: `One of ${ROW_KINDS.join(', ')}` }),
  label: Type.String({ maxLength: 1000 }),
  hours: MaybeNumber,
  amountVnd: MaybeNumber,
});
export const SheetBody = Type.Object({ frequency: NumberOrNull('Dossiers a year'), rows: Type.Array(RowInput, { maxItems: 200 }) });
export const ProposalInput = Type.Object({
  kinds: Type.Array(Type.String({ maxLength: 40 }), { maxItems: 10, description: `Of ${PROPOSAL_KINDS.join(', ')}` }),
  reason: Type.String({ maxLength: 8000 }),
  removeDocuments: Type.Optional(Type.Array(Type.Integer({ minimum: 0, maximum: 1000 }), { maxItems: 100, description: 'Positions (0-based) in the reviewed version’s documents' })),
  timeLimitValue: MaybeNumber,
  onlineLevel: MaybeNumber,
});
export const ProposalBody = Type.Object({ proposal: Type.Union([ProposalInput, Type.Null()]), after: Type.Optional(Type.Union([Type.Array(RowInput, { maxItems: 200 }), Type.Null()])) });

const RowView = Type.Object({ kind: Type.String(), label: Type.String(), hours: Type.Number(), amountVnd: Type.Number(), timeCostVnd: Amount, costVnd: Amount });
const SheetView = Type.Object({ rows: Type.Array(RowView), perDossierVnd: Amount, yearlyVnd: Amount });
export const ItemView = Type.Object({
  id: Type.String(),
  procedureCode: Type.String(),
  procedureName: Type.String(),
  versionId: Type.String(),
  frequency: Type.Integer(),
  measuredFrequency: Type.Integer({ description: 'Dossiers received in the 12 months before the procedure was added' }),
  before: SheetView,
  proposal: Type.Union([Type.Object({ kinds: Type.Array(Type.String()), reason: Type.String(), removeDocuments: Type.Array(Type.Integer()), timeLimitValue: Type.Union([Type.Null(), Type.Number()]), onlineLevel: Type.Union([Type.Null(), Type.Number()]) }), Type.Null()]),
  after: Type.Union([SheetView, Type.Null()]),
  savingPerDossierVnd: Type.Union([Amount, Type.Null()]),
  savingYearlyVnd: Type.Union([Amount, Type.Null()]),
  rateBp: Type.Union([Type.Integer(), Type.Null()], { description: 'Reduction rate in basis points (3301 = 33.01 %); negative when the cost rises' }),
  raised: Type.Boolean(),
  warnings: Type.Array(Type.String(), { description: 'REVIEW_COST_RAISED: the proposal raises the cost (allowed, flagged)' }),
  draftedVersion: Type.Union([Type.Integer(), Type.Null()]),
  draftedNote: NullableString,
});
export const ReviewSummary = Type.Object({ id: Type.String(), agency: Type.Object({ code: Type.String(), name: Type.String() }), year: Type.Integer(), status: Type.Enum([...REVIEW_STATUSES]), items: Type.Integer() });
export const ReviewList = Type.Object({ items: Type.Array(ReviewSummary) });
export const ReviewView = Type.Object({
  id: Type.String(),
  agency: Type.Object({ code: Type.String(), name: Type.String() }),
  year: Type.Integer(),
  status: Type.Enum([...REVIEW_STATUSES]),
  monthlyWageVnd: Type.Integer(),
  hourlyWageVnd: Type.Integer(),
  items: Type.Array(ItemView),
  totals: Type.Object({ beforeYearlyVnd: Amount, afterYearlyVnd: Amount, savingYearlyVnd: Amount, rateBp: Type.Union([Type.Integer(), Type.Null()]), proposals: Type.Integer() }),
  may: Type.Object({ edit: Type.Boolean(), submit: Type.Boolean(), decide: Type.Boolean(), draft: Type.Boolean() }),
  history: Type.Array(Type.Object({ at: Type.String(), by: NullableString, action: Type.String(), from: NullableString, to: NullableString, note: NullableString })),
});
export const DraftView = Type.Object({ version: Type.Integer(), note: NullableString });
export const EvidenceView = Type.Object({
  procedureCode: Type.String(),
  from: Type.String(),
  to: Type.String(),
  received: Type.Integer(),
  online: Type.Integer(),
  onlineBp: Type.Union([Type.Integer(), Type.Null()]),
  resolved: Type.Integer(),
  late: Type.Integer(),
  lateBp: Type.Union([Type.Integer(), Type.Null()]),
  histogram: Type.Array(Type.Object({ from: Type.Integer(), to: Type.Union([Type.Integer(), Type.Null()]), count: Type.Integer() }), { description: 'Resolved dossiers by working days' }),
  medianDays: Type.Union([Type.Integer(), Type.Null()]),
  supplementRequests: Type.Integer(),
  supplementDossiers: Type.Integer(),
  askedAgain: Type.Array(Type.Object({ item: Type.String(), document: Type.Boolean(), count: Type.Integer() })),
  ratings: Type.Integer(),
  ratingPct: Type.Union([Type.Null(), Type.Number()]),
});
export const WageView = Type.Object({ year: Type.Integer(), monthlyWageVnd: Type.Integer(), hourlyWageVnd: Type.Integer() });

export type SheetBody = Static<typeof SheetBody>;
export type ProposalBody = Static<typeof ProposalBody>;
