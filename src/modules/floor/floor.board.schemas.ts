// JSON shape of the live board (floor.board.rules.ts BoardSnapshot): the same object the SSE stream sends.
import { Type } from 'typebox';

export const BoardParams = Type.Object({ agencyCode: Type.String({ minLength: 1, maxLength: 100, description: 'e-ID code of the agency whose floor is shown' }) });

export const BoardSnapshotResponse = Type.Object(
  {
    agency: Type.Object({ code: Type.String(), name: Type.String() }),
    day: Type.String({ format: 'date', description: 'the day in Vietnam the tickets and statistics are of' }),
    calls: Type.Array(
      Type.Object({
        key: Type.String({ description: 'identifies the call (a ticket called again is a new call)' }),
        ticket: Type.String({ description: 'the ticket as printed, e.g. A012' }),
        counter: Type.Integer({ description: 'the counter number' }),
        counterLabel: Type.String(),
        calledAt: Type.String({ format: 'date-time' }),
      }),
      { description: 'the last calls, newest first' },
    ),
    ready: Type.Array(Type.Object({ code: Type.String({ description: 'dossier code' }), name: Type.String({ description: 'the applicant’s name masked: "Nguyễn V** A**"' }) }), {
      description: 'results ready for pickup (status 9) of the agency, most recent first',
    }),
    stats: Type.Object({
      issued: Type.Integer(),
      served: Type.Integer(),
      waiting: Type.Integer(),
      averageWaitMinutes: Type.Union([Type.Integer(), Type.Null()], { description: 'average wait of the tickets called today, minutes; null before the first call' }),
    }),
  },
  { title: 'FloorBoard' },
);
