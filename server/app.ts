// Composes one Tandem process: the workspace, the store, the collaborative documents, presence,
// Socket.IO and (unless headless) the Next.js UI, all on one HTTP port. main.ts reads the
// settings and calls this; integration tests call it with a temp workspace and port 0.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import type { TandemConfig } from './config';
import { DEFAULT_GENERATION_DELETED } from './collab/docGeneration';
import { DocRegistry } from './collab/docRegistry';
import { Presence } from './collab/presence';
import { startFastLane } from './fastlane/startFastLane';
import type { FastControl } from './fastlane/fastControl';
import { ClusterView, localFigures } from './metrics/clusterView';
import { MetricsHub } from './metrics/metricsHub';
import { attachGateway, type TandemIo } from './gateway/gateway';
import { ConnectedClients } from './gateway/clientIdentity';
import { docEvents } from './gateway/docEvents';
import { guardEvents } from './gateway/handle';
import { serverLimits } from './gateway/rateLimit';
import { DEFAULT_LIMITS } from './limits/limits';
import { startBackgroundLane } from './agents/backgroundLane';
import type { RunService } from './agents/runService';
import type { RunSettings } from './agents/settings';
import { completeLaneOf, type ModelsConfig } from './models/config';
import { startCompleteLane } from './complete/completeLane';
import { startModelLanes, type ModelLanes } from './models/lanes';
import type { SimProfiles } from './models/lanes';
import { serveHttp, type NextHandlers } from './http/httpFront';
import { inviteEndpoints } from './http/inviteEndpoints';
import { inviteRoomName, People } from './auth/people';
import { oneFrame } from '../lib/protocol/bytes';
import { REVOKED_MESSAGE } from '../lib/protocol/people';
import { Classifier } from './router/classifier';
import { routeDecider } from './router/decideRoute';
import { LaneState } from './router/laneState';
import { BASIC_SECURITY_HEADERS } from './http/securityHeaders';
import { baseEndpoints, type Endpoint } from './http/endpoints';
import { meteredReviewer } from './review/reviewer';
import { localBroadcast } from './cluster/broadcast';
import { startCluster } from './cluster/cluster';
import { openDb } from './store/db';
import { WalCheckpoints } from './store/walCheckpoints';
import { openRecordStores } from './store/recordStores';
import { SqliteDocStore } from './store/docStore';
import { Workspace } from './workspace/workspace';
import { TreeWatch } from './workspace/treeWatch';
import { WorkspaceConfigFile } from './workspace/workspaceConfig';
import { closedWithin } from '../lib/within';

/** How long closing one part (Socket.IO, the runs, the cluster…) may take before the close goes on. */
const CLOSE_PART_MS = 10_000;

export type Tandem = {
  url: string;
  port: number;
  workspace: Workspace;
  io: TandemIo;
  models: ModelLanes;
  metrics: MetricsHub;
  runs: RunService;
  close(): Promise<void>;
};

export async function createTandem(
  config: TandemConfig & { workspace: string },
  opts: {
    models: ModelsConfig;
    simProfiles?: SimProfiles;
    next?: NextHandlers | null;
    log?: (m: string) => void;
    /** Background-run limits (main.ts reads them from TANDEM_RUN_*). */
    runs?: RunSettings;
  },
): Promise<Tandem> {
  const log = opts.log ?? ((m: string) => console.log(`[tandem] ${m}`));
  const workspace = new Workspace(config.workspace);
  // Cluster mode (REDIS_URL): documents and Socket.IO shared through Redis (docs/operations.md).
  const cluster = config.redisUrl
    ? await startCluster({ url: config.redisUrl, nodeId: config.nodeId, autosaveMs: config.autosaveMs, log })
    : null;
  const db = openDb(config.dataDir);
  const checkpoints = new WalCheckpoints(db, log);
  const store = cluster?.store ?? new SqliteDocStore(db);
  const httpServer = http.createServer();
  const io: TandemIo = new Server(httpServer, {
    transports: ['websocket'],
    maxHttpBufferSize: 10 * 1024 * 1024,
    destroyUpgrade: false,
    serveClient: false,
    ...(cluster ? { adapter: cluster.adapter } : {}),
  });
  io.engine.on('headers', (headers: Record<string, string>) => Object.assign(headers, BASIC_SECURITY_HEADERS));
  const node = cluster?.join(io) ?? null;
  // Invitations, usage and transcripts: shared through Redis in a cluster, else in SQLite here.
  const records = await openRecordStores({
    db,
    workspaceRoot: workspace.root,
    workspaceName: workspace.name,
    log,
    cluster:
      cluster && node && config.redisUrl
        ? {
            url: config.redisUrl,
            redis: cluster.redis,
            node,
            nodeId: config.nodeId,
            durableWaitMs: config.durableWaitMs,
          }
        : null,
  });
  const { transcripts } = records;
  const people = new People(config.token, records.invites);
  // To a room on every node, this node's sockets first (server/cluster/broadcast.ts).
  const broadcast = node?.broadcast ?? localBroadcast(io);

  const docs = new DocRegistry({
    store,
    workspace,
    autosaveMs: config.autosaveMs,
    log,
    cluster: node?.docs,
    // Not in cluster mode (docs/operations.md): every node would have to swap at the same point of the log.
    generations: node
      ? undefined
      : {
          deletedRuns: config.docGenerationDeleted ?? DEFAULT_GENERATION_DELETED,
          busy: (path) => fast.active(path).length > 0,
        },
    // However a file goes (a review, the tree), its ghosts stop with it.
    events: docEvents(io, broadcast, (path) => {
      fast.fileDeleted(path);
      node?.removed(path);
    }),
  });
  const presence = new Presence({
    clients: (data, except) =>
      (except ? io.local.except(except) : io.local).emit('awareness/update', { data: oneFrame(data) }),
    peers: node?.presencePeers,
  });
  const workspaceConfig = new WorkspaceConfigFile(workspace.root);
  const metrics = new MetricsHub(db, workspace.name, workspaceConfig, records.usage);
  // In a cluster every node's /metrics is scraped on its own: each series says which node measured it.
  if (config.redisUrl) metrics.registry.setDefaultLabels({ node: config.nodeId });
  // The router weighs what the lanes measure (the hub) and how their model calls end (the providers).
  const lanes = new LaneState(metrics);
  const models = await startModelLanes(opts.models, opts.simProfiles, (lane) => ({
    failed: (e) => lanes.failed(lane, e),
    succeeded: () => lanes.succeeded(lane),
  }));
  // The autocomplete lane: its own endpoint and model, or the fast lane's (server/complete/).
  const complete = startCompleteLane({
    lane: opts.models.complete ?? completeLaneOf(opts.models.fast),
    simBaseUrl: models.sim?.baseUrl,
    config: workspaceConfig,
    registry: metrics.registry,
    log,
  });
  const fastModel = models.fast;
  const strongModel = models.strong;
  // When the rules only guess, the fast model classifies the instruction (one tiny request, cached).
  const classifier = new Classifier((request, options) => fastModel.complete(request, options));
  const route = routeDecider({
    config: workspaceConfig,
    lanes: () => lanes.snapshot(),
    classify: (instruction, timeoutMs) => classifier.classify(instruction, timeoutMs),
    decided: (by, classifierMs) => metrics.routeDecided(by, classifierMs),
    // The open document's text (what the person sees, and no disk read on Enter), else the file.
    textOf: async (path) =>
      (await docs.openText(path)) ?? (await workspace.readText(path).catch(() => null))?.text ?? null,
  });
  const clients = new ConnectedClients();
  const fast = await startFastLane({
    provider: fastModel,
    transcripts,
    metrics,
    broadcast,
    connected: async (client) => clients.has(client) || ((await node?.clientElsewhere(client)) ?? false),
    reconnectGraceMs: config.fastReconnectGraceMs,
    log,
  });
  node?.serve({ docs, presence, fast, clients });
  const { runs, snapshots } = await startBackgroundLane({
    db,
    workspace,
    docs,
    provider: strongModel,
    transcripts,
    io,
    metrics,
    config,
    settings: opts.runs,
    log,
  });
  const tree = new TreeWatch(workspace.root, () => broadcast(null, 'workspace/changed', {}));
  const limitConnection = serverLimits(config.limits ?? DEFAULT_LIMITS);
  io.on('connection', (socket) => guardEvents(socket, limitConnection(socket)));
  attachGateway(io, {
    people,
    workspace,
    docs,
    presence,
    fast,
    reviewer: meteredReviewer(strongModel, metrics),
    runs,
    models: models.info,
    complete,
    route,
    log,
    clients,
    ...(node
      ? {
          remoteTurns: (path: string) => node.fastTurns(path),
          fastElsewhere: (client: string, control: FastControl) => node.fastControl(client, control),
          durableWaitMs: config.durableWaitMs,
        }
      : {}),
  });

  // Cluster mode: the dashboard shows every web node's figures, asked of each node.
  const clusterView =
    node &&
    new ClusterView(
      node.talk,
      () => localFigures(config.nodeId, io.of('/').sockets.values(), metrics, runs.runningHere()),
      () => runs.runningCount(),
    );
  let publicUrl = '';
  const endpoints: Record<string, Endpoint> = {
    ...baseEndpoints({
      workspaceName: workspace.name,
      startedAt: Date.now(),
      route,
      metrics,
      ...(clusterView ? { cluster: () => clusterView.summary() } : {}),
    }),
    ...(snapshots ? { 'GET /api/runs/snapshot': snapshots.endpoint } : {}),
    ...inviteEndpoints({
      people,
      baseUrl: () => publicUrl,
      // Told first, then disconnected, on every node (the adapter carries both to the invitation's room).
      revoked: (id) => {
        io.to(inviteRoomName(id)).emit('session/revoked', { message: REVOKED_MESSAGE });
        io.in(inviteRoomName(id)).disconnectSockets(true);
      },
    }),
  };
  serveHttp(httpServer, {
    endpoints,
    people,
    metricsToken: config.metricsToken,
    dev: config.dev,
    next: opts.next,
    log,
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const url = config.publicUrl ?? `http://${host}:${port}`;
  publicUrl = url;
  snapshots?.announce(url);

  return {
    url,
    port,
    workspace,
    io,
    models,
    metrics,
    runs,
    async close() {
      // Each part has a bound: one stuck on a connection (Redis back through a flaky network, a
      // client that never closes) must not keep the process from stopping.
      const bounded = (what: string, work: Promise<unknown> | undefined, ms = CLOSE_PART_MS) =>
        closedWithin(what, work, ms, log);
      tree.close();
      await bounded('Socket.IO', new Promise<void>((resolve) => void io.close(() => resolve())));
      fast.close();
      await bounded('the snapshot server', snapshots?.close());
      await bounded('the runs', runs.close());
      await bounded('the documents', docs.close(), 2 * CLOSE_PART_MS);
      await records.close(bounded);
      await bounded('the cluster', cluster?.close());
      await bounded('the completion model', complete.close());
      await bounded('the model lanes', models.close());
      presence.close();
      await bounded('the UI', opts.next?.close?.());
      await checkpoints.close();
      db.close();
    },
  };
}
