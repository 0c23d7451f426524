// Why: the collaboration benches (one process, and a cluster) measure edit → seen by typing
// marked words (‹c1.2›) into shared documents and timing when each arrives elsewhere; typing one
// and waiting for every copy to agree are the same in both.
import type { CollabDoc } from '../../lib/client/collabDoc';
import { pause } from './context';

/** Inserts `word` at a word boundary (never inside another person's word); `mark` is told first. */
export function typeWord(doc: CollabDoc, word: string, mark: (word: string) => void): void {
  const text = doc.text.toString();
  const bounds = [0, text.length];
  for (let i = text.indexOf('›'); i >= 0; i = text.indexOf('›', i + 1)) bounds.push(i + 1);
  mark(word);
  doc.text.insert(bounds[Math.floor(Math.random() * bounds.length)]!, word);
}

/** Waits (at most `withinMs`) until every copy holds the same text with each of the `expected` words once. */
export async function settled(docs: CollabDoc[], words: RegExp, expected: number, withinMs: number): Promise<boolean> {
  for (const started = performance.now(); performance.now() - started < withinMs; await pause(20)) {
    const first = docs[0]!.text.toString();
    const found = first.match(words) ?? [];
    if (
      found.length === expected &&
      new Set(found).size === expected &&
      docs.every((d) => d.text.toString() === first && d.pending === 0)
    )
      return true;
  }
  return false;
}
