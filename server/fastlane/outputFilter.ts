// Cleans a model's streamed rewrite as it arrives (in the manner of Continue's line filters):
// drops an opening markdown fence and any chatter line before it, the matching closing fence and
// everything after it, and trailing newlines the original range did not have. Text is released
// as soon as it cannot be any of those, so the filter holds back at most one line.
const FENCE_LINE = /^\s*(```|~~~)[\w+.-]*\s*$/;
const CHATTER_LINE = /^(here(’|')?s?|sure|certainly|okay|ok|below|the (updated|rewritten|modified))\b[^\n]*:\s*$/i;
const MAYBE_FENCE = /^\s*(`{1,3}|~{1,3})[\w+.-]*$/;
const CLOSING_FENCE = /\n[ \t]*(```|~~~)[ \t]*(\n|$)/;
const CHATTER_STARTS = ['here', 'sure', 'certainly', 'okay', 'ok', 'below', 'the '];

function mayBeChatter(line: string): boolean {
  const lower = line.toLowerCase();
  return CHATTER_STARTS.some((w) => w.startsWith(lower) || lower.startsWith(w));
}

/** How a generation's raw text becomes the turn's output, chunk by chunk. */
export type TextFilter = { push(chunk: string): string; finish(originalEndsWithNewline: boolean): string };

/** An answer's text as the model wrote it (its markdown fences are part of it). */
export class AnswerText implements TextFilter {
  push(chunk: string): string {
    return chunk;
  }

  finish(): string {
    return '';
  }
}

export class OutputFilter implements TextFilter {
  private started = false;
  private fenced = false;
  private closed = false;
  private head = '';
  private held = '';

  /** Feeds raw model text; returns the text that is now certain to be part of the rewrite. */
  push(chunk: string): string {
    if (this.closed) return '';
    if (this.started) return this.release(chunk);
    this.head += chunk;
    const body = this.takeHead(false);
    return body === null ? '' : this.release(body);
  }

  /** Ends the stream: returns what was held back, less a closing fence and extra newlines. */
  finish(originalEndsWithNewline: boolean): string {
    let rest = this.held;
    if (!this.started) rest = this.takeHead(true) ?? '';
    this.held = '';
    if (this.closed) return '';
    rest = rest.replace(/\n?[ \t]*(```|~~~)[ \t]*\n*$/, '');
    return originalEndsWithNewline ? rest : rest.replace(/\n+$/, '');
  }

  /** Skips a leading chatter line and opening fence; null while the first line is undecided. */
  private takeHead(final: boolean): string | null {
    for (;;) {
      const nl = this.head.indexOf('\n');
      const line = nl < 0 ? this.head : this.head.slice(0, nl);
      if (nl < 0) {
        const undecided = line.trim() === '' || MAYBE_FENCE.test(line) || mayBeChatter(line);
        if (!final && undecided) return null;
        break;
      }
      if (FENCE_LINE.test(line)) {
        this.fenced = true;
        this.head = this.head.slice(nl + 1);
        break;
      }
      if (!this.fenced && CHATTER_LINE.test(line)) {
        this.head = this.head.slice(nl + 1);
        continue;
      }
      break;
    }
    this.started = true;
    const body = this.head;
    this.head = '';
    return body;
  }

  /** Holds back trailing newlines and a possible closing fence; releases the rest. */
  private release(text: string): string {
    const all = this.held + text;
    if (this.fenced) {
      const close = CLOSING_FENCE.exec(all);
      if (close && close[2] === '\n') {
        this.closed = true;
        this.held = '';
        return all.slice(0, close.index);
      }
    }
    let cut = all.length;
    const lastNl = all.lastIndexOf('\n');
    if (lastNl >= 0 && MAYBE_FENCE.test(all.slice(lastNl + 1)) && all.slice(lastNl + 1).trim() !== '') cut = lastNl;
    while (cut > 0 && all[cut - 1] === '\n') cut--;
    this.held = all.slice(cut);
    return all.slice(0, cut);
  }
}
