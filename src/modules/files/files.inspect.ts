// Content inspection of uploads, isolated from the server: a small pool of long-lived child processes
// (files.inspect.worker.ts, forked with a small heap, under tsx like the rest), started on first use, each
// inspecting one file at a time within a time budget. When a child overruns its budget or dies, it is killed and
// replaced and the upload is refused (FILE_CHECK_FAILED): a crafted file never takes the server down.
// Idle children are unref'd (they never keep a CLI command or a test alive) and end when the parent goes away;
// `close` (the app's onClose) ends them at once (a later inspection would start a new one).
import { fork, type ChildProcess } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { DomainError } from '../../core/errors.ts';
import './files.errors.ts';
import {
  ACCEPTED,
  DEFAULT_ZIP_LIMITS,
  TYPE_EXTENSIONS,
  expectedTypes,
  nameForType,
  type DetectedType,
  type InspectionKind,
  type InspectionResult,
  type Refusal,
  type ZipLimits,
} from './files.inspect.rules.ts';
import type { InspectRequest, InspectResponse } from './files.inspect.worker.ts';

export type InspectionOutcome = InspectionResult | { ok: false; reason: 'check_failed' | 'busy' };

export interface InspectorOptions {
  /** Time budget of one inspection, in milliseconds (FILE_INSPECT_TIMEOUT_MS). */
  timeoutMs: number;
  /** Decompressed bytes of one archive, at most (FILE_INSPECT_MAX_UNPACKED_MB). */
  maxDecompressedBytes: number;
  /** Children at most (default 2). */
  poolSize?: number;
  /** Heap of a child, in MB (default 64). */
  maxOldSpaceMb?: number;
  /** Inspections waiting for a free child, at most (default 32); past it an upload is refused at once (busy). */
  maxQueued?: number;
  /** The child's module (tests swap in a misbehaving one). */
  workerPath?: string;
}

const FAILED: InspectionOutcome = { ok: false, reason: 'check_failed' };
const BUSY: InspectionOutcome = { ok: false, reason: 'busy' };
/** A child that does not come up within this long counts as failed (tsx compiles the worker on start). */
const STARTUP_MS = 30_000;

interface Slot {
  child: ChildProcess | null;
  ready: Promise<boolean> | null;
  busy: boolean;
}

interface Job {
  path: string;
  limits: ZipLimits;
  timeoutMs: number;
  resolve: (outcome: InspectionOutcome) => void;
}

export class ContentInspector {
  private readonly slots: Slot[];
  private readonly queue: Job[] = [];
  private seq = 0;

  constructor(private readonly options: InspectorOptions) {
    this.slots = Array.from({ length: Math.max(1, options.poolSize ?? 2) }, () => ({ child: null, ready: null, busy: false }));
  }

  /** The decompression cap (for messages). */
  get maxDecompressedBytes(): number {
    return this.options.maxDecompressedBytes;
  }

  /** Process ids of the running children (tests and diagnostics). */
  pids(): number[] {
    return this.slots.flatMap((s) => (s.child?.pid !== undefined ? [s.child.pid] : []));
  }

  /**
   * Inspects the file at `filePath`. Imports (large spreadsheets) get a budget and a decompression cap that grow
   * with the file's size; every other kind the configured ones.
   */
  async inspect(filePath: string, kind: InspectionKind): Promise<InspectionOutcome> {
    let limits: ZipLimits = { ...DEFAULT_ZIP_LIMITS, maxDecompressedBytes: this.options.maxDecompressedBytes };
    let timeoutMs = this.options.timeoutMs;
    if (kind === 'import') {
      const size = (await stat(filePath)).size;
      limits = { ...limits, maxDecompressedBytes: Math.max(limits.maxDecompressedBytes, size * 16) };
      timeoutMs *= Math.max(1, Math.ceil(size / (8 * 1024 * 1024)));
    }
    // A bounded wait: a flood of uploads is refused at once instead of queueing without end behind the children.
    if (this.queue.length >= (this.options.maxQueued ?? 32) && this.slots.every((slot) => slot.busy)) return BUSY;
    return new Promise<InspectionOutcome>((resolve) => {
      this.queue.push({ path: filePath, limits, timeoutMs, resolve });
      this.pump();
    });
  }

  /** Ends the children; waiting inspections fail. */
  async close(): Promise<void> {
    for (const job of this.queue.splice(0)) job.resolve(FAILED);
    await Promise.all(this.slots.map((slot) => (slot.child ? this.kill(slot, slot.child) : undefined)));
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (slot.busy) continue;
      const job = this.queue.shift();
      if (!job) return;
      void this.run(slot, job);
    }
  }

  private spawn(slot: Slot): ChildProcess {
    const workerPath = this.options.workerPath ?? fileURLToPath(new URL('./files.inspect.worker.ts', import.meta.url));
    const child = fork(workerPath, [], {
      execArgv: [`--max-old-space-size=${this.options.maxOldSpaceMb ?? 64}`, '--import', import.meta.resolve('tsx')],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      serialization: 'json',
    });
    slot.child = child;
    slot.ready = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), STARTUP_MS);
      child.once('message', () => {
        clearTimeout(timer);
        resolve(true);
      });
      child.once('exit', () => {
        clearTimeout(timer);
        resolve(false);
      });
    });
    child.on('error', () => {});
    child.once('exit', () => {
      if (slot.child === child) {
        slot.child = null;
        slot.ready = null;
      }
    });
    return child;
  }

  private kill(slot: Slot, child: ChildProcess): Promise<void> {
    if (slot.child === child) {
      slot.child = null;
      slot.ready = null;
    }
    if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      // Held until it is gone, so that awaiting its end keeps the event loop alive.
      child.ref();
      child.kill('SIGKILL');
    });
  }

  private hold(child: ChildProcess, held: boolean): void {
    const channel = child.channel as { ref?: () => void; unref?: () => void } | undefined;
    if (held) {
      child.ref();
      channel?.ref?.();
    } else {
      child.unref();
      channel?.unref?.();
    }
  }

  private async run(slot: Slot, job: Job): Promise<void> {
    slot.busy = true;
    const child = slot.child ?? this.spawn(slot);
    this.hold(child, true);
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const id = ++this.seq;
    const finish = (outcome: InspectionOutcome, broken: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (broken) void this.kill(slot, child);
      else this.hold(child, false);
      slot.busy = false;
      job.resolve(outcome);
      this.pump();
    };
    const onMessage = (message: InspectResponse) => {
      if (message?.id === id) finish(message.result ?? FAILED, !message.result);
    };
    const onExit = () => finish(FAILED, true);
    child.on('message', onMessage);
    child.on('exit', onExit);
    if (!(await slot.ready) || settled) return finish(FAILED, true);
    // The budget runs from the moment the request is handed to a ready child.
    timer = setTimeout(() => finish(FAILED, true), job.timeoutMs);
    try {
      child.send({ id, path: job.path, limits: job.limits } satisfies InspectRequest, (error) => {
        if (error) finish(FAILED, true);
      });
    } catch {
      finish(FAILED, true);
    }
  }
}

const REFUSAL_CODES: Record<Exclude<Refusal, 'unknown'> | 'check_failed', string> = {
  check_failed: 'FILE_CHECK_FAILED',
  malformed: 'FILE_UNREADABLE',
  zip64: 'FILE_ARCHIVE_UNSUPPORTED',
  encrypted: 'FILE_ENCRYPTED',
  nested: 'FILE_NESTED_ARCHIVE',
  too_large: 'FILE_TOO_COMPLEX',
  polyglot: 'FILE_POLYGLOT',
  markup: 'FILE_POLYGLOT',
  macro: 'FILE_MACROS',
};

/** A refusal as a DomainError tied to the form field `field`. */
function refusal(code: string, params: Record<string, string | number>, field: string): DomainError {
  return new DomainError(code, params, [{ path: field, code, params }]);
}

/**
 * Inspects an upload for a route of `kind`: returns the detected type, or null when the content is none of the
 * types the portal knows (the caller answers with its own "type not allowed"). Broken, hostile or unchecked
 * content throws the refusal's DomainError (422) naming `name` and what the route accepts.
 */
export async function inspectUpload(
  inspector: ContentInspector,
  filePath: string,
  kind: InspectionKind,
  name: string,
  options: { field?: string } = {},
): Promise<DetectedType | null> {
  const outcome = await inspector.inspect(filePath, kind);
  if (outcome.ok) return outcome.type;
  if (outcome.reason === 'unknown') return null;
  if (outcome.reason === 'busy') throw new DomainError('FILE_CHECK_BUSY', { name });
  const params: Record<string, string | number> = { name, expected: expectedTypes(kind) };
  if (outcome.reason === 'too_large') params.maxMb = Math.round((inspector.maxDecompressedBytes / 1048576) * 10) / 10;
  throw refusal(REFUSAL_CODES[outcome.reason], params, options.field ?? '/file');
}

/** Whether a route of `kind` takes content of `type`. */
export function accepts(kind: InspectionKind, type: DetectedType | null): type is DetectedType {
  return type !== null && ACCEPTED[kind].includes(type);
}

/**
 * The name to store for an accepted upload of `type`: the same name when its extension matches, the type's
 * extension added when it has none; a name that claims another type is refused (FILE_EXTENSION_MISMATCH).
 */
export function storedName(name: string, type: DetectedType, field = '/file'): string {
  const stored = nameForType(name, type);
  if (stored !== null) return stored;
  const ext = TYPE_EXTENSIONS[type][0]!;
  throw refusal('FILE_EXTENSION_MISMATCH', { name, type: type === 'ole' ? 'DOC/XLS' : type === 'jpg' ? 'JPEG' : type.toUpperCase(), ext }, field);
}
