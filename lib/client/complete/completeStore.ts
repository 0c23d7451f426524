// Autocomplete as the status bar sees it: the lane's info from the server, this person's off
// switch (remembered in localStorage), the last suggestion's latency and model TTFT, suggestions
// shown and accepted per model on this page (the HUD), the pause before the last request and the
// rule that chose it (pause.ts), and the number of requests this page sent (the e2e test reads it
// to see that typing through asks nothing).
import { create } from 'zustand';
import type { CompleteInfo } from '../../protocol';
import type { Pause } from './pause';

const OFF_KEY = 'tandem.autocomplete.off';

type CompleteState = {
  info: CompleteInfo | null;
  /** This person turned it off (status bar click). */
  off: boolean;
  /** Keystroke → ghost text shown, of the last suggestion shown. */
  lastLatencyMs: number | null;
  /** The model's time to first token for the last suggestion shown (server-measured; null: reused). */
  lastTtftMs: number | null;
  /** Suggestions shown on this page and how many were accepted, per model. */
  byModel: Record<string, { shown: number; accepted: number }>;
  /** The pause before the last request that left this page, and which rule chose it. */
  lastPause: Pause | null;
  /** Requests this page sent, as of the last reply (published then, not in a keystroke's task). */
  requests: number;
};

function storedOff(): boolean {
  try {
    return typeof localStorage !== 'undefined' && localStorage.getItem(OFF_KEY) === '1';
  } catch {
    return false;
  }
}

export const useCompleteStore = create<CompleteState>(() => ({
  info: null,
  off: storedOff(),
  lastLatencyMs: null,
  lastTtftMs: null,
  byModel: {},
  lastPause: null,
  requests: 0,
}));

/** Counts a suggestion of `model` shown, or accepted, on this page. */
export function countSuggestion(model: string, outcome: 'shown' | 'accepted'): void {
  useCompleteStore.setState((s) => {
    const was = s.byModel[model] ?? { shown: 0, accepted: 0 };
    return { byModel: { ...s.byModel, [model]: { ...was, [outcome]: was[outcome] + 1 } } };
  });
}

export function toggleAutocomplete(): void {
  const off = !useCompleteStore.getState().off;
  useCompleteStore.setState({ off });
  try {
    if (off) localStorage.setItem(OFF_KEY, '1');
    else localStorage.removeItem(OFF_KEY);
  } catch {
    // private mode: the switch holds for this page only
  }
}

/** True when completions may be asked for: the workspace allows them and this person has not turned them off. */
export function autocompleteOn(): boolean {
  const { info, off } = useCompleteStore.getState();
  return !off && info?.enabled === true;
}
