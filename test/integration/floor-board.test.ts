// The live board's hub (floor.board.ts) with screens as plain sinks: one snapshot per change whatever the number
// of screens, changes coalesced, a stalled screen dropped, the bounds per agency and in total, nothing kept once
// the last screen goes; without a database URL, the open boards are recomputed on a timer.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError } from '../../src/core/errors.ts';
import { FloorBoardService, type BoardAgency, type BoardSink } from '../../src/modules/floor/floor.board.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { COPYRIGHT } from '../helpers/domain.ts';
import { addTicket, seedFloor, ticketLabel } from '../helpers/floor-board.ts';

const { db } = await createTestDatabase({ demo: true });
const floor = await seedFloor(db, COPYRIGHT);
const agency: BoardAgency = { id: floor.agencyId, code: COPYRIGHT, name: 'Cục Bản quyền tác giả' };

class Screen implements BoardSink {
  frames: string[] = [];
  ended = false;
  private waiters: Array<() => void> = [];
  constructor(private readonly accept = true) {}
  write(chunk: string): boolean {
    this.frames.push(chunk);
    for (const w of this.waiters.splice(0)) w();
    return this.accept;
  }
  end(): void {
    this.ended = true;
  }
  snapshots(): Array<Record<string, any>> {
    return this.frames.filter((f) => f.includes('event: snapshot')).map((f) => JSON.parse(/^data: (.*)$/m.exec(f)![1]!));
  }
  async until(test: (s: Record<string, any>) => boolean): Promise<Record<string, any>> {
    for (;;) {
      const found = this.snapshots().find(test);
      if (found) return found;
      await new Promise<void>((r) => this.waiters.push(r));
    }
  }
}

const lookup = async (code: string) => (code === COPYRIGHT ? agency : null);

describe('the board hub', { timeout: 60_000 }, () => {
  it('computes one snapshot per burst of changes for all screens, and forgets the agency with its last screen', async () => {
    const board = new FloorBoardService(db, lookup, { debounceMs: 20, pollMs: 3_600_000 });
    try {
      const screens = [new Screen(), new Screen(), new Screen()];
      const detach0 = board.attach(agency, screens[0]!);
      await screens[0]!.until(() => true);
      const detach = [detach0, ...screens.slice(1).map((s) => board.attach(agency, s))];
      for (const s of screens) assert.equal(s.snapshots().length, 1, 'the current snapshot at once');
      const before = board.counts().computed;
      const t = await addTicket(db, floor, 'called', 4);
      // A burst of notifications: one snapshot.
      for (let i = 0; i < 10; i++) board.changed(floor.agencyId);
      const got = await Promise.all(screens.map((s) => s.until((x) => x.calls[0]?.ticket === ticketLabel(t.number))));
      assert.equal(board.counts().computed - before, 1);
      assert.deepEqual(got[0], got[2]);
      assert.equal(got[0]!.stats.averageWaitMinutes !== null, true);
      // The same state again: nothing sent.
      const sent = screens[0]!.frames.length;
      board.changed(floor.agencyId);
      await until(() => board.counts().computed - before === 2);
      assert.equal(screens[0]!.frames.length, sent);
      for (const d of detach) d();
      detach[0]!(); // twice: no effect
      assert.deepEqual({ agencies: board.counts().agencies, screens: board.counts().screens }, { agencies: 0, screens: 0 });
      // Another agency's change with no screen open: nothing computed.
      const computed = board.counts().computed;
      board.changed('00000000-0000-4000-8000-000000000000');
      board.changed(floor.agencyId);
      assert.equal(board.counts().computed, computed);
    } finally {
      await board.close();
    }
  });

  it('drops a stalled screen and keeps the others', async () => {
    const board = new FloorBoardService(db, lookup, { debounceMs: 10, pollMs: 3_600_000 });
    try {
      const healthy = new Screen();
      board.attach(agency, healthy);
      await healthy.until(() => true);
      const stalled = new Screen(false);
      board.attach(agency, stalled);
      assert.equal(stalled.ended, true, 'its buffer is full: ended, its EventSource will reconnect');
      assert.equal(board.counts().screens, 1);
    } finally {
      await board.close();
    }
  });

  it('bounds the screens per agency and in total', async () => {
    const board = new FloorBoardService(db, lookup, { maxScreensPerAgency: 2, maxScreens: 3, pollMs: 3_600_000 });
    try {
      board.attach(agency, new Screen());
      board.attach(agency, new Screen());
      assert.throws(() => board.attach(agency, new Screen()), (e: unknown) => e instanceof DomainError && e.code === 'FLOOR_BOARD_BUSY' && e.status === 503);
      const other: BoardAgency = { ...agency, id: '00000000-0000-4000-8000-000000000001', code: 'X' };
      board.attach(other, new Screen());
      assert.throws(() => board.attach(other, new Screen()), (e: unknown) => e instanceof DomainError && e.code === 'FLOOR_BOARD_BUSY');
      await assert.rejects(board.agency('KHONG-CO'), (e: unknown) => e instanceof DomainError && e.code === 'NOT_FOUND');
      const screens = [new Screen()];
      await board.close();
      assert.equal(board.counts().screens, 0);
      assert.throws(() => board.attach(agency, screens[0]!), (e: unknown) => e instanceof DomainError && e.code === 'FLOOR_BOARD_BUSY');
    } finally {
      await board.close();
    }
  });

  it('recomputes the open boards on a timer without a LISTEN connection', async () => {
    const board = new FloorBoardService(db, lookup, { pollMs: 30 });
    try {
      const screen = new Screen();
      board.attach(agency, screen);
      await screen.until(() => true);
      const t = await addTicket(db, floor, 'called', 1);
      await screen.until((x) => x.calls[0]?.ticket === ticketLabel(t.number));
      assert.equal(board.counts().listening, false);
    } finally {
      await board.close();
    }
  });
});

async function until(test: () => boolean): Promise<void> {
  while (!test()) await new Promise((r) => setTimeout(r, 5));
}
