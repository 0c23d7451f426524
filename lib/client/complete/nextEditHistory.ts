// The person's own recent edits of a document, as next-edit requests carry them (pure): each
// change of the shared text is applied to a copy of it; a local change is remembered — merged
// into the last edit when it touches it (typing a word, backspacing over it, typing over a
// selection are one edit) — and every change, local or a collaborator's, moves the remembered
// offsets so they stay true of the text as it is now. An edit overlapped by a later one is
// forgotten; one larger than MAX_EDIT_TEXT is not kept (a paste is no pattern to follow).
import { MAX_EDIT_HISTORY, MAX_EDIT_TEXT, type RecentEdit } from '../../protocol';

/** One change of the text: `oldText` at `offset` (in the text before it) became `newText`. */
export type TextChange = RecentEdit;
/** One op of a Y.Text delta. */
export type DeltaOp = { retain?: number; insert?: unknown; delete?: number };
export type EditState = { text: string; history: RecentEdit[] };

const end = (e: RecentEdit) => e.offset + e.newText.length;

/** The history moved past a change it does not overlap; the entries it overlaps dropped. */
function shifted(history: RecentEdit[], change: TextChange): RecentEdit[] {
  const from = change.offset;
  const to = change.offset + change.oldText.length;
  const delta = change.newText.length - change.oldText.length;
  return history.flatMap((e) => {
    if (end(e) <= from) return [e];
    if (e.offset >= to) return [{ ...e, offset: e.offset + delta }];
    return [];
  });
}

/** The last edit and a change that touches it as one edit, in the text before the change (`before`). */
function merged(last: RecentEdit, change: TextChange, before: string): RecentEdit {
  const start = Math.min(change.offset, last.offset);
  const stop = Math.max(change.offset + change.oldText.length, end(last));
  return {
    offset: start,
    newText:
      before.slice(start, change.offset) + change.newText + before.slice(change.offset + change.oldText.length, stop),
    oldText: before.slice(start, last.offset) + last.oldText + before.slice(end(last), stop),
  };
}

const fits = (e: RecentEdit) => e.oldText.length <= MAX_EDIT_TEXT && e.newText.length <= MAX_EDIT_TEXT;

/** The text and history after one change; `local` when the person made it. */
export function applyChange(state: EditState, change: TextChange, local: boolean): EditState {
  const { text } = state;
  const next = text.slice(0, change.offset) + change.newText + text.slice(change.offset + change.oldText.length);
  if (!local) return { text: next, history: shifted(state.history, change) };
  const last = state.history[state.history.length - 1];
  const touches =
    last !== undefined && change.offset <= end(last) && change.offset + change.oldText.length >= last.offset;
  const others = shifted(touches ? state.history.slice(0, -1) : state.history, change);
  const edit = touches ? merged(last, change, text) : change;
  const keep = edit.oldText !== edit.newText && fits(edit);
  return { text: next, history: (keep ? [...others, edit] : others).slice(-MAX_EDIT_HISTORY) };
}

/** The changes a Y.Text delta makes, one after another, each in the text the previous one left. */
export function changesOfDelta(text: string, delta: DeltaOp[]): TextChange[] {
  const changes: TextChange[] = [];
  let at = 0;
  let current = text;
  for (const op of delta) {
    if (op.retain !== undefined) at += op.retain;
    else if (typeof op.insert === 'string') {
      changes.push({ offset: at, oldText: '', newText: op.insert });
      current = current.slice(0, at) + op.insert + current.slice(at);
      at += op.insert.length;
    } else if (op.delete !== undefined) {
      changes.push({ offset: at, oldText: current.slice(at, at + op.delete), newText: '' });
      current = current.slice(0, at) + current.slice(at + op.delete);
    }
  }
  return changes;
}

/** The state after a Y.Text delta; `local` when the person made it. */
export function applyDelta(state: EditState, delta: DeltaOp[], local: boolean): EditState {
  return changesOfDelta(state.text, delta).reduce((s, c) => applyChange(s, c, local), state);
}

/** The entries `text` still shows (the document may have moved on while it was not watched). */
export function stillShown(text: string, history: RecentEdit[]): RecentEdit[] {
  return history.filter((e) => text.slice(e.offset, end(e)) === e.newText);
}
