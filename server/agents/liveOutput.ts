// Why: a running command's output is shown live as evidence 'progress' events — the model's
// commands and the validation alike. It is sent in batches (a chatty command is not one SQLite row
// per chunk) and only up to a cap: the command's 'completed' event carries its whole (capped) output.

/** Live output is sent at most this often. */
const EVERY_MS = 250;

/** Sends pushed output at most every EVERY_MS, and at most `cap` characters in all. */
export class LiveOutput {
  private pending = '';
  private sent = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly send: (chunk: string) => void,
    private readonly cap: number,
  ) {}

  push(chunk: string): void {
    if (this.sent >= this.cap) return;
    this.pending += chunk;
    this.timer ??= setTimeout(() => this.flush(), EVERY_MS);
  }

  /** Stops sending; what is still pending is left to the 'completed' event. */
  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private flush(): void {
    this.timer = null;
    const chunk = this.pending.slice(0, this.cap - this.sent);
    this.pending = '';
    if (!chunk) return;
    this.sent += chunk.length;
    this.send(chunk);
  }
}
