// The run list as React sees it: the workspace's background runs (newest first, as the server
// last told this browser) and the one open in the runs panel. The runs themselves live on the
// server (server/agents/runStore.ts); this is only what the panel shows.
import { create } from 'zustand';
import type { RunSummary } from '../../protocol';

export const useRunListStore = create<{ runs: RunSummary[]; openRunId: string | null }>(() => ({
  runs: [],
  openRunId: null,
}));

export function setRuns(runs: RunSummary[]): void {
  useRunListStore.setState({ runs });
}

export function openRun(runId: string | null): void {
  useRunListStore.setState({ openRunId: runId });
}
