// The live board's tests: a floor (group, counter, tickets) written straight into the floor tables, the change
// announced as the floor service does (pg_notify('floor', agencyId)), and a reader of an SSE stream.
import http from 'node:http';
import { sql } from 'kysely';
import type { Db } from '../../src/db/database.ts';
import { vietnamDate } from '../../src/core/time.ts';

export interface Floor {
  agencyId: string;
  agencyCode: string;
  groupId: string;
  counterId: string;
  officerId: string;
}

/** Group ZB and counter 97 of the agency (apart from the demo's floor), its officer the given account. */
export async function seedFloor(db: Db, agencyCode: string, officerUsername = 'demo.motcua'): Promise<Floor> {
  const agency = await db.selectFrom('agencies').select('id').where('code', '=', agencyCode).executeTakeFirstOrThrow();
  const officer = await db.selectFrom('accounts').select('id').where('username', '=', officerUsername).executeTakeFirstOrThrow();
  const group = await db.insertInto('floor_groups').values({ agency_id: agency.id, code: 'ZB', name_vi: 'Kiểm thử bảng', name_en: 'Board test' }).returning('id').executeTakeFirstOrThrow();
  const counter = await db.insertInto('floor_counters').values({ agency_id: agency.id, number: 97, label: 'Quầy 97' }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('floor_counter_groups').values({ counter_id: counter.id, group_id: group.id }).execute();
  return { agencyId: agency.id, agencyCode, groupId: group.id, counterId: counter.id, officerId: officer.id };
}

let numbers = 0;

/** The printed code of a ticket of the test group. */
export function ticketLabel(number: number): string {
  return `ZB${String(number).padStart(3, '0')}`;
}

/** A ticket of today: waiting, or called to the counter `minutesWaited` after it was issued. */
export async function addTicket(db: Db, floor: Floor, state: 'waiting' | 'called' | 'done' = 'waiting', minutesWaited = 5, now = new Date()): Promise<{ id: string; number: number }> {
  const number = ++numbers;
  const issued = new Date(now.getTime() - minutesWaited * 60_000);
  const called = state === 'waiting' ? null : now;
  // A counter holds one ticket called or in service at a time (0050): the previous one is done.
  if (state !== 'waiting') await db.updateTable('floor_tickets').set({ status: 'done', served_at: now, finished_at: now }).where('counter_id', '=', floor.counterId).where('status', 'in', ['called', 'serving']).execute();
  const row = await db
    .insertInto('floor_tickets')
    .values({
      agency_id: floor.agencyId,
      group_id: floor.groupId,
      queue_group_id: floor.groupId,
      code: ticketLabel(number),
      day: vietnamDate(now),
      number,
      status: state,
      counter_id: state === 'waiting' ? null : floor.counterId,
      officer_id: state === 'waiting' ? null : floor.officerId,
      calls: state === 'waiting' ? 0 : 1,
      issued_at: issued,
      called_at: called,
      last_called_at: called,
      finished_at: state === 'done' ? now : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, number };
}

/** What the floor service does after each ticket change. */
export async function announce(db: Db, agencyId: string): Promise<void> {
  await sql`SELECT pg_notify('floor', ${agencyId})`.execute(db);
}

export interface SseReader {
  /** Frames of event `snapshot`, parsed, in order. */
  snapshots: Array<Record<string, any>>;
  /** The event id of each snapshot (the same id on two screens: the same broadcast). */
  ids: string[];
  comments: number;
  /** Resolves with the first snapshot (from now on or already received at index ≥ from) that satisfies `test`. */
  next(test: (s: Record<string, any>) => boolean, from?: number): Promise<Record<string, any>>;
  ended: Promise<void>;
  response: http.IncomingMessage;
  close(): void;
}

/** Opens an SSE stream and parses its frames. */
export function openStream(url: string): Promise<SseReader> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers: { accept: 'text/event-stream' } }, (response) => {
      response.setEncoding('utf8');
      let buffer = '';
      const waiters: Array<{ test: (s: Record<string, any>) => boolean; from: number; resolve: (s: Record<string, any>) => void }> = [];
      let endResolve!: () => void;
      const reader: SseReader = {
        snapshots: [],
        ids: [],
        comments: 0,
        response,
        ended: new Promise<void>((r) => (endResolve = r)),
        next(test, from = 0) {
          const found = reader.snapshots.slice(from).find(test);
          if (found) return Promise.resolve(found);
          return new Promise((r) => waiters.push({ test, from, resolve: r }));
        },
        close() {
          request.destroy();
        },
      };
      response.on('data', (chunk: string) => {
        buffer += chunk;
        let at: number;
        while ((at = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, at);
          buffer = buffer.slice(at + 2);
          if (frame.startsWith(':')) {
            reader.comments++;
            continue;
          }
          const event = /^event: (.*)$/m.exec(frame)?.[1];
          const data = /^data: (.*)$/m.exec(frame)?.[1];
          if (event !== 'snapshot' || data === undefined) continue;
          const snapshot = JSON.parse(data) as Record<string, any>;
          reader.snapshots.push(snapshot);
          reader.ids.push(/^id: (.*)$/m.exec(frame)?.[1] ?? '');
          for (const w of [...waiters]) {
            if (w.test(snapshot)) {
              waiters.splice(waiters.indexOf(w), 1);
              w.resolve(snapshot);
            }
          }
        }
      });
      response.on('end', () => endResolve());
      response.on('close', () => endResolve());
      resolve(reader);
    });
    request.on('error', reject);
  });
}
