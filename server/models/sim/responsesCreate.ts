// A Responses API `response.create` (HTTP body or WebSocket frame) checked and planned the same way
// on both transports: unknown parameters, the body, the model, the previous response — then the
// plan; and the plan of a steered response's successor, which inherits what it replaces.
import type { Fault } from './faults';
import type { SimContext } from './records';
import { planResponse, responseIdFor, type Ended, type Plan } from './responseRun';
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
import type { ModelProfile } from './settings';
import type { SimMessage } from './simRequest';
import { hash32 } from './simWire';

/** What a steer's successor inherits from the response it replaces. */
export type CreateMeta = {
  model: string;
  profile: ModelProfile;
  instructions: SimMessage[];
  toolNames: string[];
  /** `parallel_tool_calls` (absent: true); a steer's successor keeps it. */
  parallelToolCalls: boolean;
  store: boolean;
  fault: Fault | null;
};

export type CreateArgs = {
  /** The request's fields (model and fault suffix already split off into `model` and `fault`). */
  fields: object;
  model: string;
  fault: Fault | null;
  /** The request's text: its id and jitter derive from it. */
  text: string;
  /** The conversation of a previous response, if this transport holds it. */
  lookup(id: string): SimMessage[] | undefined;
  /** The transport already holds the previous conversation: only new input is prefilled. */
  historyCached: boolean;
};

export function prepareCreate(ctx: SimContext, a: CreateArgs): { plan: Plan; meta: CreateMeta } | RequestError {
  const unknown = unknownParameter(a.fields);
  if (unknown !== null) return unknown;
  const parsed = responsesBodySchema.safeParse({ ...a.fields, model: a.model });
  if (!parsed.success) return invalidBody(parsed.error.issues[0]!);
  const body = parsed.data;
  const profile = ctx.profiles[a.model];
  if (profile === undefined) {
    const served = Object.keys(ctx.profiles).join(', ');
    const message = `The model \`${a.model}\` does not exist. The simulator serves: ${served}.`;
    return { status: 404, type: 'invalid_request_error', code: 'model_not_found', param: 'model', message };
  }
  const previous = body.previous_response_id ?? null;
  const history = previous === null ? [] : a.lookup(previous);
  if (history === undefined) return notFound(previous!);
  const instructions = instructionsOf(body);
  const input = itemsToMessages(body.input);
  const meta = {
    model: a.model,
    profile,
    instructions,
    toolNames: toolNamesOf(body),
    parallelToolCalls: body.parallel_tool_calls !== false,
    store: body.store !== false,
    fault: a.fault,
  };
  const plan = planResponse({
    ...meta,
    id: responseIdFor(a.text),
    seed: hash32(a.text),
    previousResponseId: previous,
    history,
    input,
    uncached: a.historyCached ? [...instructions, ...input] : [...instructions, ...history, ...input],
    continuing: false,
  });
  return { plan, meta };
}

/** The id of a steer, from the steered response and the steer's input. */
export function steerKey(responseId: string, input: unknown): string {
  return `${responseId}${JSON.stringify(input)}`;
}

/** The successor of a steered response: its conversation so far plus the steer, prefilling only the steer. */
export function planSuccessor(meta: CreateMeta, steered: string, ended: Ended, steer: SimMessage[], key: string): Plan {
  return planResponse({
    ...meta,
    id: responseIdFor(key),
    seed: hash32(key),
    previousResponseId: steered,
    history: ended.stored,
    input: steer,
    uncached: steer,
    continuing: true,
    fault: null,
  });
}
