// The evidence log of each watched run, as sorted, duplicate-free events, and why a run's log is
// not live when a re-subscribe failed.
import { create } from 'zustand';
import type { EvidenceEvent } from '../../protocol';

type EvidenceState = { byRun: Record<string, EvidenceEvent[]>; staleByRun: Record<string, string> };

export const useEvidenceStore = create<EvidenceState>(() => ({
  byRun: {},
  staleByRun: {},
}));

export function setEvidence(runId: string, events: EvidenceEvent[]): void {
  useEvidenceStore.setState((s) => ({ byRun: { ...s.byRun, [runId]: events } }));
}

export function setEvidenceStale(runId: string, reason: string | null): void {
  useEvidenceStore.setState((s) => {
    const staleByRun = { ...s.staleByRun };
    if (reason === null) delete staleByRun[runId];
    else staleByRun[runId] = reason;
    return { staleByRun };
  });
}
