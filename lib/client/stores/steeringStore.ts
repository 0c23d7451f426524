// The instruction box: whether it is open, and for which file and lines.
import { create } from 'zustand';
import type { LineRange } from '../../protocol';

export const useSteeringStore = create<{
  open: boolean;
  path: string | null;
  range: LineRange | null;
  focusTick: number;
}>(() => ({
  open: false,
  path: null,
  range: null,
  focusTick: 0,
}));

export function openInstructionBox(path: string, range: LineRange): void {
  useSteeringStore.setState((s) => ({ open: true, path, range, focusTick: s.focusTick + 1 }));
}

export function closeInstructionBox(): void {
  useSteeringStore.setState({ open: false });
}
