// Review findings: those of a file or selection are shown in the editor until dismissed or turned
// into edits, their lines following later edits through `findingAnchors` (pinned when first
// shown); those of a background run's diff are numbered as in the run's result and shown beside
// its hunks in the review panel (`runFindings`, by run id).
import { create } from 'zustand';
import type { Finding } from '../../protocol';
import { FindingAnchors } from '../review/findingAnchors';

type FindingsState = { findings: Finding[]; runFindings: Record<string, Finding[]>; reviewing: string | null };

export const useFindingsStore = create<FindingsState>(() => ({ findings: [], runFindings: {}, reviewing: null }));

export const findingAnchors = new FindingAnchors();

export function addFindings(path: string, findings: Finding[]): void {
  useFindingsStore.setState((s) => {
    for (const f of s.findings) if (f.path === path) findingAnchors.forget(f.id);
    return { findings: [...s.findings.filter((f) => f.path !== path), ...findings] };
  });
}

export function dismissFinding(id: string): void {
  findingAnchors.forget(id);
  useFindingsStore.setState((s) => ({ findings: s.findings.filter((f) => f.id !== id) }));
}

export function setRunFindings(runId: string, findings: Finding[]): void {
  useFindingsStore.setState((s) => ({ runFindings: { ...s.runFindings, [runId]: findings } }));
}

export function dismissRunFinding(runId: string, id: string): void {
  useFindingsStore.setState((s) => ({
    runFindings: { ...s.runFindings, [runId]: (s.runFindings[runId] ?? []).filter((f) => f.id !== id) },
  }));
}
