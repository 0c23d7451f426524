// Why: when a document starts a new generation (doc/generation) this browser may hold edits the
// server had not seen yet, made in the old generation's Y.Doc, which the new one cannot take as
// Yjs updates. They move over as text: the changes base → mine (base: what the server had of
// this client's view) are mapped through base → theirs (the new generation's text) and applied
// there. Positions map like an editor's cursor: an insert at the same place as theirs goes after
// it, and a range they deleted shrinks to where it was.
import * as Y from 'yjs';
import { minimalEdits, type TextEdit } from '../diff';

/**
 * Where position `p` of the text `edits` were made against lands once they are applied; an insert
 * right at `p` ends up before it, unless `stayBefore` (the end of a deleted range, which must not
 * swallow what others typed right after it).
 */
export function mapOffset(edits: readonly TextEdit[], p: number, stayBefore = false): number {
  let delta = 0;
  for (const e of edits) {
    if (e.offset > p || (stayBefore && e.offset === p)) break;
    const end = e.offset + e.deleteCount;
    if (end <= p) {
      delta += e.insertText.length - e.deleteCount;
      continue;
    }
    // Inside a replaced range: at its start it stays before it, else it lands after the replacement.
    return e.offset === p ? p + delta : e.offset + delta + e.insertText.length;
  }
  return p + delta;
}

/**
 * Character edits base → next: minimalEdits' token edits with their unchanged ends trimmed off,
 * and a pure insert or delete that could sit at several places (typing "b " after "a b " or
 * before it) slid to start after white space, so two people's edits meet at word boundaries.
 */
export function charEdits(base: string, next: string): TextEdit[] {
  return trimmed(base, next).map((e) => slide(base, e));
}

function slide(base: string, edit: TextEdit): TextEdit {
  const deleting = edit.deleteCount > 0;
  if (deleting === edit.insertText.length > 0) return edit;
  let run = deleting ? base.slice(edit.offset, edit.offset + edit.deleteCount) : edit.insertText;
  let at = edit.offset;
  const end = () => at + (deleting ? run.length : 0);
  // Leftmost equivalent place first, then rightwards to the first that starts after white space.
  while (at > 0 && base[at - 1] === run[run.length - 1]) {
    run = run[run.length - 1] + run.slice(0, -1);
    at--;
  }
  const make = () =>
    deleting
      ? { offset: at, deleteCount: run.length, insertText: '' }
      : { offset: at, deleteCount: 0, insertText: run };
  const first = make();
  for (;;) {
    if (at === 0 || /\s/.test(base[at - 1]!)) return make();
    if (end() >= base.length || base[end()] !== run[0]) return first.offset === edit.offset ? edit : first;
    run = run.slice(1) + run[0];
    at++;
  }
}

function trimmed(base: string, next: string): TextEdit[] {
  return minimalEdits(base, next).map(({ offset, deleteCount, insertText }) => {
    const removed = base.slice(offset, offset + deleteCount);
    let head = 0;
    const most = Math.min(removed.length, insertText.length);
    while (head < most && removed[head] === insertText[head]) head++;
    let tail = 0;
    while (tail < most - head && removed[removed.length - 1 - tail] === insertText[insertText.length - 1 - tail])
      tail++;
    return {
      offset: offset + head,
      deleteCount: deleteCount - head - tail,
      insertText: insertText.slice(head, insertText.length - tail),
    };
  });
}

/** The edits (against `theirs`, sorted, non-overlapping) that add base → mine to `theirs`. */
export function rebaseEdits(base: string, mine: string, theirs: string): TextEdit[] {
  return rebaseOnto(charEdits(base, mine), base, theirs);
}

/** My edits of `base` (sorted, non-overlapping), mapped onto `theirs`. */
export function rebaseOnto(ours: readonly TextEdit[], base: string, theirs: string): TextEdit[] {
  if (ours.length === 0) return [];
  const their = charEdits(base, theirs);
  const rebased: TextEdit[] = [];
  let floor = 0;
  for (const edit of ours) {
    const start = Math.max(floor, mapOffset(their, edit.offset));
    const end = edit.deleteCount > 0 ? Math.max(start, mapOffset(their, edit.offset + edit.deleteCount, true)) : start;
    if (end > start || edit.insertText)
      rebased.push({ offset: start, deleteCount: end - start, insertText: edit.insertText });
    floor = end;
  }
  return rebased;
}

/**
 * The edits `current` holds beyond `confirmed` (a subset of it), exactly as made: applied to a copy
 * of `confirmed`, their Yjs delta against its text — no guessing where a word was typed or deleted.
 */
export function unconfirmedEdits(confirmed: Y.Doc, current: Y.Doc): TextEdit[] {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(confirmed));
  const text = copy.getText('content');
  const edits: TextEdit[] = [];
  text.observe((event) => {
    let at = 0;
    for (const op of event.delta) {
      if (op.retain !== undefined) at += op.retain;
      else if (op.delete !== undefined) {
        edits.push({ offset: at, deleteCount: op.delete, insertText: '' });
        at += op.delete;
      } else if (typeof op.insert === 'string') {
        const last = edits[edits.length - 1];
        if (last && last.offset + last.deleteCount === at && !last.insertText) last.insertText = op.insert;
        else edits.push({ offset: at, deleteCount: 0, insertText: op.insert });
      }
    }
  });
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(current, Y.encodeStateVector(confirmed)));
  copy.destroy();
  return edits;
}
