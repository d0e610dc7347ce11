// Request coalescing: calls that arrive while earlier ones are in flight are combined into one statement.
// - Writes that contend for the same rows (an agency's daily dossier sequence): one batch in flight per key, so
//   concurrent submissions share one commit, one WAL flush and one hold of the row lock (group commit).
// - Point reads under load (the public lookup): a few batches in flight, each one round trip for many callers.
// A call that finds a free slot goes at once (no waiting for company); under load each batch takes everything
// that queued meanwhile, so batches grow with the load and vanish without it.

export interface BatcherOptions {
  /** Most items in one batch. */
  maxBatch: number;
  /** Batches of one key in flight at once (1: strictly one after the other). */
  maxInFlight: number;
}

interface Waiting<I, O> {
  item: I;
  resolve(value: O): void;
  reject(error: unknown): void;
}

interface Lane<I, O> {
  queue: Array<Waiting<I, O>>;
  inFlight: number;
}

export class Batcher<I, O> {
  private readonly lanes = new Map<string, Lane<I, O>>();

  /**
   * `run` handles a batch and answers one result per item, in order. If a batch of several fails, each of its
   * items is retried alone, so one bad item (a unique-key conflict, say) fails only its own caller.
   */
  constructor(
    private readonly run: (items: I[]) => Promise<O[]>,
    private readonly options: BatcherOptions,
  ) {}

  submit(key: string, item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      let lane = this.lanes.get(key);
      if (!lane) {
        lane = { queue: [], inFlight: 0 };
        this.lanes.set(key, lane);
      }
      lane.queue.push({ item, resolve, reject });
      if (lane.inFlight < this.options.maxInFlight) void this.drain(key, lane);
    });
  }

  /** One slot of the lane: runs batches while there are callers waiting, then frees the slot. */
  private async drain(key: string, lane: Lane<I, O>): Promise<void> {
    lane.inFlight++;
    try {
      while (lane.queue.length) await this.runBatch(lane.queue.splice(0, this.options.maxBatch));
    } finally {
      lane.inFlight--;
      if (lane.inFlight === 0 && lane.queue.length === 0) this.lanes.delete(key);
    }
  }

  private async runBatch(batch: Array<Waiting<I, O>>): Promise<void> {
    let results: O[];
    try {
      results = await this.run(batch.map((w) => w.item));
    } catch (error) {
      if (batch.length === 1) {
        batch[0]!.reject(error);
        return;
      }
      for (const waiting of batch) await this.runBatch([waiting]);
      return;
    }
    batch.forEach((waiting, i) => waiting.resolve(results[i]!));
  }
}
