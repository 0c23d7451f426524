// What the nodes of a cluster say to each other (Socket.IO server-side events through the Redis
// adapter): questions one node asks the others, and news a node tells them. Nodes trust each
// other — they share the workspace token and the Redis — so these are typed, not re-validated.
import type { DocStatus, FastTurnSnapshot, ErrorCode, ServerToClientEvents } from '../../lib/protocol';
import type { NodeFigures } from '../../lib/protocol/clusterMetrics';
import type { FastControl, FastControlReply } from '../fastlane/fastControl';

/** A question and the answer each node gives (a node with nothing to say answers null or []). */
export type Questions = {
  /** Asked of the lease holder: save `path` once it has seen everything in `sv`. */
  save: { ask: { path: string; sv: Uint8Array }; answer: { status: DocStatus; sv: Uint8Array } | null };
  /** The fast-lane turns streaming on `path` on the node that answers. */
  fastTurns: { ask: { path: string }; answer: FastTurnSnapshot[] };
  /** The awareness states of the people connected to the node that answers. */
  presence: { ask: Record<string, never>; answer: Uint8Array | null };
  /** Asked of every node: interrupt, redirect or resolve a turn of `client`'s (null: not streaming here). */
  fastControl: {
    ask: { client: string; control: FastControl };
    answer: { reply: FastControlReply } | { error: { code: ErrorCode; message: string } } | null;
  };
  /** Whether a browser tab (a fast-lane client) is connected to the node that answers. */
  clientHere: { ask: { client: string }; answer: boolean };
  /** The dashboard's figures of the node that answers (server/metrics/clusterView.ts). */
  nodeFigures: { ask: Record<string, never>; answer: NodeFigures };
};

/** At most once (pub/sub). A document's saved and deleted news goes durably through Redis (docNews.ts). */
export type News = {
  /** A change of the people connected to the node that tells it (a y-protocols awareness update). */
  awareness: { data: Uint8Array };
  /** The node saved a finished fast-lane turn on this file (the others forget their copy of its history). */
  transcript: { path: string };
  /** The first of the node's people joined a document's room (`here`), or the last one left it (roomRoster.ts). */
  room: { node: string; room: string; here: boolean };
  /** Every document room the node has people in, told every period. */
  rooms: { node: string; rooms: string[] };
};

/** An event for the people in a room (null: everyone) on the other nodes (broadcast.ts). */
export type RoomEvent = {
  [E in keyof ServerToClientEvents]: { room: string | null; event: E; args: Parameters<ServerToClientEvents[E]> };
}[keyof ServerToClientEvents];

export type AskMessage = { id: string; from: string; to: string | null; kind: string; body: unknown };
export type AnswerMessage = { id: string; from: string; to: string; body: unknown };
export type NewsMessage = { from: string; kind: string; body: unknown };

/** Socket.IO's server-side events of a Tandem cluster. */
export type ClusterEvents = {
  'cluster:ask': (m: AskMessage) => void;
  'cluster:answer': (m: AnswerMessage) => void;
  'cluster:news': (m: NewsMessage) => void;
  'cluster:room': (m: RoomEvent) => void;
};
