// Brings a Y.Text to a target string by replacing only the region between the common prefix and
// suffix, so collaborators' cursors and concurrent edits outside that region survive (used for
// disk reloads).
import type * as Y from 'yjs';

export function applyTextChange(text: Y.Text, target: string, origin: unknown): boolean {
  const current = text.toString();
  if (current === target) return false;
  let start = 0;
  const max = Math.min(current.length, target.length);
  while (start < max && current.charCodeAt(start) === target.charCodeAt(start)) start++;
  let end = 0;
  while (
    end < max - start &&
    current.charCodeAt(current.length - 1 - end) === target.charCodeAt(target.length - 1 - end)
  )
    end++;
  text.doc!.transact(() => {
    const deleteCount = current.length - start - end;
    if (deleteCount > 0) text.delete(start, deleteCount);
    const insert = target.slice(start, target.length - end);
    if (insert) text.insert(start, insert);
  }, origin);
  return true;
}
