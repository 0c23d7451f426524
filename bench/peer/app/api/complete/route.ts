// The peer's completion route, the common way: the browser's debounced fetch posts the text before
// and after the cursor, and this asks the model for the fill (`POST /v1/completions`, not streamed:
// a suggestion is shown whole) and answers it as JSON. The request's abort signal is passed on, so
// a fetch the browser aborts closes the upstream request too.

type Body = { prompt: string; suffix: string; model?: string };

const BASE_URL = process.env.PEER_MODEL_BASE_URL ?? 'http://127.0.0.1:1/v1';

export async function POST(req: Request): Promise<Response> {
  const { prompt, suffix, model } = (await req.json()) as Body;
  const upstream = await fetch(`${BASE_URL}/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      model: model ?? 'sim-fast',
      prompt,
      suffix,
      max_tokens: 64,
      temperature: 0,
      stop: ['\n\n'],
      stream: false,
    }),
    signal: req.signal,
  });
  if (!upstream.ok) return Response.json({ error: await upstream.text() }, { status: 502 });
  const answer = (await upstream.json()) as { choices?: { text?: string }[] };
  return Response.json({ text: answer.choices?.[0]?.text ?? '' });
}
