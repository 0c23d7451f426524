// Which model each lane uses, as the server announces it (a simulated one is marked as such).
import { create } from 'zustand';
import type { ModelInfo } from '../../protocol';

export const useModelStore = create<{ fast: ModelInfo | null; strong: ModelInfo | null }>(() => ({
  fast: null,
  strong: null,
}));
