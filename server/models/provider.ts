// A lane's model provider: the API it speaks (chat completions, or the Responses API) over the
// transport it uses (HTTP SSE, or the Responses API's WebSocket mode), behind one interface: a
// streaming call that yields typed, time-stamped events, a non-streaming call for small jobs, and
// prewarm() so the first real request pays no handshake. Options a transport cannot use are
// ignored: a chain (`previous_response_id`) and steering need the WebSocket mode; a prediction
// needs chat completions (`config.ts` refuses settings that ask for a combination that cannot be).
import type { ModelInfo } from '../../lib/protocol/fast';
import { ChatStreamParser } from './chatStream';
import { describeLane, publicModelInfo, type LaneConfig } from './config';
import { describeThrown, type CallOutcomes } from './callClock';
import { localError } from './errors';
import { createHttpTransport, type PrewarmResult } from './httpTransport';
import { responsesHttpBody } from './responses/requestBody';
import type { ResponseChain } from './responses/responseChain';
import { ResponsesSseParser } from './responses/responsesSse';
import { createSocketTransport } from './responses/socketTransport';
import type { SteerHandle } from './steering';
import type { ChatRequest, Completion, ModelStreamEvent, ToolCall } from './types';
import { parseCompletion, requestBody } from './wire';

export type { CallOutcomes, PrewarmResult };
export type CallOptions = {
  signal?: AbortSignal;
  /** Continue this conversation with `previous_response_id` where the transport keeps one. */
  chain?: ResponseChain;
  /** Bound while a steerable response is active (Responses over WebSocket). */
  steering?: SteerHandle;
};

export type ModelProvider = {
  readonly lane: LaneConfig;
  readonly info: ModelInfo;
  stream(request: ChatRequest, options?: CallOptions): AsyncGenerator<ModelStreamEvent, void, undefined>;
  complete(request: ChatRequest, options?: CallOptions): Promise<Completion>;
  prewarm(): Promise<PrewarmResult>;
  /** Request bytes sent to the provider so far (bodies or WebSocket frames). */
  bytesSent(): number;
  close(): Promise<void>;
};

/**
 * A simulated lane has no base URL of its own: pass the embedded simulated server's `baseUrl`.
 * `outcomes` hears how each call ended (a failure with its kind, or a whole answer).
 */
export function createProvider(lane: LaneConfig, simBaseUrl?: string, outcomes?: CallOutcomes): ModelProvider {
  const baseUrl = lane.simulated ? simBaseUrl : lane.baseUrl;
  if (!baseUrl) throw new Error(`the ${lane.lane} lane is simulated: start the simulated server and pass its baseUrl`);
  const who = describeLane(lane);
  const secrets = [lane.apiKey];
  const http = createHttpTransport(lane, baseUrl, who, outcomes);
  const socket = lane.transport === 'websocket' ? createSocketTransport(lane, baseUrl, who, outcomes) : null;
  const predict = (request: ChatRequest): ChatRequest =>
    lane.prediction && request.prediction !== undefined && !request.tools?.length
      ? request
      : { ...request, prediction: undefined };
  const withLane = (request: ChatRequest): ChatRequest =>
    lane.parallelToolCalls !== null && request.tools?.length
      ? { ...request, parallelToolCalls: lane.parallelToolCalls }
      : request;

  function stream(asked: ChatRequest, options: CallOptions = {}): AsyncGenerator<ModelStreamEvent, void, undefined> {
    const request = withLane(asked);
    if (socket) return socket.stream(request, options);
    const call = { signal: options.signal, headers: request.headers };
    if (lane.api === 'responses') {
      return http.stream('responses', responsesHttpBody(lane.model, request), new ResponsesSseParser(), call);
    }
    return http.stream(
      'chat/completions',
      requestBody(lane.model, predict(request), true),
      new ChatStreamParser(),
      call,
    );
  }

  async function complete(request: ChatRequest, options: CallOptions = {}): Promise<Completion> {
    const timeout = AbortSignal.timeout(lane.completeTimeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    try {
      if (lane.api === 'responses') return await collect(stream(request, { ...options, signal }));
      const timings: Completion['timings'] = { requestSent: performance.now() };
      const body = requestBody(lane.model, predict(withLane(request)), false);
      const json = await http.post('chat/completions', body, signal, request.headers);
      timings.firstByte = timings.lastToken = performance.now();
      const result = parseCompletion(json, timings);
      if (typeof result === 'string') throw localError(who, 'malformed', result, secrets);
      outcomes?.succeeded();
      return result;
    } catch (err) {
      const error =
        timeout.aborted && !options.signal?.aborted
          ? localError(who, 'ttft_timeout', `no complete answer within ${lane.completeTimeoutMs} ms`, secrets)
          : describeThrown(err, options.signal, who, secrets);
      // A Responses call's stream has reported its own outcome already.
      if (lane.api === 'chat') outcomes?.failed(error);
      throw error;
    }
  }

  return {
    lane,
    info: publicModelInfo(lane),
    stream,
    complete,
    prewarm: () => (socket ? socket.prewarm() : http.prewarm()),
    bytesSent: () => http.bytesSent() + (socket?.bytesSent() ?? 0),
    close: async () => {
      await Promise.all([http.close(), socket?.close()]);
    },
  };
}

/** A whole answer from a stream: the Responses API's non-streamed call is its stream, collected. */
async function collect(events: AsyncIterable<ModelStreamEvent>): Promise<Completion> {
  let text = '';
  const toolCalls: ToolCall[] = [];
  let result: Partial<Completion> = {};
  for await (const ev of events) {
    if (ev.type === 'text') text += ev.text;
    else if (ev.type === 'tool-call')
      toolCalls.push({ id: ev.id, type: 'function', function: { name: ev.name, arguments: ev.arguments } });
    else if (ev.type === 'usage') result.usage = ev.usage;
    else if (ev.type === 'finish') result = { ...result, finishReason: ev.reason, timings: ev.timings };
    else if (ev.type === 'error') throw ev.error;
  }
  const timings = result.timings ?? { requestSent: performance.now() };
  return { text, toolCalls, finishReason: result.finishReason ?? 'unknown', usage: result.usage ?? null, timings };
}
