// What an open document (DocRoom) is given by whoever opens it: its store, its workspace, where its
// events go, and — in cluster mode only — the hooks through which the cluster decides who loads it
// and who writes its file. Kept apart so the room's own file holds only what a room does.
import type { DocGeneration, DocNotice, DocStatus } from '../../lib/protocol';
import type { DocStore } from '../store/docStore';
import type { Workspace } from '../workspace/workspace';
import type { GenerationPolicy } from './docGeneration';
import type { DocRoom } from './docRoom';

export type DocRoomEvents = {
  update(update: Uint8Array, origin: unknown): void;
  status(status: DocStatus): void;
  notice(notice: DocNotice): void;
  /** The document started a new generation (stored already): every member swaps to it. */
  generation(generation: DocGeneration): void;
};

/**
 * Cluster mode (server/cluster/docCluster.ts): several nodes have the document open; one of them
 * (the lease holder) writes and watches the file. Absent in embedded mode: this process does.
 */
export type DocCluster = {
  /** Runs a room's load alone in the cluster, so two nodes never fill a new document from disk twice. */
  loading<T>(room: DocRoom, load: () => Promise<T>): Promise<T>;
  /** Whether this node writes the file now (it takes the lease when nobody holds it). */
  claim(room: DocRoom): Promise<boolean>;
  /** Right before writing the file: whether this node still holds the lease (fencing, checked in Redis). */
  mayWrite(room: DocRoom): Promise<boolean>;
  /** Has the holder save; its status, or null when this node has just become the holder. */
  saveElsewhere(room: DocRoom): Promise<DocStatus | null>;
  /** The file was written here: the other nodes take note. */
  saved(room: DocRoom): void;
};

export type DocRoomDeps = {
  store: DocStore;
  workspace: Workspace;
  autosaveMs: number;
  events: DocRoomEvents;
  log: (m: string) => void;
  cluster?: DocCluster;
  /** When to start the document over (never in cluster mode, nor without it). */
  generations?: GenerationPolicy;
};
