// The text a ghost shows, across generations. A fresh turn appends. After a redirect the model
// either continues the partial output (append after it) or starts over; starting over keeps what
// is on screen while the new text repeats it, and rewinds only from the first character that
// differs — so the ghost never flashes back to empty. Cost per chunk is O(chunk).
export type OutputDelta = { from: number; text: string };

export class GhostOutput {
  text = '';
  private restarting = false;
  private matched = 0;

  /** A redirected generation that continues the current text. */
  continueFromHere(): void {
    this.restarting = false;
  }

  /** A redirected generation that rewrites from the beginning. */
  restart(): void {
    this.restarting = true;
    this.matched = 0;
  }

  append(chunk: string): OutputDelta | null {
    if (!chunk) return null;
    if (!this.restarting) {
      const from = this.text.length;
      this.text += chunk;
      return { from, text: chunk };
    }
    let j = 0;
    while (
      j < chunk.length &&
      this.matched + j < this.text.length &&
      chunk.charCodeAt(j) === this.text.charCodeAt(this.matched + j)
    )
      j++;
    if (j === chunk.length) {
      this.matched += j;
      return null;
    }
    const from = this.matched + j;
    this.restarting = false;
    this.text = this.text.slice(0, from) + chunk.slice(j);
    return { from, text: chunk.slice(j) };
  }

  /** Cuts the text to what a client had shown (deltas after that were never painted there). */
  truncate(length: number): OutputDelta | null {
    this.restarting = false;
    if (length >= this.text.length) return null;
    this.text = this.text.slice(0, length);
    return { from: length, text: '' };
  }

  /** Ends a generation: a restart that produced a strict prefix of the old text cuts the rest. */
  end(): OutputDelta | null {
    if (!this.restarting) return null;
    this.restarting = false;
    if (this.matched === this.text.length) return null;
    this.text = this.text.slice(0, this.matched);
    return { from: this.matched, text: '' };
  }
}

/** Detects the restart marker at the start of a redirected answer; buffers until it can tell. */
export class RestartDetector {
  private buffer = '';
  decided: 'continue' | 'restart' | null = null;

  constructor(private readonly marker: string) {}

  /** Returns the text after the decision point (without the marker), or null while undecided. */
  push(chunk: string): string | null {
    if (this.decided) return chunk;
    this.buffer += chunk;
    const trimmed = this.buffer.trimStart();
    if (trimmed.startsWith(this.marker)) {
      const rest = trimmed.slice(this.marker.length);
      if (rest === '' || rest === '\r') return null;
      this.decided = 'restart';
      return rest.replace(/^\r?\n/, '');
    }
    if (trimmed.length === 0 || this.marker.startsWith(trimmed)) return null;
    this.decided = 'continue';
    const out = this.buffer;
    this.buffer = '';
    return out;
  }

  /** At the end of the stream: whatever was buffered. */
  finish(): string {
    if (this.decided) return '';
    this.decided = this.buffer.trimStart().startsWith(this.marker) ? 'restart' : 'continue';
    const out = this.decided === 'restart' ? '' : this.buffer;
    this.buffer = '';
    return out;
  }
}
