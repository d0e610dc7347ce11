// The live board (floor.board.ts), public: the page for a screen (/quay/{agencyCode}/bang: large type, Vietnamese;
// without JavaScript it reloads every 15 s), its Server-Sent Events stream and the snapshot as JSON.
import type { AppContext } from '../../container.ts';
import type { App, AppModule } from '../../http/app.ts';
import { DomainError } from '../../core/errors.ts';
import { registerMessages } from '../../core/i18n.ts';
import { formatDateTime } from '../../core/text.ts';
import { floorBoardMessages } from './floor.board.messages.ts';
import { BoardParams, BoardSnapshotResponse } from './floor.board.schemas.ts';
import type { BoardSink } from './floor.board.ts';

registerMessages(floorBoardMessages);

/** A screen whose socket holds more than this unsent is stalled: dropped (its EventSource reconnects). */
const MAX_SCREEN_BUFFER = 64 * 1024;

export const floorBoardModule: AppModule = {
  name: 'floor-board',
  register(app: App, ctx: AppContext) {
    const board = ctx.services.floorBoard;
    // preClose: the streams end before the server waits for its connections to close.
    app.addHook('preClose', async () => {
      await board.close();
    });

    app.get(
      '/api/floor/boards/:agencyCode',
      {
        schema: {
          operationId: 'floorBoard',
          tags: ['floor'],
          security: [],
          summary: 'Get the live board of an agency one-stop floor',
          description:
            'Bảng thông tin công khai của bộ phận một cửa: các số vừa gọi và quầy, hồ sơ có kết quả chờ trả (tên người nộp đã che), thống kê trong ngày. Cùng nội dung với luồng sự kiện /quay/{agencyCode}/bang/su-kien.',
          params: BoardParams,
          response: { 200: BoardSnapshotResponse },
        },
      },
      async (request, reply) => {
        const agency = await board.agency(request.params.agencyCode);
        return reply.header('cache-control', 'no-store').send(await board.current(agency));
      },
    );

    app.get('/quay/:agencyCode/bang', { schema: { hide: true, params: BoardParams } }, async (request, reply) => {
      const agency = await board.agency(request.params.agencyCode);
      const snapshot = await board.current(agency);
      return reply.page('board.njk', {
        snapshot,
        updatedAt: formatDateTime(new Date()),
        eventsUrl: `/quay/${encodeURIComponent(agency.code)}/bang/su-kien`,
      });
    });

    // The stream: the current snapshot at once, then each change; heartbeat comments; `retry` tells EventSource
    // how soon to reconnect (after a restart of the server the screen comes back by itself).
    app.get('/quay/:agencyCode/bang/su-kien', { schema: { hide: true, params: BoardParams } }, async (request, reply) => {
      const agency = await board.agency(request.params.agencyCode);
      const raw = reply.raw;
      const sink: BoardSink = {
        write(chunk) {
          if (raw.destroyed || raw.writableEnded) return false;
          raw.write(chunk);
          return raw.writableLength <= MAX_SCREEN_BUFFER;
        },
        end() {
          if (!raw.writableEnded) raw.end();
        },
      };
      let headersSent = false;
      const pending: Array<Buffer | string> = [];
      let detach: () => void;
      try {
        detach = board.attach(agency, {
          // Nothing is written before the headers below; the first frame is queued until then.
          write: (chunk) => (headersSent ? sink.write(chunk) : (pending.push(chunk), true)),
          end: () => sink.end(),
        });
      } catch (error) {
        if (error instanceof DomainError && error.code === 'FLOOR_BOARD_BUSY') reply.header('retry-after', '60');
        throw error;
      }
      reply.hijack();
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) headers[name] = String(value);
      raw.writeHead(200, {
        ...headers,
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        'x-accel-buffering': 'no',
        connection: 'keep-alive',
      });
      headersSent = true;
      raw.write('retry: 5000\n\n');
      for (const chunk of pending.splice(0)) sink.write(chunk);
      request.raw.on('close', () => detach());
      raw.on('close', () => detach());
    });
  },
};
