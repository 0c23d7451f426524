// Save state per open file (saved, dirty, saving, error), pushed by the server.
import { create } from 'zustand';
import type { DocStatus } from '../../protocol';

export const useDocStatusStore = create<{ byPath: Record<string, DocStatus> }>(() => ({ byPath: {} }));

export function setDocStatus(status: DocStatus): void {
  useDocStatusStore.setState((s) => ({ byPath: { ...s.byPath, [status.path]: status } }));
}
