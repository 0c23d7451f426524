// Shows review findings inline: the lines are marked by severity, and a comment below them says
// what was found, with "Dismiss" and "Fix with fast lane" (one click starts a ghost edit there).
// Lines come from the findings' anchors, so they stay on the code they were about.
import type * as Monaco from 'monaco-editor';
import type * as Y from 'yjs';
import type { Finding, LineRange } from '../../protocol';
import type { FindingAnchors } from './findingAnchors';

export class MonacoFindingsPainter {
  private zones: string[] = [];
  private readonly decorations: Monaco.editor.IEditorDecorationsCollection;

  constructor(
    private readonly monaco: typeof Monaco,
    private readonly editor: Monaco.editor.ICodeEditor,
    private readonly text: Y.Text,
    private readonly anchors: FindingAnchors,
    private readonly actions: { dismiss(f: Finding): void; fix(f: Finding, lines: LineRange): void },
  ) {
    this.decorations = editor.createDecorationsCollection();
  }

  paint(findings: readonly Finding[]): void {
    if (!this.editor.getModel()) return;
    const shown = findings.flatMap((f) => {
      const lines = this.anchors.lines(this.text, f);
      return lines ? [{ f, lines }] : [];
    });
    this.decorations.set(
      shown.map(({ f, lines }) => ({
        range: new this.monaco.Range(lines.startLine, 1, lines.endLine, 1),
        options: {
          isWholeLine: true,
          className: `tandem-finding-line tandem-finding-${f.severity}`,
          hoverMessage: { value: f.message },
        },
      })),
    );
    this.editor.changeViewZones((acc) => {
      for (const id of this.zones) acc.removeZone(id);
      this.zones = shown.map(({ f, lines }) =>
        acc.addZone({ afterLineNumber: lines.endLine, heightInLines: 1, domNode: this.node(f, lines) }),
      );
    });
  }

  private node(f: Finding, lines: LineRange): HTMLElement {
    const node = document.createElement('div');
    node.className = `tandem-finding tandem-finding-${f.severity}`;
    node.dataset.testid = 'review-finding';
    node.dataset.severity = f.severity;
    node.dataset.line = String(lines.startLine);
    const text = document.createElement('span');
    text.textContent = `${f.severity}: ${f.message}`;
    node.appendChild(text);
    const button = (label: string, testid: string, run: () => void) => {
      const b = document.createElement('button');
      b.textContent = label;
      b.dataset.testid = testid;
      b.onmousedown = (e) => {
        e.preventDefault();
        e.stopPropagation();
        run();
      };
      node.appendChild(b);
    };
    // Read the lines again at the click: edits since the paint moved the code, not this node's data.
    button('Fix with fast lane', 'finding-fix', () => {
      const now = this.anchors.lines(this.text, f);
      if (now) this.actions.fix(f, now);
    });
    button('Dismiss', 'finding-dismiss', () => this.actions.dismiss(f));
    return node;
  }

  dispose(): void {
    this.decorations.clear();
    this.editor.changeViewZones((acc) => this.zones.forEach((id) => acc.removeZone(id)));
    this.zones = [];
  }
}
