import { Type, type Static } from 'typebox';

const Nullable = <T extends ReturnType<typeof Type.Number>>(t: T) => Type.Union([t, Type.Null()]);

export const ScorecardQuery = Type.Object({
  agency: Type.String({ minLength: 1, maxLength: 40, description: "Agency e-ID code, e.g. 000.00.12.G14; a merged agency's code (or a former code) answers with its successor's scorecard and `redirectedFrom`" }),
  month: Type.Optional(Type.String({ maxLength: 7, description: 'YYYY-MM (default: the current month, Vietnam time)' })),
});

export const RankingQuery = Type.Object({
  month: Type.Optional(Type.String({ maxLength: 7, description: 'YYYY-MM (default: the current month)' })),
  level: Type.Optional(Type.String({ maxLength: 30, description: 'Agency level (ministry, department, province, provincial_department, district, commune); default: the most common' })),
});

export const HistoryQuery = Type.Object({
  agency: Type.String({ minLength: 1, maxLength: 40 }),
  month: Type.Optional(Type.String({ maxLength: 7, description: 'Last month of the history (default: the current month)' })),
  months: Type.Optional(Type.Integer({ minimum: 1, maximum: 36, default: 12 })),
});

const AgencyRef = Type.Object({ code: Type.String(), name: Type.String(), level: Type.String() });

export const IndicatorView = Type.Object({
  code: Type.String(),
  name: Type.String(),
  rate: Nullable(Type.Number({ description: 'Fraction 0..1; null when no data' })),
  target: Type.Number({ description: 'Fraction 0..1' }),
  points: Nullable(Type.Number()),
  maxPoints: Type.Number(),
  numerator: Nullable(Type.Number()),
  denominator: Nullable(Type.Number()),
  noData: Type.Boolean({ description: 'No data source (publicity before the catalog sync covered the agency, or a month without national-portal messages), or a denominator of 0: left out of points and maxPoints (not counted as zero)' }),
  noDataReason: Type.Union([Type.Literal('no_source'), Type.Literal('no_denominator'), Type.Null()]),
});

export const GroupView = Type.Object({
  code: Type.String(),
  name: Type.String(),
  points: Type.Number(),
  maxPoints: Type.Number({ description: 'Sum of the maximum points of the sub-indicators that have data' }),
  fullMaxPoints: Type.Number({ description: 'As configured (e.g. 18)' }),
  noData: Type.Boolean(),
  indicators: Type.Array(IndicatorView),
});

export const ScorecardView = Type.Object({
  agency: AgencyRef,
  redirectedFrom: Type.Optional(
    Type.Object(
      { code: Type.String(), name: Type.String(), reason: Type.Union([Type.Literal('merged'), Type.Literal('code_changed')]), since: Type.Union([Type.String({ format: 'date' }), Type.Null()]) },
      { description: "The code asked for belongs to an agency merged into another (or is a former code): the scorecard is the successor's (`agency`), whose counts include the merged agency's dossiers" },
    ),
  ),
  month: Type.String(),
  points: Type.Number(),
  maxPoints: Type.Number({ description: 'Maximum of the sub-indicators that have data' }),
  fullMaxPoints: Type.Number({ description: 'Configured total (100)' }),
  index: Nullable(Type.Number({ description: 'points / maxPoints × 100' })),
  groups: Type.Array(GroupView),
});

export const RankingView = Type.Object({
  month: Type.String(),
  level: Type.String(),
  rows: Type.Array(
    Type.Object({ rank: Type.Integer({ description: '0: no data, unranked' }), agency: AgencyRef, points: Type.Number(), maxPoints: Type.Number(), index: Nullable(Type.Number()) }),
  ),
});

export const HistoryView = Type.Object({
  agency: Type.String(),
  months: Type.Array(Type.Object({ month: Type.String(), points: Type.Number(), maxPoints: Type.Number(), index: Nullable(Type.Number()) })),
});

export const MetricView = Type.Object({ name: Type.String(), unit: Type.String(), label: Type.String(), hasSource: Type.Boolean() });

export const ConfigView = Type.Object({
  groups: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), position: Type.Integer(), maxPoints: Type.Number() })),
  indicators: Type.Array(
    Type.Object({
      code: Type.String(),
      groupCode: Type.String(),
      position: Type.Integer(),
      name: Type.String(),
      numerator: Type.String(),
      denominator: Type.String(),
      complement: Type.Boolean(),
      target: Type.Number(),
      maxPoints: Type.Number(),
    }),
  ),
  metrics: Type.Array(MetricView),
});

export const ConfigBody = Type.Object(
  {
    groups: Type.Array(Type.Object({ code: Type.String({ maxLength: 40 }), maxPoints: Type.Number() }, { additionalProperties: false }), { maxItems: 50 }),
    indicators: Type.Array(
      Type.Object(
        {
          code: Type.String({ maxLength: 60 }),
          numerator: Type.String({ maxLength: 60 }),
          denominator: Type.String({ maxLength: 60 }),
          complement: Type.Optional(Type.Boolean()),
          target: Type.Number({ description: 'Fraction 0..1 (0.8 = 80%)' }),
          maxPoints: Type.Number(),
        },
        { additionalProperties: false },
      ),
      { maxItems: 200 },
    ),
  },
  { additionalProperties: false },
);
export type ConfigBodyT = Static<typeof ConfigBody>;

// Pages -----------------------------------------------------------------------------

/** /cong-khai/chi-so-766?co-quan=…&thang=YYYY-MM (default: the top agency, the current month). */
export const ScorecardPageQuery = Type.Object({
  'co-quan': Type.Optional(Type.String({ maxLength: 40 })),
  /** After the redirect from a merged agency's code: the code asked for (the page shows the merger note). */
  'hop-nhat': Type.Optional(Type.String({ maxLength: 40 })),
  thang: Type.Optional(Type.String({ maxLength: 7 })),
});

/** /cong-khai/chi-so-766/xep-hang?thang=YYYY-MM&cap=level */
export const RankingPageQuery = Type.Object({
  thang: Type.Optional(Type.String({ maxLength: 7 })),
  cap: Type.Optional(Type.String({ maxLength: 30 })),
});

/** ?ok=1 after the configuration was saved. */
export const OkQuery = Type.Object({ ok: Type.Optional(Type.String({ maxLength: 20 })) });
