// `POST /v1/chat/completions` on the simulated server, once the body is read and the fault chosen:
// validate, answer (streamed or whole), pace, model Predicted Outputs (accepted tokens come
// faster) and the prefill of the prompt. Also what every HTTP route shares: the parsed call and
// the 404 for a model the simulator does not serve.
import type http from 'node:http';
import type { Fault } from './faults';
import { dueTimes, firstTokenMs, pace } from './pacer';
import { matchPrediction } from './prediction';
import type { SimContext, SimRequestRecord } from './records';
import { respond } from './respond';
import type { ModelProfile } from './settings';
import { parseBodyOr400, sendError, sendFault } from './simErrors';
import { simRequestSchema, toSimRequest } from './simRequest';
import { completionBody, hash32, streamSteps, withFault, type WireContext } from './simWire';
import { chatSseSink } from './sinks';

export type HttpCall = {
  req: http.IncomingMessage;
  res: http.ServerResponse;
  record: SimRequestRecord;
  raw: string;
  json: object;
  /** The model name without a fault suffix. */
  model: string;
  fault: Fault | null;
  setStop(stop: () => void): void;
};

const INJECTED_ERROR_FIELDS = {
  message: 'The simulated model hit an injected error while generating.',
  type: 'server_error',
  code: 'internal_error',
};

/** The model's profile, or null after answering 404. */
export function profileFor(ctx: SimContext, call: HttpCall): ModelProfile | null {
  const profile = ctx.profiles[call.model];
  if (profile !== undefined) return profile;
  const served = Object.keys(ctx.profiles).join(', ');
  const message = `The model \`${call.model}\` does not exist. The simulator serves: ${served}.`;
  sendError(call.res, call.record, 404, { message, type: 'invalid_request_error', code: 'model_not_found' });
  return null;
}

export function answerChat(ctx: SimContext, call: HttpCall): void {
  const { req, res, record, fault } = call;
  const parsed = parseBodyOr400(simRequestSchema, { ...call.json, model: call.model }, res, record);
  if (parsed === null) return;
  const profile = profileFor(ctx, call);
  if (profile === null) return;
  const request = toSimRequest(parsed);
  if (request.prediction !== null && (parsed.tools?.length ?? 0) > 0) {
    const message =
      'Invalid request: prediction cannot be used with tools (Predicted Outputs do not support function calling).';
    return sendError(res, record, 400, {
      message,
      type: 'invalid_request_error',
      code: 'invalid_request',
      param: 'prediction',
    });
  }
  if (fault !== null && sendFault(res, record, fault, req.headers.authorization ?? '')) return;

  const reply = respond(request);
  const prediction =
    request.prediction !== null && reply.kind === 'text' ? matchPrediction(reply.text, request.prediction) : null;
  record.prediction = prediction && {
    acceptedTokens: prediction.acceptedTokens,
    rejectedTokens: prediction.rejectedTokens,
  };
  record.prefillTokens = reply.promptTokens;
  const seed = hash32(call.raw);
  const wire: WireContext = {
    id: `chatcmpl-sim-${seed.toString(16).padStart(8, '0')}`,
    model: call.model,
    created: Math.floor(Date.now() / 1000),
    chunkTokens: profile.chunkTokens,
    includeUsage: request.includeUsage,
    prediction,
  };
  let steps = streamSteps(reply, wire);
  if (fault !== null) steps = withFault(steps, fault, wire);
  const due = dueTimes(steps, profile, seed, firstTokenMs(profile, reply.promptTokens));
  record.status = 200;
  if (!request.stream) {
    const timer = setTimeout(() => answerWhole(call, completionBody(reply, wire)), due[due.length - 1]);
    return call.setStop(() => clearTimeout(timer));
  }
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
  res.flushHeaders();
  const pacing = pace(chatSseSink(req, res), steps, due, record.arrivedAt, (c) => ctx.recorder.chunk(record, c));
  call.setStop(pacing.stop);
}

/** A non-streaming answer, or the non-streaming form of a mid-stream fault. */
export function answerWhole(call: HttpCall, body: string): void {
  const { req, res, record, fault } = call;
  switch (fault?.kind) {
    case 'stall':
      return; // never answer; the client's timeout or abort closes the socket
    case 'reset':
    case 'drop':
      req.socket.resetAndDestroy();
      return;
    case 'malformed':
      res.writeHead(200, { 'content-type': 'application/json' }).end(body.slice(0, Math.floor(body.length / 2)));
      return;
    case 'error':
      return sendError(res, record, 500, INJECTED_ERROR_FIELDS);
    default:
      res.writeHead(200, { 'content-type': 'application/json' }).end(body);
  }
}
