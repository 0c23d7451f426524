// Each suggestion's timeline on this page, for the lane's figures: keystroke → request sent →
// ghost text shown → accepted or dismissed. Shown sets the status bar's and HUD's last latency and
// counts the suggestion for its model; the outcome is reported to the server (`complete/report`,
// the dashboard and /metrics). A suggestion never shown reports nothing.
import type { CompleteReport } from '../../protocol';
import { request, type ClientSocket } from '../socket';
import { countSuggestion, useCompleteStore } from './completeStore';

type Clock = { keystrokeAt: number; sentAt: number; shownAt: number | null; model: string; ttftMs: number | null };

export class SuggestionClocks {
  private readonly clocks = new Map<string, Clock>();

  constructor(private readonly socket: ClientSocket) {}

  /** A suggestion that came: its keystroke, when its request left, its model and the model's TTFT. */
  start(requestId: string, clock: Omit<Clock, 'shownAt'>): void {
    this.clocks.set(requestId, { ...clock, shownAt: null });
  }

  /** Monaco showed it (the first time counts). */
  shown(requestId: string): void {
    const clock = this.clocks.get(requestId);
    if (!clock || clock.shownAt !== null) return;
    clock.shownAt = performance.now();
    useCompleteStore.setState({ lastLatencyMs: clock.shownAt - clock.keystrokeAt, lastTtftMs: clock.ttftMs });
    countSuggestion(clock.model, 'shown');
  }

  /** Its end: accepted, or dismissed (Esc, or typed over). */
  end(requestId: string, outcome: CompleteReport['outcome']): void {
    const clock = this.clocks.get(requestId);
    this.clocks.delete(requestId);
    if (!clock || clock.shownAt === null) return;
    if (outcome === 'accepted') countSuggestion(clock.model, 'accepted');
    const payload: CompleteReport = {
      requestId,
      outcome,
      keystrokeToRequestMs: clock.sentAt - clock.keystrokeAt,
      keystrokeToShownMs: clock.shownAt - clock.keystrokeAt,
      shownToOutcomeMs: performance.now() - clock.shownAt,
    };
    request(this.socket, 'complete/report', payload).catch(() => undefined);
  }
}
