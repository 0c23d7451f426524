// Inline completions in the editor: a Monaco inline completions provider that, after a pause fitted
// to the person's typing and the lane's recent TTFT (pause.ts: none when the model answers faster
// than the person types), asks the server (`complete/request`) and shows the answer as Monaco's
// ghost text — Tab accepts, Esc dismisses, Ctrl/Cmd+→ accepts a word (all Monaco's own bindings).
// Monaco's cancellation token becomes `complete/cancel`, so a stale request is closed upstream at
// once. Typing through a suggestion is answered here from the last one, with no request. Alt+] /
// Alt+[ (Monaco's showNext / showPrevious) make Monaco ask again with trigger kind Explicit: that
// asks the server for alternatives (`n`), kept for the place so cycling asks once. Accepting
// is an ordinary edit of the model, which the Yjs binding sends like typing; it is kept as its own
// undo step. Nothing is asked in a read-only editor, while a fast-lane ghost edit is on the file,
// or when autocomplete is off.
import type * as Monaco from 'monaco-editor';
import {
  MAX_CANDIDATES,
  MAX_LINE_PREFIX,
  remainingAfterTyping,
  type CompleteReport,
  type CompleteSuggestion,
} from '../../protocol';
import { newRequestId } from '../requestId';
import { request, type ClientSocket } from '../socket';
import { autocompleteOn, countSuggestion, useCompleteStore } from './completeStore';
import { ghostEditOn } from './ghostGuard';
import { choosePause, RHYTHM_KEYS, TTFT_SAMPLES } from './pause';

export type CompletionHost = {
  socket: ClientSocket;
  /** The workspace path of a model, or null for a model that is no shared file. */
  pathOf(model: Monaco.editor.ITextModel): string | null;
  /** Ends the undo step being captured (typing before a suggestion is kept apart from accepting it). */
  stopCapturing(): void;
};

type Item = Monaco.languages.InlineCompletion & { requestId: string };
type Items = Monaco.languages.InlineCompletions<Item>;
type Offered = { path: string; line: number; linePrefix: string; text: string; requestId: string };
/** The candidates asked for at one place (Alt+] / Alt+[), the first the one offered. */
type Candidates = Omit<Offered, 'text'> & { texts: string[] };
type Clock = { keystrokeAt: number; sentAt: number; shownAt: number | null; model: string; ttftMs: number | null };

const NONE: Items = { items: [] };
/** Items to show; Monaco's suggest widget stays closed while they do (Tab is then the suggestion's). */
const shown = (...items: Item[]): Items => ({ items, suppressSuggestions: true });
/** Monaco's provider registry is typed with plain items; ours carry their request id. */
const idOf = (item: Monaco.languages.InlineCompletion) => (item as Item).requestId;

function sleep(ms: number, token: Monaco.CancellationToken): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    const sub = token.onCancellationRequested(done);
    function done() {
      clearTimeout(timer);
      sub.dispose();
      resolve();
    }
  });
}

async function loadInfo(socket: ClientSocket): Promise<void> {
  try {
    useCompleteStore.setState({ info: (await request(socket, 'complete/info', {})).complete });
  } catch {
    useCompleteStore.setState({ info: null });
  }
}

export function attachInlineCompletions(
  monaco: typeof Monaco,
  editor: Monaco.editor.IStandaloneCodeEditor,
  host: CompletionHost,
): Monaco.IDisposable {
  const { socket } = host;
  const gaps: number[] = [];
  /** The model's TTFTs of the lane's recent answers (the server's figures), to choose the pause. */
  const ttfts: number[] = [];
  let lastKeyAt: number | null = null;
  let offered: Offered | null = null;
  let candidates: Candidates | null = null;
  const clocks = new Map<string, Clock>();

  const keys = editor.onKeyDown(() => {
    const now = performance.now();
    if (lastKeyAt !== null) gaps.push(now - lastKeyAt);
    if (gaps.length > RHYTHM_KEYS * 2) gaps.splice(0, gaps.length - RHYTHM_KEYS);
    lastKeyAt = now;
  });
  const onConnect = () => void loadInfo(socket);
  socket.on('connect', onConnect);
  if (socket.connected) onConnect();
  editor.updateOptions({ inlineSuggest: { enabled: true } });

  const report = (requestId: string, outcome: CompleteReport['outcome']) => {
    const clock = clocks.get(requestId);
    clocks.delete(requestId);
    if (!clock || clock.shownAt === null) return;
    if (outcome === 'accepted') countSuggestion(clock.model, 'accepted');
    const payload: CompleteReport = {
      requestId,
      outcome,
      keystrokeToRequestMs: clock.sentAt - clock.keystrokeAt,
      keystrokeToShownMs: clock.shownAt - clock.keystrokeAt,
      shownToOutcomeMs: performance.now() - clock.shownAt,
    };
    request(socket, 'complete/report', payload).catch(() => undefined);
  };

  const item = (text: string, requestId: string, position: Monaco.Position): Item => ({
    insertText: text,
    range: new monaco.Range(position.lineNumber, position.column, position.lineNumber, position.column),
    requestId,
  });

  /** Asks the server (`n` candidates); null when it failed or the token was cancelled meanwhile. */
  async function ask(
    where: { path: string; linePrefix: string; position: Monaco.Position },
    token: Monaco.CancellationToken,
    keystrokeAt: number,
    n: number,
  ): Promise<{ requestId: string; suggestion: CompleteSuggestion } | null> {
    const { path, linePrefix, position } = where;
    const requestId = newRequestId();
    const sentAt = performance.now();
    useCompleteStore.setState((s) => ({ requests: s.requests + 1 }));
    const cancel = token.onCancellationRequested(() => {
      request(socket, 'complete/cancel', { requestId }).catch(() => undefined);
    });
    let reply;
    try {
      const at = { requestId, path, line: position.lineNumber, column: position.column, linePrefix };
      reply = await request(socket, 'complete/request', n > 1 ? { ...at, n } : at);
    } catch {
      return null;
    } finally {
      cancel.dispose();
    }
    const suggestion = reply.suggestion;
    if (suggestion?.timings.ttftMs != null) {
      ttfts.push(suggestion.timings.ttftMs);
      if (ttfts.length > TTFT_SAMPLES) ttfts.shift();
    }
    if (token.isCancellationRequested || suggestion === null || suggestion.text === '') return null;
    clocks.set(requestId, {
      keystrokeAt,
      sentAt,
      shownAt: null,
      model: suggestion.model,
      ttftMs: suggestion.timings.ttftMs,
    });
    offered = { path, line: position.lineNumber, linePrefix, text: suggestion.text, requestId };
    return { requestId, suggestion };
  }

  async function provide(
    model: Monaco.editor.ITextModel,
    position: Monaco.Position,
    explicit: boolean,
    token: Monaco.CancellationToken,
  ): Promise<Items> {
    const path = host.pathOf(model);
    if (path === null || !autocompleteOn() || editor.getOption(monaco.editor.EditorOption.readOnly)) return NONE;
    if (ghostEditOn(path)) return NONE;
    const linePrefix = model.getLineContent(position.lineNumber).slice(0, position.column - 1);
    if (linePrefix.length > MAX_LINE_PREFIX || linePrefix.trim() === '') return NONE;
    const where = { path, linePrefix, position };
    const keystrokeAt = lastKeyAt ?? performance.now();
    if (explicit) {
      // Alternatives: asked once per place, then cycled by Monaco through the items.
      const here = (c: Candidates) => c.path === path && c.line === position.lineNumber && c.linePrefix === linePrefix;
      if (!candidates || !here(candidates)) {
        const asked = await ask(where, token, keystrokeAt, MAX_CANDIDATES);
        if (!asked) return NONE;
        const { text, alternatives } = asked.suggestion;
        const texts = [text, ...alternatives];
        candidates = { path, line: position.lineNumber, linePrefix, texts, requestId: asked.requestId };
      }
      const { texts, requestId } = candidates;
      return shown(...texts.map((t) => item(t, requestId, position)));
    }
    if (offered && offered.path === path && offered.line === position.lineNumber) {
      const rest = remainingAfterTyping({ prefix: offered.linePrefix, text: offered.text }, linePrefix);
      if (rest !== null) return shown(item(rest, offered.requestId, position));
    }
    const pause = choosePause(gaps, linePrefix, ttfts);
    if (pause.ms > 0) await sleep(pause.ms, token);
    if (token.isCancellationRequested) return NONE;
    useCompleteStore.setState({ lastPause: pause });
    candidates = null;
    const asked = await ask(where, token, keystrokeAt, 1);
    return asked ? shown(item(asked.suggestion.text, asked.requestId, position)) : NONE;
  }

  const provider = monaco.languages.registerInlineCompletionsProvider('*', {
    displayName: 'Tandem autocomplete',
    debounceDelayMs: 0,
    provideInlineCompletions: (model, position, context, token) =>
      provide(model, position, context.triggerKind === monaco.languages.InlineCompletionTriggerKind.Explicit, token),
    handleItemDidShow(_completions, shown) {
      // Whatever is accepted next is an undo step of its own (a shown item may be accepted at once).
      host.stopCapturing();
      const clock = clocks.get(idOf(shown));
      if (!clock || clock.shownAt !== null) return;
      clock.shownAt = performance.now();
      useCompleteStore.setState({ lastLatencyMs: clock.shownAt - clock.keystrokeAt, lastTtftMs: clock.ttftMs });
      countSuggestion(clock.model, 'shown');
    },
    handleEndOfLifetime(_completions, ended, reason) {
      const { Accepted, Rejected } = monaco.languages.InlineCompletionEndOfLifeReasonKind;
      if (reason.kind === Accepted) {
        host.stopCapturing();
        offered = null;
        report(idOf(ended), 'accepted');
      } else if (reason.kind === Rejected || !reason.supersededBy) {
        if (offered?.requestId === idOf(ended)) offered = null;
        report(idOf(ended), 'dismissed');
      }
    },
    disposeInlineCompletions: () => undefined,
  });

  return {
    dispose() {
      provider.dispose();
      keys.dispose();
      socket.off('connect', onConnect);
    },
  };
}
