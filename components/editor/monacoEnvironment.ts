// Monaco from node_modules, never a CDN: hands the bundled monaco to @monaco-editor/react's loader
// and tells Monaco where its web workers are. Each `new URL(literal, import.meta.url)` must stay
// inline so the bundler emits the worker file.
import { loader } from '@monaco-editor/react';
import * as monaco from 'monaco-editor';
import { gatedWorker, gateLanguageWorkers } from './languageServiceWorkers';

declare global {
  interface Window {
    MonacoEnvironment?: monaco.Environment;
  }
}

let configured = false;

export function configureMonaco(): typeof monaco {
  if (configured) return monaco;
  configured = true;
  const ts = monaco.typescript;
  // The TypeScript service starts once the page is quiet, never beside a turn (languageServiceGate.ts).
  const gate = gateLanguageWorkers({ typescript: ts.typescriptDefaults, javascript: ts.javascriptDefaults });
  window.MonacoEnvironment = {
    getWorker(_workerId: string, label: string) {
      switch (label) {
        case 'typescript':
        case 'javascript':
          return gatedWorker(
            gate,
            label,
            () =>
              new Worker(new URL('monaco-editor/language/typescript/ts.worker', import.meta.url), { type: 'module' }),
          );
        case 'json':
          return new Worker(new URL('monaco-editor/language/json/json.worker', import.meta.url), { type: 'module' });
        case 'css':
        case 'scss':
        case 'less':
          return new Worker(new URL('monaco-editor/language/css/css.worker', import.meta.url), { type: 'module' });
        case 'html':
        case 'handlebars':
        case 'razor':
          return new Worker(new URL('monaco-editor/language/html/html.worker', import.meta.url), { type: 'module' });
        default:
          return new Worker(new URL('monaco-editor/editor/editor.worker', import.meta.url), { type: 'module' });
      }
    },
  };
  // Only open files are models, so imports of the rest of the workspace cannot resolve: do not
  // flag them (2307: cannot find module, 2792: did you mean to set moduleResolution).
  for (const defaults of [ts.typescriptDefaults, ts.javascriptDefaults]) {
    defaults.setDiagnosticsOptions({ ...defaults.getDiagnosticsOptions(), diagnosticCodesToIgnore: [2307, 2792] });
  }
  loader.config({ monaco });
  return monaco;
}
