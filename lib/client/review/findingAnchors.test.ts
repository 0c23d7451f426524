import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Finding } from '../../protocol';
import { FindingAnchors } from './findingAnchors';

function textOf(content: string): Y.Text {
  const doc = new Y.Doc();
  const text = doc.getText('content');
  text.insert(0, content);
  return text;
}

const finding = (startLine: number, endLine: number, id = 'f1'): Finding => ({
  id,
  path: 'a.ts',
  startLine,
  endLine,
  severity: 'warning',
  message: 'm',
});
const FILE = ['one', 'two', 'three', 'four', 'five'].join('\n') + '\n';

describe('FindingAnchors', () => {
  it('follows the finding when lines are added or removed above it, and not when text is typed around it', () => {
    const text = textOf(FILE);
    const anchors = new FindingAnchors();
    expect(anchors.lines(text, finding(3, 4))).toEqual({ startLine: 3, endLine: 4 });
    text.insert(0, 'zero\nhalf\n');
    expect(anchors.lines(text, finding(3, 4))).toEqual({ startLine: 5, endLine: 6 });
    text.delete(0, 'zero\nhalf\none\n'.length);
    expect(anchors.lines(text, finding(3, 4))).toEqual({ startLine: 2, endLine: 3 });
    // typing at the start of its first line and right after its last line keeps the same lines
    text.insert(text.toString().indexOf('three'), '// ');
    text.insert(text.toString().indexOf('five'), 'x');
    expect(anchors.lines(text, finding(3, 4))).toEqual({ startLine: 2, endLine: 3 });
    // a line inserted inside the range widens it
    text.insert(text.toString().indexOf('four'), 'three and a half\n');
    expect(anchors.lines(text, finding(3, 4))).toEqual({ startLine: 2, endLine: 4 });
  });

  it('is null once the code is deleted, or when the finding lies past the end', () => {
    const text = textOf(FILE);
    const anchors = new FindingAnchors();
    expect(anchors.lines(text, finding(2, 3))).toEqual({ startLine: 2, endLine: 3 });
    const from = text.toString().indexOf('two');
    text.delete(from, 'two\nthree\n'.length);
    expect(anchors.lines(text, finding(2, 3))).toBeNull();
    expect(anchors.lines(text, finding(40, 41, 'late'))).toBeNull();
  });

  it('pins the last line of a file without a final newline, and the lines as first seen', () => {
    const text = textOf('a\nb\nc');
    const anchors = new FindingAnchors();
    expect(anchors.lines(text, finding(3, 9))).toEqual({ startLine: 3, endLine: 3 });
    text.insert(0, 'new\n');
    expect(anchors.lines(text, finding(3, 9))).toEqual({ startLine: 4, endLine: 4 });
    // another client's copy of the document resolves the same positions
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(text.doc!));
    expect(anchors.lines(other.getText('content'), finding(3, 9))).toEqual({ startLine: 4, endLine: 4 });
  });
});
