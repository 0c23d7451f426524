// The workspace's files and this browser's open tabs.
import { create } from 'zustand';
import type { FileEntry } from '../../protocol';

type WorkspaceState = {
  name: string;
  files: FileEntry[];
  truncated: boolean;
  tabs: string[];
  active: string | null;
  /** Why the active file could not be opened (binary, too large, missing), if it could not. */
  openError: { path: string; message: string } | null;
};

export const useWorkspaceStore = create<WorkspaceState>(() => ({
  name: '',
  files: [],
  truncated: false,
  tabs: [],
  active: null,
  openError: null,
}));

export function showTab(path: string): void {
  useWorkspaceStore.setState((s) => ({
    tabs: s.tabs.includes(path) ? s.tabs : [...s.tabs, path],
    active: path,
    openError: null,
  }));
}

export function removeTab(path: string): void {
  useWorkspaceStore.setState((s) => {
    const i = s.tabs.indexOf(path);
    const tabs = s.tabs.filter((t) => t !== path);
    const active = s.active === path ? (tabs[Math.min(i, tabs.length - 1)] ?? null) : s.active;
    return { tabs, active };
  });
}
