// Why: a command can print without bound (a test loop, a stuck watcher); the evidence log and the
// model need its start and, above all, its end (the test summary). This keeps the first quarter
// and the last three quarters of a byte budget, and says how much was dropped in between. Pure.

export class OutputCapture {
  private head = '';
  private tail = '';
  private dropped = 0;
  private readonly headCap: number;
  private readonly tailCap: number;

  constructor(readonly cap: number) {
    this.headCap = Math.floor(cap / 4);
    this.tailCap = cap - this.headCap;
  }

  push(chunk: string): void {
    if (this.head.length < this.headCap) {
      const room = this.headCap - this.head.length;
      this.head += chunk.slice(0, room);
      chunk = chunk.slice(room);
    }
    if (!chunk) return;
    this.tail += chunk;
    if (this.tail.length > this.tailCap) {
      const cut = this.tail.length - this.tailCap;
      this.dropped += cut;
      this.tail = this.tail.slice(cut);
    }
  }

  get truncated(): boolean {
    return this.dropped > 0;
  }

  /** The kept output, with a note where characters were dropped. */
  text(): string {
    if (this.dropped === 0) return this.head + this.tail;
    return `${this.head}\n[… ${this.dropped} characters of output omitted (cap ${this.cap}) …]\n${this.tail}`;
  }
}

/** Shortens a text to `cap` characters keeping its head and tail, with a note; returns it as is otherwise. */
export function truncateMiddle(text: string, cap: number): { text: string; truncated: boolean } {
  if (text.length <= cap) return { text, truncated: false };
  const capture = new OutputCapture(cap);
  capture.push(text);
  return { text: capture.text(), truncated: true };
}
