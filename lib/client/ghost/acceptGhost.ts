// What accepting a ghost does to the document, as pure functions: the hunks the person kept are
// applied to the original range, and the result is merged with whatever collaborators wrote in
// that range meanwhile (3-way: base = original, ours = the range now, theirs = the ghost), then
// expressed as minimal edits so text outside the changed hunks is never rewritten; and the one
// step that touches the shared text with them.
import * as Y from 'yjs';
import { minimalEdits, type TextEdit } from '../../diff/edits';
import type { FastTurnInfo } from '../../protocol';
import { applyTextEdits } from '../textEdits';
import { merge3 } from '../../diff/merge3';
import type { GhostHunk } from './ghostLines';

/** The original range with only the kept hunks applied. */
export function applyKeptHunks(original: string, hunks: readonly GhostHunk[], rejected: ReadonlySet<number>): string {
  const lines = original.split('\n');
  const out: string[] = [];
  let at = 0;
  hunks.forEach((h, i) => {
    out.push(...lines.slice(at, h.oldStart));
    out.push(...(rejected.has(i) ? lines.slice(h.oldStart, h.oldStart + h.oldCount) : h.newLines));
    at = h.oldStart + h.oldCount;
  });
  out.push(...lines.slice(at));
  return out.join('\n');
}

/** Edits (offsets relative to the range start in its current text) and how many hunks conflicted. */
export function acceptEdits(
  original: string,
  current: string,
  result: string,
): { edits: TextEdit[]; conflicts: number } {
  if (current === original) return { edits: minimalEdits(current, result), conflicts: 0 };
  const merged = merge3(original, current, result);
  return { edits: minimalEdits(current, merged.text), conflicts: merged.conflicts.length };
}

/**
 * Applies `result` to the turn's range in the shared text (found by its anchors), merged with what
 * collaborators wrote there meanwhile; returns how many hunks conflicted.
 */
export function applyToRange(text: Y.Text, info: Pick<FastTurnInfo, 'anchor' | 'original'>, result: string): number {
  const doc = text.doc!;
  const start = Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(info.anchor.start), doc);
  const end = Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(info.anchor.end), doc);
  if (!start || !end || end.index < start.index) throw new Error('the code this edit was for no longer exists');
  const current = text.toString().slice(start.index, end.index);
  const merged = acceptEdits(info.original, current, result);
  applyTextEdits(text, merged.edits, start.index);
  return merged.conflicts;
}
