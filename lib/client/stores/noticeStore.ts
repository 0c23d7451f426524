// Short messages for the person: errors from the server, files reloaded from disk.
import { create } from 'zustand';

export type Notice = { id: number; level: 'info' | 'warning' | 'error'; message: string };

let nextId = 1;

export const useNoticeStore = create<{ notices: Notice[] }>(() => ({ notices: [] }));

export function notify(level: Notice['level'], message: string, ttlMs = 6000): void {
  const id = nextId++;
  useNoticeStore.setState((s) => ({ notices: [...s.notices.slice(-4), { id, level, message }] }));
  setTimeout(() => dismissNotice(id), ttlMs);
}

export function dismissNotice(id: number): void {
  useNoticeStore.setState((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
}
