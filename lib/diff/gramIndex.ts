// Why: the streaming diff must find where the model's output rejoins the original without
// scanning the original; indexing every GRAM-character window once lets each arriving character
// be looked up with a hash and a binary search, whatever the size of the range.

/** Length of the windows that anchor a resynchronisation between output and original. */
export const GRAM = 6;

/** FNV-1a hash of `text[at .. at + GRAM)`; the caller guarantees the window is in bounds. */
export function gramHash(text: string, at: number): number {
  let hash = 0x811c9dc5;
  for (let k = 0; k < GRAM; k++) hash = Math.imul(hash ^ text.charCodeAt(at + k), 0x01000193);
  return hash;
}

/** Start offsets of every GRAM-character window of a text, grouped by hash, ascending. */
export class GramIndex {
  private readonly starts = new Map<number, number[]>();

  constructor(text: string) {
    for (let at = 0; at + GRAM <= text.length; at++) {
      const hash = gramHash(text, at);
      const list = this.starts.get(hash);
      if (list) list.push(at);
      else this.starts.set(hash, [at]);
    }
  }

  /** Ascending start offsets of windows with this hash (collisions included), or undefined. */
  startsWith(hash: number): readonly number[] | undefined {
    return this.starts.get(hash);
  }
}

/** Index of the first element of an ascending list that is ≥ `value` (the list length if none). */
export function lowerBound(list: readonly number[], value: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
