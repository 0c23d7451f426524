// Shared parts of the autocomplete integration tests: a real Tandem on a free port with one source
// file, people connected over real Socket.IO who type into the shared document and ask for
// completions, the simulator's records of upstream requests, and a tiny completion server that is
// not the simulator.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { CollabDoc } from '../../lib/client/collabDoc';
import { request, type ClientSocket } from '../../lib/client/socket';
import type { CompleteReply, CompleteSuggestion } from '../../lib/protocol';
import { createTandem, type Tandem } from '../app';
import type { TandemConfig } from '../config';
import { loadModelsConfig } from '../models/config';
import type { SimProfiles } from '../models/lanes';
import { connectClient, openDoc, testConfig } from '../testing/fixtures';

export const SOURCE =
  'export function computeTotal(items: number[]) {\n  return items.reduce((a, b) => a + b, 0);\n}\n' +
  'console.log(computeTotal(prices));\n';
export const FILE = 'src/sum.ts';
/** What the model reads before the file's text (context.ts promptHeader): no imports, no other file open. */
export const HEADER = '// Path: src/sum.ts (typescript)\n';

const closers: (() => Promise<void> | void)[] = [];
/** Closes what the helpers started (servers, sockets), last first: each test file's afterEach. */
export async function closeAll(): Promise<void> {
  for (const close of closers.splice(0).reverse()) await close();
}

export async function start(
  env: Record<string, string> = {},
  simProfiles: SimProfiles = {},
  overrides: Partial<TandemConfig> = {},
): Promise<Tandem> {
  const config = testConfig(overrides);
  fs.writeFileSync(path.join(config.workspace, FILE), SOURCE);
  const tandem = await createTandem(config, {
    models: loadModelsConfig(env, config.workspace),
    simProfiles,
    log: () => undefined,
  });
  closers.push(() => tandem.close());
  return tandem;
}

export async function person(tandem: Tandem, name: string): Promise<{ socket: ClientSocket; doc: CollabDoc }> {
  const socket = await connectClient(tandem.url, { name });
  closers.push(() => void socket.disconnect());
  return { socket, doc: await openDoc(socket, FILE) };
}

/** Types `typed` at the end of the document and returns the cursor after it (1-based). */
export function typeAtEnd(doc: CollabDoc, typed: string): { line: number; column: number; linePrefix: string } {
  doc.text.insert(doc.text.length, typed);
  const lines = doc.text.toString().split('\n');
  const last = lines[lines.length - 1]!;
  return { line: lines.length, column: last.length + 1, linePrefix: last };
}

let ids = 0;
export const nextId = () => `cmpl-test-${String(++ids).padStart(4, '0')}`;

export function ask(
  socket: ClientSocket,
  at: ReturnType<typeof typeAtEnd>,
  requestId = nextId(),
): Promise<CompleteReply> {
  return request(socket, 'complete/request', { requestId, path: FILE, ...at });
}

export function suggestionOf(reply: CompleteReply): CompleteSuggestion {
  if (reply.suggestion === null) throw new Error(`no suggestion: ${reply.skipped}`);
  return reply.suggestion;
}

export const fimRequests = (t: Tandem, api = '/v1/completions') => t.models.sim!.requests.filter((r) => r.path === api);

/** The whole answers of the tiny server to a request with `n`: a repeated one, to be deduped. */
const TINY_CHOICES = { fim: ['Total(prices);', 'Total(prices);', 'Total'], chat: ['teTotal(prices);', 'teTotal'] };

/** Whole choices of `texts` as /v1/completions (fim) or chat completions answers them. */
function wholeChoices(texts: string[], fim: boolean) {
  return texts.map((t, index) =>
    fim ? { index, text: t, finish_reason: 'stop' } : { index, message: { content: t }, finish_reason: 'stop' },
  );
}

/**
 * A plain completion server (not the simulator): fixed fills on the routes it is given; asked with
 * `n`, a few fixed choices — or one, like a server that ignores `n`.
 */
export async function tinyServer(routes: { fim: boolean; chat: boolean; ignoresN?: boolean }) {
  const seen: { path: string; body: Record<string, unknown> }[] = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      const body = JSON.parse(raw || '{}') as Record<string, unknown>;
      seen.push({ path: req.url ?? '', body });
      const fim = req.url === '/v1/completions' && routes.fim;
      const chat = req.url === '/v1/chat/completions' && routes.chat;
      if (!fim && !chat) {
        res.writeHead(404, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ error: { message: 'no such route', type: 'invalid_request_error' } }));
      }
      if (body.stream !== true) {
        res.writeHead(200, { 'content-type': 'application/json' });
        const texts = typeof body.n !== 'number' ? ['x'] : TINY_CHOICES[fim ? 'fim' : 'chat'];
        return res.end(JSON.stringify({ choices: wholeChoices(routes.ignoresN ? texts.slice(0, 1) : texts, fim) }));
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const pieces = fim ? ['Total', '(prices);'] : ['```ts\nteTotal', '(prices);\n```'];
      for (const p of pieces) {
        const choice = fim ? { index: 0, text: p } : { index: 0, delta: { content: p } };
        res.write(`data: ${JSON.stringify({ choices: [choice] })}\n\n`);
      }
      const end = fim ? { index: 0, text: '', finish_reason: 'stop' } : { index: 0, delta: {}, finish_reason: 'stop' };
      res.end(`data: ${JSON.stringify({ choices: [end] })}\n\ndata: [DONE]\n\n`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return { url, seen };
}
