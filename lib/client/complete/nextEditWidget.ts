// How a next-edit suggestion shows, to its asker alone: the text it would replace marked in place
// (a decoration that Monaco keeps anchored while anyone edits around it) and, after the end of its
// line, a small ghost diff — the old text struck through, the new text — with the hint "Tab to
// jump, Tab to accept" and the model (labelled simulated when it is). Handles: `next-edit` (with
// data-line and data-state = offered | jumped) and `next-edit-hint`.
import type * as Monaco from 'monaco-editor';

export const NEXT_EDIT_HINT = 'Tab to jump, Tab to accept';
const WIDGET_ID = 'tandem.nextEdit';
/** Longest text shown for each side of the diff; the edit itself is applied whole. */
const SHOWN_CHARS = 80;

const shown = (text: string) => {
  const flat = text.replace(/\n/g, '⏎');
  return flat.length > SHOWN_CHARS ? `${flat.slice(0, SHOWN_CHARS)}…` : flat;
};

function span(className: string, text: string, testId?: string): HTMLSpanElement {
  const el = document.createElement('span');
  el.className = className;
  el.textContent = text;
  if (testId) el.dataset.testid = testId;
  return el;
}

export class NextEditWidget implements Monaco.editor.IContentWidget {
  // Inside the editor's own layer: it scrolls with the line it belongs to.
  readonly allowEditorOverflow = false;
  private readonly node = document.createElement('div');
  private readonly marks: Monaco.editor.IEditorDecorationsCollection;

  constructor(
    private readonly monaco: typeof Monaco,
    private readonly editor: Monaco.editor.ICodeEditor,
    range: Monaco.IRange,
    edit: { oldText: string; newText: string },
    label: string,
  ) {
    this.node.className = 'tandem-next-edit';
    this.node.dataset.testid = 'next-edit';
    this.node.dataset.state = 'offered';
    if (edit.oldText !== '') this.node.append(span('tandem-next-edit-old', shown(edit.oldText)));
    if (edit.newText !== '') this.node.append(span('tandem-next-edit-new', shown(edit.newText)));
    this.node.append(span('tandem-next-edit-hint', NEXT_EDIT_HINT, 'next-edit-hint'));
    this.node.append(span('tandem-next-edit-model', label));
    const { TrackedRangeStickiness } = monaco.editor;
    this.marks = editor.createDecorationsCollection([
      {
        range,
        options: {
          className: 'tandem-next-edit-delete',
          stickiness: TrackedRangeStickiness.NeverGrowsWhenTypingAtEdges,
          // An insertion has nothing to strike through: a caret-wide mark shows where it goes.
          ...(edit.oldText === '' ? { beforeContentClassName: 'tandem-next-edit-insert-at' } : {}),
        },
      },
    ]);
    editor.addContentWidget(this);
    this.layout();
  }

  /** Where the edit is now (collaborators may have moved it), or null once its text is gone. */
  range(): Monaco.Range | null {
    return this.marks.getRange(0);
  }

  setJumped(): void {
    this.node.dataset.state = 'jumped';
  }

  jumped(): boolean {
    return this.node.dataset.state === 'jumped';
  }

  /** Follows the edit's line when the text around it changes. */
  layout(): void {
    const range = this.range();
    if (range) this.node.dataset.line = String(range.startLineNumber);
    this.editor.layoutContentWidget(this);
  }

  getId(): string {
    return WIDGET_ID;
  }

  getDomNode(): HTMLElement {
    return this.node;
  }

  getPosition(): Monaco.editor.IContentWidgetPosition | null {
    const range = this.range();
    const model = this.editor.getModel();
    if (!range || !model) return null;
    const line = range.endLineNumber;
    return {
      position: { lineNumber: line, column: model.getLineMaxColumn(line) },
      preference: [this.monaco.editor.ContentWidgetPositionPreference.EXACT],
    };
  }

  dispose(): void {
    this.editor.removeContentWidget(this);
    this.marks.clear();
  }
}
