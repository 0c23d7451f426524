// The browser side of the background lane: the run list (kept current by `run/updated`), the
// evidence of the runs being watched — subscribe first, then replay from the last contiguous
// sequence number, de-duplicate by number; again after every reconnect — and diffs for diff review (hunk by hunk).
// A re-subscribe that fails leaves the evidence stale: that is said (the sink's `stale`) and the
// subscription retried, never left to stop silently.
import {
  isFinished,
  type ApprovalDecision,
  type EvidenceEvent,
  type HunkDecisionKind,
  type RunDiffReply,
  type RunStartRequest,
  type RunSummary,
} from '../protocol';
import { contiguousSeq, mergeEvidence } from './runs/evidenceItems';
import { request, RequestError, type ClientSocket } from './socket';
import { setEvidence, setEvidenceStale } from './stores/evidenceStore';
import { notify } from './stores/noticeStore';
import { setRunDiff } from './stores/diffReviewStore';
import { setRuns } from './stores/runListStore';

/** Where the client publishes what it knows (the zustand stores in the browser). */
export type RunsSink = {
  runs(runs: RunSummary[]): void;
  evidence(runId: string, events: EvidenceEvent[]): void;
  diff(runId: string, diff: RunDiffReply): void;
  /** The run's evidence stopped being live (why), or is live again (null). */
  stale(runId: string, reason: string | null): void;
};

const storeSink: RunsSink = {
  runs: setRuns,
  evidence: setEvidence,
  diff: setRunDiff,
  stale: (runId, reason) => {
    setEvidenceStale(runId, reason);
    if (reason) notify('warning', reason, 10_000);
  },
};

const RETRY_FIRST_MS = 500;
const RETRY_MAX_MS = 10_000;

export class RunsClient {
  private readonly runs = new Map<string, RunSummary>();
  private readonly events = new Map<string, EvidenceEvent[]>();
  private readonly watching = new Set<string>();
  private readonly diffs = new Map<string, RunDiffReply>();
  /** Why a watched run's evidence is not live, while it is not; and its pending retry. */
  private readonly stale = new Map<string, string>();
  private readonly retries = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly socket: ClientSocket,
    private readonly sink: RunsSink = storeSink,
  ) {
    socket.on('run/updated', (run) => {
      const before = this.runs.get(run.id);
      this.put(run);
      const justFinished = isFinished(run.status) && (!before || !isFinished(before.status) || !this.diffs.has(run.id));
      // Someone recorded hunk decisions: reload them with the diff.
      const decided = this.diffs.has(run.id) && JSON.stringify(before?.review) !== JSON.stringify(run.review);
      if (this.watching.has(run.id) && (justFinished || decided)) void this.loadDiff(run.id).catch(() => undefined);
    });
    socket.on('run/evidence', (e) => {
      if (this.watching.has(e.runId)) this.addEvents(e.runId, [e]);
    });
    socket.on('run/removed', ({ runId }) => {
      this.runs.delete(runId);
      this.stopWatching(runId);
      this.publishRuns();
    });
    socket.on('connect', () => {
      void this.refresh().catch(() => undefined);
      for (const runId of this.watching) this.resubscribe(runId, 0);
    });
  }

  run(runId: string): RunSummary | undefined {
    return this.runs.get(runId);
  }

  list(): RunSummary[] {
    return [...this.runs.values()].sort((a, b) => b.createdAt - a.createdAt);
  }

  evidence(runId: string): EvidenceEvent[] {
    return this.events.get(runId) ?? [];
  }

  diff(runId: string): RunDiffReply | undefined {
    return this.diffs.get(runId);
  }

  async refresh(): Promise<void> {
    const { runs } = await request(this.socket, 'run/list', {});
    this.runs.clear();
    for (const run of runs) this.runs.set(run.id, run);
    this.publishRuns();
  }

  async start(req: Omit<RunStartRequest, 'validation'> & { validation?: string | null }): Promise<RunSummary> {
    const { run } = await request(this.socket, 'run/start', req);
    this.put(run);
    return run;
  }

  async cancel(runId: string): Promise<RunSummary> {
    const { run } = await request(this.socket, 'run/cancel', { runId });
    this.put(run);
    return run;
  }

  /** Answers a command the run asks about (its approval evidence item's id). */
  async approve(runId: string, approvalId: string, decision: ApprovalDecision): Promise<RunSummary> {
    const { run } = await request(this.socket, 'run/approval', { runId, approvalId, decision });
    this.put(run);
    return run;
  }

  /** Follows a run's evidence live from now on, after replaying what this client has not seen. */
  async watch(runId: string): Promise<void> {
    this.watching.add(runId);
    await this.subscribe(runId);
    const run = this.runs.get(runId);
    if (run && isFinished(run.status) && !this.diffs.has(runId)) await this.loadDiff(runId);
  }

  /** Why the run's evidence is not live now (a re-subscribe failed), or undefined when it is. */
  staleReason(runId: string): string | undefined {
    return this.stale.get(runId);
  }

  async unwatch(runId: string): Promise<void> {
    this.stopWatching(runId);
    await request(this.socket, 'run/unsubscribe', { runId }).catch(() => undefined);
  }

  async loadDiff(runId: string): Promise<RunDiffReply> {
    const diff = await request(this.socket, 'run/diff', { runId });
    this.diffs.set(runId, diff);
    this.sink.diff(runId, diff);
    return diff;
  }

  async recordHunkDecisions(
    runId: string,
    decisions: { path: string; hunkId: string; decision: HunkDecisionKind }[],
  ): Promise<RunSummary> {
    const { run } = await request(this.socket, 'run/review', { runId, decisions });
    this.put(run);
    return run;
  }

  async discard(runId: string): Promise<void> {
    await request(this.socket, 'run/discard', { runId });
  }

  /** The server joins us to the run's room before it reads the log, so nothing falls in between. */
  private async subscribe(runId: string): Promise<void> {
    for (;;) {
      const reply = await request(this.socket, 'run/subscribe', {
        runId,
        afterSeq: contiguousSeq(this.evidence(runId)),
      });
      this.put(reply.run);
      this.addEvents(runId, reply.events);
      if (!reply.more) return;
    }
  }

  /** Subscribes again after a reconnect; on failure says so and retries, unless the run is gone. */
  private resubscribe(runId: string, attempt: number): void {
    clearTimeout(this.retries.get(runId));
    this.retries.delete(runId);
    // named now: the run list refreshed on the same reconnect may drop the run before the reply
    const what = `The evidence of run “${this.runs.get(runId)?.instruction ?? runId}”`;
    this.subscribe(runId).then(
      () => this.setStale(runId, null),
      (err: Error) => {
        if (!this.watching.has(runId)) return;
        if (err instanceof RequestError && err.code === 'not_found') {
          this.watching.delete(runId);
          this.setStale(runId, `${what} ends here: ${err.message}`);
          return;
        }
        this.setStale(runId, `${what} is not live after reconnecting (${err.message}); retrying`);
        if (!this.socket.connected) return; // the next connect retries
        const delay = Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** attempt);
        this.retries.set(
          runId,
          setTimeout(() => this.resubscribe(runId, attempt + 1), delay),
        );
      },
    );
  }

  private setStale(runId: string, reason: string | null): void {
    if ((this.stale.get(runId) ?? null) === reason) return;
    if (reason === null) this.stale.delete(runId);
    else this.stale.set(runId, reason);
    this.sink.stale(runId, reason);
  }

  private stopWatching(runId: string): void {
    this.watching.delete(runId);
    clearTimeout(this.retries.get(runId));
    this.retries.delete(runId);
    this.setStale(runId, null);
  }

  private addEvents(runId: string, incoming: EvidenceEvent[]): void {
    const merged = mergeEvidence(this.evidence(runId), incoming);
    if (merged === this.events.get(runId)) return;
    this.events.set(runId, merged);
    this.sink.evidence(runId, merged);
  }

  /** Replies and pushed updates share one ordered connection: the last to arrive is the newest. */
  private put(run: RunSummary): void {
    this.runs.set(run.id, run);
    this.publishRuns();
  }

  private publishRuns(): void {
    this.sink.runs(this.list());
  }
}
