// Why: the fast lane paints a model's rewrite as a ghost diff while it streams. Re-diffing the
// whole range per token is quadratic (VS Code gave up on it); instead each arriving character is
// matched against the original at the current position, and where they part, the output is
// looked up in an index of the original to find where it rejoins (resync.ts). Whatever is settled is
// committed and never revisited, so the cost per chunk does not grow with the text streamed.
import { outputOf, type DiffOp, type DiffOpKind } from './ops';
import { placeChange } from './placeChange';
import { ResyncSearch } from './resync';

const NEWLINE = 10;
/**
 * Equal or unanchored text is committed at line ends; a line longer than this (minified code,
 * data) is committed in pieces, so the uncommitted tail, and the cost of a chunk, stay bounded.
 */
const MAX_OPEN_LINE = 1024;

/** What the painter needs, without copying the committed ops. */
export interface StreamingDiffView {
  /** Settled ops, in order; this array only ever grows, and an op is final once its push returned. */
  committed: readonly DiffOp[];
  /** `original[0, committedOriginal)` is covered by `committed`. */
  committedOriginal: number;
  /** The current guess for the streamed text not yet settled; may change with the next chunk. */
  tentative: DiffOp[];
  /** committed + tentative cover `original[0, reachedOriginal)`; the rest is not reached yet. */
  reachedOriginal: number;
}

/** How to apply a stream that stopped early: the streamed part replaces the reached prefix. */
export interface PartialResult {
  /** Ops covering `original[0, reachedOriginal)` and the whole streamed output. */
  ops: DiffOp[];
  reachedOriginal: number;
  /** Streamed output followed by the untouched `original.slice(reachedOriginal)`. */
  text: string;
}

export class StreamingDiff {
  private readonly original: string;
  private readonly ops: DiffOp[] = [];
  /** Ops from this index on were made by the current call and may still be merged. */
  private callOpsFrom = 0;
  /** Original offset covered by the committed ops. */
  private oldPos = 0;
  /** Output not committed yet, starting at output offset `tailAt`. */
  private tail = '';
  private tailAt = 0;
  /** `tail[0, held)` equals `original[oldPos, oldPos + held)`; no line end, shorter than MAX_OPEN_LINE. */
  private held = 0;
  private finished = false;
  /** Set while the output after `held` does not match the original and `search` looks for where it rejoins. */
  private resolving = false;
  private readonly search: ResyncSearch;

  constructor(original: string) {
    this.original = original;
    this.search = new ResyncSearch(original);
  }

  /** Feeds the next piece of output; returns the ops this chunk settled. */
  push(chunk: string): DiffOp[] {
    if (this.finished) throw new Error('StreamingDiff.push called after finish');
    this.callOpsFrom = this.ops.length;
    this.tail += chunk;
    this.advance();
    return this.ops.slice(this.callOpsFrom);
  }

  /** Ends the output: settles everything; the original not matched by then is deleted. */
  finish(): DiffOp[] {
    if (this.finished) return [];
    this.callOpsFrom = this.ops.length;
    this.finished = true;
    this.advance();
    this.settleRest();
    return this.ops.slice(this.callOpsFrom);
  }

  /**
   * The committed ops and a guess for the rest: while resolving, the likely resync, then each
   * known candidate further on, chained; output after the last one is shown as inserted.
   */
  view(): StreamingDiffView {
    const tentative: DiffOp[] = [];
    const original = this.original;
    const tail = this.tail;
    const held = this.held;
    pushText(tentative, 'equal', tail.slice(0, held));
    let oldAt = this.oldPos + held;
    let outAt = this.tailAt + held;
    if (this.resolving) {
      for (let next = this.search.likely(); next; next = this.search.after(oldAt, outAt)) {
        const from = next.outAt - this.tailAt;
        let run = 0;
        while (from + run < tail.length && tail.charCodeAt(from + run) === original.charCodeAt(next.oldAt + run)) run++;
        pushText(tentative, 'delete', original.slice(oldAt, next.oldAt));
        pushText(tentative, 'insert', tail.slice(outAt - this.tailAt, from));
        pushText(tentative, 'equal', tail.slice(from, from + run));
        oldAt = next.oldAt + run;
        outAt = next.outAt + run;
      }
    }
    pushText(tentative, 'insert', tail.slice(outAt - this.tailAt));
    return { committed: this.ops, committedOriginal: this.oldPos, tentative, reachedOriginal: oldAt };
  }

  partialResult(): PartialResult {
    const { committed, tentative, reachedOriginal } = this.view();
    const ops = [...committed, ...tentative];
    return { ops, reachedOriginal, text: outputOf(ops) + this.original.slice(reachedOriginal) };
  }

  private advance(): void {
    for (;;) {
      if (!this.resolving && !this.matchRun()) return;
      if (!this.resolve()) return;
    }
  }

  /** Extends the equal run; commits it at each line end (or every MAX_OPEN_LINE). True when a mismatch starts. */
  private matchRun(): boolean {
    const original = this.original;
    let held = this.held;
    while (held < this.tail.length) {
      const at = this.oldPos + held;
      const code = this.tail.charCodeAt(held);
      if (at >= original.length || original.charCodeAt(at) !== code) {
        this.held = held;
        this.startResolving();
        return true;
      }
      held++;
      if (code === NEWLINE || (held >= MAX_OPEN_LINE && (code < 0xd800 || code > 0xdbff))) {
        this.held = held;
        this.commitHeld();
        held = 0;
      }
    }
    this.held = held;
    return false;
  }

  private startResolving(): void {
    this.resolving = true;
    this.search.start(this.oldPos + this.held, this.tailAt + this.held);
  }

  /** One resolution step; true when the state changed so that matching should go on. */
  private resolve(): boolean {
    const resync = this.search.step(this.tail, this.tailAt, this.finished);
    if (resync) {
      this.commitChange(resync.deleted, resync.outAt - this.tailAt - this.held);
      this.resolving = false;
      return true;
    }
    return !this.finished && this.commitUnanchoredLines();
  }

  /** Commits the held run, then a change of `deleted` original and `inserted` output characters. */
  private commitChange(deleted: number, inserted: number): void {
    const change = placeChange(this.original, this.tail, {
      oldFrom: this.oldPos + this.held,
      outFrom: this.held,
      deleted,
      inserted,
    });
    const tail = this.tail;
    this.emit('equal', tail.slice(0, change.outFrom));
    this.emit('delete', this.original.slice(change.oldFrom, change.oldFrom + change.deleted));
    this.emit('insert', tail.slice(change.outFrom, change.outFrom + change.inserted));
    this.oldPos = change.oldFrom + change.deleted;
    this.dropTail(change.outFrom + change.inserted);
    this.held = 0;
  }

  /**
   * Output with no anchor in the original is inserted whatever happens next; commits it up to its
   * last complete line (or all of it, past MAX_OPEN_LINE characters without a line end) and
   * resumes matching after it. When the next line starts like the held run, the held run goes
   * into the insertion, so that an added line shows as a whole line. False when there is nothing
   * to commit yet.
   */
  private commitUnanchoredLines(): boolean {
    const limit = this.search.unanchoredBefore();
    if (limit === null) return false;
    const tail = this.tail;
    const held = this.held;
    const unanchoredEnd = limit - this.tailAt;
    const nextLine = tail.lastIndexOf('\n', unanchoredEnd - 1) + 1;
    if (nextLine <= held) {
      if (unanchoredEnd - held < MAX_OPEN_LINE) return false;
      this.commitChange(0, unanchoredEnd - held);
    } else if (nextLine + held > tail.length) {
      return false;
    } else if (tail.startsWith(tail.slice(0, held), nextLine)) {
      this.emit('insert', tail.slice(0, nextLine));
      this.dropTail(nextLine);
      this.held = 0;
    } else {
      this.commitChange(0, nextLine - held);
    }
    this.resolving = false;
    return true;
  }

  /** After the last chunk: the unanchored rest of the output replaces the rest of the original. */
  private settleRest(): void {
    const original = this.original;
    const tail = this.tail;
    const pending = tail.length - this.held;
    const remaining = original.length - this.oldPos - this.held;
    let suffix = 0;
    while (
      suffix < pending &&
      suffix < remaining &&
      tail.charCodeAt(tail.length - 1 - suffix) === original.charCodeAt(original.length - 1 - suffix)
    )
      suffix++;
    this.commitChange(remaining - suffix, pending - suffix);
    this.emit('equal', this.tail);
    this.oldPos = original.length;
    this.dropTail(this.tail.length);
    this.resolving = false;
  }

  private commitHeld(): void {
    this.emit('equal', this.tail.slice(0, this.held));
    this.oldPos += this.held;
    this.dropTail(this.held);
    this.held = 0;
  }

  private dropTail(length: number): void {
    this.tail = this.tail.slice(length);
    this.tailAt += length;
  }

  /** Appends an op, merging it into the previous one when both were made by this call. */
  private emit(kind: DiffOpKind, text: string): void {
    if (!text) return;
    const last = this.ops.length - 1;
    if (last >= this.callOpsFrom && this.ops[last].kind === kind) this.ops[last].text += text;
    else this.ops.push({ kind, text });
  }
}

function pushText(ops: DiffOp[], kind: DiffOpKind, text: string): void {
  if (text) ops.push({ kind, text });
}
