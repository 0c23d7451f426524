// The fast lane of a workspace: a FastSession per person and document, created on first use and
// dropped when the person leaves. Everything a session emits goes to everyone with the document
// open, so collaborators watch the ghost stream (read-only) with the asker's name on it.
import type { FastDelta, FastStateEvent, FastTurnInfo } from '../../lib/protocol';
import type { ModelProvider } from '../models/provider';
import { FastSession } from './fastSession';
import type { FastSessionReport } from './fastTurn';
import type { TranscriptStore } from './transcriptStore';

export type FastLaneEmit = {
  started(path: string, info: FastTurnInfo): void;
  delta(path: string, delta: FastDelta): void;
  state(path: string, event: FastStateEvent): void;
};

export class FastLane {
  private readonly sessions = new Map<string, FastSession>();

  constructor(
    private readonly deps: {
      provider: ModelProvider;
      transcripts: TranscriptStore;
      emit: FastLaneEmit;
      report: FastSessionReport;
      /** Throws (with the reason) when a new request may not start, e.g. the lane's budget is used up. */
      admit: () => void;
      log: (m: string) => void;
    },
  ) {}

  session(socketId: string, name: string, path: string): FastSession {
    const key = `${socketId}\n${path}`;
    let s = this.sessions.get(key);
    if (!s) {
      s = new FastSession({ socketId, name }, path, {
        provider: this.deps.provider,
        transcripts: this.deps.transcripts,
        report: this.deps.report,
        admit: this.deps.admit,
        reason: 'a selection in one file: a small, local edit for the fast lane',
        log: this.deps.log,
        emit: {
          started: (info) => this.deps.emit.started(path, info),
          delta: (d) => this.deps.emit.delta(path, d),
          state: (e) => this.deps.emit.state(path, e),
        },
      });
      this.sessions.set(key, s);
    }
    return s;
  }

  /** The session of this connection that owns a request, if any. */
  sessionOf(socketId: string, requestId: string): FastSession | undefined {
    return [...this.sessions.values()].find((s) => s.by.socketId === socketId && s.current?.info.requestId === requestId);
  }

  /** Ghosts in progress on a document, for someone who opens it mid-stream. */
  active(path: string): NonNullable<FastSession['current']>[] {
    return [...this.sessions.values()].filter((s) => s.path === path).flatMap((s) => (s.current ? [s.current] : []));
  }

  leave(socketId: string, path?: string): void {
    this.drop((s) => s.by.socketId === socketId && (path === undefined || s.path === path));
  }

  /** The file was deleted: every ghost on it stops and is recorded as rejected. */
  fileDeleted(path: string): void {
    this.drop((s) => s.path === path, `${path} was deleted`);
  }

  /** Disposes the matching sessions (an unresolved ghost is recorded as rejected, with `why`). */
  private drop(match: (s: FastSession) => boolean, why?: string): void {
    for (const [key, s] of this.sessions) {
      if (!match(s)) continue;
      s.dispose(why);
      this.sessions.delete(key);
    }
  }

  /** Opens (or keeps warm) the keep-alive connection to the fast model. */
  async prewarm(): Promise<{ ms: number; ok: boolean }> {
    const r = await this.deps.provider.prewarm();
    return { ms: r.ms, ok: r.ok };
  }

  get transcripts(): TranscriptStore {
    return this.deps.transcripts;
  }
}
