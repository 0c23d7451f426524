// Cursors and selections over awareness: publishes this person's selections in the open file (as
// Yjs relative positions, so they survive concurrent edits) and draws everyone else's with their
// name and colour, through one decorations collection. A new generation of the document moves it
// to the new text and publishes this person's selections again (others' show once they do too).
// A keystroke moves this person's own cursor and changes the text: neither may cost a style sheet
// or a decorations change unless what is drawn changes (both sit in the key's task, before its paint).
import type * as Monaco from 'monaco-editor';
import type * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { followGenerations } from './collabDoc';

type Cursor = { anchor: unknown; head: unknown };
type AwarenessChanges = { added: number[]; updated: number[]; removed: number[] };

export class CursorPresence {
  private readonly decorations: Monaco.editor.IEditorDecorationsCollection;
  private readonly style: HTMLStyleElement;
  private readonly disposables: Monaco.IDisposable[] = [];
  // Only others' cursors are drawn: this person's own moving changes nothing here.
  private readonly onAwareness = ({ added, updated, removed }: AwarenessChanges) => {
    const self = this.awareness.clientID;
    if ([added, updated, removed].some((ids) => ids.some((id) => id !== self))) this.render();
  };
  private css = '';
  /** The decorations last set, as class names (their ranges Monaco keeps moving with the text). */
  private drawn = '';
  private readonly onText = () => this.render();
  private readonly unfollow: () => void;

  constructor(
    private readonly monaco: typeof Monaco,
    private readonly editor: Monaco.editor.ICodeEditor,
    private readonly awareness: awarenessProtocol.Awareness,
    private readonly path: string,
    private text: Y.Text,
  ) {
    this.decorations = editor.createDecorationsCollection();
    this.style = document.createElement('style');
    document.head.appendChild(this.style);
    this.disposables.push(editor.onDidChangeCursorSelection(() => this.publish()));
    awareness.on('change', this.onAwareness);
    text.observe(this.onText);
    this.unfollow = followGenerations(text, (next) => {
      this.text.unobserve(this.onText);
      this.text = next;
      next.observe(this.onText);
      this.publish();
      this.render();
    });
    this.publish();
    this.render();
  }

  private publish(): void {
    const model = this.editor.getModel();
    if (!model) return;
    const cursors: Cursor[] = (this.editor.getSelections() ?? []).map((sel): Cursor => ({
      anchor: Y.relativePositionToJSON(
        Y.createRelativePositionFromTypeIndex(this.text, model.getOffsetAt(sel.getSelectionStart())),
      ),
      head: Y.relativePositionToJSON(
        Y.createRelativePositionFromTypeIndex(this.text, model.getOffsetAt(sel.getPosition())),
      ),
    }));
    const local = this.awareness.getLocalState() ?? {};
    this.awareness.setLocalState({ ...local, path: this.path, cursors });
  }

  private render(): void {
    const model = this.editor.getModel();
    const doc = this.text.doc;
    if (!model || !doc) return;
    const decorations: Monaco.editor.IModelDeltaDecoration[] = [];
    const css: string[] = [];
    this.awareness.getStates().forEach((state, clientId) => {
      if (clientId === this.awareness.clientID || state.path !== this.path) return;
      const user = state.user as { name: string; color: string } | undefined;
      if (!user) return;
      const color = /^#[0-9a-fA-F]{3,8}$/.test(user.color) ? user.color : '#888888';
      const label = JSON.stringify(user.name.slice(0, 32));
      css.push(
        `.tandem-remote-sel-${clientId}{background:${color}33}`,
        `.tandem-remote-cursor-${clientId}{border-left:2px solid ${color};margin-left:-1px}`,
        `.tandem-remote-cursor-${clientId}::after{content:${label};position:absolute;transform:translateY(-100%);` +
          `background:${color};color:#111;font-size:10px;line-height:14px;padding:0 3px;white-space:nowrap;` +
          'pointer-events:none;z-index:10}',
      );
      for (const cursor of (state.cursors as Cursor[] | undefined) ?? []) {
        const anchor = absolute(cursor.anchor, doc);
        const head = absolute(cursor.head, doc);
        if (anchor === null || head === null) continue;
        const a = model.getPositionAt(anchor);
        const h = model.getPositionAt(head);
        const [start, end] = anchor <= head ? [a, h] : [h, a];
        if (anchor !== head) {
          decorations.push({
            range: new this.monaco.Range(start.lineNumber, start.column, end.lineNumber, end.column),
            options: { className: `tandem-remote-sel-${clientId}`, stickiness: 1 },
          });
        }
        decorations.push({
          range: new this.monaco.Range(h.lineNumber, h.column, h.lineNumber, h.column),
          options: {
            beforeContentClassName: `tandem-remote-cursor tandem-remote-cursor-${clientId}`,
            hoverMessage: { value: user.name },
            stickiness: 1,
          },
        });
      }
    });
    // A name or colour changed with the style sheet; names and places with the decorations.
    const text = css.join('\n');
    const restyled = text !== this.css;
    if (restyled) this.style.textContent = this.css = text;
    const drawn = decorations.map((d) => d.options.className ?? d.options.beforeContentClassName).join(' ');
    const ranges = this.decorations.getRanges();
    const moved = ranges.length !== decorations.length || decorations.some((d, i) => !ranges[i]!.equalsRange(d.range));
    if (!restyled && !moved && drawn === this.drawn) return;
    this.drawn = drawn;
    this.decorations.set(decorations);
  }

  dispose(): void {
    this.awareness.off('change', this.onAwareness);
    this.unfollow();
    this.text.unobserve(this.onText);
    this.disposables.forEach((d) => d.dispose());
    this.decorations.clear();
    this.style.remove();
  }
}

function absolute(json: unknown, doc: Y.Doc): number | null {
  if (!json || typeof json !== 'object') return null;
  try {
    return Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(json), doc)?.index ?? null;
  } catch {
    return null;
  }
}
