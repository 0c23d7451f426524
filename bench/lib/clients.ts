// Why: the Node-side view of one turn, the same shape for both apps — when it was submitted, how
// much answer the client held and when, and a stop — so every Node benchmark treats Tandem
// (socket.io-client, as the browser) and the peer (fetch + the UI message stream) alike.
import type { CollabDoc } from '../../lib/client/collabDoc';
import { newRequestId } from '../../lib/client/requestId';
import { request, type ClientSocket } from '../../lib/client/socket';
import type { FastDelta, FastStateEvent } from '../../lib/protocol';
import { connectClient, openDoc } from '../../server/testing/fixtures';
import type { Receipt } from './tokenLag';
import { MODEL } from './sim';
import type { PeerPrompt } from './workload';

export type ClientTurn = {
  submitAt: number;
  receipts: Receipt[];
  text(): string;
  /** When the first piece of answer arrived. */
  firstToken: Promise<number>;
  /** The answer is complete (rejects if the stream failed). */
  finished: Promise<void>;
  /** Stops the stream as a person would; resolves with the moment the stop was issued. */
  stop(): Promise<number>;
};

/** A Tandem turn also has to be resolved (here: rejected) to end the session's ghost. */
export type TandemTurn = ClientTurn & { reject(): Promise<void> };

type Deferred<T> = { promise: Promise<T>; resolve(v: T): void; reject(e: Error): void };
function deferred<T>(): Deferred<T> {
  let resolve!: (v: T) => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

type Tracked = { text: string; receipts: Receipt[]; first: Deferred<number>; finished: Deferred<void> };

/** One person in Tandem over Socket.IO, with the documents it asks edits on open. */
export class TandemClient {
  private readonly tracked = new Map<string, Tracked>();
  private readonly docs: CollabDoc[] = [];

  private constructor(readonly socket: ClientSocket) {
    socket.on('fast/delta', (d: FastDelta) => {
      const t = this.track(d.requestId);
      t.text = t.text.slice(0, d.from) + d.text;
      const at = performance.now();
      t.receipts.push({ at, length: t.text.length });
      if (d.text) t.first.resolve(at);
    });
    socket.on('fast/state', (e: FastStateEvent) => {
      const t = this.track(e.requestId);
      if (e.state === 'done' || e.state === 'interrupted') t.finished.resolve();
      else if (e.state === 'error') t.finished.reject(new Error(`Tandem's turn failed: ${e.message}`));
    });
  }

  static async connect(url: string, token: string, name: string): Promise<TandemClient> {
    return new TandemClient(await connectClient(url, { token, name }));
  }

  async open(path: string): Promise<CollabDoc> {
    const doc = await openDoc(this.socket, path);
    this.docs.push(doc);
    return doc;
  }

  private track(requestId: string): Tracked {
    let t = this.tracked.get(requestId);
    if (!t) {
      t = { text: '', receipts: [], first: deferred(), finished: deferred() };
      this.tracked.set(requestId, t);
    }
    return t;
  }

  /**
   * Asks for an edit as the browser does on Enter: one `instruction/submit` that the server routes
   * and starts. `hops: 2` asks the way Enter did before it (route/preview, then fast/start), for
   * the comparison in the first-token benchmark.
   */
  async start(
    path: string,
    range: { startLine: number; endLine: number },
    instruction: string,
    hops: 1 | 2 = 1,
  ): Promise<TandemTurn> {
    const submitAt = performance.now();
    const requestId = newRequestId();
    if (hops === 1) {
      // The fast lane chosen as a person does on the badge: some benchmark ranges are longer than the
      // router's fast-lane limit.
      await request(this.socket, 'instruction/submit', { requestId, path, range, instruction, lane: 'fast' });
    } else {
      const { decision } = await request(this.socket, 'route/preview', { instruction, path, selection: range });
      await request(this.socket, 'fast/start', {
        requestId,
        path,
        range,
        instruction: decision.instruction,
        reason: decision.reason,
      });
    }
    const t = this.track(requestId);
    return {
      submitAt,
      receipts: t.receipts,
      text: () => t.text,
      firstToken: t.first.promise,
      finished: t.finished.promise,
      stop: async () => {
        const at = performance.now();
        await request(this.socket, 'fast/interrupt', { requestId });
        return at;
      },
      reject: async () => {
        await request(this.socket, 'fast/resolve', { requestId, outcome: 'rejected' });
        this.tracked.delete(requestId);
      },
    };
  }

  close(): void {
    for (const d of this.docs) d.dispose();
    this.socket.close();
  }
}

/** A turn read from an SSE response: `deltaOf` picks the answer text out of each `data:` JSON event. */
function sseTurn(
  send: (signal: AbortSignal) => Promise<Response>,
  deltaOf: (event: Record<string, unknown>) => string | undefined,
): ClientTurn {
  const abort = new AbortController();
  const first = deferred<number>();
  const receipts: Receipt[] = [];
  let text = '';
  const submitAt = performance.now();
  const read = async () => {
    const res = await send(abort.signal);
    if (!res.ok || !res.body) throw new Error(`HTTP ${res.status} from ${res.url}`);
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      const at = performance.now();
      buffer += decoder.decode(chunk, { stream: true });
      for (let i = buffer.indexOf('\n\n'); i >= 0; i = buffer.indexOf('\n\n')) {
        const event = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        if (!event.startsWith('data: {')) continue;
        const delta = deltaOf(JSON.parse(event.slice(6)) as Record<string, unknown>);
        if (delta) {
          text += delta;
          receipts.push({ at, length: text.length });
          first.resolve(at);
        }
      }
    }
  };
  const finished = read().catch((err: Error) => {
    if (!abort.signal.aborted) throw err;
  });
  finished.catch((err: Error) => first.reject(err));
  return {
    submitAt,
    receipts,
    text: () => text,
    firstToken: first.promise,
    finished,
    stop: async () => {
      const at = performance.now();
      abort.abort();
      return at;
    },
  };
}

/** One chat turn against the peer's route, read as useChat reads it (gzip accepted, as browsers do). */
export function peerTurn(url: string, prompt: PeerPrompt, opts: { gzip?: boolean } = {}): ClientTurn {
  const body = {
    id: 'bench',
    trigger: 'submit-message',
    messages: [
      { id: 'context', role: 'user', parts: [{ type: 'text', text: prompt.context }] },
      { id: 'request', role: 'user', parts: [{ type: 'text', text: prompt.text }] },
    ],
    system: prompt.system,
    model: MODEL,
  };
  return sseTurn(
    (signal) =>
      fetch(`${url}/api/chat`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'accept-encoding': opts.gzip === false ? 'identity' : 'gzip, deflate, br, zstd',
        },
        body: JSON.stringify(body),
        signal,
      }),
    (part) => {
      if (part.type === 'error') throw new Error(`the peer's stream failed: ${String(part.errorText)}`);
      return part.type === 'text-delta' ? (part.delta as string) : undefined;
    },
  );
}

/** The floor: a client reading the simulated model directly, with no app in between. */
export function directTurn(simBaseUrl: string, prompt: PeerPrompt): ClientTurn {
  const messages = [
    { role: 'system', content: prompt.system },
    { role: 'user', content: prompt.context },
    { role: 'user', content: prompt.text },
  ];
  return sseTurn(
    (signal) =>
      fetch(`${simBaseUrl}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: MODEL, messages, stream: true, temperature: 0 }),
        signal,
      }),
    (chunk) => (chunk.choices as { delta?: { content?: string } }[] | undefined)?.[0]?.delta?.content,
  );
}
