// What the simulated server accepts as a chat completion request, validated with zod (off the hot
// path), flattened into the few fields its scripted model looks at.
import { z } from 'zod';
import { predictionText } from './prediction';

const contentSchema = z.union([
  z.string(),
  z.array(z.looseObject({ type: z.string(), text: z.string().optional() })),
  z.null(),
]);

const messageSchema = z.looseObject({
  role: z.enum(['system', 'developer', 'user', 'assistant', 'tool']),
  content: contentSchema.optional(),
  tool_calls: z
    .array(z.looseObject({ id: z.string(), function: z.looseObject({ name: z.string(), arguments: z.string() }) }))
    .nullish(),
  tool_call_id: z.string().optional(),
});

export const simRequestSchema = z.looseObject({
  model: z.string().min(1),
  messages: z.array(messageSchema).min(1),
  stream: z.boolean().optional(),
  n: z.number().int().min(1).max(8).nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullish(),
  tools: z.array(z.looseObject({ type: z.string(), function: z.looseObject({ name: z.string() }) })).optional(),
  parallel_tool_calls: z.boolean().nullish(),
  prediction: z
    .looseObject({
      type: z.literal('content'),
      content: z.union([z.string(), z.array(z.looseObject({ type: z.string(), text: z.string().optional() }))]),
    })
    .nullish(),
});

export type SimToolCall = { id: string; name: string; arguments: string };
export type SimMessage = { role: string; content: string; toolCalls: SimToolCall[]; toolCallId: string | null };
export type SimRequest = {
  model: string;
  stream: boolean;
  includeUsage: boolean;
  messages: SimMessage[];
  toolNames: string[];
  /** `parallel_tool_calls` (absent: true): false allows at most one tool call per answer. */
  parallelToolCalls: boolean;
  /** The text of a Predicted Output (`prediction`), if the request sent one. */
  prediction: string | null;
  /** Choices asked for (`n`); absent: 1. */
  n?: number;
};

export function toSimRequest(body: z.infer<typeof simRequestSchema>): SimRequest {
  return {
    model: body.model,
    stream: body.stream === true,
    includeUsage: body.stream_options?.include_usage === true,
    toolNames: (body.tools ?? []).map((t) => t.function.name),
    parallelToolCalls: body.parallel_tool_calls !== false,
    prediction: body.prediction ? predictionText(body.prediction.content) : null,
    n: body.n ?? 1,
    messages: body.messages.map((m) => ({
      role: m.role === 'developer' ? 'system' : m.role,
      content: typeof m.content === 'string' ? m.content : (m.content ?? []).map((p) => p.text ?? '').join(''),
      toolCalls: (m.tool_calls ?? []).map((c) => ({
        id: c.id,
        name: c.function.name,
        arguments: c.function.arguments,
      })),
      toolCallId: m.tool_call_id ?? null,
    })),
  };
}
