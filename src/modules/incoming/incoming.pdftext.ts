// Full text of an incoming document's PDF, extracted in an isolated child process (incoming.pdftext.worker.ts,
// forked under tsx with a small heap, started on first use and kept): one extraction at a time, bounded in bytes
// read, pages, characters and time; past its time budget, or when it dies, the child is killed (and replaced on
// the next extraction) and the document simply has no text (a scanned image has none either). A crafted PDF never
// takes the server down. Extractions wait in line (bounded; beyond it the text is skipped). The idle child is
// unref'd (it never keeps a command or a test alive) and ends when the parent goes away.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { PdfTextRequest, PdfTextResponse } from './incoming.pdftext.worker.ts';

export interface PdfTextOptions {
  /** Time budget of one extraction, ms (after the child is up). */
  timeoutMs?: number;
  /** Heap of the child, MB. */
  maxOldSpaceMb?: number;
  maxBytes?: number;
  maxPages?: number;
  maxChars?: number;
  concurrency?: number;
  maxQueued?: number;
  /** The child's module (tests swap in a misbehaving one). */
  workerPath?: string;
}

const STARTUP_MS = 30_000;

export class PdfTextExtractor {
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  private child: ChildProcess | null = null;
  private ready: Promise<boolean> | null = null;
  private seq = 0;

  constructor(private readonly options: PdfTextOptions = {}) {}

  /** The text of the PDF at `filePath` ('' when it has none, cannot be read, or the budget runs out). */
  async extract(filePath: string): Promise<string> {
    const concurrency = this.options.concurrency ?? 1;
    if (this.running >= concurrency) {
      if (this.waiting.length >= (this.options.maxQueued ?? 16)) return '';
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    this.running++;
    try {
      return await this.run(filePath);
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }

  /** Ends the child (a later extraction starts a new one). */
  close(): void {
    if (this.child) this.child.kill('SIGKILL');
    this.child = null;
    this.ready = null;
  }

  private spawn(): { child: ChildProcess; ready: Promise<boolean> } {
    const workerPath = this.options.workerPath ?? fileURLToPath(new URL('./incoming.pdftext.worker.ts', import.meta.url));
    const child = fork(workerPath, [], {
      execArgv: [`--max-old-space-size=${this.options.maxOldSpaceMb ?? 128}`, '--import', import.meta.resolve('tsx')],
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
      serialization: 'json',
    });
    const ready = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), STARTUP_MS);
      const onReady = (message: PdfTextResponse) => {
        if (message?.id !== 0) return;
        clearTimeout(timer);
        child.off('message', onReady);
        resolve(true);
      };
      child.on('message', onReady);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve(false);
      });
    });
    child.on('error', () => {});
    child.once('exit', () => {
      if (this.child === child) {
        this.child = null;
        this.ready = null;
      }
    });
    this.child = child;
    this.ready = ready;
    return { child, ready };
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

  /** One extraction in the long-lived child (started on first use, replaced after a failure or an overrun). */
  private async run(filePath: string): Promise<string> {
    const { child, ready } = this.child && this.ready ? { child: this.child, ready: this.ready } : this.spawn();
    this.hold(child, true);
    if (!(await ready)) {
      if (this.child === child) this.close();
      return '';
    }
    const id = ++this.seq;
    return new Promise<string>((resolve) => {
      let settled = false;
      const finish = (text: string, broken: boolean) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        if (broken) {
          if (this.child === child) this.close();
          else child.kill('SIGKILL');
        } else this.hold(child, false);
        resolve(text);
      };
      const onMessage = (message: PdfTextResponse) => {
        if (message?.id === id) finish(typeof message.text === 'string' ? message.text : '', false);
      };
      const onExit = () => finish('', true);
      const timer = setTimeout(() => finish('', true), this.options.timeoutMs ?? 10_000);
      child.on('message', onMessage);
      child.once('exit', onExit);
      const request: PdfTextRequest = {
        id,
        path: filePath,
        maxBytes: this.options.maxBytes ?? 50 * 1024 * 1024,
        maxPages: this.options.maxPages ?? 500,
        maxChars: this.options.maxChars ?? 400_000,
      };
      try {
        child.send(request, (error) => {
          if (error) finish('', true);
        });
      } catch {
        finish('', true);
      }
    });
  }
}
