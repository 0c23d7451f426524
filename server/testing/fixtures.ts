// Test fixtures: a temp workspace with a few files, a temp data folder, and a Tandem server on a
// free port (in-process), plus Node clients that use the browser's own CollabDoc code.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { io } from 'socket.io-client';
import { CollabDoc } from '../../lib/client/collabDoc';
import { followClientId } from '../../lib/client/clientId';
import type { ClientSocket } from '../../lib/client/socket';
import { toBytes, type Ack } from '../../lib/protocol';
import { createTandem, type Tandem } from '../app';
import type { TandemConfig } from '../config';
import { loadModelsConfig } from '../models/config';
import type { SimProfiles } from '../models/lanes';
import { DEFAULT_RUN_SETTINGS, type RunSettings } from '../agents/settings';

export const TEST_TOKEN = 'test-token-0123456789';

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `tandem-${prefix}-`));
}

export function makeWorkspace(files: Record<string, string> = {}): string {
  const dir = tempDir('ws');
  const all = {
    'src/app.ts': 'export function add(a: number, b: number) {\n  return a + b;\n}\n',
    'README.md': '# test\n',
    ...files,
  };
  for (const [rel, content] of Object.entries(all)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  }
  return dir;
}

export function testConfig(overrides: Partial<TandemConfig> = {}): TandemConfig & { workspace: string } {
  return {
    port: 0,
    host: '127.0.0.1',
    dataDir: tempDir('data'),
    workspace: makeWorkspace(),
    token: TEST_TOKEN,
    tokenFromEnv: true,
    dev: false,
    headless: true,
    autosaveMs: 0,
    publicUrl: null,
    metricsToken: null,
    redisUrl: null,
    nodeId: 'test',
    durableWaitMs: 10_000,
    fastReconnectGraceMs: 30_000,
    ...overrides,
  } as TandemConfig & { workspace: string };
}

export async function startTestServer(
  overrides: Partial<TandemConfig> = {},
  simProfiles: SimProfiles = {},
  extra: { runs?: Partial<RunSettings> } = {},
): Promise<Tandem & { config: TandemConfig & { workspace: string } }> {
  const config = testConfig(overrides);
  const models = loadModelsConfig({}, config.workspace);
  const tandem = await createTandem(config, {
    models,
    simProfiles,
    log: () => undefined,
    runs: { ...DEFAULT_RUN_SETTINGS, ...extra.runs },
  });
  return Object.assign(tandem, { config });
}

export async function connectClient(
  url: string,
  opts: {
    token?: string;
    name?: string;
    /** The browser tab's key (lib/client/socket.ts): the same key is the same person across connections. */
    clientKey?: string;
    beforeConnect?: (socket: ClientSocket) => void;
  } = {},
): Promise<ClientSocket> {
  const socket: ClientSocket = io(url, {
    transports: ['websocket'],
    auth: {
      token: opts.token ?? TEST_TOKEN,
      name: opts.name ?? 'tester',
      ...(opts.clientKey ? { client: opts.clientKey } : {}),
    },
    reconnection: false,
    forceNew: true,
    autoConnect: false,
  });
  followClientId(socket);
  opts.beforeConnect?.(socket);
  socket.connect();
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

/** Opens a shared document the way the browser does, over a real socket. */
export async function openDoc(socket: ClientSocket, path: string, opts: { create?: boolean } = {}): Promise<CollabDoc> {
  const doc = new CollabDoc(
    path,
    socket,
    (m) => {
      throw new Error(m);
    },
    opts.create,
  );
  socket.on('doc/sync', ({ path: p, data }) => {
    if (p === path) doc.receive(toBytes(data));
  });
  await doc.sync();
  return doc;
}

/** Emits any payload, well-formed or not, and resolves with the server's raw acknowledgement. */
export function rawEmit(socket: ClientSocket, event: string, payload: unknown): Promise<Ack> {
  return new Promise((resolve) => (socket.emit as unknown as (...a: unknown[]) => void)(event, payload, resolve));
}

export async function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 5000,
  what = 'condition',
): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Waits until every update this client sent has been acknowledged (i.e. is durable). */
export function settled(doc: CollabDoc): Promise<void> {
  return waitFor(() => doc.pending === 0, 5000, 'acknowledgements');
}
