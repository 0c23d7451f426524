// A room's document across its generations (docGeneration.ts says why they exist): which Y.Doc is
// current, how many deleted runs it has recorded, and starting it over — stored first, announced
// after — while edits go on. Kept apart from DocRoom so the room's file holds its log and its file.
import * as Y from 'yjs';
import type { DocGeneration } from '../../lib/protocol';
import { ProtocolFailure } from '../../lib/protocol';
import { carryOver, deletedRuns, freshDoc, type GenerationPolicy } from './docGeneration';
import type { RoomLog } from './roomLog';

/** What the generations of a room need from it. */
export type GenerationsHost = {
  readonly path: string;
  readonly log: RoomLog;
  /** An update to the current document (a replaced one's updates go nowhere). */
  onUpdate(update: Uint8Array, origin: unknown): void;
  /** The new generation is stored: every member swaps to it. */
  announce(generation: DocGeneration): void;
  isClosed(): boolean;
  logLine(message: string): void;
};

/** Hears a change of the room's text, in whichever generation is current. */
export type TextWatcher = (event: Y.YTextEvent, transaction: Y.Transaction) => void;

export class RoomGenerations {
  private current = new Y.Doc();
  private readonly watchers = new Set<TextWatcher>();
  /** The document's generation: sync messages made in another one are refused. */
  generation = 0;
  /** Deleted runs recorded in this generation (the threshold starts it over). */
  private deleted = 0;
  /** A new generation being stored: edits go on in the old one and are carried over. */
  private startingOver: Promise<void> | null = null;
  private startSoon: NodeJS.Immediate | null = null;

  /** `policy` absent (cluster mode, or turned off): the document never starts over. */
  constructor(
    private readonly host: GenerationsHost,
    private readonly policy: GenerationPolicy | undefined,
  ) {
    this.attach(this.current);
  }

  /** The document now (a new generation replaces it: read it, do not keep it). */
  get doc(): Y.Doc {
    return this.current;
  }

  /** True while a new generation is being stored (edits to the old one are not logged meanwhile). */
  get storing(): boolean {
    return this.startingOver !== null;
  }

  /** Resolves once no new generation is being stored. */
  async settled(): Promise<void> {
    while (this.startingOver) await this.startingOver;
  }

  private attach(doc: Y.Doc): void {
    // A replaced generation's document changes nothing here (whoever kept it holds a stale copy).
    doc.on(
      'update',
      (update: Uint8Array, origin: unknown) => doc === this.current && this.host.onUpdate(update, origin),
    );
    doc.on('afterTransaction', (tr: Y.Transaction) => void (this.deleted += deletedRuns(tr)));
    doc.getText('content').observe((event, tr) => {
      if (doc === this.current) for (const watch of this.watchers) watch(event, tr);
    });
  }

  /** Calls `watch` on every change of the text, across swaps (a carried-over edit was heard once already). */
  watchText(watch: TextWatcher): () => void {
    this.watchers.add(watch);
    return () => void this.watchers.delete(watch);
  }

  /**
   * Refuses a sync message made in another generation than this one, or while the next one is
   * being stored (its sender rebases it on doc/generation, which follows); it changes nothing.
   */
  check(generation: number | undefined): void {
    if ((generation ?? 0) === this.generation && !this.startingOver) return;
    throw new ProtocolFailure(
      'old_generation',
      `${this.host.path} was started over (generation ${this.generation}` +
        `${this.startingOver ? ', and the next is being stored' : ''}); this message was made in generation ` +
        `${generation ?? 0} and changed nothing: rebase it on doc/generation's state and send it again`,
    );
  }

  /** Starts a new generation when this one has recorded enough deleted runs and nothing holds its positions. */
  maybeStartOver(now = false): void {
    const policy = this.policy;
    if (!policy || policy.deletedRuns <= 0 || this.startingOver || this.host.isClosed()) return;
    if (this.deleted < policy.deletedRuns || policy.busy(this.host.path)) return;
    // On the next turn: the edit that crossed the threshold is acknowledged as part of this generation.
    if (!now) {
      if (!this.startSoon) this.startSoon = setImmediate(() => ((this.startSoon = null), this.maybeStartOver(true)));
      return;
    }
    this.startingOver = this.startOver()
      .catch((err: Error) => this.host.logLine(`starting ${this.host.path} over failed: ${err.message}`))
      .finally(() => (this.startingOver = null));
  }

  /**
   * Stores the fresh document as the new base first (durable before anyone is told); meanwhile
   * edits go on in the old one, unlogged, and are carried over as text when it swaps — in the
   * same turn as the announcement, so nobody sees the new generation before doc/generation.
   */
  private async startOver(): Promise<void> {
    const old = this.current;
    const base = old.getText('content').toString();
    const fresh = freshDoc(base);
    const generation = this.generation + 1;
    await this.host.log.rebase(Y.encodeStateAsUpdate(fresh), generation);
    // A turn later: every acknowledgement of an edit this generation took has gone out before the announcement.
    await new Promise((resolve) => setImmediate(resolve));
    if (this.host.isClosed()) return;
    const carried = carryOver(fresh, base, old.getText('content').toString());
    if (carried) this.host.log.append(carried);
    const announce: DocGeneration = {
      path: this.host.path,
      generation,
      state: Y.encodeStateAsUpdate(fresh),
      previous: Y.encodeStateVector(old),
    };
    this.current = fresh;
    this.generation = generation;
    this.deleted = 0;
    this.attach(fresh);
    old.destroy();
    this.host.announce(announce);
  }
}
