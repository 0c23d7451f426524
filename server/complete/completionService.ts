// Inline completions for everyone on this node: per person (browser tab) and document at most one
// request in flight — a new one aborts the previous one's upstream request at once, and a cancel
// does too, and so does the person's own edit of the document that is not typing through what the
// model has streamed so far (applied a few ms before their cancel arrives: typedThrough.ts) — and
// the last finished suggestion, reused while the person types through it (no model request). The
// text comes from the shared document the server holds; the browser's cursor line is checked
// against it first (its keystroke may still be on the way: wait briefly for it).
import type { TextWatcher } from '../collab/roomGenerations';
import { whenSynced, type LiveText } from './whenSynced';
import {
  remainingAfterTyping,
  type CompleteReply,
  type CompleteRequest,
  type CompleteSkip,
  type CompleteSuggestion,
} from '../../lib/protocol/complete';
import { abortNow } from '../models/abortNow';
import { ModelError } from '../models/errors';
import { languageOfPath } from '../models/formats/languages';
import type { CompleteMetrics } from './completeMetrics';
import type { CompletionModel } from './completionModel';
import { cursorContext, linePrefixAt, offsetOf, promptHeader, type OpenDoc } from './context';
import { typedThrough, type TextDeltaOp } from './typedThrough';

/** How long a request waits for the document to show the browser's cursor line. */
export const SYNC_WAIT_MS = 500;

type InFlight = {
  requestId: string;
  controller: AbortController;
  why: CompleteSkip | null;
  line: number;
  linePrefix: string;
  /** What the person typed through of the answer so far (null until the model is asked). */
  typed: string | null;
  /** Settles when the request has ended, however. */
  done: Promise<void>;
};
type Slot = {
  inFlight: InFlight | null;
  last: { prefix: string; text: string } | null;
  /** The person's latest request on the file: one that waited for its predecessor yields to a newer one. */
  latest: string | null;
};

/** True when `request` is at the text `flight` was asked at plus characters typed through its answer. */
function typesThrough(flight: InFlight, request: CompleteRequest): boolean {
  return !!flight.typed && request.line === flight.line && request.linePrefix === flight.linePrefix + flight.typed;
}

export type CompletionDeps = {
  model: CompletionModel;
  /** The workspace's switch (`"autocomplete": false` in tandem.json turns it off). */
  enabled: () => boolean;
  metrics: CompleteMetrics;
};

/** Resolves with the document's text once its cursor line matches what the browser saw, or null. */
function textWhenSynced(room: LiveText, request: CompleteRequest, signal: AbortSignal): Promise<string | null> {
  const matches = (all: string) => {
    const offset = offsetOf(all, request.line, request.column);
    return offset !== null && linePrefixAt(all, offset) === request.linePrefix;
  };
  return whenSynced(room, matches, signal, SYNC_WAIT_MS);
}

/**
 * Cancels remembered per person whose request was not in flight yet: the request handler awaits
 * (the document's room) before it takes its slot, so a cancel sent right after it can get in first.
 */
const EARLY_CANCELS = 16;

export class CompletionService {
  private readonly slots = new Map<string, Slot>();
  private readonly early = new Map<string, string[]>();

  constructor(private readonly deps: CompletionDeps) {}

  info() {
    return this.deps.model.info();
  }

  /**
   * A suggestion at the cursor for `client`; supersedes their request in flight on the same file.
   * `others`: the person's other open documents, read only when the model is asked. `origin`: the
   * transaction origin of the person's own document updates (their socket id), watched while the
   * model is asked.
   */
  async request(
    client: string,
    request: CompleteRequest,
    room: LiveText,
    others: () => Promise<OpenDoc[]> = async () => [],
    origin?: unknown,
  ): Promise<CompleteReply> {
    const receivedAt = performance.now();
    if (!this.deps.enabled()) return { suggestion: null, skipped: 'off' };
    const slot = this.slot(client, request.path);
    slot.latest = request.requestId;
    const prior = slot.inFlight;
    if (prior && typesThrough(prior, request)) {
      // Its answer is this request's too (reused below, with no model request): let it finish.
      await prior.done;
      if (slot.latest !== request.requestId) return { suggestion: null, skipped: 'superseded' };
    }
    const cancelled = this.early.get(client)?.indexOf(request.requestId) ?? -1;
    if (cancelled !== -1) {
      this.early.get(client)!.splice(cancelled, 1);
      return { suggestion: null, skipped: 'cancelled' };
    }
    this.abort(slot, 'superseded');
    let ended = () => {};
    const flight: InFlight = {
      requestId: request.requestId,
      controller: new AbortController(),
      why: null,
      line: request.line,
      linePrefix: request.linePrefix,
      typed: null,
      done: new Promise((resolve) => (ended = resolve)),
    };
    slot.inFlight = flight;
    const { signal } = flight.controller;
    let unwatch = () => {};
    try {
      const all = await textWhenSynced(room, request, signal);
      if (signal.aborted) return { suggestion: null, skipped: flight.why ?? 'cancelled' };
      if (all === null) return { suggestion: null, skipped: 'stale' };
      const offset = offsetOf(all, request.line, request.column)!;
      const before = all.slice(0, offset);
      const info = this.deps.model.info();
      const base = { model: info.model, simulated: info.simulated };
      const n = request.n ?? 1;
      // Alternatives are asked of the model even where the last suggestion was typed through.
      const rest = n === 1 && slot.last && remainingAfterTyping(slot.last, before);
      if (rest) {
        const ms = performance.now() - receivedAt;
        return {
          suggestion: {
            ...base,
            text: rest,
            api: info.api ?? 'fim',
            reused: true,
            alternatives: [],
            timings: { serverMs: ms, ttftMs: null, totalMs: ms },
          },
        };
      }
      const { prefix, suffix } = cursorContext(all, offset);
      const language = languageOfPath(request.path) ?? 'plain text';
      const answer = { soFar: '' };
      unwatch = this.watchOwnEdits(slot, flight, room, origin, offset, answer);
      const header = promptHeader({ path: request.path, language, text: all, prefix, others: await others() });
      if (signal.aborted) return { suggestion: null, skipped: flight.why ?? 'cancelled' };
      const context = { path: request.path, language, prefix: header + prefix, suffix };
      const { model } = this.deps;
      // One streamed fill as the person types; several whole candidates when they cycle alternatives.
      const asked =
        n > 1
          ? { ...(await model.candidates(context, signal, n)), firstTokenAt: null }
          : await model
              .fill(context, signal, (soFar) => (answer.soFar = soFar))
              .then((fill) => ({ ...fill, texts: fill.text === '' ? [] : [fill.text] }));
      const doneAt = performance.now();
      const ttftMs = asked.firstTokenAt === null ? null : asked.firstTokenAt - asked.sentAt;
      const [first = '', ...alternatives] = asked.texts;
      const suggestion: CompleteSuggestion = {
        ...base,
        text: first,
        api: asked.api,
        reused: false,
        alternatives,
        timings: { serverMs: asked.sentAt - receivedAt, ttftMs, totalMs: doneAt - receivedAt },
      };
      slot.last = first === '' ? null : { prefix: before, text: first };
      this.deps.metrics.observe('model_ttft', info.model, ttftMs);
      this.deps.metrics.observe('server_total', info.model, suggestion.timings.totalMs);
      if (first !== '') this.deps.metrics.count(info.model, 'served');
      return { suggestion };
    } catch (err) {
      if (signal.aborted && err instanceof ModelError && err.kind === 'aborted') {
        return { suggestion: null, skipped: flight.why ?? 'cancelled' };
      }
      throw err;
    } finally {
      unwatch();
      if (slot.inFlight === flight) slot.inFlight = null;
      ended();
    }
  }

  /**
   * Aborts `flight` (as superseded) on the person's first edit of the room's text that is not typing through
   * the answer so far at `cursor`; returns the unsubscribe. Nothing is watched without an origin.
   */
  private watchOwnEdits(
    slot: Slot,
    flight: InFlight,
    room: LiveText,
    origin: unknown,
    cursor: number,
    answer: { soFar: string },
  ): () => void {
    if (origin === undefined) return () => {};
    flight.typed = '';
    const watch: TextWatcher = (event, transaction) => {
      if (transaction.origin !== origin || slot.inFlight !== flight) return;
      const now = typedThrough(event.delta as TextDeltaOp[], cursor, flight.typed ?? '', answer.soFar);
      if (now === null) this.abort(slot, 'superseded');
      else flight.typed = now;
    };
    return room.watchText(watch);
  }

  /**
   * Stops the person's request `requestId` if it is in flight (its upstream closes at once) — unless
   * they typed through its answer, which then goes on for their next request; else remembers the
   * cancel, so that request is refused if it comes in after it.
   */
  cancel(client: string, requestId: string): boolean {
    for (const [key, slot] of this.slots) {
      if (key.startsWith(`${client}\0`) && slot.inFlight?.requestId === requestId) {
        // Typed through, it goes on: the person's next request is answered from it.
        if (!slot.inFlight.typed) this.abort(slot, 'cancelled');
        return true;
      }
    }
    const early = this.early.get(client) ?? [];
    early.push(requestId);
    if (early.length > EARLY_CANCELS) early.shift();
    this.early.set(client, early);
    return false;
  }

  /** The person closed the file (or left): stop their request and forget their suggestion. */
  forget(client: string, path?: string): void {
    if (path === undefined) this.early.delete(client);
    for (const [key, slot] of this.slots) {
      if (path === undefined ? key.startsWith(`${client}\0`) : key === `${client}\0${path}`) {
        this.abort(slot, 'cancelled');
        this.slots.delete(key);
      }
    }
  }

  private slot(client: string, path: string): Slot {
    const key = `${client}\0${path}`;
    let slot = this.slots.get(key);
    if (!slot) this.slots.set(key, (slot = { inFlight: null, last: null, latest: null }));
    return slot;
  }

  private abort(slot: Slot, why: CompleteSkip): void {
    const flight = slot.inFlight;
    if (!flight) return;
    flight.why = why;
    abortNow(flight.controller);
    slot.inFlight = null;
  }
}
