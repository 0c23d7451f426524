// Why: a background run links back to the fast edit it continues; following the link opens the
// file, scrolls to and highlights that edit's range, and marks its turn in the transcript. Kept
// as a state (not an event) so the editor and the transcript apply it once they show that file.
import { create } from 'zustand';
import type { LineRange } from '../../protocol';

export type RevealTarget = { path: string; range: LineRange; requestId: string };

export const useRevealStore = create<{ target: RevealTarget | null }>(() => ({ target: null }));

export function reveal(target: RevealTarget): void {
  useRevealStore.setState({ target });
}
