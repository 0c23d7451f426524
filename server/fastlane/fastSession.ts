// One person's fast lane on one document: the turn state machine (streaming → interrupted | done
// | error → accepted | rejected), the model stream and its AbortController, and the turn's
// measurements. One stream at a time: a new request supersedes the running one.
import { randomUUID } from 'node:crypto';
import * as Y from 'yjs';
import { ProtocolFailure } from '../../lib/protocol';
import {
  isResolved,
  type FastDelta,
  type FastResolve,
  type FastStateEvent,
  type FastTurnInfo,
  type GhostOutcome,
  type GhostState,
  type LineRange,
  type ServerTurnMetrics,
} from '../../lib/protocol/fast';
import type { ModelProvider } from '../models/provider';
import { GhostOutput, RestartDetector } from './ghostOutput';
import { OutputFilter } from './outputFilter';
import { buildEditMessages, RESTART_MARKER, surroundingContext } from './prompt';
import type { TranscriptStore } from './transcriptStore';
import { DeltaBatcher } from './deltaBatcher';
import { recordTurn, reportFigures, type FastSessionReport, type Turn } from './fastTurn';

export type FastSessionDeps = {
  provider: ModelProvider;
  report: FastSessionReport;
  admit: () => void;
  transcripts: TranscriptStore;
  emit: { started(info: FastTurnInfo): void; delta(delta: FastDelta): void; state(event: FastStateEvent): void };
  reason: string;
  log: (m: string) => void;
};

const MAX_OUTPUT_TOKENS = 8192;

export class FastSession {
  private turn: Turn | null = null;

  constructor(
    readonly by: { socketId: string; name: string },
    readonly path: string,
    private readonly deps: FastSessionDeps,
  ) {}

  get current(): { info: FastTurnInfo; state: GhostState; output: string; message?: string } | null {
    return this.turn && { info: this.turn.info, state: this.turn.state, output: this.turn.output.text, message: this.turn.message };
  }

  start(text: Y.Text, range: LineRange, instruction: string, language: string | null, reason?: string): FastTurnInfo {
    const receivedAt = performance.now();
    this.deps.admit();
    const content = text.toString();
    const lines = content.split('\n');
    if (range.endLine > lines.length) {
      throw new ProtocolFailure('conflict', `lines ${range.startLine}–${range.endLine} no longer exist: ${this.path} has ${lines.length} lines now`);
    }
    if (this.turn?.state === 'streaming') this.finishTurn(this.turn, 'rejected', 'replaced by a newer request');
    let startOffset = 0;
    for (let i = 0; i < range.startLine - 1; i++) startOffset += lines[i].length + 1;
    const original = lines.slice(range.startLine - 1, range.endLine).join('\n');
    const info: FastTurnInfo = {
      requestId: randomUUID(),
      path: this.path,
      by: this.by.name,
      bySocket: this.by.socketId,
      instruction,
      range,
      original,
      anchor: {
        start: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, startOffset, 0)),
        end: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, startOffset + original.length, -1)),
      },
      model: this.deps.provider.info,
      lane: 'fast',
      reason: reason ?? this.deps.reason,
    };
    const turn: Turn = {
      info,
      state: 'streaming',
      output: new GhostOutput(),
      generation: 0,
      controller: new AbortController(),
      redirects: [],
      metrics: {},
      receivedAt,
      redirectAt: null,
      batcher: new DeltaBatcher(info.requestId, this.deps.emit.delta),
      reported: new Set(),
    };
    this.turn = turn;
    const context = surroundingContext(lines, range.startLine, range.endLine);
    // The model request is written first (generate runs synchronously up to the request): announcing
    // the turn and writing its transcript row cost a fraction of a millisecond the model need not wait for.
    void this.generate(turn, { language, ...context, partial: null });
    this.deps.emit.started(info);
    recordTurn(turn, this.deps.transcripts, this.deps.log);
    return info;
  }

  private async generate(turn: Turn, prompt: { language: string | null; before: string; after: string; partial: string | null }): Promise<void> {
    const generation = turn.generation;
    const controller = turn.controller;
    const { info } = turn;
    const messages = buildEditMessages({
      instruction: info.instruction,
      path: info.path,
      language: prompt.language,
      code: info.original,
      before: prompt.before,
      after: prompt.after,
      history: this.deps.transcripts.history(info.path, info.range),
      partial: prompt.partial,
      correction: turn.redirects.at(-1) ?? null,
    });
    const filter = new OutputFilter();
    const detector = prompt.partial === null ? null : new RestartDetector(RESTART_MARKER);
    const live = () => turn.generation === generation && this.turn === turn && turn.state === 'streaming';
    const followDecision = (d: RestartDetector) => (d.decided === 'restart' ? turn.output.restart() : turn.output.continueFromHere());
    const push = (raw: string) => {
      let text: string | null = raw;
      if (detector) {
        const before = detector.decided;
        text = detector.push(raw);
        if (!before && detector.decided) followDecision(detector);
        if (text === null) return;
      }
      turn.batcher.add(turn.output.append(filter.push(text)));
    };
    let tokens = 0;
    let firstTokenAt: number | undefined;
    let lastTokenAt: number | undefined;
    try {
      for await (const ev of this.deps.provider.stream({ messages, temperature: 0, maxTokens: MAX_OUTPUT_TOKENS }, { signal: controller.signal })) {
        if (!live()) return;
        if (ev.type === 'text') {
          tokens++;
          if (firstTokenAt === undefined) {
            firstTokenAt = ev.at;
            if (generation === 0) {
              turn.metrics.prefillMs = ev.timings.requestSent - turn.receivedAt;
              turn.metrics.ttftMs = (ev.timings.firstToken ?? ev.at) - ev.timings.requestSent;
            } else if (turn.redirectAt !== null) {
              turn.metrics.redirectToFirstTokenMs = ev.at - turn.redirectAt;
            }
          }
          lastTokenAt = ev.at;
          push(ev.text);
        } else if (ev.type === 'usage') {
          turn.metrics.outputTokens = ev.usage.completionTokens;
          turn.metrics.promptTokens = ev.usage.promptTokens;
          this.deps.report.usage(info.by, ev.usage.promptTokens, ev.usage.completionTokens);
        } else if (ev.type === 'error') {
          turn.batcher.flush();
          this.setState(turn, 'error', ev.error.message);
          return;
        }
      }
    } catch (err) {
      if (!live()) return;
      turn.batcher.flush();
      this.setState(turn, 'error', `the fast model failed: ${(err as Error).message}`);
      return;
    }
    if (!live()) return;
    if (detector && !detector.decided) {
      const rest = detector.finish();
      followDecision(detector);
      if (rest) turn.batcher.add(turn.output.append(filter.push(rest)));
    }
    turn.batcher.add(turn.output.append(filter.finish(info.original.endsWith('\n'))));
    turn.batcher.add(turn.output.end());
    turn.batcher.flush();
    turn.metrics.outputTokens ??= tokens;
    if (firstTokenAt !== undefined && lastTokenAt !== undefined && lastTokenAt > firstTokenAt) {
      turn.metrics.tokensPerSec = (turn.metrics.outputTokens * 1000) / (lastTokenAt - firstTokenAt);
    }
    this.setState(turn, 'done');
  }

  interrupt(requestId: string, keptLength?: number): ServerTurnMetrics {
    const turn = this.requireTurn(requestId);
    // A stream that finished here while its last deltas were still on their way was, for the
    // person who pressed Esc, interrupted all the same.
    const finishedUnseen = turn.state === 'done' && keptLength !== undefined && keptLength < turn.output.text.length;
    if (turn.state !== 'streaming' && !finishedUnseen) return turn.metrics;
    const t0 = performance.now();
    turn.generation++;
    turn.controller.abort();
    if (!finishedUnseen) turn.metrics.interruptToAbortMs = performance.now() - t0;
    this.cutToShown(turn, keptLength);
    this.setState(turn, 'interrupted');
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
    if (isResolved(turn.state)) {
      throw new ProtocolFailure('conflict', 'this edit was already accepted, rejected or handed off: start a new one');
    }
    turn.redirectAt = performance.now();
    turn.generation++;
    turn.controller.abort();
    if (keptLength === undefined) {
      // As at the end of a stream: a restart cut short drops its unmatched tail, for everyone.
      turn.batcher.add(turn.output.end());
      turn.batcher.flush();
    } else this.cutToShown(turn, keptLength);
    turn.controller = new AbortController();
    turn.redirects.push(instruction);
    turn.reported.delete('redirectToFirstTokenMs');
    turn.reported.delete('tokensPerSec');
    const lines = text.toString().split('\n');
    const context = surroundingContext(lines, turn.info.range.startLine, Math.min(turn.info.range.endLine, lines.length));
    // As in start(): the model request goes out first, the state event and transcript row after it.
    turn.state = 'streaming';
    void this.generate(turn, { language, ...context, partial: turn.output.text });
    this.setState(turn, 'streaming');
  }

  resolve(r: FastResolve, clientMetrics: FastResolve['clientMetrics']): void {
    const turn = this.requireTurn(r.requestId);
    if (isResolved(turn.state)) return;
    if (turn.state === 'streaming') {
      turn.generation++;
      turn.controller.abort();
      turn.batcher.drop();
    }
    Object.assign(turn.metrics, clientMetrics ?? {});
    this.finishTurn(turn, r.outcome);
  }

  /** The person left (or the file went): stop the stream; an unresolved ghost is recorded as rejected. */
  dispose(why = 'the person disconnected'): void {
    if (this.turn && !isResolved(this.turn.state)) this.finishTurn(this.turn, 'rejected', why);
  }

  private finishTurn(turn: Turn, outcome: GhostOutcome, message?: string): void {
    turn.generation++;
    turn.controller.abort();
    turn.batcher.drop();
    this.setState(turn, outcome, message);
    if (this.turn === turn) this.turn = null;
  }

  private requireTurn(requestId: string): Turn {
    const turn = this.turn;
    if (!turn || turn.info.requestId !== requestId) throw new ProtocolFailure('not_found', `no fast edit ${requestId} is active on ${this.path}`);
    return turn;
  }

  private setState(turn: Turn, state: GhostState, message?: string): void {
    turn.state = state;
    turn.message = message;
    reportFigures(turn, this.deps.report);
    this.deps.emit.state({ requestId: turn.info.requestId, state, ...(message ? { message } : {}), metrics: turn.metrics, redirects: turn.redirects });
    recordTurn(turn, this.deps.transcripts, this.deps.log);
  }
}
