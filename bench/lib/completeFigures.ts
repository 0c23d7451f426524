// Why: what the autocomplete bench concludes from what it recorded — the page probe
// (completeProbe.js), the simulator's records and the servers' trace (completeHook.mjs) — is pure
// arithmetic, kept here and tested: which painted ghost fits the text on screen (else it is stale),
// one sample's keystroke → ghost figures less the model's own time, and how long a superseded
// request stayed open upstream after the signal that superseded it reached the server.

/** What completeProbe.js recorded, in the page's clock. */
export type CompleteProbe = {
  keys: [string, number][];
  /** [sent at, cursor line before the cursor] */
  sent: [number, string][];
  /** [received at, the cursor line it was asked for, the suggestion (null: none)] */
  answers: [number, string, string | null][];
  cancels: number[];
  /** [painted at, ghost text on the cursor line ('' once none shows), the line's text before it] */
  paints: [number, string, string][];
  /** Each frame that painted a change of the editor's text, ghost text left out (after its paint). */
  typed: number[];
  /** Every frame: [its animation frame callbacks ran at, painted at]. */
  frames: [number, number][];
};

/** The parts of a simulator record the figures read (bench clock, performance.now()). */
export type SimFill = {
  arrivedAt: number;
  closedAt: number | null;
  aborted: boolean;
  body: unknown;
  chunks: { at: number; tokens: number }[];
};

/** A line of the servers' trace (wall clock). */
export type TraceEvent = { t: number; event: string; requestId?: string; linePrefix?: string };

const lastLine = (text: string) => text.slice(text.lastIndexOf('\n') + 1);

/** The cursor line before the cursor that a fill-in-the-middle request was made for. */
export function promptLine(record: SimFill): string | null {
  const prompt = (record.body as { prompt?: unknown } | null)?.prompt;
  return typeof prompt === 'string' ? lastLine(prompt) : null;
}

/** The model's own time for a request: arrival → its last token (or its close, unstreamed). */
export function modelMs(record: SimFill): number {
  const tokens = record.chunks.filter((c) => c.tokens > 0);
  const end = tokens.length ? tokens[tokens.length - 1]!.at : record.closedAt;
  if (end === null) throw new Error('the request has not ended');
  return end - record.arrivedAt;
}

/**
 * The answer a painted ghost comes from, if it fits the text on screen: asked for a line that the
 * line now starts with, and the ghost is the rest of its first line after what was typed since.
 */
export function answerOf(
  paint: [number, string, string],
  answers: CompleteProbe['answers'],
): CompleteProbe['answers'][number] | null {
  const [at, ghost, before] = paint;
  for (let i = answers.length - 1; i >= 0; i--) {
    const answer = answers[i]!;
    const [received, asked, text] = answer;
    if (received > at || text === null || !before.startsWith(asked)) continue;
    const typed = before.slice(asked.length);
    if (text.startsWith(typed) && text.slice(typed.length).split('\n', 1)[0] === ghost) return answer;
  }
  return null;
}

/** Painted ghosts that fit no answer the page had: suggestions shown for a text that is gone. */
export function stalePaints(probe: CompleteProbe): number {
  return probe.paints.filter((p) => p[1] !== '' && answerOf(p, probe.answers) === null).length;
}

export type KeySample = {
  /** Answered without a model request (a suggestion typed through). */
  reused: boolean;
  /** Last keystroke → ghost text painted. */
  painted: number;
  /** The same, less the model's own time (arrival → last token): what the app adds. */
  added: number;
  /** Last keystroke → the request leaves the page (the pause or debounce before asking). */
  pause: number;
  /** Request sent → painted, less the model's time. */
  afterSend: number;
  /** Request sent → its answer reaches the page, less the model's time: the wire and the server. */
  sentToAnswer: number;
  /**
   * The answer's arrival in the page (or the key, when the answer was there before it) → painted:
   * the wait for the next frame and Monaco's rendering of the ghost.
   */
  answerToPaint: number;
  /**
   * Painted less the first frame painted that began after the answer came (the floor for showing
   * it; for an answer there before the key, the typed character's frame): 0 when the ghost showed
   * in that frame.
   */
  beyondAnswerFrame: number;
  /** Last keystroke → the frame that painted the typed character: nothing the key causes can show sooner. */
  typedShown: number;
  /** `added` less `typedShown`: what the app adds beyond the frame that shows the key itself. */
  beyondTyped: number;
};

/**
 * The sample of a burst of typing that ended at `lastKeyAt`: the first ghost painted after it that
 * fits, from a request sent after it, and the simulator's record of that request.
 */
export function keySample(probe: CompleteProbe, lastKeyAt: number, records: readonly SimFill[]): KeySample | null {
  const found = paintedSample(probe, lastKeyAt, records);
  if (!found) return null;
  const { answeredAt, ...sample } = found;
  const paintAt = lastKeyAt + sample.painted;
  // Not seen (the probe read no change of the text): the ghost's own frame is taken as the floor.
  const typedShown = (probe.typed.find((t) => t > lastKeyAt) ?? paintAt) - lastKeyAt;
  const answerFloor =
    answeredAt === null ? lastKeyAt + typedShown : (probe.frames.find(([began]) => began > answeredAt)?.[1] ?? paintAt);
  return { ...sample, typedShown, beyondTyped: sample.added - typedShown, beyondAnswerFrame: paintAt - answerFloor };
}

function paintedSample(
  probe: CompleteProbe,
  lastKeyAt: number,
  records: readonly SimFill[],
): (Omit<KeySample, 'typedShown' | 'beyondTyped' | 'beyondAnswerFrame'> & { answeredAt: number | null }) | null {
  for (const paint of probe.paints) {
    if (paint[0] <= lastKeyAt || paint[1] === '') continue;
    const answer = answerOf(paint, probe.answers);
    if (!answer) continue;
    const sent = probe.sent.find(([t, line]) => t > lastKeyAt && t <= answer[0] && line === answer[1]);
    if (!sent) {
      // Typed through in the page: the rest of an answer to a request sent before the last key,
      // painted while the page asked nothing after it (no pause, no model time).
      if (probe.sent.some(([t]) => t > lastKeyAt)) return null;
      const ms = paint[0] - lastKeyAt;
      return {
        reused: true,
        painted: ms,
        added: ms,
        pause: 0,
        afterSend: ms,
        sentToAnswer: 0,
        answerToPaint: ms,
        answeredAt: null,
      };
    }
    // None: the server answered from the suggestion before, typed through (no model time).
    const record = records.filter((r) => !r.aborted && r.closedAt !== null && promptLine(r) === answer[1]).at(-1);
    const model = record ? modelMs(record) : 0;
    return {
      reused: !record,
      painted: paint[0] - lastKeyAt,
      added: paint[0] - lastKeyAt - model,
      pause: sent[0] - lastKeyAt,
      afterSend: paint[0] - sent[0] - model,
      sentToAnswer: answer[0] - sent[0] - model,
      answerToPaint: paint[0] - answer[0],
      answeredAt: answer[0],
    };
  }
  return null;
}

/**
 * Tandem: for each request closed upstream before it ended, the time from the person's next
 * keystroke reaching the server (the first document update after the request arrived there) and
 * from the message that superseded it (its cancel or the next request) to the simulator seeing
 * the socket close. `origin` turns the simulator's clock into the trace's wall clock.
 */
export function tandemSuperseded(
  trace: readonly TraceEvent[],
  records: readonly SimFill[],
  origin: number,
): { keystroke: number[]; signal: number[] } {
  const out = { keystroke: [] as number[], signal: [] as number[] };
  for (const r of records) {
    if (!r.aborted || r.closedAt === null) continue;
    const arrived = origin + r.arrivedAt;
    const line = promptLine(r);
    const asked = trace.filter((e) => e.event === 'complete/request' && e.t <= arrived && e.linePrefix === line).at(-1);
    if (!asked) continue;
    const after = trace.filter((e) => e.t > asked.t);
    const key = after.find((e) => e.event === 'doc/sync');
    const signal = after.find(
      (e) => e.event === 'complete/request' || (e.event === 'complete/cancel' && e.requestId === asked.requestId),
    );
    const closed = origin + r.closedAt;
    if (key && key.t <= closed) out.keystroke.push(closed - key.t);
    if (signal && signal.t <= closed) out.signal.push(closed - signal.t);
  }
  return out;
}

/** The peer: for each request closed upstream before it ended, its route's abort arriving → closed. */
export function peerSuperseded(trace: readonly TraceEvent[], records: readonly SimFill[], origin: number): number[] {
  const out: number[] = [];
  for (const r of records) {
    if (!r.aborted || r.closedAt === null) continue;
    const closed = origin + r.closedAt;
    const abort = trace.filter((e) => e.event === 'http-abort' && e.t <= closed).at(-1);
    if (abort && abort.t >= origin + r.arrivedAt) out.push(closed - abort.t);
  }
  return out;
}
