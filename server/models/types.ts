// The shapes of the OpenAI-compatible chat wire that the rest of the server speaks to models with.
// Kept provider-neutral: every supported backend (OpenAI, Cerebras, vLLM, llama.cpp, Ollama, the
// simulated server) accepts these requests; their responses are normalised into `ModelStreamEvent`.
import type { ModelError } from './errors';

export type ToolCall = {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
};

export type ChatMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string }
  | { role: 'assistant'; content: string | null; tool_calls?: ToolCall[] }
  | { role: 'tool'; tool_call_id: string; content: string };

export type ToolDefinition = {
  type: 'function';
  function: { name: string; description?: string; parameters?: Record<string, unknown> };
};

export type ChatRequest = {
  messages: ChatMessage[];
  tools?: ToolDefinition[];
  toolChoice?: 'auto' | 'none' | 'required';
  /** False: at most one tool call per answer (`parallel_tool_calls`); absent: the provider's default. */
  parallelToolCalls?: boolean;
  temperature?: number;
  maxTokens?: number;
  stop?: string[];
  /**
   * Predicted Outputs: text the answer will mostly repeat (the selection a rewrite replaces), sent
   * as `prediction: {type: "content"}` on chat completions when the lane has predictions on.
   */
  prediction?: string;
  /** Extra headers for this request only (e.g. `x-sim-fault` against the simulated server). */
  headers?: Record<string, string>;
};

export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'unknown' | (string & {});

export type Usage = {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  /** Prompt tokens the provider reported as served from its cache (or held on the connection). */
  cachedTokens?: number;
  /** Predicted Outputs: answer tokens taken from the prediction, and prediction tokens not used. */
  acceptedPredictionTokens?: number;
  rejectedPredictionTokens?: number;
};

/** performance.now() stamps of one request; later ones are undefined until they happen. */
export type StreamTimings = {
  requestSent: number;
  responseHeaders?: number;
  firstByte?: number;
  firstToken?: number;
  lastToken?: number;
};

/** What the pure stream parser finds in the bytes (no clock, no I/O). */
export type ParsedStreamEvent =
  | { type: 'text'; text: string }
  | { type: 'tool-call-delta'; index: number; id: string; name: string; argumentsDelta: string }
  | { type: 'tool-call'; index: number; id: string; name: string; arguments: string }
  | { type: 'usage'; usage: Usage }
  | { type: 'finish'; reason: FinishReason }
  /** Responses API: a response began (the first of a call, or a steered response's successor). */
  | { type: 'response-created'; id: string; previousResponseId: string | null }
  /** Responses API: the active response ended early because a steer is being committed. */
  | { type: 'steered'; id: string }
  /** Responses API, WebSocket: what became of a `response.steer`. */
  | { type: 'steer'; status: 'accepted' | 'pending' | 'failed'; message: string | null }
  | { type: 'stream-error'; message: string; code: string | null; errorType: string | null; status: number | null }
  | { type: 'malformed'; detail: string }
  | { type: 'truncated' };

type Stamp = { at: number; timings: StreamTimings };

/** What `ModelProvider.stream` yields: parser events stamped with times, plus typed errors. */
export type ModelStreamEvent =
  | (Extract<ParsedStreamEvent, { type: 'text' | 'tool-call-delta' | 'tool-call' | 'usage' | 'finish' | 'steer' }> &
      Stamp)
  /** A steer was committed: the successor response has begun; text from here on answers the correction. */
  | ({ type: 'successor'; id: string } & Stamp)
  | ({ type: 'error'; error: ModelError } & Stamp);

export type Completion = {
  text: string;
  toolCalls: ToolCall[];
  finishReason: FinishReason;
  usage: Usage | null;
  timings: StreamTimings;
};
