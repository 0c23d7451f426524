// Inline completions in the editor: a Monaco inline completions provider that, after a pause fitted
// to the person's typing and the lane's recent TTFT (pause.ts: none when the model answers faster
// than the person types), asks the server (`complete/request`) and shows the answer as Monaco's
// ghost text. With no pause, the request leaves from the keystroke's own task (`onDidType`) and
// the provider takes it up when Monaco calls it for the same text and place: Monaco calls providers
// from a timer after the key, usually after the typed character's frame (~20 ms later). The ghost
// text behaves as Monaco's does — Tab accepts, Esc dismisses, Ctrl/Cmd+→ accepts a word (all
// Monaco's own bindings). Monaco's cancellation token becomes `complete/cancel`, so a stale request
// is closed upstream at once. Typing through a suggestion is answered here from the last one, with
// no request. Alt+] / Alt+[ (Monaco's showNext / showPrevious) make Monaco ask again with trigger
// kind Explicit: that asks the server for alternatives (`n`), kept for the place so cycling asks
// once. Accepting is an ordinary edit of the model, which the Yjs binding sends like typing; it is
// kept as its own undo step. Nothing is asked in a read-only editor, while a fast-lane ghost edit
// is on the file, or when autocomplete is off.
import type * as Monaco from 'monaco-editor';
import {
  MAX_CANDIDATES,
  MAX_LINE_PREFIX,
  remainingAfterTyping,
  type CompleteReply,
  type CompleteSuggestion,
} from '../../protocol';
import { newRequestId } from '../requestId';
import { request, type ClientSocket } from '../socket';
import { autocompleteOn, useCompleteStore } from './completeStore';
import { ghostEditOn } from './ghostGuard';
import { choosePause, RHYTHM_KEYS, TTFT_SAMPLES, type Pause } from './pause';
import { SuggestionClocks } from './suggestionClocks';

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
/** Where a completion is asked for: the text before the cursor at the model's version. */
type Where = { path: string; linePrefix: string; position: Monaco.Position; versionId: number };
/** A request on its way: its reply settles once (null: the socket failed). */
type Sent = {
  where: Where;
  requestId: string;
  sentAt: number;
  keystrokeAt: number;
  reply: Promise<CompleteReply | null>;
};
/** Monaco's editor fires this after a key's edit; it is missing from its .d.ts (internal to VS Code). */
type Typing = { onDidType: Monaco.IEvent<string> };

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
  const clocks = new SuggestionClocks(socket);
  /** Sent from the last keystroke, not yet taken up by the provider. */
  let early: Sent | null = null;
  let sentCount = useCompleteStore.getState().requests;

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

  const item = (text: string, requestId: string, position: Monaco.Position): Item => ({
    insertText: text,
    range: new monaco.Range(position.lineNumber, position.column, position.lineNumber, position.column),
    requestId,
  });

  const closeUpstream = (requestId: string) => {
    request(socket, 'complete/cancel', { requestId }).catch(() => undefined);
  };

  /** Sends a request (`n` candidates); its reply is null when the socket failed. */
  function send(where: Where, n: number, keystrokeAt: number): Sent {
    const { path, linePrefix, position } = where;
    const requestId = newRequestId();
    const sentAt = performance.now();
    const at = { requestId, path, line: position.lineNumber, column: position.column, linePrefix };
    sentCount += 1;
    // The count is published when a reply comes, not in the keystroke's task (a render there delays its paint).
    const reply = request(socket, 'complete/request', n > 1 ? { ...at, n } : at)
      .catch(() => null)
      .finally(() => useCompleteStore.setState({ requests: sentCount }));
    return { where, requestId, sentAt, keystrokeAt, reply };
  }

  /** Its suggestion to show; null when there is none or the token was cancelled meanwhile (closed upstream). */
  async function settle(
    sent: Sent,
    token: Monaco.CancellationToken,
  ): Promise<{ requestId: string; suggestion: CompleteSuggestion } | null> {
    const { requestId, where } = sent;
    const cancel = token.onCancellationRequested(() => closeUpstream(requestId));
    const reply = await sent.reply;
    cancel.dispose();
    const suggestion = reply?.suggestion ?? null;
    if (suggestion?.timings.ttftMs != null) {
      ttfts.push(suggestion.timings.ttftMs);
      if (ttfts.length > TTFT_SAMPLES) ttfts.shift();
    }
    if (token.isCancellationRequested || suggestion === null || suggestion.text === '') return null;
    clocks.start(requestId, {
      keystrokeAt: sent.keystrokeAt,
      sentAt: sent.sentAt,
      model: suggestion.model,
      ttftMs: suggestion.timings.ttftMs,
    });
    const line = where.position.lineNumber;
    offered = { path: where.path, line, linePrefix: where.linePrefix, text: suggestion.text, requestId };
    return { requestId, suggestion };
  }

  const notePause = (pause: Pause) => {
    const was = useCompleteStore.getState().lastPause;
    if (was?.ms !== pause.ms || was.rule !== pause.rule) useCompleteStore.setState({ lastPause: pause });
  };

  /** Where a completion would be asked for in `model` at `position`, or null where none is. */
  function placeOf(model: Monaco.editor.ITextModel, position: Monaco.Position): Where | null {
    const path = host.pathOf(model);
    if (path === null || !autocompleteOn() || editor.getOption(monaco.editor.EditorOption.readOnly)) return null;
    if (ghostEditOn(path)) return null;
    const linePrefix = model.getLineContent(position.lineNumber).slice(0, position.column - 1);
    if (linePrefix.length > MAX_LINE_PREFIX || linePrefix.trim() === '') return null;
    return { path, linePrefix, position, versionId: model.getVersionId() };
  }

  /** The rest of the suggestion offered last when the text at `where` types through it, else null. */
  function typedThrough(where: Where): string | null {
    if (!offered || offered.path !== where.path || offered.line !== where.position.lineNumber) return null;
    return remainingAfterTyping({ prefix: offered.linePrefix, text: offered.text }, where.linePrefix);
  }

  /** The request sent from the keystroke for exactly this text and place (the model's version fixes the
   *  line prefix), if there is one; any other is closed. */
  function takeEarly(where: Where): Sent | null {
    const sent = early;
    early = null;
    if (!sent) return null;
    const was = sent.where;
    const same = was.path === where.path && was.versionId === where.versionId && was.position.equals(where.position);
    if (same) return sent;
    closeUpstream(sent.requestId);
    return null;
  }

  // A key typed: with no pause to wait, ask now rather than when Monaco calls the provider.
  const typing = (editor as Partial<Typing>).onDidType?.(() => {
    const model = editor.getModel();
    const position = editor.getPosition();
    const where = model && position ? placeOf(model, position) : null;
    // A request still unclaimed is superseded at the server by this keystroke's edit (or by the next request).
    early = null;
    if (!where || typedThrough(where) !== null) return;
    if (choosePause(gaps, where.linePrefix, ttfts).ms > 0) return;
    early = send(where, 1, lastKeyAt ?? performance.now());
  });

  async function provide(
    model: Monaco.editor.ITextModel,
    position: Monaco.Position,
    explicit: boolean,
    token: Monaco.CancellationToken,
  ): Promise<Items> {
    const where = placeOf(model, position);
    const sent = where && !explicit ? takeEarly(where) : null;
    if (!where) return NONE;
    const keystrokeAt = lastKeyAt ?? performance.now();
    const { path, linePrefix } = where;
    if (explicit) {
      // Alternatives: asked once per place, then cycled by Monaco through the items.
      const here = (c: Candidates) => c.path === path && c.line === position.lineNumber && c.linePrefix === linePrefix;
      if (!candidates || !here(candidates)) {
        const asked = await settle(send(where, MAX_CANDIDATES, keystrokeAt), token);
        if (!asked) return NONE;
        const { text, alternatives } = asked.suggestion;
        const texts = [text, ...alternatives];
        candidates = { path, line: position.lineNumber, linePrefix, texts, requestId: asked.requestId };
      }
      const { texts, requestId } = candidates;
      return shown(...texts.map((t) => item(t, requestId, position)));
    }
    const rest = typedThrough(where);
    if (rest !== null && offered) {
      // A suggestion that came meanwhile answers it: the request from the keystroke is not needed.
      if (sent) closeUpstream(sent.requestId);
      return shown(item(rest, offered.requestId, position));
    }
    const pause = sent ? { ms: 0, rule: 'ttft' as const } : choosePause(gaps, linePrefix, ttfts);
    if (pause.ms > 0) await sleep(pause.ms, token);
    if (token.isCancellationRequested) return NONE;
    notePause(pause);
    candidates = null;
    const asked = await settle(sent ?? send(where, 1, keystrokeAt), token);
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
      clocks.shown(idOf(shown));
    },
    handleEndOfLifetime(_completions, ended, reason) {
      const { Accepted, Rejected } = monaco.languages.InlineCompletionEndOfLifeReasonKind;
      if (reason.kind === Accepted) {
        host.stopCapturing();
        offered = null;
        clocks.end(idOf(ended), 'accepted');
      } else if (reason.kind === Rejected || !reason.supersededBy) {
        if (offered?.requestId === idOf(ended)) offered = null;
        clocks.end(idOf(ended), 'dismissed');
      }
    },
    disposeInlineCompletions: () => undefined,
  });

  return {
    dispose() {
      provider.dispose();
      keys.dispose();
      typing?.dispose();
      socket.off('connect', onConnect);
    },
  };
}
