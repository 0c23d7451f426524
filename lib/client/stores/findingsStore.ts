// Review findings shown in the editor, until the person dismisses them or turns them into edits.
// Their lines follow later edits through `findingAnchors` (pinned when first shown).
import { create } from 'zustand';
import type { Finding } from '../../protocol';
import { FindingAnchors } from '../review/findingAnchors';

export const useFindingsStore = create<{ findings: Finding[]; reviewing: string | null }>(() => ({ findings: [], reviewing: null }));

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
