// Next-edit suggestions for everyone on this node, with the completions' rules: per person
// (browser tab) and document at most one request in flight — a new one or a cancel aborts the
// previous one's upstream request at once. The person's recent edits come with the request and
// are checked against the shared document (an edit it does not show is left out); the region
// around the cursor comes from the document. The model's hunk is made a range edit of the
// document as it is when the answer ends, or refused when it does not apply cleanly.
import type { CompleteSkip } from '../../lib/protocol/complete';
import type { NextEditReply, NextEditRequest } from '../../lib/protocol/nextEdit';
import { abortNow } from '../models/abortNow';
import { ModelError } from '../models/errors';
import { languageOfPath } from '../models/formats/languages';
import { parseNextEditAnswer } from '../models/formats/nextEditAnswer';
import { hunkOfEdit, regionAround } from '../models/formats/nextEditPrompt';
import type { EditHunk } from '../models/formats/nextEditHunk';
import type { CompleteMetrics } from './completeMetrics';
import { linePrefixAt, offsetOf } from './context';
import type { NextEditModel } from './nextEditModel';
import { whenSynced, type LiveText } from './whenSynced';

/** How long a request waits for the document to show the browser's cursor line and last edit. */
export const NEXT_EDIT_SYNC_WAIT_MS = 500;

type InFlight = { requestId: string; controller: AbortController; why: CompleteSkip | null };

export type NextEditDeps = {
  model: NextEditModel;
  /** The workspace's switch (`"autocomplete": false` in tandem.json turns next edits off too). */
  enabled: () => boolean;
  metrics: CompleteMetrics;
  log: (m: string) => void;
};

/** True when `all` shows the request's cursor line and its last edit where the browser saw them. */
export function showsRequest(all: string, request: NextEditRequest): boolean {
  const offset = offsetOf(all, request.line, request.column);
  const last = request.history[request.history.length - 1]!;
  return (
    offset !== null &&
    linePrefixAt(all, offset) === request.linePrefix &&
    all.slice(last.offset, last.offset + last.newText.length) === last.newText
  );
}

export class NextEditService {
  private readonly slots = new Map<string, InFlight>();

  constructor(private readonly deps: NextEditDeps) {}

  model(): string {
    return this.deps.model.info().model;
  }

  /** The next edit after the person's recent edits; supersedes their request in flight on the same file. */
  async request(client: string, request: NextEditRequest, room: LiveText): Promise<NextEditReply> {
    const receivedAt = performance.now();
    if (!this.deps.enabled()) return { suggestion: null, skipped: 'off' };
    const key = `${client}\0${request.path}`;
    this.abort(key, 'superseded');
    const flight: InFlight = { requestId: request.requestId, controller: new AbortController(), why: null };
    this.slots.set(key, flight);
    const { signal } = flight.controller;
    try {
      const all = await whenSynced(room, (t) => showsRequest(t, request), signal, NEXT_EDIT_SYNC_WAIT_MS);
      if (signal.aborted) return { suggestion: null, skipped: flight.why ?? 'cancelled' };
      if (all === null) return { suggestion: null, skipped: 'stale' };
      const edits = request.history.map((e) => hunkOfEdit(all, e)).filter((h): h is EditHunk => h !== null);
      const { model, simulated } = this.deps.model.info();
      const answer = await this.deps.model.ask(
        {
          path: request.path,
          language: languageOfPath(request.path) ?? 'plain text',
          edits,
          region: regionAround(all, request.line, request.column),
        },
        signal,
      );
      const doneAt = performance.now();
      const ttftMs = answer.firstTokenAt === null ? null : answer.firstTokenAt - answer.sentAt;
      const timings = { serverMs: answer.sentAt - receivedAt, ttftMs, totalMs: doneAt - receivedAt };
      this.deps.metrics.observe('model_ttft', model, ttftMs);
      this.deps.metrics.observe('server_total', model, timings.totalMs);
      const parsed = parseNextEditAnswer(answer.text, room.text.toString());
      if ('none' in parsed) return { suggestion: null, skipped: 'none' };
      if ('error' in parsed) {
        this.deps.log(`next edit for ${request.path} refused: ${parsed.error}`);
        return { suggestion: null, skipped: 'rejected' };
      }
      this.deps.metrics.count(model, 'served');
      return { suggestion: { edit: parsed.edit, model, simulated, timings } };
    } catch (err) {
      if (signal.aborted && err instanceof ModelError && err.kind === 'aborted') {
        return { suggestion: null, skipped: flight.why ?? 'cancelled' };
      }
      throw err;
    } finally {
      if (this.slots.get(key) === flight) this.slots.delete(key);
    }
  }

  /** Stops the person's request `requestId` if it is still in flight (its upstream closes at once). */
  cancel(client: string, requestId: string): boolean {
    for (const [key, flight] of this.slots) {
      if (key.startsWith(`${client}\0`) && flight.requestId === requestId) {
        this.abort(key, 'cancelled');
        return true;
      }
    }
    return false;
  }

  /** The person left (or closed the file): stop their requests. */
  forget(client: string, path?: string): void {
    for (const key of [...this.slots.keys()]) {
      if (path === undefined ? key.startsWith(`${client}\0`) : key === `${client}\0${path}`)
        this.abort(key, 'cancelled');
    }
  }

  private abort(key: string, why: CompleteSkip): void {
    const flight = this.slots.get(key);
    if (!flight) return;
    flight.why = why;
    abortNow(flight.controller);
    this.slots.delete(key);
  }
}
