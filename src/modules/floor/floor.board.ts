// The live board of the one-stop floor (issue 20): ONE snapshot per agency, computed once per change and sent to
// every screen of the agency over Server-Sent Events — never one query per screen.
//
// Changes arrive as `pg_notify('floor', agencyId)` (the floor service sends one on every ticket change) on ONE
// dedicated connection (LISTEN floor, opened on the first screen, reconnected with a back-off; after a reconnect
// every open board is recomputed, a notification may have been missed). Without a database URL (a context built
// without one) the open boards are recomputed on a timer instead. Notifications of an agency are debounced; a
// snapshot is sent only when it differs from the last one. A heartbeat comment keeps proxies from closing idle
// streams and notices a new day (the day's statistics start again at midnight with no ticket change).
//
// Memory: per agency one channel (the screens, the last snapshot and its frame), removed with its last screen; per
// screen one entry in a Set. The number of screens is bounded per agency and in total (503 FLOOR_BOARD_BUSY beyond);
// a screen whose socket buffer grows (a stalled client) is dropped, its EventSource reconnects. Nothing else grows.
import pg from 'pg';
import { DomainError } from '../../core/errors.ts';
import { isUuid } from '../../core/ids.ts';
import { vietnamDate } from '../../core/time.ts';
import type { Executor } from '../../db/database.ts';
import { FloorBoardRepository } from './floor.board.repository.ts';
import { buildSnapshot, snapshotFrame, type BoardSnapshot, type ReadyRow } from './floor.board.rules.ts';
import './floor.board.errors.ts';

/** The heartbeat comment, one Buffer for every screen. */
const HEARTBEAT = Buffer.from(': heartbeat\n\n');

/**
 * One screen's stream. `write` answers false when the screen should be dropped (its buffer is too full). The hub
 * writes Buffers: a frame is encoded once and the same Buffer goes to every screen.
 */
export interface BoardSink {
  write(chunk: Buffer | string): boolean;
  end(): void;
}

export interface BoardAgency {
  id: string;
  code: string;
  name: string;
}

/** The agency of a board by its code (AgenciesService.byCode, wired in the container); inactive or unknown: null. */
export type BoardAgencyLookup = (code: string) => Promise<BoardAgency | null>;

export interface BoardOptions {
  /** The database the LISTEN connection opens; absent: the open boards are recomputed every `pollMs`. */
  databaseUrl?: string | null | undefined;
  maxScreensPerAgency?: number;
  maxScreens?: number;
  debounceMs?: number;
  heartbeatMs?: number;
  pollMs?: number;
  /** Results ready for pickup older than this many days are not shown. */
  readyDays?: number;
  /**
   * The results ready for pickup change with the dossiers, not with the floor's tickets: a snapshot reuses the list
   * read less than this long ago (default 30 s), so a burst of calls does not read the dossiers each time.
   */
  readyTtlMs?: number;
  now?: () => Date;
  log?: (message: string, error?: unknown) => void;
}

interface Channel {
  agency: BoardAgency;
  screens: Set<BoardSink>;
  snapshot: BoardSnapshot | null;
  json: string | null;
  /** The last snapshot's frame, encoded once: sent to every screen, and to a screen that opens later. */
  frame: Buffer | null;
  day: string;
  timer: NodeJS.Timeout | null;
  computing: boolean;
  /** A change arrived while computing: compute again once done. */
  dirty: boolean;
  /** The results ready for pickup last read, and when (BoardOptions.readyTtlMs). */
  ready?: { rows: ReadyRow[]; at: number } | undefined;
}

export interface BoardCounts {
  agencies: number;
  screens: number;
  /** Snapshots computed since start (a test and the bench read it: once per change, not per screen). */
  computed: number;
  listening: boolean;
}

export class FloorBoardService {
  private readonly repo = new FloorBoardRepository();
  private readonly channels = new Map<string, Channel>();
  private screens = 0;
  private computed = 0;
  private seq = 0;
  private listener: pg.Client | null = null;
  private listening = false;
  private connecting = false;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private reconnectDelay = 1000;
  private heartbeat: NodeJS.Timeout | null = null;
  private poll: NodeJS.Timeout | null = null;
  private closed = false;
  /** Snapshots of boards without an open screen (the no-JavaScript page, the JSON API), a few seconds each. */
  private readonly recent = new Map<string, { at: number; snapshot: BoardSnapshot }>();
  private readonly o: Required<Omit<BoardOptions, 'databaseUrl' | 'log'>> & Pick<BoardOptions, 'databaseUrl' | 'log'>;

  constructor(
    private readonly db: Executor,
    private readonly agencyByCode: BoardAgencyLookup,
    options: BoardOptions = {},
  ) {
    this.o = {
      databaseUrl: options.databaseUrl,
      log: options.log,
      maxScreensPerAgency: options.maxScreensPerAgency ?? 200,
      maxScreens: options.maxScreens ?? 2000,
      debounceMs: options.debounceMs ?? 200,
      heartbeatMs: options.heartbeatMs ?? 20_000,
      pollMs: options.pollMs ?? 5_000,
      readyDays: options.readyDays ?? 30,
      readyTtlMs: options.readyTtlMs ?? 30_000,
      now: options.now ?? (() => new Date()),
    };
  }

  /** The agency of a board; NOT_FOUND for a code that names no active agency. */
  async agency(code: string): Promise<BoardAgency> {
    const agency = typeof code === 'string' && code.length <= 100 ? await this.agencyByCode(code) : null;
    if (!agency) throw new DomainError('NOT_FOUND');
    return agency;
  }

  /** The board's current snapshot: the open channel's, else a recent one, else computed now. */
  async current(agency: BoardAgency): Promise<BoardSnapshot> {
    const channel = this.channels.get(agency.id);
    if (channel?.snapshot && channel.day === vietnamDate(this.o.now())) return channel.snapshot;
    const now = this.o.now().getTime();
    const memo = this.recent.get(agency.id);
    if (memo && now - memo.at < 5_000) return memo.snapshot;
    const snapshot = await this.compute(agency);
    if (this.recent.size >= 500) this.recent.clear();
    this.recent.set(agency.id, { at: now, snapshot });
    return snapshot;
  }

  /**
   * A screen opens the board's stream: it gets the current snapshot at once (or as soon as the first is computed),
   * then every change. Answers the detach function. 503 FLOOR_BOARD_BUSY beyond the bounds.
   */
  attach(agency: BoardAgency, sink: BoardSink): () => void {
    if (this.closed) throw new DomainError('FLOOR_BOARD_BUSY');
    let channel = this.channels.get(agency.id);
    if ((channel?.screens.size ?? 0) >= this.o.maxScreensPerAgency || this.screens >= this.o.maxScreens) throw new DomainError('FLOOR_BOARD_BUSY');
    if (!channel) {
      channel = { agency, screens: new Set(), snapshot: null, json: null, frame: null, day: '', timer: null, computing: false, dirty: false };
      this.channels.set(agency.id, channel);
    }
    channel.screens.add(sink);
    this.screens++;
    this.start();
    if (channel.frame !== null) this.send(channel, sink, channel.frame);
    else void this.refresh(channel);
    const owner = channel;
    let attached = true;
    return () => {
      if (!attached) return;
      attached = false;
      this.remove(owner, sink);
    };
  }

  /** A change of the agency's floor (a notification, or the floor service in-process): debounced refresh. */
  changed(agencyId: string): void {
    const channel = this.channels.get(agencyId);
    this.recent.delete(agencyId);
    if (!channel || channel.timer) return;
    channel.timer = setTimeout(() => {
      channel.timer = null;
      void this.refresh(channel);
    }, this.o.debounceMs);
    channel.timer.unref?.();
  }

  counts(): BoardCounts {
    return { agencies: this.channels.size, screens: this.screens, computed: this.computed, listening: this.listening };
  }

  /** Ends every screen (their EventSource reconnects to the next server) and the LISTEN connection. */
  async close(): Promise<void> {
    this.closed = true;
    for (const t of [this.heartbeat, this.poll, this.reconnectTimer]) if (t) clearInterval(t);
    this.heartbeat = this.poll = this.reconnectTimer = null;
    for (const channel of this.channels.values()) {
      if (channel.timer) clearTimeout(channel.timer);
      for (const sink of channel.screens) endQuietly(sink);
      channel.screens.clear();
    }
    this.channels.clear();
    this.recent.clear();
    this.screens = 0;
    const listener = this.listener;
    this.listener = null;
    this.listening = false;
    if (listener) await listener.end().catch(() => {});
  }

  // --- internals -------------------------------------------------------------------------------------------

  private remove(channel: Channel, sink: BoardSink): void {
    if (!channel.screens.delete(sink)) return;
    this.screens--;
    if (channel.screens.size === 0 && this.channels.get(channel.agency.id) === channel) {
      if (channel.timer) clearTimeout(channel.timer);
      this.channels.delete(channel.agency.id);
    }
  }

  private send(channel: Channel, sink: BoardSink, frame: Buffer): void {
    let ok = false;
    try {
      ok = sink.write(frame);
    } catch {
      ok = false;
    }
    if (!ok) {
      this.remove(channel, sink);
      endQuietly(sink);
    }
  }

  private async compute(agency: BoardAgency, channel?: Channel): Promise<BoardSnapshot> {
    const now = this.o.now();
    const day = vietnamDate(now);
    const since = new Date(now.getTime() - this.o.readyDays * 86_400_000);
    const cached = channel?.ready && now.getTime() - channel.ready.at < this.o.readyTtlMs ? channel.ready.rows : null;
    // One after the other: one pool connection per snapshot (nothing waits on the board's few milliseconds).
    const calls = await this.repo.calls(this.db, agency.id, day);
    const ready = cached ?? (await this.repo.ready(this.db, agency.id, since));
    const counts = await this.repo.counts(this.db, agency.id, day);
    if (channel && !cached) channel.ready = { rows: ready, at: now.getTime() };
    this.computed++;
    return buildSnapshot(agency, day, calls, ready, counts);
  }

  /** Computes the channel's snapshot once and sends it to all its screens when it changed. */
  private async refresh(channel: Channel): Promise<void> {
    if (channel.computing) {
      channel.dirty = true;
      return;
    }
    channel.computing = true;
    try {
      do {
        channel.dirty = false;
        let snapshot: BoardSnapshot;
        try {
          snapshot = await this.compute(channel.agency, channel);
        } catch (error) {
          this.o.log?.('floor board: snapshot failed', error);
          return;
        }
        if (this.channels.get(channel.agency.id) !== channel) return;
        channel.day = snapshot.day;
        const json = JSON.stringify(snapshot);
        if (json === channel.json) continue;
        channel.json = json;
        channel.snapshot = snapshot;
        // Encoded once; the same Buffer to every screen.
        const frame = Buffer.from(snapshotFrame(++this.seq, json));
        channel.frame = frame;
        for (const sink of [...channel.screens]) this.send(channel, sink, frame);
      } while (channel.dirty);
    } finally {
      channel.computing = false;
    }
  }

  private start(): void {
    if (!this.heartbeat) {
      this.heartbeat = setInterval(() => this.beat(), this.o.heartbeatMs);
      this.heartbeat.unref?.();
    }
    if (this.o.databaseUrl) void this.listen();
    else if (!this.poll) {
      this.poll = setInterval(() => {
        for (const channel of this.channels.values()) void this.refresh(channel);
      }, this.o.pollMs);
      this.poll.unref?.();
    }
  }

  /** A comment to every screen; a new day recomputes the boards (yesterday's statistics must not stay up). */
  private beat(): void {
    const today = vietnamDate(this.o.now());
    for (const channel of [...this.channels.values()]) {
      for (const sink of [...channel.screens]) this.send(channel, sink, HEARTBEAT);
      if (channel.day && channel.day !== today) void this.refresh(channel);
    }
  }

  private async listen(): Promise<void> {
    if (this.listening || this.connecting || this.closed || !this.o.databaseUrl) return;
    this.connecting = true;
    const client = new pg.Client({ connectionString: this.o.databaseUrl });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, null));
    client.on('notification', (message) => {
      if (message.channel === 'floor' && message.payload && isUuid(message.payload)) this.changed(message.payload);
    });
    try {
      await client.connect();
      await client.query('LISTEN floor');
      if (this.closed) {
        await client.end().catch(() => {});
        return;
      }
      this.listener = client;
      this.listening = true;
      this.reconnectDelay = 1000;
      // A change may have come before LISTEN took effect (or while the connection was lost): every open board again.
      for (const channel of this.channels.values()) void this.refresh(channel);
    } catch (error) {
      this.o.log?.('floor board: LISTEN failed', error);
      client.removeAllListeners('end');
      await client.end().catch(() => {});
      this.schedule();
    } finally {
      this.connecting = false;
    }
  }

  private lost(client: pg.Client, error: unknown): void {
    if (this.listener !== client) return;
    this.listener = null;
    this.listening = false;
    if (error) this.o.log?.('floor board: LISTEN connection lost', error);
    client.end().catch(() => {});
    this.schedule();
  }

  private schedule(): void {
    if (this.closed || this.reconnectTimer) return;
    const delay = this.reconnectDelay;
    this.reconnectDelay = Math.min(30_000, this.reconnectDelay * 2);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (this.channels.size) void this.listen();
      else this.reconnectDelay = Math.max(this.reconnectDelay, 2000);
    }, delay);
    this.reconnectTimer.unref?.();
  }
}

function endQuietly(sink: BoardSink): void {
  try {
    sink.end();
  } catch {
    /* already closed */
  }
}
