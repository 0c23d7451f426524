// Which tab of the right side panel is showing: the fast lane's transcript or the background runs.
import { create } from 'zustand';

export type SidePanelTab = 'fast' | 'runs';

export const useSidePanelStore = create<{ tab: SidePanelTab }>(() => ({ tab: 'fast' }));

export function showSidePanel(tab: SidePanelTab): void {
  useSidePanelStore.setState({ tab });
}
