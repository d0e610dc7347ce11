// JSON shape of the floor's report (floor.reports.ts FloorReport).
import { Type } from 'typebox';

export const FloorReportQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ maxLength: 10, description: 'first day, yyyy-mm-dd (default: 29 days before `to`)' })),
    to: Type.Optional(Type.String({ maxLength: 10, description: 'last day, yyyy-mm-dd (default: today in Vietnam)' })),
  },
  { additionalProperties: false },
);

const Minutes = Type.Union([Type.Number(), Type.Null()]);
const TimesLine = Type.Object({ label: Type.String(), tickets: Type.Integer(), waitAvgMinutes: Minutes, waitP90Minutes: Minutes, serviceAvgMinutes: Minutes, serviceP90Minutes: Minutes });

export const FloorReportResponse = Type.Object(
  {
    period: Type.Object({ from: Type.String({ format: 'date' }), to: Type.String({ format: 'date' }) }),
    visitsByDay: Type.Array(Type.Object({ day: Type.String({ format: 'date' }), tickets: Type.Integer(), served: Type.Integer() })),
    visitsByHour: Type.Array(Type.Object({ hour: Type.Integer({ minimum: 0, maximum: 23 }), tickets: Type.Integer() })),
    byCounter: Type.Array(TimesLine),
    byGroup: Type.Array(TimesLine),
    officers: Type.Array(
      Type.Object({
        officerId: Type.String(),
        officer: Type.String(),
        satisfied: Type.Integer(),
        normal: Type.Integer(),
        notSatisfied: Type.Integer(),
        total: Type.Integer(),
        satisfiedPercent: Type.Union([Type.Number(), Type.Null()]),
        reasons: Type.Record(Type.String(), Type.Integer(), { description: 'reason code → count' }),
      }),
    ),
  },
  { title: 'FloorReport' },
);
