'use client';
// The bottom bar: connection, save state of the active file, cursor position, language (and
// whether its type checking is starting).
import { AutocompleteStatus } from './AutocompleteStatus';
import { useConnectionStore } from '../../lib/client/stores/connectionStore';
import { useDocStatusStore } from '../../lib/client/stores/docStatusStore';
import { useEditorStore } from '../../lib/client/stores/editorStore';
import { useWorkspaceStore } from '../../lib/client/stores/workspaceStore';

/** The TypeScript service's state beside the language of a .ts or .js file (languageServiceGate.ts). */
const SERVICE_LABEL = {
  idle: '',
  waiting: ' · checks wait for a pause',
  starting: ' · checks starting…',
  ready: '',
} as const;
const SERVICE_LANGUAGES = new Set(['typescript', 'javascript']);

const SAVE_LABEL = { saved: 'Saved', dirty: 'Unsaved changes', saving: 'Saving…', error: 'Save failed' } as const;

/** Ln and Col alone: the cursor moves with every key, and only this re-renders then. */
function CursorPosition() {
  const line = useEditorStore((s) => s.line);
  const column = useEditorStore((s) => s.column);
  return (
    <span>
      Ln {line}, Col {column}
    </span>
  );
}

export function StatusBar() {
  const connection = useConnectionStore();
  const active = useWorkspaceStore((s) => s.active);
  const status = useDocStatusStore((s) => (active ? s.byPath[active] : undefined));
  const language = useEditorStore((s) => s.language);
  const languageService = useEditorStore((s) => s.languageService);
  const service = SERVICE_LANGUAGES.has(language) ? languageService : 'idle';
  return (
    <footer className="status-bar" data-testid="status-bar">
      <span
        className={`conn conn-${connection.state}`}
        data-testid="connection"
        data-state={connection.state}
        title={connection.message ?? ''}
      >
        ●{' '}
        {connection.state === 'connected' ? 'Connected' : connection.state === 'refused' ? 'Refused' : 'Reconnecting…'}
      </span>
      {active && status && (
        <span
          className={`save save-${status.state}`}
          data-testid="save-status"
          data-state={status.state}
          title={status.message ?? ''}
        >
          {SAVE_LABEL[status.state]}
          {status.message ? ` — ${status.message}` : ''}
        </span>
      )}
      <span className="spacer" />
      <AutocompleteStatus />
      {active && (
        <>
          <CursorPosition />
          <span
            data-testid="language"
            data-service={service}
            title={
              service === 'waiting'
                ? 'Type checking starts once no turn is streaming and no key was pressed for a moment'
                : ''
            }
          >
            {language}
            {SERVICE_LABEL[service]}
          </span>
        </>
      )}
    </footer>
  );
}
