// `POST /v1/responses` on the simulated server: the Responses API over HTTP, streamed as SSE
// (`event:` + `data:` lines, numbered events, no [DONE]) or answered whole. `previous_response_id`
// is looked up in the server-wide store of responses created with `store` not false.
import { answerWhole, type HttpCall } from './chatHttp';
import type { SimContext } from './records';
import { completedConversation, notePlan, ResponseRun } from './responseRun';
import { prepareCreate } from './responsesCreate';
import type { RequestError } from './responsesRequest';
import { completedResponse } from './responsesWire';
import { sendError, sendFault } from './simErrors';
import { responsesSseSink } from './sinks';

function sendRequestError(call: HttpCall, e: RequestError): void {
  sendError(call.res, call.record, e.status, { message: e.message, type: e.type, code: e.code, param: e.param });
}

export function answerResponses(ctx: SimContext, call: HttpCall): void {
  const { req, res, record, fault } = call;
  record.api = 'responses';
  const prepared = prepareCreate(ctx, {
    fields: call.json,
    model: call.model,
    fault,
    text: call.raw,
    lookup: (id) => ctx.responses.get(id),
    historyCached: false,
  });
  if ('status' in prepared) return sendRequestError(call, prepared);
  if (fault !== null && sendFault(res, record, fault, req.headers.authorization ?? '')) return;
  const { plan, meta } = prepared;
  const { store } = meta;
  record.status = 200;
  if ((call.json as { stream?: unknown }).stream !== true) {
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
