import { Type, type Static } from 'typebox';

export const RatingParams = Type.Object({ id: Type.String({ maxLength: 64 }) });

export const CriteriaList = Type.Object({
  items: Type.Array(
    Type.Object({
      code: Type.String(),
      question: Type.String(),
      options: Type.Array(Type.Object({ value: Type.String(), label: Type.String(), score: Type.Integer() })),
    }),
  ),
});

export const RatingBody = Type.Object({
  answers: Type.Record(Type.String({ maxLength: 64 }), Type.String({ maxLength: 64 }), { description: 'criterion code → option value, one per criterion' }),
  comment: Type.Optional(Type.String({ maxLength: 10000 })),
});
export type RatingBodyT = Static<typeof RatingBody>;

export const Rating = Type.Object({
  dossierId: Type.String({ format: 'uuid' }),
  score: Type.Integer(),
  maxScore: Type.Integer(),
  comment: Type.Union([Type.String(), Type.Null()]),
  answers: Type.Array(Type.Object({ criterion: Type.String(), value: Type.String(), score: Type.Integer() })),
  createdAt: Type.String({ format: 'date-time' }),
});
