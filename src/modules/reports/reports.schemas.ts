import { Type, type Static } from 'typebox';
import { CELLS, GROUP_BYS } from './reports.rules.ts';

const DayText = (description: string) => Type.String({ maxLength: 20, description: `${description} (dd/mm/yyyy or yyyy-mm-dd, Vietnam calendar day)` });

export const PeriodQuery = Type.Object({
  agency: Type.Optional(Type.String({ maxLength: 40, description: "Agency e-ID code; its whole subtree and the agencies merged into it are reported (a merged agency's code reports on its successor). Default: the officer's own" })),
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

/**
 * The JSON API's queries: `from` and `to` are required there (the service refuses a period without them; the pages,
 * on the optional ones above, offer the current month). The document says so (issue 14).
 */
const RequiredPeriod = { from: DayText('First day of the period'), to: DayText('Last day of the period') };
export const ApiPeriodQuery = Type.Object({ ...PeriodQuery.properties, ...RequiredPeriod });
export const ApiHandlingQuery = Type.Object({ ...HandlingQuery.properties, ...RequiredPeriod });
export const ApiCellQuery = Type.Object({ ...CellQuery.properties, ...RequiredPeriod });

const Numbers = Type.Object(Object.fromEntries(CELLS.map((c) => [c, Type.Integer()])) as Record<(typeof CELLS)[number], ReturnType<typeof Type.Integer>>);

const RateT = Type.Object({
  numerator: Type.Integer(),
  denominator: Type.Integer(),
  percent: Type.Union([Type.Number(), Type.Null()], { description: 'Percentage, 2 decimals; null when the denominator is 0' }),
});

const AgencyRef = Type.Object({ code: Type.String(), name: Type.String() });

/** Present when the `agency` asked for was merged into another (or is a former code): the report is the successor's. */
export const RedirectedFrom = Type.Optional(
  Type.Object(
    {
      code: Type.String({ description: 'The code asked for' }),
      name: Type.String(),
      reason: Type.Union([Type.Literal('merged'), Type.Literal('code_changed')]),
      since: Type.Union([Type.String({ format: 'date' }), Type.Null()], { description: 'Day of the merger (or of the code change)' }),
    },
    {
      description:
        "The agency code asked for belongs to an agency merged into another (its successor chain's last agency answers) or is a former code: the data is the successor's (`agency`), which includes the merged agency's dossiers before and after the merger",
    },
  ),
);
const PeriodT = Type.Object({ from: Type.String({ format: 'date' }), to: Type.String({ format: 'date' }) });

/** Present only when a replica is configured (DATABASE_REPLICA_URL): where the figures were read (src/db/replica.ts). */
export const DataSource = Type.Optional(
  Type.Object(
    {
      from: Type.Union([Type.Literal('replica'), Type.Literal('primary_fallback')], {
        description: '`replica`: read on the streaming replica; `primary_fallback`: the replica could not be reached, the primary answered (current figures)',
      }),
      replicaLagSeconds: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], {
        description: 'Seconds the replica is behind the primary: 0 when it has replayed everything it received; null when unknown or not read on the replica',
      }),
      asOf: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'The instant the replica\'s figures are as of; null when unknown or not read on the replica' }),
    },
    { description: 'Where the figures were read; absent when no replica is configured (the primary answers)' },
  ),
);

export const HandlingReportT = Type.Object({
  form: Type.Literal('06/VPCP/KSTT'),
  agency: AgencyRef,
  redirectedFrom: RedirectedFrom,
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
  dataSource: DataSource,
  noTimeLimit: Type.Object(
    {
      received: Type.Integer({ minimum: 0 }),
      resolved: Type.Integer({ minimum: 0 }),
      inProgress: Type.Integer({ minimum: 0, description: 'At the end of the period' }),
    },
    { description: 'Dossiers of procedures with no statutory time limit (không quy định thời hạn), counted apart; in the columns above they are never late' },
  ),
});

export const CellDossiersT = Type.Object({
  cell: Type.String(),
  redirectedFrom: RedirectedFrom,
  items: Type.Array(
    Type.Object({
      code: Type.String(),
      procedureCode: Type.String(),
      procedureName: Type.String(),
      agencyName: Type.String(),
      status: Type.Integer(),
      channel: Type.Integer(),
      receivedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'Null for a refused dossier (refused before reception)' }),
      dueAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
      finishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
      timeliness: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  pageCount: Type.Integer(),
  dataSource: DataSource,
});

export const IndicatorsT = Type.Object({
  agency: AgencyRef,
  redirectedFrom: RedirectedFrom,
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
  dataSource: DataSource,
});

// Pages -----------------------------------------------------------------------------

const PageText = Type.Optional(Type.String({ maxLength: 40 }));
/** After the redirect from a merged agency's code: the code asked for (the page shows the merger note). */
const RedirectedFromText = Type.Optional(Type.String({ maxLength: 40 }));

/** /bao-cao/xu-ly: the period picker's fields, checked on the form (errors shown with the fields). */
export const ReportPageQuery = Type.Object({
  agency: PageText,
  preset: PageText,
  year: PageText,
  /** The month of a month period and the quarter of a quarter period (pickers); `index` (either) from older links. */
  month: PageText,
  quarter: PageText,
  index: PageText,
  from: PageText,
  to: PageText,
  groupBy: PageText,
  'hop-nhat': RedirectedFromText,
});

/** /bao-cao/xu-ly.xlsx and .pdf: as the JSON report; an unknown groupBy is "field". */
export const ExportQuery = Type.Object({ ...PeriodQuery.properties, groupBy: PageText, 'hop-nhat': RedirectedFromText });

/** /bao-cao/xu-ly/ho-so: a cell's dossiers; an unknown cell is not found. */
export const CellPageQuery = Type.Object({
  ...PeriodQuery.properties,
  cell: PageText,
  groupBy: PageText,
  group: Type.Optional(Type.String({ maxLength: 100 })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, default: 1 })),
  'hop-nhat': RedirectedFromText,
});

/** /bao-cao/tong-quan?agency=… */
export const DashboardQuery = Type.Object({ agency: PageText, 'hop-nhat': RedirectedFromText });
