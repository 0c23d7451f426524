// Background runs as React sees them: the workspace's runs (newest first) and the one open in the
// runs panel.
import { create } from 'zustand';
import type { RunSummary } from '../../protocol';

export const useRunStore = create<{ runs: RunSummary[]; openRunId: string | null }>(() => ({ runs: [], openRunId: null }));

export function setRuns(runs: RunSummary[]): void {
  useRunStore.setState({ runs });
}

export function openRun(runId: string | null): void {
  useRunStore.setState({ openRunId: runId });
}
