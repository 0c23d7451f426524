// Why: Monaco's TypeScript service is a 6.6 MB worker that takes about 3 s of a core to start
// (loading its script, then parsing the lib .d.ts files on its first request). Started when the
// editor first showed a .ts file, it ran beside the person's first turn: on a two-core machine the
// first ghost painted ~50 ms later than a warm one; with the first Enter 4 s after load (the
// service ready by then) it was 3 ms (issue 16). So its worker is created only once the page is
// quiet — no instruction box open, no turn of this person streaming, no key pressed for QUIET_MS —
// and a service still starting when the person opens the box or starts a turn is stopped once
// (Monaco asks again on its next request, which waits here for the next quiet moment); started a
// second time it is left to finish, so a person who keeps working still gets it. Once it has
// answered a request it is ready and stays. Pure logic: the clock and the stopping are given.

/** No key, no open instruction box and no turn streaming for this long: the page is quiet. */
export const QUIET_MS = 1500;

/** For the page: nothing asked yet, asked and waiting for quiet, starting, or ready. */
export type LanguageServiceState = 'idle' | 'waiting' | 'starting' | 'ready';

export type GateClock = {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
};

type Started = { label: string; ready: boolean };

export class LanguageServiceGate {
  private busy = false;
  private quietSince: number;
  private asked = false;
  private readonly waiting: (() => void)[] = [];
  private readonly started = new Set<Started>();
  /** Labels whose service was stopped once already: started again, it is left to finish. */
  private readonly stoppedOnce = new Set<string>();
  private timer: unknown = null;
  private shown: LanguageServiceState = 'idle';

  constructor(
    /** Stops the service of `label` that is still starting (Monaco asks for a new worker later). */
    private readonly stop: (label: string) => void,
    private readonly clock: GateClock,
    private readonly onState: (state: LanguageServiceState) => void = () => undefined,
    private readonly quietMs = QUIET_MS,
  ) {
    this.quietSince = clock.now();
  }

  /**
   * Monaco asks for the worker of `label`: created by `create` once the page is quiet. The worker is
   * starting until it answers its first language-service request (`answered`, wired by the caller).
   */
  worker<W>(label: string, create: (answered: () => void) => W): Promise<W> {
    // The quiet time runs from the first request (the editor showing a file), not from page load.
    if (!this.asked) {
      this.asked = true;
      this.quietSince = Math.max(this.quietSince, this.clock.now());
    }
    return new Promise((resolve) => {
      this.waiting.push(() => {
        const started: Started = { label, ready: false };
        this.started.add(started);
        resolve(
          create(() => {
            started.ready = true;
            this.report();
          }),
        );
      });
      this.schedule();
    });
  }

  /** A key was pressed: the quiet time starts again (a starting service is left to start). */
  activity(): void {
    this.quietSince = this.clock.now();
    this.schedule();
  }

  /** The instruction box opened or a turn started (true), or neither is any longer (false). */
  setBusy(busy: boolean): void {
    if (busy === this.busy) return;
    this.busy = busy;
    this.quietSince = this.clock.now();
    if (busy) {
      const stopping = [...this.started].filter((s) => !s.ready && !this.stoppedOnce.has(s.label));
      for (const s of stopping) this.started.delete(s);
      for (const label of new Set(stopping.map((s) => s.label))) {
        this.stoppedOnce.add(label);
        this.stop(label);
      }
    }
    this.schedule();
  }

  get state(): LanguageServiceState {
    if (this.waiting.length > 0) return 'waiting';
    const started = [...this.started];
    if (started.some((s) => !s.ready)) return 'starting';
    return started.length > 0 ? 'ready' : 'idle';
  }

  private schedule(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    if (!this.busy && this.waiting.length > 0) {
      const wait = this.quietSince + this.quietMs - this.clock.now();
      if (wait > 0) this.timer = this.clock.setTimeout(() => ((this.timer = null), this.schedule()), wait);
      else for (const start of this.waiting.splice(0)) start();
    }
    this.report();
  }

  private report(): void {
    const state = this.state;
    if (state === this.shown) return;
    this.shown = state;
    this.onState(state);
  }
}
