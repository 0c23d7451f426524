// One person's fast lane on one document: a turn's life — started, streamed, interrupted,
// redirected (steered or restarted), resolved — with the model stream and its AbortController and
// the turn's measurements. What everyone is told of it, and what is recorded, goes through
// TurnEvents (turnEvents.ts). One stream at a time: a new request supersedes the running one.
import * as Y from 'yjs';
import { ProtocolFailure } from '../../lib/protocol';
import type { FastIntent } from '../../lib/protocol/route';
import {
  isResolved,
  type Alternative,
  type FastResolve,
  type FastTurnInfo,
  type FastTurnSnapshot,
  type GhostOutcome,
  type ServerTurnMetrics,
} from '../../lib/protocol/fast';
import type { LineRange } from '../../lib/protocol/shapes';
import { within } from '../../lib/within';
import { snapshot } from '../../lib/fastlane/turnModel';
import { abortNow } from '../models/abortNow';
import type { ModelProvider } from '../models/provider';
import { SteerHandle } from '../models/steering';
import { runGeneration, type GenerationPrompt } from './generation';
import { formatCorrection, surroundingContext, type PromptHistory } from './prompt';
import { newServerTurn, turnInfo, type FastSessionReport, type PendingRedirect, type Turn } from './fastTurn';
import { TurnEvents, type TurnEmit } from './turnEvents';
import type { TurnRecorder } from './turnRecorder';

export type FastSessionDeps = {
  provider: ModelProvider;
  report: FastSessionReport;
  /** The lane's transcript writer (shared by its sessions). */
  recorder: TurnRecorder;
  emit: TurnEmit;
  reason: string;
};

export type FastStart = {
  range: LineRange;
  instruction: string;
  language: string | null;
  reason?: string;
  requestId?: string;
  /** Absent: an edit. */
  intent?: FastIntent;
  context?: string;
  alternative?: Alternative;
};

/** An interrupt's answer waits at most this long for the upstream response to close. */
const CLOSE_WAIT_MS = 2000;

export class FastSession {
  private turn: Turn | null = null;
  private readonly tell: TurnEvents;

  constructor(
    readonly by: { client: string; name: string },
    readonly path: string,
    /** Which of a person's side-by-side alternatives this session streams (0 without alternatives). */
    readonly slot: number,
    private readonly deps: FastSessionDeps,
  ) {
    this.tell = new TurnEvents(deps);
  }

  get requestId(): string | null {
    return this.turn?.info.requestId ?? null;
  }

  get alternative(): Alternative | undefined {
    return this.turn?.info.alternative;
  }

  /** The running or unresolved turn as everyone has been told it, for someone who opens the file now. */
  snapshot(): FastTurnSnapshot | null {
    return this.turn && snapshot(this.turn.view);
  }

  /**
   * Starts a turn (its budget was checked and its prompt history read by the caller; `receivedAt`
   * is when the request came in, for the harness figure).
   */
  start(text: Y.Text, req: FastStart, history: PromptHistory[], receivedAt: number): FastTurnInfo {
    const { range } = req;
    const content = text.toString();
    const lines = content.split('\n');
    if (range.endLine > lines.length) {
      throw new ProtocolFailure(
        'conflict',
        `lines ${range.startLine}–${range.endLine} no longer exist: ${this.path} has ${lines.length} lines now`,
      );
    }
    // An edit nobody accepted is turned down by the new request; a finished answer stays as it was.
    const previous = this.turn;
    if (
      previous &&
      (previous.view.state === 'streaming' || (previous.info.intent === 'edit' && !isResolved(previous.view.state)))
    )
      this.finishTurn(previous, 'rejected', 'replaced by a newer request');
    const info = turnInfo(text, lines, req, {
      path: this.path,
      by: this.by,
      model: this.deps.provider.info,
      reason: this.deps.reason,
    });
    const turn = newServerTurn(info, req.context ?? null, history, receivedAt, (d) =>
      this.tell.delta(turn, d.from, d.text),
    );
    this.turn = turn;
    const context = surroundingContext(lines, range.startLine, range.endLine);
    // The model request is written first (generate runs synchronously up to the request): announcing
    // the turn and writing its transcript row cost a fraction of a millisecond the model need not wait for.
    turn.streamEnded = this.generate(turn, { language: req.language, ...context, partial: null, correction: null });
    this.deps.emit.started(snapshot(turn.view));
    this.deps.recorder.now(turn);
    return info;
  }

  private generate(turn: Turn, prompt: GenerationPrompt): Promise<void> {
    const generation = turn.generation;
    return runGeneration(turn, prompt, {
      provider: this.deps.provider,
      report: this.deps.report,
      history: turn.history,
      live: () => turn.generation === generation && this.turn === turn,
      setState: (state, message) => this.tell.state(turn, state, message),
      restart: (redirect) => this.restart(turn, redirect, undefined),
    });
  }

  /**
   * Stops the stream and answers once the upstream response has closed (so the asker's figure is
   * Esc → upstream closed); the output is cut to what the asker's browser had shown.
   */
  async interrupt(requestId: string, keptLength?: number): Promise<ServerTurnMetrics> {
    const turn = this.requireTurn(requestId);
    // A stream that finished here while its last deltas were still on their way was, for the
    // person who pressed Esc, interrupted all the same.
    const finishedUnseen =
      turn.view.state === 'done' && keptLength !== undefined && keptLength < turn.output.text.length;
    if (turn.view.state !== 'streaming' && !finishedUnseen) return turn.metrics;
    const t0 = performance.now();
    const generation = ++turn.generation;
    abortNow(turn.controller);
    this.cutToShown(turn, keptLength);
    if (!finishedUnseen) {
      const closed = await within(CLOSE_WAIT_MS, turn.streamEnded);
      // A redirect or resolution that came in meanwhile decides the state now.
      if (turn.generation !== generation || this.turn !== turn) return turn.metrics;
      if (closed) turn.metrics.interruptToCloseMs = performance.now() - t0;
    }
    this.tell.state(turn, 'interrupted');
    return turn.metrics;
  }

  /**
   * Nothing unsent goes out after a stop, and the output is cut to what the asker's browser had
   * shown; collaborators, who may have painted a little more, are sent the cut.
   */
  private cutToShown(turn: Turn, keptLength: number | undefined): void {
    turn.batcher.drop();
    turn.output.end();
    if (keptLength === undefined) return;
    turn.batcher.add(turn.output.truncate(keptLength));
    turn.batcher.flush();
  }

  redirect(requestId: string, instruction: string, language: string | null, text: Y.Text, keptLength?: number): void {
    const turn = this.requireTurn(requestId);
    if (isResolved(turn.view.state)) {
      throw new ProtocolFailure('conflict', 'this edit was already accepted, rejected or handed off: start a new one');
    }
    turn.redirectAt = performance.now();
    turn.reported.delete('redirectToFirstTokenMs');
    turn.reported.delete('tokensPerSec');
    delete turn.metrics.redirectToFirstTokenMs;
    const lines = text.toString().split('\n');
    const { startLine, endLine } = turn.info.range;
    const redirect = {
      instruction,
      language,
      ...surroundingContext(lines, startLine, Math.min(endLine, lines.length)),
    };
    const redirects = [...turn.view.redirects, instruction];
    if (
      turn.view.state === 'streaming' &&
      turn.pendingSteer === null &&
      turn.steering.steer(formatCorrection(instruction))
    ) {
      this.steered(turn, redirect, redirects, keptLength);
      return;
    }
    turn.pendingSteer = null;
    this.restart(turn, redirect, keptLength);
    this.tell.state(turn, 'streaming', undefined, redirects);
  }

  /**
   * The running response takes the correction natively: it goes on streaming until the provider
   * stops it at a safe point, and its successor answers the correction. Nothing is cut: the
   * model's answer so far is its partial, so the text the asker had not painted yet is sent again
   * from where the asker's ghost stopped, after the redirect is announced.
   */
  private steered(turn: Turn, redirect: PendingRedirect, redirects: string[], keptLength: number | undefined): void {
    turn.pendingSteer = redirect;
    turn.metrics.redirectVia = 'steer';
    turn.batcher.flush();
    this.tell.state(turn, 'streaming', undefined, redirects);
    if (keptLength !== undefined && keptLength < turn.output.text.length) {
      this.tell.delta(turn, keptLength, turn.output.text.slice(keptLength));
    }
  }

  /** Abort and restart: a new generation sees the output so far as its partial, and the correction. */
  private restart(turn: Turn, redirect: PendingRedirect, keptLength: number | undefined): void {
    turn.generation++;
    abortNow(turn.controller);
    turn.metrics.redirectVia = 'restart';
    if (keptLength === undefined) {
      // As at the end of a stream: a restart cut short drops its unmatched tail, for everyone.
      turn.batcher.add(turn.output.end());
      turn.batcher.flush();
    } else this.cutToShown(turn, keptLength);
    turn.controller = new AbortController();
    turn.steering = new SteerHandle();
    // As in start(): the model request goes out first, the state event and transcript row after it.
    turn.streamEnded = this.generate(turn, {
      language: redirect.language,
      before: redirect.before,
      after: redirect.after,
      partial: turn.output.text,
      correction: redirect.instruction,
    });
  }

  resolve(r: FastResolve): void {
    const turn = this.requireTurn(r.requestId);
    if (isResolved(turn.view.state)) return;
    Object.assign(turn.metrics, r.clientMetrics ?? {});
    this.finishTurn(turn, r.outcome);
  }

  /** The person closed the file (or it went): stop the stream; an unresolved ghost is recorded as rejected. */
  dispose(why: string): void {
    if (this.turn && !isResolved(this.turn.view.state)) this.finishTurn(this.turn, 'rejected', why);
  }

  /**
   * The person's connection dropped and they did not come back in time: a stream still running
   * stops as interrupted, with all it produced; an edit they had not resolved stays on record as
   * it was (they never turned it down).
   */
  abandon(why: string): void {
    const turn = this.turn;
    this.turn = null;
    if (turn?.view.state !== 'streaming') return;
    turn.generation++;
    abortNow(turn.controller);
    turn.batcher.add(turn.output.end());
    turn.batcher.flush();
    this.tell.state(turn, 'interrupted', why);
  }

  private finishTurn(turn: Turn, outcome: GhostOutcome, message?: string): void {
    turn.generation++;
    abortNow(turn.controller);
    turn.batcher.drop();
    this.tell.state(turn, outcome, message);
    if (this.turn === turn) this.turn = null;
  }

  private requireTurn(requestId: string): Turn {
    const turn = this.turn;
    if (!turn || turn.info.requestId !== requestId)
      throw new ProtocolFailure('not_found', `no fast edit ${requestId} is active on ${this.path}`);
    return turn;
  }
}
