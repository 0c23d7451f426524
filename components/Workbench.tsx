'use client';
// The IDE shell: file tree, tabs and editor, people present, status bar. Creates the page's
// WorkspaceSession once and exposes window.tandem.
import { useEffect, useState } from 'react';
import { installPageApi } from '../lib/client/pageApi';
import { useConnectionStore } from '../lib/client/stores/connectionStore';
import { useWorkspaceStore } from '../lib/client/stores/workspaceStore';
import { WorkspaceSession } from '../lib/client/workspaceSession';
import { EditorPane } from './editor/EditorPane';
import { Tabs } from './editor/Tabs';
import { Dashboard } from './metrics/Dashboard';
import { MetricsHud } from './metrics/MetricsHud';
import { PeopleButton } from './people/InviteDialog';
import { PresenceBar } from './presence/PresenceBar';
import { InstructionBox } from './steering/InstructionBox';
import { RightPanel } from './runs/RightPanel';
import { SessionContext } from './SessionContext';
import { Notices } from './status/Notices';
import { StatusBar } from './status/StatusBar';
import { FileTree } from './workspace/FileTree';

export default function Workbench() {
  const [session, setSession] = useState<WorkspaceSession | null>(null);
  useEffect(() => {
    const s = new WorkspaceSession();
    installPageApi(s);
    const params = new URLSearchParams(window.location.search);
    if (params.has('token')) {
      params.delete('token');
      const query = params.toString();
      window.history.replaceState(null, '', `${window.location.pathname}${query ? `?${query}` : ''}`);
    }
    setSession(s);
    return () => {
      s.socket.disconnect();
    };
  }, []);
  if (!session) return <div className="boot">Starting Tandem…</div>;
  return (
    <SessionContext.Provider value={session}>
      <Shell />
    </SessionContext.Provider>
  );
}

function Shell() {
  const name = useWorkspaceStore((s) => s.name);
  const connection = useConnectionStore();
  const [dashboard, setDashboard] = useState(false);
  return (
    <div className="workbench">
      <header className="top-bar">
        <span className="brand">Tandem</span>
        <span className="workspace-name">{name}</span>
        <span className="spacer" />
        <button data-testid="dashboard-open" onClick={() => setDashboard(!dashboard)}>
          Latency
        </button>
        <PeopleButton />
        <PresenceBar />
      </header>
      {dashboard && <Dashboard onClose={() => setDashboard(false)} />}
      {connection.state === 'refused' && (
        <div className="banner banner-error" role="alert">
          {connection.message}
        </div>
      )}
      <div className="main">
        <aside className="sidebar">
          <FileTree />
        </aside>
        <section className="center">
          <Tabs />
          <InstructionBox />
          <EditorPane />
        </section>
        <RightPanel />
      </div>
      <MetricsHud />
      <StatusBar />
      <Notices />
    </div>
  );
}
