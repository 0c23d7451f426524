// `POST /v1/responses` on the simulated server: the Responses API over HTTP, streamed as SSE
// (`event:` + `data:` lines, numbered events, no [DONE]) or answered whole. `previous_response_id`
// is looked up in the server-wide store of responses created with `store` not false.
import { answerWhole, profileFor, type HttpCall } from './chatHttp';
import type { SimContext } from './records';
import { completedConversation, notePlan, planResponse, responseIdFor, ResponseRun } from './responseRun';
import {
  instructionsOf,
  invalidBody,
  itemsToMessages,
  notFound,
  responsesBodySchema,
  toolNamesOf,
  unknownParameter,
  type RequestError,
} from './responsesRequest';
import { completedResponse } from './responsesWire';
import { sendError, sendFault } from './simErrors';
import { hash32 } from './simWire';
import { responsesSseSink } from './sinks';

function sendRequestError(call: HttpCall, e: RequestError): void {
  sendError(call.res, call.record, e.status, { message: e.message, type: e.type, code: e.code, param: e.param });
}

export function answerResponses(ctx: SimContext, call: HttpCall): void {
  const { req, res, record, fault } = call;
  record.api = 'responses';
  const unknown = unknownParameter(call.json);
  if (unknown !== null) return sendRequestError(call, unknown);
  const parsed = responsesBodySchema.safeParse({ ...call.json, model: call.model });
  if (!parsed.success) return sendRequestError(call, invalidBody(parsed.error.issues[0]!));
  const body = parsed.data;
  const profile = profileFor(ctx, call);
  if (profile === null) return;
  const previous = body.previous_response_id ?? null;
  const history = previous === null ? [] : ctx.responses.get(previous);
  if (history === undefined) return sendRequestError(call, notFound(previous!));
  if (fault !== null && sendFault(res, record, fault, req.headers.authorization ?? '')) return;

  const instructions = instructionsOf(body);
  const input = itemsToMessages(body.input);
  const plan = planResponse({
    id: responseIdFor(call.raw),
    model: call.model,
    profile,
    seed: hash32(call.raw),
    previousResponseId: previous,
    instructions,
    history,
    input,
    toolNames: toolNamesOf(body),
    uncached: [...instructions, ...history, ...input],
    continuing: false,
    fault,
  });
  const store = body.store !== false;
  record.status = 200;
  if (body.stream !== true) {
    notePlan(record, plan);
    const timer = setTimeout(
      () => {
        if (fault === null || !('after' in fault)) {
          record.outcome = 'completed';
          if (store) ctx.responses.set(plan.ctx.id, completedConversation(plan));
        }
        answerWhole(call, JSON.stringify(completedResponse(plan.reply, plan.ctx)));
      },
      plan.due[plan.due.length - 1],
    );
    return call.setStop(() => clearTimeout(timer));
  }
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
  res.flushHeaders();
  const run = new ResponseRun(plan, record, responsesSseSink(req, res), ctx.recorder, (ended) => {
    if (store && ended.outcome !== 'failed') ctx.responses.set(plan.ctx.id, ended.stored);
  });
  call.setStop(() => run.abort());
}
