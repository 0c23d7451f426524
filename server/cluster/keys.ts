// Where the cluster keeps things in Redis. Every key of one document shares a hash tag ({doc}),
// so the scripts that touch several of them also work on a Redis Cluster.
export const KEY_PREFIX = 'tandem:';

export const docKeys = (docId: string) => {
  const base = `${KEY_PREFIX}doc:{${docId}}`;
  return {
    /** The Redis Stream of the document's Yjs updates, ids `<seq>-0`, fields n (node) and u (update). */
    log: `${base}:log`,
    /** The snapshot the log was compacted into (a Yjs update holding everything up to snapSeq). */
    snap: `${base}:snap`,
    /** Hash: diskHash, eol (DocMeta), seq (last sequence given out), snapSeq. */
    meta: `${base}:meta`,
    /** The node that writes the file (value: its node id; expires unless renewed). */
    lease: `${base}:lease`,
    /** The lease's fencing token: counts the lease's holders, so a write can check it is still the holder's. */
    fence: `${base}:fence`,
    /** Held while a node loads the document, so two nodes never fill it from disk twice. */
    loading: `${base}:loading`,
  };
};

/** A random id written by the first node: gone or changed means Redis lost its data (clusterEpoch.ts). */
export const EPOCH_KEY = `${KEY_PREFIX}epoch`;

/** Durable news about documents (saved, deleted), read by every node's document feed (docNews.ts). */
export const NEWS_STREAM = `${KEY_PREFIX}news`;

/** The Socket.IO adapter's stream. */
export const ADAPTER_STREAM = `${KEY_PREFIX}socket.io`;
/** The prefix of the adapter's pub/sub channels (server-side events: cluster talk, broadcast.ts). */
export const ADAPTER_CHANNELS = `${KEY_PREFIX}socket.io`;

/** A stream entry id of the document log from its sequence number, and back. */
export const entryId = (seq: number) => `${seq}-0`;
export const seqOf = (id: string) => Number(id.slice(0, id.indexOf('-')));
