'use client';
// Inline completions the way most Next.js apps with Monaco add them (@monaco-editor/react, an
// inline completions provider): wait DEBOUNCE_MS after the last keystroke, then fetch
// /api/complete with the text before and after the cursor, aborting the fetch when Monaco cancels
// the request (the next keystroke). The bench sets the text with `window.peerEditor.setValue`.
import Editor, { loader } from '@monaco-editor/react';
import * as monaco from 'monaco-editor';

/** The fixed pause before asking; the bench prints it beside the figures. */
export const DEBOUNCE_MS = 150;

declare global {
  interface Window {
    peerEditor?: monaco.editor.IStandaloneCodeEditor;
  }
}

window.MonacoEnvironment = {
  getWorker(_id: string, label: string) {
    if (label === 'typescript' || label === 'javascript')
      return new Worker(new URL('monaco-editor/language/typescript/ts.worker', import.meta.url), { type: 'module' });
    return new Worker(new URL('monaco-editor/editor/editor.worker', import.meta.url), { type: 'module' });
  },
};
loader.config({ monaco });

function debounce(ms: number, token: monaco.CancellationToken): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      sub.dispose();
      resolve(true);
    }, ms);
    const sub = token.onCancellationRequested(() => {
      clearTimeout(timer);
      sub.dispose();
      resolve(false);
    });
  });
}

monaco.languages.registerInlineCompletionsProvider('*', {
  async provideInlineCompletions(model, position, _context, token) {
    if (!(await debounce(DEBOUNCE_MS, token))) return { items: [] };
    const controller = new AbortController();
    const sub = token.onCancellationRequested(() => controller.abort());
    const text = model.getValue();
    const offset = model.getOffsetAt(position);
    try {
      const res = await fetch('/api/complete', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ prompt: text.slice(0, offset), suffix: text.slice(offset), model: 'sim-fast' }),
        signal: controller.signal,
      });
      const { text: fill } = (await res.json()) as { text?: string };
      if (token.isCancellationRequested || !fill) return { items: [] };
      const at = new monaco.Range(position.lineNumber, position.column, position.lineNumber, position.column);
      return { items: [{ insertText: fill, range: at }], suppressSuggestions: true };
    } catch {
      return { items: [] };
    } finally {
      sub.dispose();
    }
  },
  disposeInlineCompletions: () => undefined,
});

export default function CompleteEditor() {
  return (
    <div data-testid="editor" style={{ height: '90vh' }}>
      <Editor
        defaultLanguage="typescript"
        defaultPath="src/complete.ts"
        options={{ inlineSuggest: { enabled: true }, minimap: { enabled: false } }}
        onMount={(editor) => {
          window.peerEditor = editor;
        }}
      />
    </div>
  );
}
