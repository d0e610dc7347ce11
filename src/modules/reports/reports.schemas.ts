import { Type, type Static } from 'typebox';
import { CELLS, GROUP_BYS } from './reports.rules.ts';

const DayText = (description: string) => Type.String({ maxLength: 20, description: `${description} (dd/mm/yyyy or yyyy-mm-dd, Vietnam calendar day)` });

export const PeriodQuery = Type.Object({
  agency: Type.Optional(Type.String({ maxLength: 40, description: "Agency e-ID code; its whole subtree is reported. Default: the officer's own" })),
  from: Type.Optional(DayText('First day of the period')),
  to: Type.Optional(DayText('Last day of the period')),
});
export type PeriodQueryT = Static<typeof PeriodQuery>;

export const HandlingQuery = Type.Object({
  ...PeriodQuery.properties,
  groupBy: Type.Optional(Type.Enum([...GROUP_BYS], { description: 'Rows by field (default), procedure, agency or agency level' })),
});
export type HandlingQueryT = Static<typeof HandlingQuery>;

export const CellQuery = Type.Object({
  ...HandlingQuery.properties,
  cell: Type.Enum([...CELLS], { description: 'The column of the report' }),
  group: Type.Optional(Type.String({ maxLength: 100, description: 'The row key (as in the report rows); absent: the totals row' })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
});
export type CellQueryT = Static<typeof CellQuery>;

const Numbers = Type.Object(Object.fromEntries(CELLS.map((c) => [c, Type.Integer()])) as Record<(typeof CELLS)[number], ReturnType<typeof Type.Integer>>);

const RateT = Type.Object({
  numerator: Type.Integer(),
  denominator: Type.Integer(),
  percent: Type.Union([Type.Number(), Type.Null()], { description: 'Percentage, 2 decimals; null when the denominator is 0' }),
});

const AgencyRef = Type.Object({ code: Type.String(), name: Type.String() });
const PeriodT = Type.Object({ from: Type.String({ format: 'date' }), to: Type.String({ format: 'date' }) });

export const HandlingReportT = Type.Object({
  form: Type.Literal('06/VPCP/KSTT'),
  agency: AgencyRef,
  period: PeriodT,
  groupBy: Type.String(),
  current: Type.Boolean({ description: 'The period reaches today: overdue is judged now, not at the end of the period' }),
  rows: Type.Array(
    Type.Object({
      key: Type.String(),
      code: Type.Union([Type.String(), Type.Null()]),
      label: Type.String(),
      numbers: Numbers,
      onTimeRate: RateT,
      links: Type.Record(Type.String(), Type.String(), { description: 'Cell → URL of the list of its dossiers' }),
    }),
  ),
  totals: Numbers,
  totalLinks: Type.Record(Type.String(), Type.String()),
  onTimeRate: RateT,
  onTimeRateOfReceived: RateT,
});

export const CellDossiersT = Type.Object({
  cell: Type.String(),
  items: Type.Array(
    Type.Object({
      code: Type.String(),
      procedureCode: Type.String(),
      procedureName: Type.String(),
      agencyName: Type.String(),
      status: Type.Integer(),
      channel: Type.Integer(),
      receivedAt: Type.String({ format: 'date-time' }),
      dueAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
      finishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
      timeliness: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  pageCount: Type.Integer(),
});

export const IndicatorsT = Type.Object({
  agency: AgencyRef,
  period: PeriodT,
  numbers: Numbers,
  onTimeRate: RateT,
  onTimeRateOfReceived: RateT,
  onlineShare: Type.Object({ ...RateT.properties, target: Type.Number(), belowTarget: Type.Boolean() }),
  onlineCapableWithDossiers: RateT,
  onlineResolvedOnline: RateT,
  accounts: Type.Object({
    total: Type.Integer(),
    created: Type.Integer(),
    citizens: Type.Object({ total: Type.Integer(), created: Type.Integer() }),
    organisations: Type.Object({ total: Type.Integer(), created: Type.Integer() }),
  }),
});

// Pages -----------------------------------------------------------------------------

const PageText = Type.Optional(Type.String({ maxLength: 40 }));

/** /bao-cao/xu-ly: the period picker's fields, checked on the form (errors shown with the fields). */
export const ReportPageQuery = Type.Object({
  agency: PageText,
  preset: PageText,
  year: PageText,
  index: PageText,
  from: PageText,
  to: PageText,
  groupBy: PageText,
});

/** /bao-cao/xu-ly.xlsx and .pdf: as the JSON report; an unknown groupBy is "field". */
export const ExportQuery = Type.Object({ ...PeriodQuery.properties, groupBy: PageText });

/** /bao-cao/xu-ly/ho-so: a cell's dossiers; an unknown cell is not found. */
export const CellPageQuery = Type.Object({
  ...PeriodQuery.properties,
  cell: PageText,
  groupBy: PageText,
  group: Type.Optional(Type.String({ maxLength: 100 })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, default: 1 })),
});

/** /bao-cao/tong-quan?agency=… */
export const DashboardQuery = Type.Object({ agency: PageText });
