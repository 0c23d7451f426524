// Asks the fast model what kind of request an instruction is, when the routing rules only guess
// (route.ts, UNSURE_CONFIDENCE). Why a class of its own: the ask sits in front of Enter, so it must
// be cheap and bounded — one tiny chat request (formats/classifyRequest.ts), a wait of at most the
// policy's `classifierTimeoutMs`, one request in flight per instruction (concurrent asks share it),
// and an LRU cache of verdicts per instruction (trimmed, lowercased), so the preview that runs while
// the person types has usually classified the instruction before Enter. A request outlives a wait
// that gave up (up to REQUEST_LIFETIME_MS): a slow verdict still fills the cache for the next ask.
// The model is a function (a provider's `complete`), so tests drive the real simulated server.
import type { ClassifierVerdict, RouteClassifier } from '../../lib/protocol/route';
import { classifyRequest, parseClassifyReply } from '../models/formats/classifyRequest';
import type { ChatRequest, Completion } from '../models/types';

/** A model call: the fast lane provider's `complete`. */
export type AskModel = (request: ChatRequest, options: { signal: AbortSignal }) => Promise<Pick<Completion, 'text'>>;

/** Verdicts kept, most recently used last. */
export const CACHE_ENTRIES = 500;
/** How long a classification request may run after its askers stopped waiting. */
export const REQUEST_LIFETIME_MS = 3_000;
/** Requests in flight at once (different instructions); more are not sent while these run. */
export const MAX_IN_FLIGHT = 4;
/** Latencies kept for the percentiles. */
const LATENCY_WINDOW = 1_000;

/** What the classifier did, for the figures: asks, cache hits, requests and their latencies. */
export type ClassifierStats = {
  asks: number;
  cacheHits: number;
  /** Asks that joined a request already in flight for the same instruction. */
  shared: number;
  requests: number;
  timedOut: number;
  failed: number;
  /** Milliseconds of each request that came back with a verdict (the last LATENCY_WINDOW). */
  latenciesMs: number[];
};

type Outcome = { verdict: ClassifierVerdict; ms: number } | { failed: string; ms: number };

export const instructionKey = (instruction: string) => instruction.trim().toLowerCase().replace(/\s+/g, ' ');

export class Classifier {
  private readonly cache = new Map<string, { verdict: ClassifierVerdict; ms: number }>();
  private readonly inFlight = new Map<string, Promise<Outcome>>();
  private readonly figures: ClassifierStats = {
    asks: 0,
    cacheHits: 0,
    shared: 0,
    requests: 0,
    timedOut: 0,
    failed: 0,
    latenciesMs: [],
  };

  constructor(
    private readonly ask: AskModel,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** The model's verdict on an instruction, or why there is none, after at most `timeoutMs`. */
  async classify(instruction: string, timeoutMs: number): Promise<RouteClassifier> {
    const started = this.now();
    const key = instructionKey(instruction);
    this.figures.asks++;
    const kept = this.cache.get(key);
    if (kept) {
      this.cache.delete(key); // most recently used goes last
      this.cache.set(key, kept);
      this.figures.cacheHits++;
      return { ...kept, cached: true };
    }
    let pending = this.inFlight.get(key);
    if (pending) this.figures.shared++;
    else if (this.inFlight.size >= MAX_IN_FLIGHT) {
      this.figures.failed++;
      return { failed: `${MAX_IN_FLIGHT} classifications already in flight`, ms: 0 };
    } else {
      const sent = this.request(instruction.trim());
      this.inFlight.set(key, sent);
      void sent.then((outcome) => {
        this.inFlight.delete(key);
        if ('verdict' in outcome) this.remember(key, outcome);
      });
      pending = sent;
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const gaveUp = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), timeoutMs)));
    const outcome = await Promise.race([pending, gaveUp]).finally(() => clearTimeout(timer));
    if (outcome === null) {
      this.figures.timedOut++;
      return { timedOut: true, ms: this.now() - started };
    }
    if ('failed' in outcome) {
      this.figures.failed++;
      return outcome;
    }
    return { ...outcome, cached: false };
  }

  stats(): ClassifierStats {
    return { ...this.figures, latenciesMs: [...this.figures.latenciesMs] };
  }

  /** One model request; never rejects (a failure is an outcome). */
  private async request(instruction: string): Promise<Outcome> {
    const started = this.now();
    this.figures.requests++;
    try {
      const reply = await this.ask(classifyRequest(instruction), { signal: AbortSignal.timeout(REQUEST_LIFETIME_MS) });
      const ms = this.now() - started;
      const verdict = parseClassifyReply(reply.text);
      return verdict
        ? { verdict, ms }
        : { failed: `an unreadable reply: ${JSON.stringify(reply.text.slice(0, 40))}`, ms };
    } catch (err) {
      return { failed: (err as Error).message.slice(0, 200), ms: this.now() - started };
    }
  }

  private remember(key: string, entry: { verdict: ClassifierVerdict; ms: number }): void {
    this.cache.set(key, entry);
    const oldest = this.cache.keys().next();
    if (this.cache.size > CACHE_ENTRIES && !oldest.done) this.cache.delete(oldest.value);
    const latencies = this.figures.latenciesMs;
    latencies.push(entry.ms);
    if (latencies.length > LATENCY_WINDOW) latencies.shift();
  }
}
