// Why: when a model's output stops matching the original, the streaming diff must find where it
// rejoins without re-diffing everything. This search looks up each new output window in an index
// of the original, verifies the matching run behind each hit, and settles on one resync as soon
// as nothing better can still show up nearby; each output character is examined a bounded number
// of times, so the cost per chunk stays flat however long the range.
import { GRAM, GramIndex, gramHash, lowerBound } from './gramIndex';

const NEWLINE = 10;
/** Farthest resync ahead in the original, in characters; output that rejoins farther is inserted. */
const MAX_JUMP = 8192;
/** Resyncs deleting at most this much are local: a short run through a line end confirms them. */
const LOCAL_JUMP = 80;
/** A matching run this long confirms a local resync even without a line end. */
const STRONG_RUN = 16;
/** A change this small on both sides (a word) is confirmed by a single window of matching run. */
const WORD_CHANGE = 16;
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

/** A place where the output may rejoin the original after the mismatch. */
export interface Candidate {
  /** Original offset where the matching run starts. */
  oldAt: number;
  /** Output offset where the matching run starts. */
  outAt: number;
  /** Original characters skipped (deleted) to get there. */
  deleted: number;
  /** Matching characters verified so far. */
  run: number;
  /** The verified run contains a line end (tracked for local candidates only). */
  crossedLine: boolean;
  /** The run is decisive (see LONG_RUN). */
  long: boolean;
}

export class ResyncSearch {
  private readonly original: string;
  private readonly index: GramIndex;
  /** The output not committed yet, starting at output offset `tailAt`, as of the last step. */
  private tail = '';
  private tailAt = 0;
  private finished = false;
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

  /** Starts a search from a mismatch at these original and output offsets. */
  start(mismatchOld: number, mismatchOut: number): void {
    this.mismatchOld = mismatchOld;
    this.mismatchOut = mismatchOut;
    this.scanAt = mismatchOut;
    this.bestLong = null;
    this.bestShort = null;
    this.open.length = 0;
  }

  /**
   * Looks at the output received so far (`tail` starts at output offset `tailAt`); returns the
   * resync to commit, or null to wait for more output. Once `finished`, it settles if it can.
   */
  step(tail: string, tailAt: number, finished: boolean): Candidate | null {
    this.tail = tail;
    this.tailAt = tailAt;
    this.finished = finished;
    this.extendOpen();
    const end = tailAt + tail.length;
    for (let choice = this.choice(); this.scanAt + GRAM <= end; choice = this.choice()) {
      if (choice && this.scanAt - this.mismatchOut >= this.horizon(choice)) break;
      this.lookUp(this.scanAt);
      this.scanAt++;
    }
    return this.settledChoice();
  }

  /**
   * With nothing confirmed yet, the output offset before which the output has no anchor in the
   * original, so it is inserted whatever comes next; null once a resync is confirmed.
   */
  unanchoredBefore(): number | null {
    if (this.choice()) return null;
    let limit = this.scanAt;
    for (const candidate of this.open) limit = Math.min(limit, candidate.outAt);
    return limit;
  }

  /** The resync the view shows first: the current choice, else the cheapest open candidate. */
  likely(): Candidate | null {
    let likely = this.choice();
    if (likely) return likely;
    for (const candidate of this.open) {
      if (likely === null || this.cheaper(candidate, likely)) likely = candidate;
    }
    return likely;
  }

  /** The nearest known candidate at or after the given offsets in both texts (and past them in one). */
  after(oldAt: number, outAt: number): Candidate | null {
    let nearest: Candidate | null = null;
    let distance = Infinity;
    for (const candidate of [this.bestShort, this.bestLong, ...this.open]) {
      if (candidate === null || candidate.oldAt < oldAt || candidate.outAt < outAt) continue;
      const gap = candidate.oldAt - oldAt + candidate.outAt - outAt;
      if (gap > 0 && gap < distance) {
        nearest = candidate;
        distance = gap;
      }
    }
    return nearest;
  }

  private costOf(candidate: Candidate): number {
    return candidate.deleted + candidate.outAt - this.mismatchOut;
  }

  private cheaper(a: Candidate, b: Candidate): boolean {
    const costA = this.costOf(a);
    const costB = this.costOf(b);
    return costA < costB || (costA === costB && a.deleted < b.deleted);
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

  /** The choice, once nothing that could displace it can still appear within the settle window. */
  private settledChoice(): Candidate | null {
    const choice = this.choice();
    if (choice === null || this.finished) return choice;
    if (this.scanAt - this.mismatchOut < this.horizon(choice)) return null;
    // An open candidate may still become decisive: cheaper than a decisive choice, or
    // overlapping a short one.
    const cost = this.costOf(choice);
    for (const candidate of this.open) {
      if (choice.long ? this.costOf(candidate) < cost : !precedes(choice, candidate)) return null;
    }
    return choice;
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
    if (covers(this.bestLong, oldAt, outAt) || covers(this.bestShort, oldAt, outAt)) return null;
    for (const candidate of this.open) if (covers(candidate, oldAt, outAt)) return null;
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
      if (tailAt >= tail.length) {
        if (this.finished) {
          long = true;
          break;
        }
        candidate.run = run;
        return OPEN;
      }
      if (oldAt >= original.length) {
        long = run >= STRONG_RUN;
        break;
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
    if (!local || run < GRAM) return BROKEN;
    const wordSized = candidate.deleted <= WORD_CHANGE && candidate.outAt - this.mismatchOut <= WORD_CHANGE;
    return candidate.crossedLine || run >= STRONG_RUN || wordSized ? FINAL : BROKEN;
  }

  private adopt(candidate: Candidate): void {
    if (candidate.long) {
      if (this.bestLong === null || this.cheaper(candidate, this.bestLong)) this.bestLong = candidate;
    } else if (this.bestShort === null || this.cheaper(candidate, this.bestShort)) {
      this.bestShort = candidate;
    }
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
}

/** True when `known` lies on the same diagonal and its verified run reaches the output offset. */
function covers(known: Candidate | null, oldAt: number, outAt: number): boolean {
  return (
    known !== null &&
    known.oldAt - known.outAt === oldAt - outAt &&
    known.outAt <= outAt &&
    outAt <= known.outAt + known.run
  );
}

/**
 * True when taking `a` first leaves `b` (or its continuation) reachable: `a` starts no later in
 * the original and strictly earlier in the output.
 */
function precedes(a: Candidate, b: Candidate): boolean {
  return a.oldAt <= b.oldAt && a.outAt < b.outAt;
}
