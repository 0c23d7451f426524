// Why: following a run's link back to a fast edit should land on that edit: when the editor shows
// the file of the reveal target, scroll its range into the middle, select it and highlight it
// (class `tandem-reveal`) — once per target, so switching tabs later does not jump back.
import type * as Monaco from 'monaco-editor';
import { useEffect, useRef } from 'react';
import { useRevealStore, type RevealTarget } from '../../lib/client/stores/revealStore';

export function useRevealRange(editor: Monaco.editor.IStandaloneCodeEditor | null, active: string | null): void {
  const target = useRevealStore((s) => s.target);
  const shown = useRef<RevealTarget | null>(null);
  const highlight = useRef<Monaco.editor.IEditorDecorationsCollection | null>(null);
  useEffect(() => {
    const model = editor?.getModel();
    if (!editor || !model || !target || target.path !== active || shown.current === target) return;
    shown.current = target;
    const endLine = Math.min(target.range.endLine, model.getLineCount());
    const startLine = Math.min(target.range.startLine, endLine);
    const range = {
      startLineNumber: startLine,
      startColumn: 1,
      endLineNumber: endLine,
      endColumn: model.getLineMaxColumn(endLine),
    };
    editor.revealLinesInCenter(startLine, endLine);
    editor.setSelection(range);
    highlight.current?.clear();
    highlight.current = editor.createDecorationsCollection([
      { range, options: { isWholeLine: true, className: 'tandem-reveal' } },
    ]);
  }, [editor, active, target]);
}
