// Why: a review finding names lines, but people keep editing — a line added above it would leave
// the mark (and "Fix with fast lane") on the wrong code. The first time a finding is shown its
// lines are pinned with Yjs relative positions (like cursors and ghosts), and from then on its
// lines are read back from them. A finding whose code was deleted resolves to null. When the
// document starts a new generation an anchor is pinned again in the new text, at the offsets it
// had in the old one.
import * as Y from 'yjs';
import type { Finding, LineRange } from '../../protocol';
import { latestText } from '../collabDoc';

type Anchor = { doc: Y.Doc; start: Y.RelativePosition; end: Y.RelativePosition };

export class FindingAnchors {
  private readonly anchors = new Map<string, Anchor>();

  /** The finding's lines in `text` now; null when its code is gone or it lies past the end. */
  lines(shown: Y.Text, finding: Finding): LineRange | null {
    const text = latestText(shown);
    const doc = text.doc;
    if (!doc) return null;
    let anchor = this.anchors.get(finding.id);
    if (anchor && anchor.doc !== doc) {
      const moved = repin(anchor, text);
      if (!moved) return null;
      anchor = moved;
    }
    if (!anchor) {
      const pinned = pin(text, finding);
      if (!pinned) return null;
      anchor = pinned;
    }
    this.anchors.set(finding.id, anchor);
    const start = Y.createAbsolutePositionFromRelativePosition(anchor.start, doc);
    const end = Y.createAbsolutePositionFromRelativePosition(anchor.end, doc);
    if (!start || !end || end.index <= start.index) return null;
    const content = text.toString();
    return { startLine: lineAt(content, start.index), endLine: lineAt(content, end.index - 1) };
  }

  forget(id: string): void {
    this.anchors.delete(id);
  }
}

/** Pins the first character of the start line and the last of the end line (its newline or end). */
function pin(text: Y.Text, finding: Finding): Anchor | null {
  const content = text.toString();
  const starts = [0];
  for (let i = content.indexOf('\n'); i !== -1; i = content.indexOf('\n', i + 1)) starts.push(i + 1);
  if (finding.startLine > starts.length || content.length === 0) return null;
  const from = starts[finding.startLine - 1]!;
  const endLine = Math.min(Math.max(finding.endLine, finding.startLine), starts.length);
  const to = endLine < starts.length ? starts[endLine]! : content.length;
  if (to <= from) return null;
  return pinAt(text, from, to);
}

function pinAt(text: Y.Text, from: number, to: number): Anchor {
  return {
    doc: text.doc!,
    start: Y.createRelativePositionFromTypeIndex(text, from, 0),
    // Stick to the character before `to`, so text typed right after the range stays outside it.
    end: Y.createRelativePositionFromTypeIndex(text, to, -1),
  };
}

/** The anchor pinned in `text` where it stood in its old generation's document; null if it was gone there. */
function repin(anchor: Anchor, text: Y.Text): Anchor | null {
  const start = Y.createAbsolutePositionFromRelativePosition(anchor.start, anchor.doc);
  const end = Y.createAbsolutePositionFromRelativePosition(anchor.end, anchor.doc);
  if (!start || !end || end.index <= start.index) return null;
  const length = text.length;
  return pinAt(text, Math.min(start.index, length), Math.min(end.index, length));
}

function lineAt(content: string, index: number): number {
  let line = 1;
  for (let i = content.indexOf('\n'); i !== -1 && i < index; i = content.indexOf('\n', i + 1)) line++;
  return line;
}
