// The Socket.IO event map: the one place that names every event, its payload and its reply.
// Server and client both type their sockets with these; inbound payloads are checked against
// `clientEventSchemas` before any handler sees them.
import type { AckFn } from './ack';
import {
  docCloseSchema,
  docDeleteSchema,
  docOpenSchema,
  docSaveSchema,
  docSyncSchema,
  type DocGeneration,
  type DocNotice,
  type DocOpenReply,
  type DocStatus,
  type DocSync,
  type DocSyncIn,
  type DocSyncReply,
} from './doc';
import { awarenessUpdateSchema } from './presence';
import {
  completeCancelSchema,
  completeReportSchema,
  completeRequestSchema,
  type CompleteInfo,
  type CompleteReply,
} from './complete';
import { nextEditRequestSchema, type NextEditReply } from './nextEdit';
import { emptySchema } from './empty';
import {
  fastInterruptSchema,
  fastRedirectSchema,
  fastResolveSchema,
  fastSnapshotSchema,
  fastStartSchema,
  type FastDelta,
  type FastStateEvent,
  type FastTurnInfo,
  type FastTurnRecord,
  type FastTurnSnapshot,
  type ModelInfo,
  type ServerTurnMetrics,
} from './fast';
import { workspacePathSchema } from './paths';
import {
  runApprovalSchema,
  runRefSchema,
  hunkDecisionsSchema,
  runStartSchema,
  runSubscribeSchema,
  type EvidenceEvent,
  type RunDiffReply,
  type RunReplay,
  type RunSummary,
} from './runs';
import { reviewStartSchema, type ReviewResult } from './review';
import { routeQuerySchema, type RouteAnswer } from './route';
import { submitSchema, type SubmitReply } from './submit';
import { z } from 'zod';
import type { WorkspaceInfo } from './workspace';
import type { SessionRevoked, SessionRole } from './people';

export const clientEventSchemas = {
  'workspace/info': emptySchema,
  'doc/open': docOpenSchema,
  'doc/sync': docSyncSchema,
  'doc/save': docSaveSchema,
  'doc/close': docCloseSchema,
  'doc/delete': docDeleteSchema,
  'awareness/update': awarenessUpdateSchema,
  'instruction/submit': submitSchema,
  'fast/start': fastStartSchema,
  'fast/redirect': fastRedirectSchema,
  'fast/interrupt': fastInterruptSchema,
  'fast/resolve': fastResolveSchema,
  'fast/snapshot': fastSnapshotSchema,
  'fast/history': z.object({ path: workspacePathSchema }),
  'review/start': reviewStartSchema,
  'fast/prewarm': emptySchema,
  'route/preview': routeQuerySchema,
  'run/start': runStartSchema,
  'run/cancel': runRefSchema,
  'run/list': emptySchema,
  'run/subscribe': runSubscribeSchema,
  'run/unsubscribe': runRefSchema,
  'run/diff': runRefSchema,
  'run/review': hunkDecisionsSchema,
  'run/discard': runRefSchema,
  'run/approval': runApprovalSchema,
  'complete/info': emptySchema,
  'complete/request': completeRequestSchema,
  'complete/cancel': completeCancelSchema,
  'complete/report': completeReportSchema,
  'nextEdit/request': nextEditRequestSchema,
  'nextEdit/cancel': completeCancelSchema,
  'nextEdit/report': completeReportSchema,
} as const;

export type ClientEventName = keyof typeof clientEventSchemas;
export type ClientPayload<E extends ClientEventName> = z.output<(typeof clientEventSchemas)[E]>;

export interface ClientToServerEvents {
  'workspace/info': (payload: Record<string, never>, ack: AckFn<{ workspace: WorkspaceInfo }>) => void;
  'doc/open': (payload: { path: string; create?: boolean }, ack: AckFn<DocOpenReply>) => void;
  'doc/sync': (payload: DocSyncIn, ack: AckFn<DocSyncReply>) => void;
  'doc/save': (payload: { path: string }, ack: AckFn<{ status: DocStatus }>) => void;
  'doc/close': (payload: { path: string }, ack: AckFn) => void;
  'doc/delete': (payload: { path: string; expectedText?: string }, ack: AckFn<{ deleted: boolean }>) => void;
  'awareness/update': (payload: z.input<typeof awarenessUpdateSchema>, ack: AckFn) => void;
  /** Enter: route the instruction and start the chosen lane, in one hop. */
  'instruction/submit': (payload: z.input<typeof submitSchema>, ack: AckFn<SubmitReply>) => void;
  'fast/start': (payload: z.input<typeof fastStartSchema>, ack: AckFn<{ turn: FastTurnInfo }>) => void;
  'fast/redirect': (payload: z.input<typeof fastRedirectSchema>, ack: AckFn) => void;
  'fast/interrupt': (payload: z.input<typeof fastInterruptSchema>, ack: AckFn<{ metrics: ServerTurnMetrics }>) => void;
  'fast/resolve': (payload: z.input<typeof fastResolveSchema>, ack: AckFn) => void;
  /** A turn as everyone has been told it so far (after a gap in its event numbers). */
  'fast/snapshot': (payload: z.input<typeof fastSnapshotSchema>, ack: AckFn<{ turn: FastTurnSnapshot }>) => void;
  'fast/history': (payload: { path: string }, ack: AckFn<{ turns: FastTurnRecord[] }>) => void;
  'review/start': (payload: z.input<typeof reviewStartSchema>, ack: AckFn<{ review: ReviewResult }>) => void;
  /** The person is about to ask (the instruction box opened): warm the connection to the fast model. */
  'fast/prewarm': (payload: Record<string, never>, ack: AckFn<{ ms: number; warm: boolean }>) => void;
  /** Where the router would send this request, and why (nothing is started). */
  'route/preview': (payload: z.input<typeof routeQuerySchema>, ack: AckFn<{ decision: RouteAnswer }>) => void;
  'run/start': (payload: z.input<typeof runStartSchema>, ack: AckFn<{ run: RunSummary }>) => void;
  'run/cancel': (payload: z.input<typeof runRefSchema>, ack: AckFn<{ run: RunSummary }>) => void;
  'run/list': (payload: Record<string, never>, ack: AckFn<{ runs: RunSummary[] }>) => void;
  'run/subscribe': (payload: z.input<typeof runSubscribeSchema>, ack: AckFn<RunReplay>) => void;
  'run/unsubscribe': (payload: z.input<typeof runRefSchema>, ack: AckFn) => void;
  'run/diff': (payload: z.input<typeof runRefSchema>, ack: AckFn<RunDiffReply>) => void;
  'run/review': (payload: z.input<typeof hunkDecisionsSchema>, ack: AckFn<{ run: RunSummary }>) => void;
  'run/discard': (payload: z.input<typeof runRefSchema>, ack: AckFn) => void;
  'run/approval': (payload: z.input<typeof runApprovalSchema>, ack: AckFn<{ run: RunSummary }>) => void;
  /** Whether autocomplete is on in this workspace, and its model. */
  'complete/info': (payload: Record<string, never>, ack: AckFn<{ complete: CompleteInfo }>) => void;
  /** An inline completion at the cursor, answered to the asker alone; supersedes their previous one. */
  'complete/request': (payload: z.input<typeof completeRequestSchema>, ack: AckFn<CompleteReply>) => void;
  'complete/cancel': (payload: z.input<typeof completeCancelSchema>, ack: AckFn) => void;
  /** What became of a shown suggestion (accepted or dismissed), with the browser's times. */
  'complete/report': (payload: z.input<typeof completeReportSchema>, ack: AckFn) => void;
  /** The next edit after the person's recent edits, answered to the asker alone; supersedes their previous one. */
  'nextEdit/request': (payload: z.input<typeof nextEditRequestSchema>, ack: AckFn<NextEditReply>) => void;
  'nextEdit/cancel': (payload: z.input<typeof completeCancelSchema>, ack: AckFn) => void;
  /** What became of a shown next-edit suggestion (accepted or dismissed), with the browser's times. */
  'nextEdit/report': (payload: z.input<typeof completeReportSchema>, ack: AckFn) => void;
}

export interface ServerToClientEvents {
  'doc/sync': (payload: DocSync) => void;
  'doc/status': (payload: DocStatus) => void;
  'doc/notice': (payload: DocNotice) => void;
  /** The file was deleted through Tandem (`doc/delete`): close it. */
  'doc/removed': (payload: { path: string; by: string }) => void;
  /** The document started a new generation: swap to `state`, rebase unseen own edits as text. */
  'doc/generation': (payload: DocGeneration) => void;
  'awareness/update': (payload: { data: Uint8Array | string }) => void;
  'workspace/changed': (payload: Record<string, never>) => void;
  'session/models': (payload: { fast: ModelInfo; strong: ModelInfo }) => void;
  /** Who this connection is to the fast lane: turns whose `byClient` is this are its own, across reconnects. */
  'session/client': (payload: { client: string }) => void;
  /** What this connection may do (its role) and its name, sent once it connects. */
  'session/role': (payload: SessionRole) => void;
  /** This connection's invitation was revoked: it is disconnected right after. */
  'session/revoked': (payload: SessionRevoked) => void;
  /** A turn began, or (to someone who just opened the file) a turn in progress, as it stands. */
  'fast/started': (payload: FastTurnSnapshot) => void;
  'fast/delta': (payload: FastDelta) => void;
  'fast/state': (payload: FastStateEvent) => void;
  'run/updated': (payload: RunSummary) => void;
  'run/evidence': (payload: EvidenceEvent) => void;
  'run/removed': (payload: { runId: string }) => void;
}

/**
 * Every server→client event, at run time (the protocol doc's test reads it). Typed as a record
 * of the interface's keys, so the compiler refuses a missing or an unknown event.
 */
const serverEvents: { [E in keyof ServerToClientEvents]: true } = {
  'doc/sync': true,
  'doc/status': true,
  'doc/notice': true,
  'doc/removed': true,
  'doc/generation': true,
  'awareness/update': true,
  'workspace/changed': true,
  'session/models': true,
  'session/client': true,
  'session/role': true,
  'session/revoked': true,
  'fast/started': true,
  'fast/delta': true,
  'fast/state': true,
  'run/updated': true,
  'run/evidence': true,
  'run/removed': true,
};
export const SERVER_EVENTS = Object.keys(serverEvents) as (keyof ServerToClientEvents)[];

/** Replies the server sends through acknowledgements, by event. */
export type ServerReply<E extends keyof ClientToServerEvents> =
  Parameters<ClientToServerEvents[E]>[1] extends AckFn<infer T> ? T : never;
