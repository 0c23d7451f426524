// Why: the background lane's queue, behind one interface so that the embedded SQLite queue and a
// BullMQ queue (when REDIS_URL is set) are interchangeable. A queue owns order, concurrency,
// durability and cancellation of what it runs; it knows nothing about what a run does.

/** Why a run's signal was aborted: the person cancelled it, or the process is shutting down. */
export class RunStop extends Error {
  constructor(
    readonly kind: 'cancel' | 'shutdown',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Proof of holding a taken run, for a shared queue: a Redis key that holds `token` while this
 * process holds the run. Writes for the run made with it are refused once it no longer does.
 */
export type RunFence = { key: string; token: string };

export type RunProcessor = (runId: string, signal: AbortSignal, fence?: RunFence) => Promise<void>;

export type RunQueueEvents = {
  /**
   * A run the queue gave up on while it was taken, without the processor ending it (its workers
   * kept dying, or its retries ran out): the caller ends it as failed with this reason.
   */
  lost(runId: string, reason: string): void;
};

export interface RunQueue {
  /**
   * Adds a run; it starts when a slot is free, in the order runs were added — in a queue that
   * honours priorities (BullMQ), lower `priority` first (runPriority.ts). Durable on return.
   * Adding a run the queue already has adds nothing.
   */
  enqueue(runId: string, priority?: number): Promise<void>;
  /**
   * 'queued': removed before it started; 'running': its signal is aborted with a RunStop('cancel')
   * and the processor ends it; 'absent': the queue does not have it.
   */
  cancel(runId: string, reason: string): Promise<'queued' | 'running' | 'absent'>;
  /**
   * Starts taking runs, at most `concurrency` at once. Returns the runs that were taken but never
   * finished when the process last stopped (crash or shutdown): they are back in the queue, first
   * (the processor sees them still `running` and restarts them). A queue that hands such runs to
   * another worker by itself returns none, and reports the ones it gives up on through `events.lost`.
   */
  start(process: RunProcessor, events?: RunQueueEvents): Promise<{ interrupted: string[] }>;
  /** Ids waiting to start, first first. */
  waiting(): Promise<string[]>;
  /** Stops taking runs, aborts the running ones with RunStop('shutdown'), waits for them to end. */
  close(): Promise<void>;
}
