// Shows review findings inline: the lines are marked by severity, and a comment below them says
// what was found, with "Dismiss" and "Fix with fast lane" (one click starts a ghost edit there).
import type * as Monaco from 'monaco-editor';
import type { Finding } from '../../protocol';

export class MonacoFindingsPainter {
  private zones: string[] = [];
  private readonly decorations: Monaco.editor.IEditorDecorationsCollection;

  constructor(
    private readonly monaco: typeof Monaco,
    private readonly editor: Monaco.editor.ICodeEditor,
    private readonly actions: { dismiss(f: Finding): void; fix(f: Finding): void },
  ) {
    this.decorations = editor.createDecorationsCollection();
  }

  paint(findings: readonly Finding[]): void {
    const model = this.editor.getModel();
    if (!model) return;
    const lineCount = model.getLineCount();
    const shown = findings.filter((f) => f.startLine <= lineCount);
    this.decorations.set(
      shown.map((f) => ({
        range: new this.monaco.Range(f.startLine, 1, Math.min(f.endLine, lineCount), 1),
        options: { isWholeLine: true, className: `tandem-finding-line tandem-finding-${f.severity}`, hoverMessage: { value: f.message } },
      })),
    );
    this.editor.changeViewZones((acc) => {
      for (const id of this.zones) acc.removeZone(id);
      this.zones = shown.map((f) => acc.addZone({ afterLineNumber: Math.min(f.endLine, lineCount), heightInLines: 1, domNode: this.node(f) }));
    });
  }

  private node(f: Finding): HTMLElement {
    const node = document.createElement('div');
    node.className = `tandem-finding tandem-finding-${f.severity}`;
    node.dataset.testid = 'review-finding';
    node.dataset.severity = f.severity;
    node.dataset.line = String(f.startLine);
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
    button('Fix with fast lane', 'finding-fix', () => this.actions.fix(f));
    button('Dismiss', 'finding-dismiss', () => this.actions.dismiss(f));
    return node;
  }

  dispose(): void {
    this.decorations.clear();
    this.editor.changeViewZones((acc) => this.zones.forEach((id) => acc.removeZone(id)));
    this.zones = [];
  }
}
