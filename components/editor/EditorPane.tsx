'use client';
// The Monaco editor for the active tab. Monaco is created once; each open file keeps its own
// model bound to its shared Y.Text, and switching tabs swaps models (keeping each undo history).
import Editor, { type OnMount } from '@monaco-editor/react';
import type * as Monaco from 'monaco-editor';
import { useEffect, useMemo, useRef, useState } from 'react';
import { attachInlineCompletions } from '../../lib/client/complete/inlineCompletions';
import { attachNextEdits } from '../../lib/client/complete/nextEdit';
import { CursorPresence } from '../../lib/client/cursorPresence';
import { enclosingBlock, selectionLines } from '../../lib/client/ghost/enclosingBlock';
import { MonacoGhostPainter } from '../../lib/client/ghost/monacoGhostPainter';
import { prewarmGhostOnIdle } from '../../lib/client/ghost/prewarmGhost';
import { MonacoFindingsPainter } from '../../lib/client/review/monacoFindingsPainter';
import { dismissFinding, findingAnchors, useFindingsStore } from '../../lib/client/stores/findingsStore';
import { notify } from '../../lib/client/stores/noticeStore';
import { useGhostStore } from '../../lib/client/stores/ghostStore';
import { openInstructionBox } from '../../lib/client/stores/steeringStore';
import { acceptGhost, escapeGhost, flipAlternative } from '../steering/ghostActions';
import { MonacoBinding } from '../../lib/client/monacoBinding';
import { useWorkspaceStore } from '../../lib/client/stores/workspaceStore';
import { useSession } from '../SessionContext';
import { configureMonaco } from './monacoEnvironment';
import { useRevealRange } from './useRevealRange';
import { useEditorStore } from '../../lib/client/stores/editorStore';
import { useReadOnly } from '../../lib/client/stores/roleStore';
import type { WorkspaceSession } from '../../lib/client/workspaceSession';

const monaco = configureMonaco();

// One object for every render: @monaco-editor/react calls editor.updateOptions whenever it changes.
const EDITOR_OPTIONS: Monaco.editor.IStandaloneEditorConstructionOptions = {
  automaticLayout: true,
  fontSize: 13,
  minimap: { enabled: false },
  scrollBeyondLastLine: false,
  fixedOverflowWidgets: true,
  tabSize: 2,
};

/** What is attached to the editor for the file it shows. */
type Attached = {
  path: string;
  binding: MonacoBinding;
  cursors: CursorPresence;
  ghosts: MonacoGhostPainter;
  findings: MonacoFindingsPainter;
};

function detach(session: WorkspaceSession, a: Attached): void {
  a.cursors.dispose();
  a.ghosts.dispose();
  a.findings.dispose();
  session.fast.setPainter(a.path, null);
}

export function EditorPane() {
  const session = useSession();
  const active = useWorkspaceStore((s) => s.active);
  const tabs = useWorkspaceStore((s) => s.tabs);
  const openError = useWorkspaceStore((s) => s.openError);
  const [editor, setEditor] = useState<Monaco.editor.IStandaloneCodeEditor | null>(null);
  const bindings = useRef(new Map<string, MonacoBinding>());
  const current = useRef<Attached | null>(null);
  const findings = useFindingsStore((s) => s.findings);
  // Tab and Esc belong to an own ghost edit; an answer (in the panel) leaves the editor's keys alone.
  const hasGhost = useGhostStore((s) =>
    Object.values(s.ghosts).some((g) => g.self && g.path === active && g.intent !== 'answer'),
  );
  const ghostKey = useRef<Monaco.editor.IContextKey<boolean> | null>(null);

  const onMount: OnMount = (ed) => {
    const { KeyMod, KeyCode } = monaco;
    ed.addCommand(KeyMod.CtrlCmd | KeyCode.KeyS, () => {
      const path = useWorkspaceStore.getState().active;
      if (path) void session.save(path);
    });
    ed.addCommand(KeyMod.CtrlCmd | KeyCode.KeyZ, () => current.current?.binding.undo());
    ed.addCommand(KeyMod.CtrlCmd | KeyMod.Shift | KeyCode.KeyZ, () => current.current?.binding.redo());
    ed.addCommand(KeyMod.CtrlCmd | KeyCode.KeyY, () => current.current?.binding.redo());
    ed.addCommand(KeyMod.CtrlCmd | KeyCode.KeyK, () => {
      const path = useWorkspaceStore.getState().active;
      const model = ed.getModel();
      const sel = ed.getSelection();
      if (!path || !model || !sel) return;
      const range = sel.isEmpty()
        ? enclosingBlock(model.getLinesContent(), sel.positionLineNumber)
        : selectionLines(sel);
      openInstructionBox(path, range);
    });
    ghostKey.current = ed.createContextKey('tandemOwnGhost', false);
    const withPath = (fn: (path: string) => void) => () => {
      const path = useWorkspaceStore.getState().active;
      if (path) fn(path);
    };
    ed.addCommand(
      KeyCode.Tab,
      withPath((p) => acceptGhost(session, p)),
      'tandemOwnGhost',
    );
    ed.addCommand(
      KeyCode.Escape,
      withPath((p) => escapeGhost(session, p)),
      'tandemOwnGhost',
    );
    ed.addCommand(
      KeyMod.Alt | KeyCode.BracketRight,
      withPath((p) => flipAlternative(session, p, 1)),
      'tandemOwnGhost',
    );
    ed.addCommand(
      KeyMod.Alt | KeyCode.BracketLeft,
      withPath((p) => flipAlternative(session, p, -1)),
      'tandemOwnGhost',
    );
    ed.onDidChangeCursorPosition((e) =>
      useEditorStore.setState({ line: e.position.lineNumber, column: e.position.column }),
    );
    setEditor(ed);
  };

  useEffect(() => {
    ghostKey.current?.set(hasGhost);
  }, [hasGhost]);

  useEffect(() => {
    if (!editor) return;
    if (current.current) detach(session, current.current);
    current.current = null;
    const doc = active ? session.doc(active) : undefined;
    if (!active || !doc) {
      editor.setModel(null);
      session.markShown(null);
      return;
    }
    let binding = bindings.current.get(active);
    if (!binding) {
      const uri = monaco.Uri.parse(`file:///${active}`);
      const model = monaco.editor.getModel(uri) ?? monaco.editor.createModel(doc.text.toString(), undefined, uri);
      binding = new MonacoBinding(monaco, doc.text, model, editor);
      bindings.current.set(active, binding);
      session.setBinding(active, binding);
    }
    binding.setEditor(editor);
    editor.setModel(binding.model);
    useEditorStore.setState({ language: binding.model.getLanguageId() });
    const ghosts = new MonacoGhostPainter(monaco, editor, doc.text, (turn, index) =>
      session.fast.toggleHunk(turn, index),
    );
    const findingsPainter = new MonacoFindingsPainter(monaco, editor, doc.text, findingAnchors, {
      dismiss: (f) => dismissFinding(f.id),
      fix: (f, lines) => {
        dismissFinding(f.id);
        session.fast
          .start(f.path, lines, `fix: ${f.message}`, 'a review finding turned into a small, local fix')
          .catch((err: Error) => notify('error', err.message));
      },
    });
    current.current = {
      path: active,
      binding,
      cursors: new CursorPresence(monaco, editor, session.awareness, active, doc.text),
      ghosts,
      findings: findingsPainter,
    };
    session.fast.setPainter(active, ghosts);
    prewarmGhostOnIdle(editor, ghosts, doc.text, active);
    findingsPainter.paint(useFindingsStore.getState().findings.filter((f) => f.path === active));
    session.markShown(active);
  }, [editor, active, session]);

  // After the effect above has put the active file's model in the editor.
  useRevealRange(editor, active);

  // Inline completions and next-edit suggestions (lib/client/complete/): accepting one is its own
  // undo step of the binding.
  useEffect(() => {
    if (!editor) return;
    const pathOf = (model: Monaco.editor.ITextModel) => (model.uri.scheme === 'file' ? model.uri.path.slice(1) : null);
    const completions = attachInlineCompletions(monaco, editor, {
      socket: session.socket,
      pathOf,
      stopCapturing: () => current.current?.binding.undoManager.stopCapturing(),
    });
    const nextEdits = attachNextEdits(monaco, editor, {
      socket: session.socket,
      pathOf,
      bindingOf: (path) => bindings.current.get(path) ?? null,
    });
    return () => {
      completions.dispose();
      nextEdits.dispose();
    };
  }, [editor, session]);

  useEffect(() => {
    const c = current.current;
    if (c) c.findings.paint(findings.filter((f) => f.path === c.path));
  }, [findings]);

  useEffect(() => {
    for (const [path, binding] of bindings.current) {
      if (tabs.includes(path)) continue;
      if (current.current?.binding === binding) {
        detach(session, current.current);
        current.current = null;
      }
      session.setBinding(path, null);
      binding.dispose();
      binding.model.dispose();
      bindings.current.delete(path);
    }
  }, [tabs, session]);

  const showError = openError && openError.path === active;
  // A viewer's editor is read-only (the server refuses a viewer's edits anyway).
  const readOnly = useReadOnly();
  const options = useMemo(
    () => (readOnly ? { ...EDITOR_OPTIONS, readOnly: true, readOnlyMessage: { value: readOnly } } : EDITOR_OPTIONS),
    [readOnly],
  );
  return (
    <div className="editor-host" data-testid="editor" data-path={active ?? ''}>
      {showError && (
        <div className="editor-message" data-testid="editor-message">
          <strong>{openError.path}</strong> cannot be opened here: {openError.message}
        </div>
      )}
      {!active && !showError && <div className="editor-message">Open a file from the tree.</div>}
      <div className="editor-monaco" style={{ visibility: active && !showError ? 'visible' : 'hidden' }}>
        <Editor
          theme="vs-dark"
          onMount={onMount}
          loading={<div className="editor-message">Loading editor…</div>}
          options={options}
        />
      </div>
    </div>
  );
}
