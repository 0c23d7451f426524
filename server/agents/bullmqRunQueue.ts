// Why: the background lane's queue when REDIS_URL is set — BullMQ, so that any node queues a
// run and any node or worker with free slots takes it, at least once. A taken run holds a lock
// that its worker renews; a worker that dies (kill -9, a lost machine) stops renewing, BullMQ's
// stalled-job check puts the run back in the queue and another worker takes it — the processor
// sees a run already `running`, counts the restart and restarts it from its snapshot
// (runRestarts.ts). After `maxStalledCount` such returns (MAX_RUN_RESTARTS: the same cap as the
// processor's count, which also counts a clean hand-back), or when its retries (a processor that
// threw) run out, the run is failed with the reason through `events.lost`.
//
// Cancel works from any node: a queued job is removed; a taken one is flagged in Redis (the
// reason, kept a day) and announced on a pub/sub channel. The holder aborts the run's signal with
// RunStop('cancel') on the message; since pub/sub may drop a message, it also reads the flags of
// the runs it holds every second, and a worker that takes (or retakes) a flagged run aborts it
// before it starts. BullMQ's own `cancelJob` reaches only the process that holds the job.
//
// Runs start by priority (runPriority.ts: by hand before a handoff), then in the order they were
// queued; TANDEM_RUN_CLUSTER_CONCURRENCY caps the workspace's runs at once across every process.
import { Queue, WaitingError, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { BULLMQ_PREFIX, runKeys, type RunKeys } from './redisKeys';
import { RUN_PRIORITY } from './runPriority';
import { crashedTooOften, MAX_RUN_RESTARTS } from './runRestarts';
import { RunStop, type RunProcessor, type RunQueue, type RunQueueEvents } from './runQueue';
import { within } from '../../lib/within';

export type BullmqRunQueueOptions = {
  redisUrl: string;
  workspace: string;
  /** Runs this process takes at once; 0: it takes none (a web node that only queues and cancels). */
  concurrency: number;
  /** Runs of the workspace at once across all processes; 0: no such cap. Set by each process that takes runs. */
  clusterConcurrency?: number;
  log: (m: string) => void;
  /** How long a taken run's lock lasts unrenewed (a dead worker is noticed after this). Default 30 s. */
  lockDurationMs?: number;
  /** How often this worker looks for stalled runs. Default 30 s. */
  stalledIntervalMs?: number;
  /** Times a run may come back after its worker died before it is failed. Default MAX_RUN_RESTARTS (2). */
  maxStalledCount?: number;
  /** Times a run is started when its processor throws (not for a run that fails: it ends). Default 2. */
  attempts?: number;
  /** Wait before such a retry. Default 1 s. */
  retryDelayMs?: number;
  /** How often a holder reads the cancel flags of its runs. Default 1 s. */
  cancelPollMs?: number;
};

type RunJob = Job<{ runId: string }>;

const CANCEL_FLAG_TTL_S = 24 * 60 * 60;
const HAND_BACK_WAIT_MS = 2000;
const CLOSE_WAIT_MS = 3000;
const WAITING_STATES = ['waiting', 'prioritized', 'delayed'] as const;

export class BullmqRunQueue implements RunQueue {
  private readonly keys: RunKeys;
  private readonly redis: Redis;
  private readonly queue: Queue<{ runId: string }>;
  private subscriber: Redis | null = null;
  private worker: Worker<{ runId: string }> | null = null;
  private workerConnection: Redis | null = null;
  private poll: NodeJS.Timeout | null = null;
  private readonly held = new Map<string, AbortController>();
  private closing = false;

  constructor(private readonly opts: BullmqRunQueueOptions) {
    this.keys = runKeys(opts.workspace);
    // BullMQ wants connections that wait for Redis rather than fail a command after N retries.
    this.redis = new Redis(opts.redisUrl, { maxRetriesPerRequest: null });
    this.redis.on('error', (err) => opts.log(`run queue: redis: ${err.message}`));
    this.queue = new Queue(this.keys.queueName, { connection: this.redis, prefix: BULLMQ_PREFIX });
    this.queue.on('error', (err) => opts.log(`run queue: ${err.message}`));
  }

  async enqueue(runId: string, priority: number = RUN_PRIORITY.manual): Promise<void> {
    // The run id is the job id: queueing a run twice (a restart re-queueing it) adds it once.
    // Every job has a priority: BullMQ would take one without any before all the others.
    await this.queue.add(
      'run',
      { runId },
      {
        jobId: runId,
        priority,
        attempts: this.opts.attempts ?? 2,
        backoff: { type: 'fixed', delay: this.opts.retryDelayMs ?? 1000 },
        removeOnComplete: true,
        removeOnFail: { count: 1000 },
      },
    );
  }

  async cancel(runId: string, reason: string): Promise<'queued' | 'running' | 'absent'> {
    const job = await this.queue.getJob(runId);
    if (!job) return 'absent';
    const state = await job.getState();
    if ((WAITING_STATES as readonly string[]).includes(state)) {
      try {
        await job.remove();
        return 'queued';
      } catch {
        // Taken between the look and the removal: it is running now.
      }
    } else if (state !== 'active') return 'absent';
    await this.redis.set(this.keys.cancelReason(runId), reason, 'EX', CANCEL_FLAG_TTL_S);
    await this.redis.publish(this.keys.cancelChannel, runId);
    return 'running';
  }

  /**
   * BullMQ has no "taken but never finished" list to report: a run whose worker stopped is still
   * `active` with an expiring lock, and the stalled check gives it back to the queue by itself, so
   * `interrupted` is always empty. What it gives up on comes through `events.lost`.
   */
  async start(process: RunProcessor, events?: RunQueueEvents): Promise<{ interrupted: string[] }> {
    if (this.opts.concurrency === 0) return { interrupted: [] };
    const cap = this.opts.clusterConcurrency ?? 0;
    await (cap > 0 ? this.queue.setGlobalConcurrency(cap) : this.queue.removeGlobalConcurrency());
    const subscriber = new Redis(this.opts.redisUrl, { maxRetriesPerRequest: null });
    this.subscriber = subscriber;
    subscriber.on('error', (err) => this.opts.log(`run queue: cancel channel: ${err.message}`));
    subscriber.on('message', (_channel, runId: string) => void this.checkCancels([runId]));
    await subscriber.subscribe(this.keys.cancelChannel);
    this.poll = setInterval(() => void this.checkCancels([...this.held.keys()]), this.opts.cancelPollMs ?? 1000);

    const connection = new Redis(this.opts.redisUrl, { maxRetriesPerRequest: null });
    this.workerConnection = connection;
    connection.on('error', (err) => this.opts.log(`run worker: redis: ${err.message}`));
    const worker = new Worker<{ runId: string }>(this.keys.queueName, (job, token) => this.take(job, token, process), {
      connection,
      prefix: BULLMQ_PREFIX,
      concurrency: this.opts.concurrency,
      lockDuration: this.opts.lockDurationMs ?? 30_000,
      stalledInterval: this.opts.stalledIntervalMs ?? 30_000,
      maxStalledCount: this.opts.maxStalledCount ?? MAX_RUN_RESTARTS,
    });
    this.worker = worker;
    worker.on('error', (err) => this.opts.log(`run worker: ${err.message}`));
    // Another worker may take the run now: this one stops it and leaves its record as it is.
    worker.on('lockRenewalFailed', (jobIds: string[]) => {
      for (const id of jobIds)
        this.held.get(id)?.abort(new RunStop('shutdown', 'this worker lost the run to another (its lock expired)'));
    });
    worker.on('failed', (job: RunJob | undefined, err: Error) => {
      if (!job || err instanceof WaitingError || err.name === 'WaitingError') return;
      const final = err.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1);
      if (final) events?.lost(job.data.runId, lostReason(err, this.opts.maxStalledCount ?? MAX_RUN_RESTARTS));
    });
    return { interrupted: [] };
  }

  /**
   * In the order they will start: the prioritized set is ordered by priority and then by a counter
   * BullMQ keeps (two runs queued in the same millisecond keep their order; a timestamp would not).
   */
  async waiting(): Promise<string[]> {
    const lists = await Promise.all(WAITING_STATES.map((state) => this.queue.getJobs([state], 0, -1, true)));
    return lists
      .flat()
      .filter((j): j is RunJob => j !== undefined)
      .map((j) => j.data.runId);
  }

  /** Stops taking runs; the running ones stop and go back to the queue for another worker. */
  async close(): Promise<void> {
    this.closing = true;
    if (this.poll) clearInterval(this.poll);
    for (const controller of this.held.values()) controller.abort(new RunStop('shutdown', 'Tandem is shutting down'));
    // BullMQ's close says goodbye to Redis, which waits for it when it is away.
    if (this.worker && !(await within(CLOSE_WAIT_MS, this.worker.close())))
      this.opts.log('run worker: closed without Redis (its running runs will come back through their locks)');
    await within(CLOSE_WAIT_MS, this.queue.close());
    this.workerConnection?.disconnect();
    this.subscriber?.disconnect();
    this.redis.disconnect();
  }

  private async take(job: RunJob, token: string | undefined, process: RunProcessor): Promise<void> {
    const { runId } = job.data;
    const controller = new AbortController();
    this.held.set(runId, controller);
    try {
      if (this.closing) controller.abort(new RunStop('shutdown', 'Tandem is shutting down'));
      else await this.checkCancels([runId]);
      // BullMQ's lock of the job: its value is this worker's token while it holds the job.
      const fence = token ? { key: `${BULLMQ_PREFIX}:${this.keys.queueName}:${job.id}:lock`, token } : undefined;
      // Shut down before it started (close came while the cancel flags were read): not started only to stop.
      if (!isShutdown(controller.signal.reason)) await process(runId, controller.signal, fence);
    } finally {
      this.held.delete(runId);
    }
    if (isShutdown(controller.signal.reason)) {
      // Back to the queue at once, without counting an attempt: a worker takes it and restarts it.
      // With Redis away this would wait for it: after a while the lock is left to run out instead
      // (the stalled check then gives the run to another worker).
      await within(HAND_BACK_WAIT_MS, job.moveToWait(token));
      throw new WaitingError();
    }
  }

  private async checkCancels(runIds: string[]): Promise<void> {
    const mine = runIds.filter((id) => this.held.has(id) && !this.held.get(id)!.signal.aborted);
    if (mine.length === 0) return;
    try {
      const reasons = await this.redis.mget(mine.map((id) => this.keys.cancelReason(id)));
      mine.forEach((id, i) => {
        const reason = reasons[i];
        if (reason != null) this.held.get(id)?.abort(new RunStop('cancel', reason));
      });
    } catch (err) {
      this.opts.log(`run queue: could not read cancel flags: ${(err as Error).message}`);
    }
  }
}

const isShutdown = (stop: unknown) => stop instanceof RunStop && stop.kind === 'shutdown';

function lostReason(err: Error, maxStalledCount: number): string {
  if (/stalled more than allowable limit/.test(err.message)) return crashedTooOften(maxStalledCount + 1);
  return `lost: it failed on every attempt: ${err.message}`;
}
