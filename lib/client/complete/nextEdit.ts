// Next-edit suggestions in the editor. The person's own edits of the open document are kept
// (nextEditHistory.ts, from the shared text's changes: the binding's transactions are theirs);
// after an edit and a short pause the browser asks the server (`nextEdit/request`) for the next
// related edit and shows it privately at its place (nextEditWidget.ts). Tab jumps there, Tab
// again applies it as one ordinary edit of the shared document (its own undo step), Esc dismisses
// it, and any keystroke dismisses it and closes a request in flight upstream (`nextEdit/cancel`).
// Nothing is asked in a read-only editor, when autocomplete is off, or while a fast-lane ghost
// edit is on the file; an inline completion on screen keeps Tab and Esc.
import type * as Monaco from 'monaco-editor';
import type * as Y from 'yjs';
import { MAX_LINE_PREFIX, type CompleteReport, type NextEditSuggestion } from '../../protocol';
import { followGenerations } from '../collabDoc';
import type { MonacoBinding } from '../monacoBinding';
import { newRequestId } from '../requestId';
import { request, type ClientSocket } from '../socket';
import { useGhostStore } from '../stores/ghostStore';
import { autocompleteOn } from './completeStore';
import { ghostEditOn } from './ghostGuard';
import { applyDelta, stillShown, type DeltaOp, type EditState } from './nextEditHistory';
import { NextEditWidget } from './nextEditWidget';

/** Quiet time after an edit before asking: longer than a completion's, a next edit is wanted after a change. */
export const NEXT_EDIT_PAUSE_MS = 250;
/** Tab and Esc are the suggestion's only while nothing else on screen claims them. */
const KEYS_WHEN = 'tandemNextEdit && !inlineSuggestionVisible && !tandemOwnGhost && !suggestWidgetVisible';

export type NextEditHost = {
  socket: ClientSocket;
  /** The workspace path of a model, or null for a model that is no shared file. */
  pathOf(model: Monaco.editor.ITextModel): string | null;
  /** The binding of an open file's model to its shared text. */
  bindingOf(path: string): MonacoBinding | null;
};

type Doc = {
  path: string;
  binding: MonacoBinding;
  /** The shared text observed: the document's current generation (collabDoc.ts). */
  text: Y.Text;
  state: EditState;
  observer: (e: Y.YTextEvent, t: Y.Transaction) => void;
  unfollow: () => void;
};
type Clock = { keystrokeAt: number; sentAt: number; shownAt: number };
type Offer = { requestId: string; widget: NextEditWidget; oldText: string; newText: string; clock: Clock };

export function attachNextEdits(
  monaco: typeof Monaco,
  editor: Monaco.editor.IStandaloneCodeEditor,
  host: NextEditHost,
): Monaco.IDisposable {
  const { socket } = host;
  const histories = new Map<string, EditState['history']>();
  const shownKey = editor.createContextKey<boolean>('tandemNextEdit', false);
  let doc: Doc | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let inFlight: string | null = null;
  let keystrokeAt = 0;
  let offer: Offer | null = null;

  const report = (o: Offer, outcome: CompleteReport['outcome']) => {
    const payload: CompleteReport = {
      requestId: o.requestId,
      outcome,
      keystrokeToRequestMs: o.clock.sentAt - o.clock.keystrokeAt,
      keystrokeToShownMs: o.clock.shownAt - o.clock.keystrokeAt,
      shownToOutcomeMs: performance.now() - o.clock.shownAt,
    };
    request(socket, 'nextEdit/report', payload).catch(() => undefined);
  };

  function dismiss(outcome: CompleteReport['outcome'] | null = 'dismissed'): void {
    if (!offer) return;
    const gone = offer;
    offer = null;
    gone.widget.dispose();
    shownKey.set(false);
    if (outcome) report(gone, outcome);
  }

  /** Stops waiting to ask, and closes a request in flight upstream. */
  function stop(): void {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (inFlight !== null) request(socket, 'nextEdit/cancel', { requestId: inFlight }).catch(() => undefined);
    inFlight = null;
  }

  function blocked(path: string): boolean {
    return !autocompleteOn() || editor.getOption(monaco.editor.EditorOption.readOnly) || ghostEditOn(path);
  }

  async function ask(): Promise<void> {
    timer = null;
    const current = doc;
    const position = editor.getPosition();
    if (!current || !position || editor.getModel() !== current.binding.model || blocked(current.path)) return;
    const { history } = current.state;
    const linePrefix = current.binding.model.getLineContent(position.lineNumber).slice(0, position.column - 1);
    if (history.length === 0 || linePrefix.length > MAX_LINE_PREFIX) return;
    const requestId = newRequestId();
    const clock = { keystrokeAt, sentAt: performance.now(), shownAt: 0 };
    inFlight = requestId;
    let reply;
    try {
      reply = await request(socket, 'nextEdit/request', {
        requestId,
        path: current.path,
        line: position.lineNumber,
        column: position.column,
        linePrefix,
        history,
      });
    } catch {
      if (inFlight === requestId) inFlight = null;
      return;
    }
    // A keystroke since (stop) or a newer request makes this answer stale.
    if (inFlight !== requestId) return;
    inFlight = null;
    if (reply.suggestion === null || doc !== current) return;
    show(current, reply.suggestion, requestId, clock);
  }

  function show(current: Doc, suggestion: NextEditSuggestion, requestId: string, clock: Clock): void {
    const { model } = current.binding;
    const { offset, oldText, newText } = suggestion.edit;
    if (blocked(current.path) || offset + oldText.length > model.getValueLength()) return;
    const from = model.getPositionAt(offset);
    const to = model.getPositionAt(offset + oldText.length);
    const range = new monaco.Range(from.lineNumber, from.column, to.lineNumber, to.column);
    // A collaborator may have changed the place since the server answered.
    if (model.getValueInRange(range) !== oldText) return;
    dismiss();
    const label = `${suggestion.model}${suggestion.simulated ? ' (simulated)' : ''}`;
    const widget = new NextEditWidget(monaco, editor, range, { oldText, newText }, label);
    offer = { requestId, widget, oldText, newText, clock: { ...clock, shownAt: performance.now() } };
    shownKey.set(true);
  }

  function accept(o: Offer, range: Monaco.Range): void {
    const { binding } = doc!;
    dismiss(null);
    report(o, 'accepted');
    binding.undoManager.stopCapturing();
    editor.executeEdits('tandem-next-edit', [{ range, text: o.newText, forceMoveMarkers: true }]);
    binding.undoManager.stopCapturing();
    const end = binding.model.getPositionAt(binding.model.getOffsetAt(range.getStartPosition()) + o.newText.length);
    editor.setPosition(end);
  }

  function onTab(): void {
    const o = offer;
    const range = o?.widget.range();
    const model = editor.getModel();
    if (!o || !range || !model || !doc) return dismiss();
    if (model.getValueInRange(range) !== o.oldText) return dismiss();
    const line = editor.getPosition()?.lineNumber ?? 0;
    const there = line >= range.startLineNumber && line <= range.endLineNumber;
    if (o.widget.jumped() || there) return accept(o, range);
    editor.setPosition(range.getStartPosition());
    editor.revealLineInCenterIfOutsideViewport(range.startLineNumber);
    o.widget.setJumped();
  }

  function onChange(current: Doc, delta: DeltaOp[], origin: unknown): void {
    const local = origin === current.binding;
    current.state = applyDelta(current.state, delta, local);
    if (local || origin === current.binding.undoManager) {
      dismiss();
      stop();
      if (!local) return;
      keystrokeAt = performance.now();
      timer = setTimeout(() => void ask(), NEXT_EDIT_PAUSE_MS);
    } else if (offer) {
      const range = offer.widget.range();
      if (!range || editor.getModel()?.getValueInRange(range) !== offer.oldText) dismiss();
      else offer.widget.layout();
    }
  }

  function unbind(): void {
    dismiss();
    stop();
    if (!doc) return;
    doc.text.unobserve(doc.observer);
    doc.unfollow();
    histories.set(doc.path, doc.state.history);
    doc = null;
  }

  function bind(): void {
    unbind();
    const model = editor.getModel();
    const path = model && host.pathOf(model);
    const binding = path ? host.bindingOf(path) : null;
    if (!path || !binding) return;
    const text = binding.text.toString();
    const current: Doc = {
      path,
      binding,
      text: binding.text,
      state: { text, history: stillShown(text, histories.get(path) ?? []) },
      observer: (event, tr) => onChange(current, event.delta as DeltaOp[], tr.origin),
      unfollow: () => undefined,
    };
    current.text.observe(current.observer);
    // A new generation of the document: observe its text; the edit history keeps what still shows.
    current.unfollow = followGenerations(current.text, (next) => {
      dismiss();
      stop();
      current.text.unobserve(current.observer);
      current.text = next;
      const now = next.toString();
      current.state = { text: now, history: stillShown(now, current.state.history) };
      next.observe(current.observer);
    });
    doc = current;
  }

  const modelChange = editor.onDidChangeModel(bind);
  bind();
  const tab = editor.addAction({
    id: 'tandem.nextEdit.tab',
    label: 'Next edit: jump to it, then accept it',
    keybindings: [monaco.KeyCode.Tab],
    precondition: KEYS_WHEN,
    run: onTab,
  });
  const escape = editor.addAction({
    id: 'tandem.nextEdit.dismiss',
    label: 'Next edit: dismiss',
    keybindings: [monaco.KeyCode.Escape],
    precondition: KEYS_WHEN,
    run: () => dismiss(),
  });
  // A fast-lane ghost edit arriving on the file takes the place of a suggestion.
  const ghosts = useGhostStore.subscribe(() => {
    if (offer && doc && ghostEditOn(doc.path)) dismiss();
  });

  return {
    dispose() {
      unbind();
      modelChange.dispose();
      tab.dispose();
      escape.dispose();
      ghosts();
      shownKey.reset();
    },
  };
}
