'use client';
// The right side panel: the fast lane's transcript and the background runs, as two tabs. Both
// stay mounted (the hidden one keeps its state); delegating a run switches to the runs tab.
import { useRunListStore } from '../../lib/client/stores/runListStore';
import { isFinished } from '../../lib/protocol';
import { showSidePanel, useSidePanelStore } from '../../lib/client/stores/sidePanelStore';
import { TranscriptPanel } from '../steering/TranscriptPanel';
import { RunsPanel } from './RunsPanel';

export function RightPanel() {
  const tab = useSidePanelStore((s) => s.tab);
  const active = useRunListStore((s) => s.runs.filter((r) => !isFinished(r.status)).length);
  return (
    <div className={`right-panel right-panel-${tab}`}>
      <div className="panel-tabs" role="tablist">
        <button
          role="tab"
          aria-selected={tab === 'fast'}
          data-testid="panel-tab-fast"
          onClick={() => showSidePanel('fast')}
        >
          Fast lane
        </button>
        <button
          role="tab"
          aria-selected={tab === 'runs'}
          data-testid="panel-tab-runs"
          onClick={() => showSidePanel('runs')}
        >
          Runs{active ? ` (${active})` : ''}
        </button>
      </div>
      <div className="panel-body" hidden={tab !== 'fast'}>
        <TranscriptPanel />
      </div>
      <div className="panel-body" hidden={tab !== 'runs'}>
        <RunsPanel />
      </div>
    </div>
  );
}
