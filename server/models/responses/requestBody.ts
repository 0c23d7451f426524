// The Responses API's request body, built from the chat-shaped request the rest of the server
// speaks (pure). System messages become `instructions` (they are not carried over by
// `previous_response_id`, so they are sent on every turn); the rest become input items: messages,
// `function_call` for an assistant's tool calls and `function_call_output` for a tool's answer.
// Nothing is stored at the provider (`store: false`): a chain lives on the WebSocket connection.
import type { ChatMessage, ChatRequest, ToolDefinition } from '../types';

export type InputItem =
  | { type: 'message'; role: 'user' | 'assistant' | 'system'; content: string }
  | { type: 'function_call'; call_id: string; name: string; arguments: string }
  | { type: 'function_call_output'; call_id: string; output: string };

export function inputItems(messages: readonly ChatMessage[]): InputItem[] {
  const items: InputItem[] = [];
  for (const m of messages) {
    switch (m.role) {
      case 'system':
        break;
      case 'user':
        items.push({ type: 'message', role: 'user', content: m.content });
        break;
      case 'assistant':
        if (m.content) items.push({ type: 'message', role: 'assistant', content: m.content });
        for (const call of m.tool_calls ?? []) {
          items.push({
            type: 'function_call',
            call_id: call.id,
            name: call.function.name,
            arguments: call.function.arguments,
          });
        }
        break;
      case 'tool':
        items.push({ type: 'function_call_output', call_id: m.tool_call_id, output: m.content });
        break;
    }
  }
  return items;
}

function tools(definitions: readonly ToolDefinition[]) {
  return definitions.map((t) => ({
    type: 'function' as const,
    name: t.function.name,
    ...(t.function.description !== undefined ? { description: t.function.description } : {}),
    ...(t.function.parameters !== undefined ? { parameters: t.function.parameters } : {}),
  }));
}

export type ResponsesBodyOptions = {
  /** Continue this response: `newMessages` are then only what came after it. */
  previousResponseId: string | null;
  newMessages: readonly ChatMessage[];
};

/** The body's fields (no `stream`, no `type`): HTTP adds `stream: true`, WebSocket `type: "response.create"`. */
export function responsesFields(model: string, request: ChatRequest, options: ResponsesBodyOptions) {
  const instructions = request.messages
    .filter((m) => m.role === 'system')
    .map((m) => m.content)
    .join('\n\n');
  return {
    model,
    ...(instructions ? { instructions } : {}),
    input: inputItems(options.newMessages),
    ...(options.previousResponseId !== null ? { previous_response_id: options.previousResponseId } : {}),
    ...(request.tools && request.tools.length > 0 ? { tools: tools(request.tools) } : {}),
    ...(request.toolChoice ? { tool_choice: request.toolChoice } : {}),
    ...(request.parallelToolCalls !== undefined ? { parallel_tool_calls: request.parallelToolCalls } : {}),
    ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
    ...(request.maxTokens !== undefined ? { max_output_tokens: request.maxTokens } : {}),
    store: false,
  };
}

export function responsesHttpBody(model: string, request: ChatRequest): string {
  return JSON.stringify({
    ...responsesFields(model, request, { previousResponseId: null, newMessages: request.messages }),
    stream: true,
  });
}

/** The client event that steers the active response with a correction (WebSocket mode only). */
export function steerEvent(activeResponseId: string, input: string): string {
  return JSON.stringify({ type: 'response.steer', previous_response_id: activeResponseId, input });
}
