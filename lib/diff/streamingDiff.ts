// Why: the fast lane paints a model's rewrite as a ghost diff while it streams. Re-diffing the
// whole range per token is quadratic (VS Code gave up on it); instead each arriving character is
// matched against the original at the current position, and where they part, the output is
// looked up in a window index of the original to find where it rejoins. Whatever is settled is
// committed and never revisited, so the cost per chunk does not grow with the text streamed.
import { GRAM, GramIndex, gramHash, lowerBound } from './gramIndex';
import { outputOf, type DiffOp, type DiffOpKind } from './ops';

export { exactLineDiff } from './lineDiff';

const NEWLINE = 10;
/** Farthest resync ahead in the original, in characters; output that rejoins farther is inserted. */
const MAX_JUMP = 8192;
/** Resyncs deleting at most this much are local: a short run through a line end confirms them. */
const LOCAL_JUMP = 80;
/** A matching run this long confirms a local resync even without a line end. */
const STRONG_RUN = 16;
/** A matching run this long is decisive: it beats any shorter one, however far it jumps. */
const LONG_RUN = 48;
/** Output looked at past a mismatch before settling on the best resync found in it. */
const SETTLE_WINDOW = 96;
/** Nearest occurrences in the original tried for each output window. */
const OCCURRENCES_PER_GRAM = 4;
/** Unconfirmed resync candidates tracked at once. */
const MAX_OPEN = 32;

const FINAL = 0;
const OPEN = 1;
const BROKEN = 2;

/** A place where the output may rejoin the original after a mismatch. */
interface Candidate {
  /** Original offset where the matching run starts. */
  oldAt: number;
  /** Output offset where the matching run starts. */
  outAt: number;
  /** Original characters skipped (deleted) to get there. */
  deleted: number;
  /** Matching characters verified so far. */
  run: number;
  /** The verified run contains a line end. */
  crossedLine: boolean;
  /** The run is decisive (see LONG_RUN). */
  long: boolean;
}

/** What the painter needs, without copying the committed ops. */
export interface StreamingDiffView {
  /** Settled ops, in order; this array only ever grows. */
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
  private readonly index: GramIndex;
  private readonly ops: DiffOp[] = [];
  /** Ops from this index on were made by the current call and may still be merged. */
  private callOpsFrom = 0;
  /** Original offset covered by the committed ops. */
  private oldPos = 0;
  /** Output not committed yet, starting at output offset `tailAt`. */
  private tail = '';
  private tailAt = 0;
  /** `tail[0, held)` equals `original[oldPos, oldPos + held)` and holds no line end. */
  private held = 0;
  private finished = false;
  /** Set while the output after `held` does not match the original. */
  private resolving = false;
  private mismatchOld = 0;
  private mismatchOut = 0;
  /** Output offset of the next window to look up. */
  private scanAt = 0;
  /** Cheapest confirmed candidate with a decisive run, and cheapest with a short one. */
  private bestLong: Candidate | null = null;
  private bestShort: Candidate | null = null;
  private readonly open: Candidate[] = [];

  constructor(original: string) {
    this.original = original;
    this.index = new GramIndex(original);
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

  view(): StreamingDiffView {
    const tentative: DiffOp[] = [];
    const tail = this.tail;
    const held = this.held;
    let reached = this.oldPos + held;
    if (held > 0) tentative.push({ kind: 'equal', text: tail.slice(0, held) });
    const resync = this.resolving ? this.likelyCandidate() : null;
    if (resync) {
      const from = resync.outAt - this.tailAt;
      let run = 0;
      while (from + run < tail.length && resync.oldAt + run < this.original.length
        && tail.charCodeAt(from + run) === this.original.charCodeAt(resync.oldAt + run)) run++;
      pushText(tentative, 'delete', this.original.slice(reached, resync.oldAt));
      pushText(tentative, 'insert', tail.slice(held, from));
      pushText(tentative, 'equal', tail.slice(from, from + run));
      pushText(tentative, 'insert', tail.slice(from + run));
      reached = resync.oldAt + run;
    } else {
      pushText(tentative, 'insert', tail.slice(held));
    }
    return { committed: this.ops, committedOriginal: this.oldPos, tentative, reachedOriginal: reached };
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

  /** Extends the equal run; commits it at each line end. True when a mismatch starts. */
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
      if (code === NEWLINE) {
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
    this.mismatchOld = this.oldPos + this.held;
    this.mismatchOut = this.tailAt + this.held;
    this.scanAt = this.mismatchOut;
    this.bestLong = null;
    this.bestShort = null;
    this.open.length = 0;
  }

  private stopResolving(): void {
    this.resolving = false;
    this.bestLong = null;
    this.bestShort = null;
    this.open.length = 0;
  }

  /** One resolution step; true when the state changed so that matching should go on. */
  private resolve(): boolean {
    this.extendOpen();
    const end = this.tailAt + this.tail.length;
    for (let choice = this.choice(); this.scanAt + GRAM <= end; choice = this.choice()) {
      if (choice && this.scanAt - this.mismatchOut >= this.horizon(choice)) break;
      this.lookUp(this.scanAt);
      this.scanAt++;
    }
    const settled = this.settledChoice();
    if (settled) {
      this.commitResync(settled);
      return true;
    }
    return !this.finished && this.choice() === null && this.commitUnanchoredLines();
  }

  private costOf(candidate: Candidate): number {
    return candidate.deleted + candidate.outAt - this.mismatchOut;
  }

  /** How far past the mismatch a resync better than `choice` may still start. */
  private horizon(choice: Candidate): number {
    return choice.long ? Math.min(this.costOf(choice), SETTLE_WINDOW) : SETTLE_WINDOW;
  }

  /**
   * The resync to take now: the cheapest decisive one, unless the cheapest confirmed short one
   * comes before it (then the short one is a step on the way there).
   */
  private choice(): Candidate | null {
    const short = this.bestShort;
    const long = this.bestLong;
    if (short && (long === null || precedes(short, long))) return short;
    return long;
  }

  /** Finds where the output window at `outAt` occurs in the original ahead of the mismatch. */
  private lookUp(outAt: number): void {
    const starts = this.index.startsWith(gramHash(this.tail, outAt - this.tailAt));
    if (!starts) return;
    const first = lowerBound(starts, this.mismatchOld);
    const end = Math.min(starts.length, first + OCCURRENCES_PER_GRAM);
    // Anything costing more than the decisive candidate can neither beat it nor precede it.
    const costLimit = this.bestLong ? this.costOf(this.bestLong) : Infinity;
    for (let k = first; k < end; k++) {
      const deleted = starts[k] - this.mismatchOld;
      if (deleted > MAX_JUMP || deleted + outAt - this.mismatchOut >= costLimit) return;
      const candidate = this.candidateAt(starts[k], outAt);
      if (candidate === null) continue;
      const status = this.extend(candidate);
      if (status === FINAL) this.adopt(candidate);
      else if (status === OPEN && this.open.length < MAX_OPEN) this.open.push(candidate);
    }
  }

  /**
   * A candidate for a window match, moved back to where its run really starts; null when a known
   * candidate on the same diagonal already covers it.
   */
  private candidateAt(oldAt: number, outAt: number): Candidate | null {
    const original = this.original;
    let run = 0;
    let crossedLine = false;
    while (oldAt > this.mismatchOld && outAt > this.mismatchOut) {
      const code = original.charCodeAt(oldAt - 1);
      if (code !== this.tail.charCodeAt(outAt - 1 - this.tailAt)) break;
      if (code === NEWLINE) crossedLine = true;
      oldAt--;
      outAt--;
      run++;
    }
    const covers = (known: Candidate | null) => known !== null && known.oldAt - known.outAt === oldAt - outAt
      && known.outAt <= outAt && outAt <= known.outAt + known.run;
    if (covers(this.bestLong) || covers(this.bestShort) || this.open.some(covers)) return null;
    const deleted = oldAt - this.mismatchOld;
    return { oldAt, outAt, deleted, run, crossedLine: crossedLine && deleted <= LOCAL_JUMP, long: false };
  }

  /** Verifies more of a candidate's matching run against the output received so far. */
  private extend(candidate: Candidate): number {
    const original = this.original;
    const tail = this.tail;
    const local = candidate.deleted <= LOCAL_JUMP;
    let run = candidate.run;
    let oldAt = candidate.oldAt + run;
    let tailAt = candidate.outAt - this.tailAt + run;
    let long = false;
    for (;;) {
      if (run >= LONG_RUN) {
        long = true;
        break;
      }
      if (oldAt >= original.length) {
        long = run >= STRONG_RUN || (this.finished && tailAt >= tail.length);
        break;
      }
      if (tailAt >= tail.length) {
        if (this.finished) {
          long = true;
          break;
        }
        candidate.run = run;
        return OPEN;
      }
      const code = tail.charCodeAt(tailAt);
      if (original.charCodeAt(oldAt) !== code) break;
      if (code === NEWLINE && local) candidate.crossedLine = true;
      run++;
      oldAt++;
      tailAt++;
    }
    candidate.run = run;
    candidate.long = long && run >= GRAM;
    if (candidate.long) return FINAL;
    return local && run >= GRAM && (candidate.crossedLine || run >= STRONG_RUN) ? FINAL : BROKEN;
  }

  private adopt(candidate: Candidate): void {
    if (candidate.long) {
      if (this.bestLong === null || this.cheaper(candidate, this.bestLong)) this.bestLong = candidate;
    } else if (this.bestShort === null || this.cheaper(candidate, this.bestShort)) {
      this.bestShort = candidate;
    }
  }

  private cheaper(a: Candidate, b: Candidate): boolean {
    const costA = this.costOf(a);
    const costB = this.costOf(b);
    return costA < costB || (costA === costB && a.deleted < b.deleted);
  }

  private extendOpen(): void {
    const open = this.open;
    let kept = 0;
    for (const candidate of open) {
      const status = this.extend(candidate);
      if (status === FINAL) this.adopt(candidate);
      else if (status === OPEN) open[kept++] = candidate;
    }
    open.length = kept;
  }

  /** The choice, once nothing that could displace it can still appear within the settle window. */
  private settledChoice(): Candidate | null {
    const choice = this.choice();
    if (choice === null || this.finished) return choice;
    if (this.scanAt - this.mismatchOut < this.horizon(choice)) return null;
    // An open candidate may still become decisive: cheaper than a decisive choice, or
    // overlapping a short one.
    if (choice.long) {
      const cost = this.costOf(choice);
      return this.open.some((candidate) => this.costOf(candidate) < cost) ? null : choice;
    }
    return this.open.some((candidate) => !precedes(choice, candidate)) ? null : choice;
  }

  /** What the view shows while resolving: the current choice, else the cheapest open candidate. */
  private likelyCandidate(): Candidate | null {
    let likely = this.choice();
    if (likely) return likely;
    for (const candidate of this.open) {
      if (likely === null || this.cheaper(candidate, likely)) likely = candidate;
    }
    return likely;
  }

  private commitResync(resync: Candidate): void {
    this.commitChange(resync.deleted, resync.outAt - this.mismatchOut);
    this.stopResolving();
  }

  /**
   * Commits the held run followed by a change of `deleted` original and `inserted` output
   * characters. A pure insertion or deletion first slides back through the held run, so that an
   * added or removed line shows as whole lines rather than straddling the shared indentation.
   */
  private commitChange(deleted: number, inserted: number): void {
    const original = this.original;
    const tail = this.tail;
    const held = this.held;
    const changeOld = this.oldPos + held;
    let slide = 0;
    if (inserted === 0) {
      while (slide < held
        && original.charCodeAt(changeOld - 1 - slide) === original.charCodeAt(changeOld + deleted - 1 - slide)) slide++;
    } else if (deleted === 0) {
      while (slide < held && tail.charCodeAt(held - 1 - slide) === tail.charCodeAt(held + inserted - 1 - slide)) slide++;
    }
    const from = held - slide;
    this.emit('equal', tail.slice(0, from));
    this.emit('delete', original.slice(changeOld - slide, changeOld - slide + deleted));
    this.emit('insert', tail.slice(from, from + inserted));
    this.oldPos = changeOld - slide + deleted;
    this.dropTail(from + inserted);
    this.held = 0;
  }

  /**
   * Output before the first live candidate has no anchor in the original and is inserted whatever
   * happens next; commits it up to its last complete line and resumes matching after it. When the
   * next line starts like the held run, the held run goes into the insertion, so that an added
   * line shows as a whole line. False when there is nothing to commit yet.
   */
  private commitUnanchoredLines(): boolean {
    let limit = this.scanAt;
    for (const candidate of this.open) limit = Math.min(limit, candidate.outAt);
    const tail = this.tail;
    const held = this.held;
    const lastDead = limit - this.tailAt - 1;
    if (lastDead < held) return false;
    const lineEnd = tail.lastIndexOf('\n', lastDead);
    if (lineEnd < held) return false;
    const nextLine = lineEnd + 1;
    if (nextLine + held > tail.length) return false;
    if (tail.startsWith(tail.slice(0, held), nextLine)) {
      this.emit('insert', tail.slice(0, nextLine));
    } else {
      this.emit('equal', tail.slice(0, held));
      this.emit('insert', tail.slice(held, nextLine));
      this.oldPos += held;
    }
    this.dropTail(nextLine);
    this.held = 0;
    this.stopResolving();
    return true;
  }

  /** After the last chunk: the unanchored rest of the output replaces the rest of the original. */
  private settleRest(): void {
    const original = this.original;
    const tail = this.tail;
    const pending = tail.length - this.held;
    const remaining = original.length - this.oldPos - this.held;
    let suffix = 0;
    while (suffix < pending && suffix < remaining
      && tail.charCodeAt(tail.length - 1 - suffix) === original.charCodeAt(original.length - 1 - suffix)) suffix++;
    this.commitChange(remaining - suffix, pending - suffix);
    this.emit('equal', this.tail);
    this.oldPos = original.length;
    this.dropTail(this.tail.length);
    this.stopResolving();
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

/**
 * True when taking `a` first leaves `b` (or its continuation) reachable: `a` starts no later in
 * the original and strictly earlier in the output.
 */
function precedes(a: Candidate, b: Candidate): boolean {
  return a.oldAt <= b.oldAt && a.outAt < b.outAt;
}

function pushText(ops: DiffOp[], kind: DiffOpKind, text: string): void {
  if (text) ops.push({ kind, text });
}
