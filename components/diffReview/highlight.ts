// Syntax highlighting for diff review hunks with Monaco's colorize (no editor instance): the lines
// of a text as HTML, in the language of its file. Plain text until Monaco has tokenized it.
import { useEffect, useState } from 'react';
import { configureMonaco } from '../editor/monacoEnvironment';

function languageOf(monaco: ReturnType<typeof configureMonaco>, path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  const ext = name.includes('.') ? name.slice(name.lastIndexOf('.')) : '';
  const lang = monaco.languages
    .getLanguages()
    .find((l) => l.extensions?.includes(ext) || l.filenames?.some((f) => f.toLowerCase() === name));
  return lang?.id ?? 'plaintext';
}

/** The lines of `text` (without its final newline) as highlighted HTML, or null while loading. */
export function useColorized(text: string, path: string): string[] | null {
  const [html, setHtml] = useState<string[] | null>(null);
  useEffect(() => {
    let live = true;
    setHtml(null);
    if (text === '') return;
    const monaco = configureMonaco();
    const body = text.endsWith('\n') ? text.slice(0, -1) : text;
    monaco.editor
      .colorize(body, languageOf(monaco, path), { tabSize: 2 })
      .then((out) => live && setHtml(out.split(/<br\/?>/).slice(0, body.split('\n').length)))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [text, path]);
  return html;
}
