// Review findings shown in the editor, until the person dismisses them or turns them into edits.
import { create } from 'zustand';
import type { Finding } from '../../protocol';

export const useFindingsStore = create<{ findings: Finding[]; reviewing: string | null }>(() => ({ findings: [], reviewing: null }));

export function addFindings(path: string, findings: Finding[]): void {
  useFindingsStore.setState((s) => ({ findings: [...s.findings.filter((f) => f.path !== path), ...findings] }));
}

export function dismissFinding(id: string): void {
  useFindingsStore.setState((s) => ({ findings: s.findings.filter((f) => f.id !== id) }));
}
