// One Responses API response from plan to end, shared by the SSE and WebSocket transports: what it
// answers and what it costs to prefill (cached conversation vs new input), its paced events, and
// the ways it ends — completed or failed (the stream ran out), steered (cut at the next step
// boundary, open items closed, `response.incomplete`), or aborted with its connection (the only
// way a client stops a response: the Responses API has no in-band cancel).
import type { Fault } from './faults';
import { dueTimes, firstTokenMs, pace, type Pacing, type Sink, type Step } from './pacer';
import type { Recorder, SimRequestRecord } from './records';
import { messageTokens, respond, type SimReply } from './respond';
import { outputToMessages } from './responsesRequest';
import {
  openingEvents,
  outputItems,
  progressOf,
  responseSteps,
  shownItems,
  steeredEvents,
  withResponseFault,
  type Payload,
  type Progress,
  type RespEvent,
  type ResponseContext,
} from './responsesWire';
import type { ModelProfile } from './settings';
import type { SimMessage } from './simRequest';
import { hash32 } from './simWire';

export type PlanInput = {
  id: string;
  model: string;
  profile: ModelProfile;
  seed: number;
  previousResponseId: string | null;
  instructions: SimMessage[];
  /** The conversation before the new input (a previous response's, or a steered one's). */
  history: SimMessage[];
  input: SimMessage[];
  toolNames: string[];
  parallelToolCalls: boolean;
  /** The messages the model has not read yet; the rest of the conversation is cached. */
  uncached: SimMessage[];
  /** A steer's successor: the model is warm, so it starts after continueMs instead of ttftMs. */
  continuing: boolean;
  fault: Fault | null;
};

export type Plan = {
  ctx: ResponseContext;
  reply: SimReply;
  steps: Step<Payload>[];
  due: number[];
  instructions: SimMessage[];
  /** History and new input, without instructions (what a later previous_response_id prepends). */
  conversation: SimMessage[];
  prefillTokens: number;
};

export function planResponse(p: PlanInput): Plan {
  const conversation = [...p.history, ...p.input];
  const reply = respond({
    model: p.model,
    stream: true,
    includeUsage: true,
    messages: [...p.instructions, ...conversation],
    toolNames: p.toolNames,
    parallelToolCalls: p.parallelToolCalls,
    prediction: null,
  });
  const prefillTokens = Math.min(reply.promptTokens, messageTokens(p.uncached));
  const ctx: ResponseContext = {
    id: p.id,
    model: p.model,
    createdAt: Math.floor(Date.now() / 1000),
    previousResponseId: p.previousResponseId,
    chunkTokens: p.profile.chunkTokens,
    inputTokens: reply.promptTokens,
    cachedTokens: reply.promptTokens - prefillTokens,
  };
  let steps = responseSteps(reply, ctx);
  if (p.fault !== null) steps = withResponseFault(steps, p.fault, ctx);
  const due = dueTimes(steps, p.profile, p.seed, firstTokenMs(p.profile, prefillTokens, p.continuing));
  return { ctx, reply, steps, due, instructions: p.instructions, conversation, prefillTokens };
}

/** What a later previous_response_id continues from once the response completed. */
export function completedConversation(plan: Plan): SimMessage[] {
  return [...plan.conversation, ...outputToMessages(outputItems(plan.reply, plan.ctx))];
}

/** A deterministic response id (the same request gets the same id). */
export function responseIdFor(text: string): string {
  const hex = (n: number) => n.toString(16).padStart(8, '0');
  return `resp_${hex(hash32(text))}${hex(hash32(`${text}#`))}`;
}

/** Notes in the request's record what the planned response costs. */
export function notePlan(record: SimRequestRecord, plan: Plan): void {
  record.responseId = plan.ctx.id;
  record.prefillTokens = plan.prefillTokens;
  record.cachedTokens = plan.ctx.cachedTokens;
}

type Outcome = 'completed' | 'failed' | 'incomplete';

/** How a response ended, and the conversation a chained request continues from. */
export type Ended = { outcome: Outcome; progress: Progress; stored: SimMessage[] };

export class ResponseRun {
  private readonly pacing: Pacing;
  done = false;

  constructor(
    readonly plan: Plan,
    readonly record: SimRequestRecord,
    private readonly sink: Sink<Payload>,
    recorder: Recorder,
    private readonly onEnd: (ended: Ended) => void,
  ) {
    notePlan(record, plan);
    const start = performance.now();
    const written = sink.write(openingEvents(plan.ctx));
    recorder.chunk(record, { at: performance.now(), due: 0, bytes: written.bytes, tokens: 0 });
    const pacer: Sink<Payload> = {
      write: (batch) => sink.write(batch),
      onDrain: (resume) => sink.onDrain(resume),
      end: () => {
        const last = plan.steps.at(-1);
        const failed = last?.kind !== 'write' || (last.data as RespEvent).type !== 'response.completed';
        this.finish(failed ? 'failed' : 'completed', this.progress(plan.steps.length));
        sink.end();
      },
      reset: () => sink.reset(),
      drop: () => sink.drop(),
    };
    this.pacing = pace(pacer, plan.steps, plan.due, start, (c) => recorder.chunk(record, c));
  }

  get id(): string {
    return this.plan.ctx.id;
  }

  /** An event in this response's sequence, sent at once (a steer's acknowledgement). */
  send(event: RespEvent): void {
    this.sink.write([event]);
  }

  /** Ends the response at the next step boundary as steered; `then` gets what it had shown. */
  steer(then: (ended: Ended) => void): void {
    this.pacing.cut((sent) => {
      if (this.done) return;
      const progress = this.progress(sent);
      this.sink.write(steeredEvents(progress, this.plan.ctx, this.record.tokensSent));
      then(this.finish('incomplete', progress));
    });
  }

  /** The connection went away: stop, without a terminal event. */
  abort(): void {
    this.pacing.stop();
    this.done = true;
  }

  private progress(sent: number): Progress {
    return progressOf(this.plan.steps.slice(0, sent).flatMap((s) => (s.kind === 'write' ? [s.data] : [])));
  }

  private finish(outcome: Outcome, progress: Progress): Ended {
    this.done = true;
    this.record.outcome = outcome;
    this.record.steered = outcome === 'incomplete';
    const stored =
      outcome === 'completed'
        ? completedConversation(this.plan)
        : [...this.plan.conversation, ...outputToMessages(shownItems(progress))];
    const ended = { outcome, progress, stored };
    this.onEnd(ended);
    return ended;
  }
}
