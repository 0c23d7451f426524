// Binds a Monaco model to a Y.Text. Local typing becomes Yjs transactions (origin: this binding,
// tracked by a Y.UndoManager so undo touches only this person's edits); remote changes are applied
// to the model without entering Monaco's undo stack, keeping this person's selections in place via
// Yjs relative positions. The model is always LF. When the document starts a new generation the
// binding moves to its text: the model changes only where the texts differ (others' edits this
// browser had not seen), the selections mapped by offset; the Yjs undo history starts again.
import type * as Monaco from 'monaco-editor';
import * as Y from 'yjs';
import { followGenerations } from './collabDoc';
import { charEdits, mapOffset } from './textRebase';

export class MonacoBinding {
  undoManager: Y.UndoManager;
  private applyingRemote = false;
  private readonly disposables: Monaco.IDisposable[] = [];
  private readonly observer: (event: Y.YTextEvent, tr: Y.Transaction) => void;
  private unfollow: () => void;

  constructor(
    private readonly monaco: typeof Monaco,
    public text: Y.Text,
    readonly model: Monaco.editor.ITextModel,
    private editor: Monaco.editor.ICodeEditor | null,
  ) {
    model.setEOL(monaco.editor.EndOfLineSequence.LF);
    if (model.getValue() !== text.toString()) model.setValue(text.toString());
    this.undoManager = this.undoFor(text);
    this.observer = (event, tr) => {
      if (tr.origin === this) return;
      this.applyRemote(event, tr.origin === this.undoManager);
    };
    text.observe(this.observer);
    this.unfollow = followGenerations(text, (next) => this.rebind(next));
    this.disposables.push(model.onDidChangeContent((e) => this.onLocalChange(e)));
  }

  private undoFor(text: Y.Text): Y.UndoManager {
    return new Y.UndoManager(text, { trackedOrigins: new Set([this]), captureTimeout: 500 });
  }

  /** A new generation: follow its text, and bring the model to it without moving what the person sees. */
  private rebind(next: Y.Text): void {
    this.text.unobserve(this.observer);
    this.undoManager.destroy();
    this.text = next;
    this.undoManager = this.undoFor(next);
    next.observe(this.observer);
    const current = this.model.getValue();
    const target = next.toString();
    if (current === target) return;
    const edits = charEdits(current, target);
    const editor = this.editor?.getModel() === this.model ? this.editor : null;
    const selections = (editor?.getSelections() ?? []).map((sel) => ({
      anchor: mapOffset(edits, this.model.getOffsetAt(sel.getSelectionStart())),
      head: mapOffset(edits, this.model.getOffsetAt(sel.getPosition())),
    }));
    this.applyingRemote = true;
    try {
      this.model.applyEdits(
        edits.map((e) => {
          const start = this.model.getPositionAt(e.offset);
          const end = this.model.getPositionAt(e.offset + e.deleteCount);
          return {
            range: new this.monaco.Range(start.lineNumber, start.column, end.lineNumber, end.column),
            text: e.insertText,
          };
        }),
      );
    } finally {
      this.applyingRemote = false;
    }
    if (editor && selections.length) {
      editor.setSelections(
        selections.map(({ anchor, head }) => {
          const a = this.model.getPositionAt(anchor);
          const h = this.model.getPositionAt(head);
          return new this.monaco.Selection(a.lineNumber, a.column, h.lineNumber, h.column);
        }),
      );
    }
  }

  setEditor(editor: Monaco.editor.ICodeEditor | null): void {
    this.editor = editor;
  }

  private onLocalChange(e: Monaco.editor.IModelContentChangedEvent): void {
    if (this.applyingRemote) return;
    const changes = [...e.changes].sort((a, b) => b.rangeOffset - a.rangeOffset);
    this.text.doc!.transact(() => {
      for (const c of changes) {
        if (c.rangeLength > 0) this.text.delete(c.rangeOffset, c.rangeLength);
        if (c.text) this.text.insert(c.rangeOffset, c.text);
      }
    }, this);
  }

  private applyRemote(event: Y.YTextEvent, fromUndo: boolean): void {
    const editor = this.editor?.getModel() === this.model ? this.editor : null;
    const saved = editor && !fromUndo ? this.captureSelections(editor) : null;
    this.applyingRemote = true;
    let lastOffset = -1;
    try {
      let index = 0;
      for (const op of event.delta) {
        if (op.retain !== undefined) {
          index += op.retain;
        } else if (op.insert !== undefined) {
          const pos = this.model.getPositionAt(index);
          const insert = op.insert as string;
          this.model.applyEdits([
            { range: new this.monaco.Range(pos.lineNumber, pos.column, pos.lineNumber, pos.column), text: insert },
          ]);
          index += insert.length;
          lastOffset = index;
        } else if (op.delete !== undefined) {
          const start = this.model.getPositionAt(index);
          const end = this.model.getPositionAt(index + op.delete);
          this.model.applyEdits([
            { range: new this.monaco.Range(start.lineNumber, start.column, end.lineNumber, end.column), text: '' },
          ]);
          lastOffset = index;
        }
      }
    } finally {
      this.applyingRemote = false;
    }
    if (editor && saved) this.restoreSelections(editor, saved);
    else if (editor && fromUndo && lastOffset >= 0) {
      const pos = this.model.getPositionAt(lastOffset);
      editor.setPosition(pos);
      editor.revealPositionInCenterIfOutsideViewport(pos);
    }
  }

  private captureSelections(editor: Monaco.editor.ICodeEditor) {
    return (editor.getSelections() ?? []).map((sel) => ({
      anchor: Y.createRelativePositionFromTypeIndex(this.text, this.model.getOffsetAt(sel.getSelectionStart()), -1),
      head: Y.createRelativePositionFromTypeIndex(this.text, this.model.getOffsetAt(sel.getPosition()), -1),
    }));
  }

  private restoreSelections(
    editor: Monaco.editor.ICodeEditor,
    saved: ReturnType<MonacoBinding['captureSelections']>,
  ): void {
    const doc = this.text.doc!;
    const selections = saved.flatMap(({ anchor, head }) => {
      const a = Y.createAbsolutePositionFromRelativePosition(anchor, doc);
      const h = Y.createAbsolutePositionFromRelativePosition(head, doc);
      if (!a || !h) return [];
      const ap = this.model.getPositionAt(a.index);
      const hp = this.model.getPositionAt(h.index);
      return [new this.monaco.Selection(ap.lineNumber, ap.column, hp.lineNumber, hp.column)];
    });
    if (selections.length) editor.setSelections(selections);
  }

  undo(): void {
    this.undoManager.undo();
  }

  redo(): void {
    this.undoManager.redo();
  }

  dispose(): void {
    this.unfollow();
    this.text.unobserve(this.observer);
    this.undoManager.destroy();
    this.disposables.forEach((d) => d.dispose());
  }
}
