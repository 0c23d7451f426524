// Questions and news between the nodes, over Socket.IO's server-side events (Redis pub/sub through
// the adapter). Socket.IO's own acknowledged server-side emit waits 5 s for a node that died; here
// a question waits only as long as its asker allows, and returns the answers that came in time.
import { randomUUID } from 'node:crypto';
import type { TandemIo } from '../gateway/gateway';
import type { AnswerMessage, AskMessage, News, NewsMessage, Questions } from './clusterEvents';

type Kind = keyof Questions;
type Answerer<K extends Kind> = (ask: Questions[K]['ask']) => Promise<Questions[K]['answer']> | Questions[K]['answer'];
type Pending = { answers: unknown[]; expected: number; enough?: (answer: unknown) => boolean; done: () => void };

export class ClusterTalk {
  private readonly pending = new Map<string, Pending>();
  private readonly answerers = new Map<string, (body: unknown) => unknown>();
  private readonly listeners = new Map<string, (body: unknown) => void>();
  private closed = false;

  constructor(
    private readonly io: TandemIo,
    readonly nodeId: string,
    private readonly log: (m: string) => void,
  ) {
    io.on('cluster:ask', (m) => void this.onAsk(m));
    io.on('cluster:answer', (m) => this.onAnswer(m));
    io.on('cluster:news', (m) => this.listeners.get(m.kind)?.(m.body));
  }

  /** How this node answers one kind of question. */
  answer<K extends Kind>(kind: K, fn: Answerer<K>): void {
    this.answerers.set(kind, (body) => fn(body as Questions[K]['ask']));
  }

  /** What this node does with one kind of news. */
  listen<K extends keyof News>(kind: K, fn: (news: News[K]) => void): void {
    this.listeners.set(kind, (body) => fn(body as News[K]));
  }

  tell<K extends keyof News>(kind: K, news: News[K]): void {
    if (this.closed) return;
    const m: NewsMessage = { from: this.nodeId, kind, body: news };
    this.io.serverSideEmit('cluster:news', m);
  }

  /** Asks one node; undefined when it did not answer within `timeoutMs`. */
  async ask<K extends Kind>(
    to: string,
    kind: K,
    ask: Questions[K]['ask'],
    timeoutMs: number,
  ): Promise<Questions[K]['answer'] | undefined> {
    const answers = await this.send(to, kind, ask, 1, timeoutMs);
    return answers[0];
  }

  /**
   * Asks every other node; the answers that came within `timeoutMs`, or as soon as one answer is
   * `enough` (a question only one node can answer need not wait for the others, or for a dead one).
   */
  async askAll<K extends Kind>(
    kind: K,
    ask: Questions[K]['ask'],
    timeoutMs: number,
    enough?: (answer: Questions[K]['answer']) => boolean,
  ): Promise<Questions[K]['answer'][]> {
    const others = this.closed ? 0 : (await this.io.of('/').adapter.serverCount()) - 1;
    return others > 0 ? this.send(null, kind, ask, others, timeoutMs, enough) : [];
  }

  private send<K extends Kind>(
    to: string | null,
    kind: K,
    body: Questions[K]['ask'],
    expected: number,
    timeoutMs: number,
    enough?: (answer: Questions[K]['answer']) => boolean,
  ): Promise<Questions[K]['answer'][]> {
    const id = randomUUID();
    return new Promise((resolve) => {
      const p: Pending = {
        answers: [],
        expected,
        enough: enough as ((answer: unknown) => boolean) | undefined,
        done: () => undefined,
      };
      const timer = setTimeout(() => p.done(), timeoutMs);
      p.done = () => {
        clearTimeout(timer);
        this.pending.delete(id);
        resolve(p.answers as Questions[K]['answer'][]);
      };
      this.pending.set(id, p);
      const m: AskMessage = { id, from: this.nodeId, to, kind, body };
      this.io.serverSideEmit('cluster:ask', m);
    });
  }

  private async onAsk(m: AskMessage): Promise<void> {
    if (m.to !== null && m.to !== this.nodeId) return;
    const answerer = this.answerers.get(m.kind);
    if (!answerer) return;
    let body: unknown;
    try {
      body = await answerer(m.body);
    } catch (err) {
      this.log(`answering ${m.kind} for node ${m.from} failed: ${(err as Error).message}`);
      return;
    }
    const reply: AnswerMessage = { id: m.id, from: this.nodeId, to: m.from, body };
    this.io.serverSideEmit('cluster:answer', reply);
  }

  private onAnswer(m: AnswerMessage): void {
    if (m.to !== this.nodeId) return;
    const p = this.pending.get(m.id);
    if (!p) return;
    p.answers.push(m.body);
    if (p.answers.length >= p.expected || p.enough?.(m.body)) p.done();
  }

  close(): void {
    this.closed = true;
    for (const p of this.pending.values()) p.done();
  }
}
