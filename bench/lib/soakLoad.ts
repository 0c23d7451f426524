// Why: the soak's load, as the people of a busy workspace make it — typists in a few shared
// documents who come and go, fast sessions that stream and redirect without pause, and
// background runs queued and cancelled — each an actor with a loop that stops when told and
// counts what it did, so bench/soak.ts only composes them and measures the server. Every request
// to the server has a generous deadline (a hung one would hang the soak): one not answered in time
// is counted, and the actor goes on.
import type { CollabDoc } from '../../lib/client/collabDoc';
import { newRequestId } from '../../lib/client/requestId';
import { RunsClient, type RunsSink } from '../../lib/client/runsClient';
import { request, type ClientSocket } from '../../lib/client/socket';
import { isFinished, type FastDelta, type FastStateEvent, type RunStatus } from '../../lib/protocol';
import { within } from '../../lib/within';
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
  /** Requests (connect and open included) not answered within ANSWER_WITHIN_MS. */
  timeouts: number;
};

export const newCounts = (): SoakCounts => ({
  edits: 0,
  reconnects: 0,
  turns: 0,
  redirects: 0,
  stuckTurns: 0,
  runsQueued: 0,
  cancelRequests: 0,
  timeouts: 0,
});

/** How long the soak waits for any one answer from the server: far beyond a loaded machine's slowest. */
export const ANSWER_WITHIN_MS = 60_000;

/** A request the server did not answer within ANSWER_WITHIN_MS (counted once, when it is given up). */
export class SoakTimeout extends Error {}

/** `work`'s result, or a SoakTimeout (counted) once it has not settled within `ms`. */
export async function answered<T>(
  what: string,
  work: Promise<T>,
  counts: SoakCounts,
  ms = ANSWER_WITHIN_MS,
): Promise<T> {
  if (await within(ms, work)) return work;
  counts.timeouts++;
  throw new SoakTimeout(`${what}: no answer within ${ms / 1000} s`);
}

/** One step of an actor's loop: a timed-out request ends the step (it was counted); anything else stops the soak. */
async function unlessTimedOut(step: () => Promise<void>): Promise<void> {
  try {
    await step();
  } catch (err) {
    if (!(err instanceof SoakTimeout)) throw err;
  }
}

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

  async connect(counts: SoakCounts): Promise<void> {
    const client = await answered(
      'typist connect',
      TandemClient.connect(this.url, this.token, `typist-${this.person}`),
      counts,
    );
    this.client = client;
    this.doc = await answered(`typist open ${this.path}`, client.open(this.path), counts);
  }

  /**
   * Closes the tab and comes back: a new connection, the document opened and synced again. One that
   * timed out is tried again at the typist's next reconnect (it types into its last copy meanwhile).
   */
  async reconnect(counts: SoakCounts): Promise<void> {
    this.client.close();
    await unlessTimedOut(async () => {
      await this.connect(counts);
      counts.reconnects++;
    });
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

  async connect(name: string, counts: SoakCounts): Promise<void> {
    this.client = await answered(`${name} connect`, TandemClient.connect(this.url, this.token, name), counts);
    await answered(`${name} open ${this.path}`, this.client.open(this.path), counts);
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
      await unlessTimedOut(() => this.turn(requestId, range, counts));
      await answered(
        'fast/resolve',
        request(this.socket, 'fast/resolve', { requestId, outcome: 'rejected' }),
        counts,
      ).catch(() => undefined);
      await pause(jitter(200));
    }
  }

  /** One turn: asked, redirected once its first token is in, waited for. */
  private async turn(requestId: string, range: { startLine: number; endLine: number }, counts: SoakCounts) {
    const submit = { requestId, path: this.path, range, instruction: INSTRUCTION, lane: 'fast' } as const;
    await answered('instruction/submit', request(this.socket, 'instruction/submit', submit), counts);
    counts.turns++;
    try {
      await waitFor(() => this.text.length > 0 || this.state === 'error', 30_000, 'a first token');
      await pause(jitter(250));
      if (this.state === 'streaming' || this.state === null) {
        const redirect = { requestId, instruction: CORRECTION, keptLength: this.text.length };
        await answered('fast/redirect', request(this.socket, 'fast/redirect', redirect), counts);
        counts.redirects++;
        this.state = null;
      }
      await waitFor(() => this.state === 'done' || this.state === 'error', 30_000, 'the redirected answer');
    } catch (err) {
      if (err instanceof SoakTimeout) throw err;
      counts.stuckTurns++;
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

  async connect(counts: SoakCounts): Promise<void> {
    this.socket = await answered(
      'delegator connect',
      connectClient(this.url, { token: this.token, name: 'delegator' }),
      counts,
    );
    this.client = new RunsClient(this.socket, quietRuns);
    await answered('run/list', this.client.refresh(), counts);
  }

  async loop(stop: Stop, everyMs: number, counts: SoakCounts): Promise<void> {
    for (let n = 0; !stop.stopped; n++) {
      await unlessTimedOut(async () => {
        const start = { instruction: `${INSTRUCTION} in ${this.path}`, path: this.path, validation: 'true' };
        const run = await answered('run/start', this.client.start(start), counts);
        this.ids.push(run.id);
        counts.runsQueued++;
        if (n % 2 === 1) {
          await pause(jitter(800));
          await answered('run/cancel', this.client.cancel(run.id), counts).catch(() => undefined);
          counts.cancelRequests++;
        }
      });
      await pause(jitter(everyMs));
    }
  }

  /**
   * Its runs by status as the server has them (each run asked by id: the server's list shows only
   * its latest runs, and the client's own view can keep a stale status), once none is queued or
   * running or `withinMs` passed. A finished run stays finished, so only open ones are asked again.
   */
  async settle(withinMs: number, counts: SoakCounts): Promise<Record<string, number>> {
    const status = new Map<string, RunStatus>();
    const open = () => this.ids.filter((id) => !status.has(id) || !isFinished(status.get(id)!));
    for (const end = Date.now() + withinMs; ; await pause(1000)) {
      for (const id of open()) {
        await unlessTimedOut(
          async () => void status.set(id, await answered(`run ${id}`, this.serverStatus(id), counts)),
        );
      }
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
