// Request bodies and non-streaming responses of the OpenAI chat completions API (pure).
// Non-streaming bodies are validated with zod; they are small and off the hot path.
import { z } from 'zod';
import type { ChatRequest, Completion, FinishReason, StreamTimings, ToolCall } from './types';

export function requestBody(model: string, request: ChatRequest, stream: boolean): string {
  return JSON.stringify({
    model,
    messages: request.messages,
    ...(request.tools && request.tools.length > 0 ? { tools: request.tools } : {}),
    ...(request.toolChoice ? { tool_choice: request.toolChoice } : {}),
    ...(request.parallelToolCalls !== undefined ? { parallel_tool_calls: request.parallelToolCalls } : {}),
    ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
    ...(request.maxTokens !== undefined ? { max_tokens: request.maxTokens } : {}),
    ...(request.stop && request.stop.length > 0 ? { stop: request.stop } : {}),
    ...(request.prediction !== undefined ? { prediction: { type: 'content', content: request.prediction } } : {}),
    stream,
    ...(stream ? { stream_options: { include_usage: true } } : {}),
  });
}

const completionSchema = z.object({
  choices: z
    .array(
      z.object({
        message: z.object({
          content: z.string().nullish(),
          tool_calls: z
            .array(
              z.object({
                id: z.string().nullish(),
                function: z.object({
                  name: z.string(),
                  arguments: z.union([z.string(), z.record(z.string(), z.unknown())]).nullish(),
                }),
              }),
            )
            .nullish(),
        }),
        finish_reason: z.string().nullish(),
      }),
    )
    .min(1),
  usage: z
    .object({
      prompt_tokens: z.number().nullish(),
      completion_tokens: z.number().nullish(),
      total_tokens: z.number().nullish(),
    })
    .nullish(),
});

/** Parses a non-streaming response body; returns an error string when it is not one. */
export function parseCompletion(json: unknown, timings: StreamTimings): Completion | string {
  const parsed = completionSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return `${issue.path.join('.') || 'body'}: ${issue.message}`;
  }
  const choice = parsed.data.choices[0]!;
  const toolCalls: ToolCall[] = (choice.message.tool_calls ?? []).map((c, i) => ({
    id: c.id ?? `call_${i}`,
    type: 'function',
    function: {
      name: c.function.name,
      arguments:
        typeof c.function.arguments === 'string' ? c.function.arguments : JSON.stringify(c.function.arguments ?? {}),
    },
  }));
  const u = parsed.data.usage;
  const promptTokens = u?.prompt_tokens ?? 0;
  const completionTokens = u?.completion_tokens ?? 0;
  return {
    text: choice.message.content ?? '',
    toolCalls,
    finishReason: (choice.finish_reason ?? 'unknown') as FinishReason,
    usage: u
      ? { promptTokens, completionTokens, totalTokens: u.total_tokens ?? promptTokens + completionTokens }
      : null,
    timings,
  };
}
