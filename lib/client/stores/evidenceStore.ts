// The evidence log of each watched run, as sorted, duplicate-free events.
import { create } from 'zustand';
import type { EvidenceEvent } from '../../protocol';

export const useEvidenceStore = create<{ byRun: Record<string, EvidenceEvent[]> }>(() => ({ byRun: {} }));

export function setEvidence(runId: string, events: EvidenceEvent[]): void {
  useEvidenceStore.setState((s) => ({ byRun: { ...s.byRun, [runId]: events } }));
}
