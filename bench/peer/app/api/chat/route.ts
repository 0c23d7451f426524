// The peer's route handler, as the AI SDK documents it: streamText over an OpenAI-compatible
// provider, returned as a UI message stream (one SSE JSON frame per token). The abort signal must
// be passed on, or a stop in the browser never reaches the model.
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { convertToModelMessages, streamText, type UIMessage } from 'ai';

const provider = createOpenAICompatible({
  name: 'sim',
  baseURL: process.env.PEER_MODEL_BASE_URL ?? 'http://127.0.0.1:1/v1',
  includeUsage: true,
});

type Body = { messages: UIMessage[]; system?: string; model?: string };

export async function POST(req: Request): Promise<Response> {
  const { messages, system, model } = (await req.json()) as Body;
  const result = streamText({
    model: provider.chatModel(model ?? 'sim-fast'),
    system,
    messages: await convertToModelMessages(messages),
    temperature: 0,
    maxOutputTokens: 8192,
    abortSignal: req.signal,
  });
  return result.toUIMessageStreamResponse();
}
