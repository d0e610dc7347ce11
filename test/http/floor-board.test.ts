// The live board (issue 20) over HTTP on a listening server: the page (large type, masked names, reload every 15 s
// without JavaScript), its SSE stream fed by ONE snapshot per change for every screen (LISTEN floor), a board left
// open across many updates (the subscriber map and the screens' buffers stay bounded, a closed screen is forgotten)
// and a server restart (the board's next connection gets a snapshot).
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, describe, it } from 'node:test';
import { createContext, type AppContext } from '../../src/container.ts';
import { buildApp, type App } from '../../src/http/app.ts';
import { modules } from '../../src/modules/index.ts';
import { argon2Hasher } from '../../src/modules/identity/passwords.ts';
import { createTestDatabase, testConfig } from '../helpers/db.ts';
import { addTicket, announce, openStream, seedFloor, ticketLabel, type SseReader } from '../helpers/floor-board.ts';
import { COPYRIGHT } from '../helpers/domain.ts';

const { url: databaseUrl, db } = await createTestDatabase({ demo: true });

async function start(): Promise<{ app: App; ctx: AppContext; base: string }> {
  const ctx = createContext(testConfig({ DEMO: 'true' }), db, { hasher: argon2Hasher({ memoryCost: 1024, timeCost: 1 }), databaseUrl });
  const app = await buildApp(ctx, modules, { logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  return { app, ctx, base };
}

let server = await start();
after(() => server.app.close());
const floor = await seedFloor(db, COPYRIGHT);
const boardUrl = () => `${server.base}/quay/${COPYRIGHT}/bang`;

// A result ready for pickup of the agency: the applicant's name must appear masked only.
const ready = await db.selectFrom('dossiers').select(['id', 'code']).where('agency_id', '=', floor.agencyId).where('code', 'is not', null).limit(1).executeTakeFirst();
const readyCode = ready?.code ?? null;
if (ready) await db.updateTable('dossiers').set({ status: 9, finished_at: new Date(), applicant_name: 'Nguyễn Văn Bảo An' }).where('id', '=', ready.id).execute();

describe('the live board', { timeout: 60_000 }, () => {
  it('renders a public page: calls, masked names of ready results, statistics; reloads every 15 s without JavaScript', async () => {
    const t = await addTicket(db, floor, 'called', 12);
    await addTicket(db, floor, 'waiting');
    const response = await fetch(boardUrl());
    assert.equal(response.status, 200);
    const html = await response.text();
    assert.match(html, /<noscript><meta http-equiv="refresh" content="15"><\/noscript>/);
    assert.match(html, new RegExp(`<td>${ticketLabel(t.number)}</td><td>97</td>`));
    if (readyCode) {
      assert.ok(html.includes(readyCode));
      assert.ok(html.includes('Nguyễn V** B** A**'));
      assert.ok(!html.includes('Văn Bảo'), 'the full name never reaches the public screen');
    }
    assert.match(html, /data-stat="waiting">\d+</);
    // Content security: the board's script and the stream are same-origin.
    assert.match(response.headers.get('content-security-policy') ?? '', /script-src 'self'/);
    assert.equal((await fetch(`${server.base}/quay/KHONG-CO/bang`)).status, 404);
    const json = await fetch(`${server.base}/api/floor/boards/${COPYRIGHT}`);
    assert.equal(json.status, 200);
    const snapshot = (await json.json()) as { calls: Array<{ ticket: string }>; stats: { issued: number } };
    assert.ok(snapshot.calls.some((c) => c.ticket === ticketLabel(t.number)));
  });

  it('sends every screen the same snapshot, computed once per change', async () => {
    const first = await openStream(`${boardUrl()}/su-kien`);
    assert.equal(first.response.statusCode, 200);
    assert.match(String(first.response.headers['content-type']), /^text\/event-stream/);
    await first.next(() => true);
    const others = await Promise.all([openStream(`${boardUrl()}/su-kien`), openStream(`${boardUrl()}/su-kien`)]);
    await Promise.all(others.map((s) => s.next(() => true)));
    const board = server.ctx.services.floorBoard;
    assert.equal(board.counts().screens, 3);
    assert.equal(board.counts().agencies, 1);
    await until(() => board.counts().listening);
    const screens = [first, ...others];
    const marks = screens.map((s) => s.snapshots.length);

    const t = await addTicket(db, floor, 'called', 3);
    await announce(db, floor.agencyId);
    const label = ticketLabel(t.number);
    const got = await Promise.all(screens.map((s, i) => s.next((x) => x.calls[0]?.ticket === label, marks[i])));
    assert.deepEqual(got[1], got[0]);
    assert.deepEqual(got[2], got[0]);
    // One broadcast: the three screens got the frame with the same event id (the hub's test counts the queries).
    const ids = screens.map((s, i) => s.ids[s.snapshots.indexOf(got[i]!)]);
    assert.ok(ids[0] && ids.every((id) => id === ids[0]), `the same frame: ${ids.join(', ')}`);
    for (const s of screens) s.close();
    await Promise.all(screens.map((s) => s.ended));
    await until(() => board.counts().screens === 0);
    assert.equal(board.counts().agencies, 0, 'the agency channel goes with its last screen');
  });

  it('stays bounded for a board left open across many updates', async () => {
    const board = server.ctx.services.floorBoard;
    const screen = await openStream(`${boardUrl()}/su-kien`);
    await screen.next(() => true);
    await until(() => board.counts().listening);
    for (let i = 0; i < 25; i++) {
      const t = await addTicket(db, floor, 'called', 1);
      const mark = screen.snapshots.length;
      await announce(db, floor.agencyId);
      await screen.next((x) => x.calls[0]?.ticket === ticketLabel(t.number), mark);
      assert.deepEqual({ agencies: board.counts().agencies, screens: board.counts().screens }, { agencies: 1, screens: 1 });
      // The snapshot holds a bounded number of calls and results, whatever the day's traffic.
      assert.ok(screen.snapshots.at(-1)!.calls.length <= 8);
    }
    // The stream is still open after the updates.
    assert.equal(screen.response.complete, false);
    screen.close();
    await until(() => board.counts().screens === 0);
  });

  it('comes back after a server restart: the next connection gets a snapshot', async () => {
    const screen: SseReader = await openStream(`${boardUrl()}/su-kien`);
    const before = await screen.next(() => true);
    await server.app.close();
    await screen.ended; // the server ended the stream; a browser's EventSource reconnects by itself
    server = await start();
    const again = await openStream(`${boardUrl()}/su-kien`);
    const snapshot = await again.next(() => true);
    assert.deepEqual(snapshot.calls, before.calls);
    // Its LISTEN connection opened again: a change reaches the new server's screens.
    await until(() => server.ctx.services.floorBoard.counts().listening);
    const t = await addTicket(db, floor, 'called', 2);
    const mark = again.snapshots.length;
    await announce(db, floor.agencyId);
    await again.next((x) => x.calls[0]?.ticket === ticketLabel(t.number), mark);
    again.close();
  });
});

/** Waits for a condition the server reaches on its own (a closed socket seen); the test's timeout bounds it. */
async function until(test: () => boolean): Promise<void> {
  while (!test()) await new Promise((r) => setTimeout(r, 10));
}
