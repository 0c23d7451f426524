// Why: the soak's load, as the people of a busy workspace make it — typists in a few shared
// documents who come and go, fast sessions that stream and redirect without pause, and
// background runs queued and cancelled — each an actor with a loop that stops when told and
// counts what it did, so bench/soak.ts only composes them and measures the server.
import type { CollabDoc } from '../../lib/client/collabDoc';
import { newRequestId } from '../../lib/client/requestId';
import { RunsClient, type RunsSink } from '../../lib/client/runsClient';
import { request, type ClientSocket } from '../../lib/client/socket';
import { isFinished, type FastDelta, type FastStateEvent, type RunStatus } from '../../lib/protocol';
import { connectClient, waitFor } from '../../server/testing/fixtures';
import { TandemClient } from './clients';
import { pause } from './context';
import { typeWord } from './markedWords';
import { CORRECTION, INSTRUCTION } from './workload';

export type SoakCounts = {
  edits: number;
  reconnects: number;
  turns: number;
  redirects: number;
  stuckTurns: number;
  runsQueued: number;
  cancelRequests: number;
};

export const newCounts = (): SoakCounts => ({
  edits: 0,
  reconnects: 0,
  turns: 0,
  redirects: 0,
  stuckTurns: 0,
  runsQueued: 0,
  cancelRequests: 0,
});

type Stop = { stopped: boolean };
/** The delegator reads runs from its client; nothing is shown. */
const quietRuns: RunsSink = {
  runs: () => undefined,
  evidence: () => undefined,
  diff: () => undefined,
  stale: () => undefined,
};
const jitter = (ms: number) => ms * (0.5 + Math.random());

/** A person typing marked words into a shared document; keeps at most `keep` of their own words in it. */
export class Typist {
  private client!: TandemClient;
  doc!: CollabDoc;
  private k = 0;

  constructor(
    private readonly url: string,
    private readonly token: string,
    readonly person: number,
    readonly path: string,
  ) {}

  async connect(): Promise<void> {
    this.client = await TandemClient.connect(this.url, this.token, `typist-${this.person}`);
    this.doc = await this.client.open(this.path);
  }

  /** Closes the tab and comes back: a new connection, the document opened and synced again. */
  async reconnect(counts: SoakCounts): Promise<void> {
    this.client.close();
    await this.connect();
    counts.reconnects++;
  }

  async type(stop: Stop, everyMs: number, keep: number, counts: SoakCounts): Promise<void> {
    const mine = new RegExp(`‹t${this.person}\\.\\d+›`, 'g');
    while (!stop.stopped) {
      typeWord(this.doc, `‹t${this.person}.${this.k++}›`, () => undefined);
      counts.edits++;
      const text = this.doc.text.toString();
      const own = text.match(mine) ?? [];
      if (own.length > keep) {
        this.doc.text.delete(text.indexOf(own[0]!), own[0]!.length);
        counts.edits++;
      }
      await pause(jitter(everyMs));
    }
  }

  close(): void {
    this.client.close();
  }
}

/** A person who asks a fast edit of their own file, redirects it mid-stream, waits for it, rejects it, again. */
export class FastSession {
  private client!: TandemClient;
  private socket!: ClientSocket;
  private current = '';
  private text = '';
  private state: FastStateEvent['state'] | null = null;

  constructor(
    private readonly url: string,
    private readonly token: string,
    readonly path: string,
    private readonly lines: number,
  ) {}

  async connect(name: string): Promise<void> {
    this.client = await TandemClient.connect(this.url, this.token, name);
    await this.client.open(this.path);
    this.socket = this.client.socket;
    this.socket.on('fast/delta', (d: FastDelta) => {
      if (d.requestId === this.current) this.text = this.text.slice(0, d.from) + d.text;
    });
    this.socket.on('fast/state', (e: FastStateEvent) => {
      if (e.requestId === this.current) this.state = e.state;
    });
  }

  async loop(stop: Stop, counts: SoakCounts): Promise<void> {
    while (!stop.stopped) {
      this.current = newRequestId();
      this.text = '';
      this.state = null;
      const range = { startLine: 1, endLine: this.lines };
      const requestId = this.current;
      await request(this.socket, 'instruction/submit', {
        requestId,
        path: this.path,
        range,
        instruction: INSTRUCTION,
        lane: 'fast',
      });
      counts.turns++;
      try {
        await waitFor(() => this.text.length > 0 || this.state === 'error', 30_000, 'a first token');
        await pause(jitter(250));
        if (this.state === 'streaming' || this.state === null) {
          await request(this.socket, 'fast/redirect', {
            requestId,
            instruction: CORRECTION,
            keptLength: this.text.length,
          });
          counts.redirects++;
          this.state = null;
        }
        await waitFor(() => this.state === 'done' || this.state === 'error', 30_000, 'the redirected answer');
      } catch {
        counts.stuckTurns++;
      }
      await request(this.socket, 'fast/resolve', { requestId, outcome: 'rejected' }).catch(() => undefined);
      await pause(jitter(200));
    }
  }

  close(): void {
    this.client.close();
  }
}

/** Someone who delegates runs now and then, and cancels every other one soon after (queued or running). */
export class RunDelegator {
  readonly ids: string[] = [];
  private socket!: ClientSocket;
  private client!: RunsClient;

  constructor(
    private readonly url: string,
    private readonly token: string,
    private readonly path: string,
  ) {}

  async connect(): Promise<void> {
    this.socket = await connectClient(this.url, { token: this.token, name: 'delegator' });
    this.client = new RunsClient(this.socket, quietRuns);
    await this.client.refresh();
  }

  async loop(stop: Stop, everyMs: number, counts: SoakCounts): Promise<void> {
    for (let n = 0; !stop.stopped; n++) {
      const run = await this.client.start({
        instruction: `${INSTRUCTION} in ${this.path}`,
        path: this.path,
        validation: 'true',
      });
      this.ids.push(run.id);
      counts.runsQueued++;
      if (n % 2 === 1) {
        await pause(jitter(800));
        await this.client.cancel(run.id).catch(() => undefined);
        counts.cancelRequests++;
      }
      await pause(jitter(everyMs));
    }
  }

  /**
   * Its runs by status as the server has them (each run asked by id: the server's list shows only
   * its latest runs, and the client's own view can keep a stale status), once none is queued or
   * running or `withinMs` passed. A finished run stays finished, so only open ones are asked again.
   */
  async settle(withinMs: number): Promise<Record<string, number>> {
    const status = new Map<string, RunStatus>();
    const open = () => this.ids.filter((id) => !status.has(id) || !isFinished(status.get(id)!));
    for (const end = Date.now() + withinMs; ; await pause(1000)) {
      for (const id of open()) status.set(id, await this.serverStatus(id));
      if (open().length === 0 || Date.now() >= end) break;
    }
    const byStatus: Record<string, number> = {};
    for (const s of status.values()) byStatus[s] = (byStatus[s] ?? 0) + 1;
    return byStatus;
  }

  /** A run's status on the server (a subscribe's replay carries it; nothing to replay after MAX_SAFE_INTEGER). */
  private async serverStatus(runId: string): Promise<RunStatus> {
    const { run } = await request(this.socket, 'run/subscribe', { runId, afterSeq: Number.MAX_SAFE_INTEGER });
    await request(this.socket, 'run/unsubscribe', { runId });
    return run.status;
  }

  close(): void {
    this.socket.close();
  }
}
