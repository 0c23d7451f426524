'use client';
// Open files as tabs, each with its save state (a dot while unsaved).
import { useDocStatusStore } from '../../lib/client/stores/docStatusStore';
import { useWorkspaceStore } from '../../lib/client/stores/workspaceStore';
import { useSession } from '../SessionContext';

export function Tabs() {
  const session = useSession();
  const tabs = useWorkspaceStore((s) => s.tabs);
  const active = useWorkspaceStore((s) => s.active);
  const statuses = useDocStatusStore((s) => s.byPath);
  return (
    <div className="tabs" role="tablist">
      {tabs.map((path) => {
        const state = statuses[path]?.state;
        return (
          <div
            key={path}
            role="tab"
            aria-selected={path === active}
            className={`tab${path === active ? ' active' : ''}`}
            data-testid="tab"
            data-path={path}
            title={path}
            onClick={() => useWorkspaceStore.setState({ active: path })}
          >
            <span className="tab-name">{path.split('/').pop()}</span>
            {state && state !== 'saved' && <span className={`tab-state ${state}`} aria-label={state} />}
            <button
              className="tab-close"
              aria-label={`close ${path}`}
              onClick={(e) => {
                e.stopPropagation();
                session.close(path);
              }}
            >
              ×
            </button>
          </div>
        );
      })}
    </div>
  );
}
