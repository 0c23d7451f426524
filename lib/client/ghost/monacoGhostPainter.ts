// Paints ghosts into Monaco without touching the document: deleted lines are decorations on the
// real lines (red, struck through), inserted lines live in view zones (green), the part of the
// range the stream has not reached is dimmed, and a label names who asked and what. Only hunks
// that changed since the last frame are redrawn (never clear-and-rebuild per chunk).
import type * as Monaco from 'monaco-editor';
import * as Y from 'yjs';
import { latestText } from '../collabDoc';
import type { GhostPainter } from './ghostFrames';
import type { GhostHunk } from './ghostLines';
import type { GhostTurn } from './ghostTurn';

type RenderedHunk = { key: string; zoneId: string | null; decorations: Monaco.editor.IEditorDecorationsCollection };
type Rendered = {
  hunks: RenderedHunk[];
  pending: Monaco.editor.IEditorDecorationsCollection;
  labelZone: string | null;
  label: HTMLElement;
  labelAt: number;
  /** Lines in the turn's original range (counted once, not per frame). */
  originalLines: number;
};

export class MonacoGhostPainter implements GhostPainter {
  private readonly rendered = new Map<string, Rendered>();

  constructor(
    private readonly monaco: typeof Monaco,
    private readonly editor: Monaco.editor.ICodeEditor,
    private readonly text: Y.Text,
    private readonly onToggleHunk: (turn: GhostTurn, index: number) => void,
  ) {}

  paint(turn: GhostTurn): void {
    const model = this.editor.getModel();
    const doc = latestText(this.text).doc; // the document's current generation (collabDoc.ts)
    if (!model || !doc) return;
    const start = Y.createAbsolutePositionFromRelativePosition(
      Y.createRelativePositionFromJSON(turn.info.anchor.start),
      doc,
    );
    if (!start) return this.clear(turn.info.requestId);
    const firstLine = model.getPositionAt(start.index).lineNumber;
    const r = this.rendered.get(turn.info.requestId) ?? this.create(turn);
    const { hunks, reachedLines } = turn.lines();
    const streaming = turn.state === 'streaming';
    const editable = turn.self && !streaming;

    let i = 0;
    const keys = hunks.map(
      (h, n) =>
        `${firstLine}|${h.oldStart}|${h.oldCount}|${turn.rejectedHunks.has(n)}|${editable}|${h.newLines.join('\n')}`,
    );
    while (i < r.hunks.length && i < keys.length && r.hunks[i].key === keys[i]) i++;
    const stale = r.hunks.splice(i);
    this.editor.changeViewZones((acc) => {
      for (const h of stale) {
        if (h.zoneId) acc.removeZone(h.zoneId);
        h.decorations.clear();
      }
      for (let n = i; n < hunks.length; n++)
        r.hunks.push(this.renderHunk(acc, turn, hunks[n], n, firstLine, keys[n], editable));
      this.renderLabel(acc, r, turn, firstLine);
    });

    const pendingFrom = firstLine + reachedLines;
    const lastLine = Math.min(firstLine + r.originalLines - 1, model.getLineCount());
    r.pending.set(
      streaming && pendingFrom <= lastLine
        ? [
            {
              range: new this.monaco.Range(pendingFrom, 1, lastLine, 1),
              options: { isWholeLine: true, className: 'tandem-ghost-pending' },
            },
          ]
        : [],
    );
  }

  /**
   * Renders the editor now. The paint runs in a requestAnimationFrame callback, where Monaco would
   * otherwise put its own render (which shows new view zones) off to the next frame: one frame late.
   */
  flush(): void {
    this.editor.render();
  }

  clear(requestId: string): void {
    const r = this.rendered.get(requestId);
    if (!r) return;
    this.rendered.delete(requestId);
    this.editor.changeViewZones((acc) => {
      for (const h of r.hunks) if (h.zoneId) acc.removeZone(h.zoneId);
      if (r.labelZone) acc.removeZone(r.labelZone);
    });
    for (const h of r.hunks) h.decorations.clear();
    r.pending.clear();
  }

  dispose(): void {
    for (const id of [...this.rendered.keys()]) this.clear(id);
  }

  private create(turn: GhostTurn): Rendered {
    const label = document.createElement('div');
    label.className = 'tandem-ghost-label';
    const r: Rendered = {
      hunks: [],
      pending: this.editor.createDecorationsCollection(),
      labelZone: null,
      label,
      labelAt: -1,
      originalLines: turn.info.original.split('\n').length,
    };
    this.rendered.set(turn.info.requestId, r);
    return r;
  }

  private renderHunk(
    acc: Monaco.editor.IViewZoneChangeAccessor,
    turn: GhostTurn,
    h: GhostHunk,
    index: number,
    firstLine: number,
    key: string,
    editable: boolean,
  ): RenderedHunk {
    const rejected = turn.rejectedHunks.has(index);
    const from = firstLine + h.oldStart;
    const decorations = this.editor.createDecorationsCollection(
      h.oldCount > 0 && !rejected
        ? [
            {
              range: new this.monaco.Range(from, 1, from + h.oldCount - 1, Number.MAX_SAFE_INTEGER),
              options: {
                isWholeLine: true,
                className: 'tandem-ghost-delete',
                inlineClassName: 'tandem-ghost-delete-text',
              },
            },
          ]
        : [],
    );
    const showLines = rejected ? [] : h.newLines;
    if (showLines.length === 0 && !editable) return { key, zoneId: null, decorations };
    const node = document.createElement('div');
    node.className = 'tandem-ghost-zone';
    // Monaco's typings declare this option's value as `any`.
    const font = this.editor.getOption(this.monaco.editor.EditorOption.fontInfo) as Monaco.editor.FontInfo;
    node.style.fontFamily = font.fontFamily;
    node.style.fontSize = `${font.fontSize}px`;
    node.style.lineHeight = `${font.lineHeight}px`;
    for (const line of showLines) {
      const div = document.createElement('div');
      div.className = 'tandem-ghost-insert';
      div.textContent = line || ' ';
      node.appendChild(div);
    }
    if (editable) {
      const button = document.createElement('button');
      button.className = 'tandem-hunk-toggle';
      button.dataset.testid = 'hunk-toggle';
      button.dataset.hunk = String(index);
      button.dataset.rejected = String(rejected);
      button.textContent = rejected ? 'keep this change' : 'drop this change';
      button.onmousedown = (e) => {
        e.preventDefault();
        e.stopPropagation();
        this.onToggleHunk(turn, index);
      };
      node.appendChild(button);
    }
    const zoneId = acc.addZone({
      afterLineNumber: from + h.oldCount - 1,
      heightInLines: Math.max(showLines.length, editable && showLines.length === 0 ? 1 : 0) || 1,
      domNode: node,
      suppressMouseDown: false,
    });
    return { key, zoneId, decorations };
  }

  private renderLabel(
    acc: Monaco.editor.IViewZoneChangeAccessor,
    r: Rendered,
    turn: GhostTurn,
    firstLine: number,
  ): void {
    const who = turn.self ? 'You' : `${turn.info.by} (read-only)`;
    const redirects = turn.redirects.length ? ` → ${turn.redirects.at(-1)}` : '';
    const sim = turn.info.model.simulated ? ' · simulated model' : '';
    const message = turn.message ? ` — ${turn.message}` : '';
    r.label.textContent = `✦ ${who}: ${turn.info.instruction}${redirects} · ${turn.state}${message}${sim}`;
    r.label.dataset.state = turn.state;
    if (r.labelZone && r.labelAt === firstLine) return;
    if (r.labelZone) acc.removeZone(r.labelZone);
    r.labelZone = acc.addZone({ afterLineNumber: firstLine - 1, heightInLines: 1, domNode: r.label });
    r.labelAt = firstLine;
  }
}
