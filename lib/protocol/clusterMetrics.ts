// The dashboard's cluster view (GET /api/metrics/cluster): in cluster mode each web node's own
// figures side by side, a node that stopped answering marked down, and the cluster's total; in the
// embedded mode `cluster` is null and the dashboard shows what it always did. The same figures
// travel between nodes (the `nodeFigures` question, server/cluster/clusterEvents.ts) with the
// raw recent values, so the total's percentiles are over every node's turns.
import { z } from 'zod';

const count = z.number().int().min(0);
const ms = z.number().min(0).nullable();

/** What one node says about itself: its recent fast-lane values, not yet percentiles. */
export const nodeFiguresSchema = z.object({
  node: z.string(),
  /** Distinct people connected to this node. */
  people: count,
  /** Fast-lane turns that reached a first token on this node since it started. */
  fastTurns: count,
  /** The latest fast-lane TTFT and tokens/s values (the dashboard's window). */
  ttftMs: z.array(z.number()),
  tokensPerSec: z.array(z.number()),
  /** Background runs this node is running now (workers are not nodes: see the total). */
  runsRunning: count,
});
export type NodeFigures = z.infer<typeof nodeFiguresSchema>;

export const clusterRowSchema = z.object({
  node: z.string(),
  /** False: it did not answer this time (its last figures are shown, with when they were said). */
  up: z.boolean(),
  /** The node that answered this request. */
  self: z.boolean(),
  lastSeenAt: z.number(),
  people: count,
  fastTurns: count,
  tokensPerSecP50: ms,
  ttftP50: ms,
  runsRunning: count,
});
export type ClusterRow = z.infer<typeof clusterRowSchema>;

export const clusterSummarySchema = z.object({
  cluster: z
    .object({
      nodes: z.array(clusterRowSchema),
      /** Over the nodes that answered; `runsRunning` is every running run of the workspace (workers included). */
      total: z.object({
        nodesUp: count,
        nodesDown: count,
        people: count,
        fastTurns: count,
        tokensPerSecP50: ms,
        ttftP50: ms,
        runsRunning: count,
      }),
    })
    .nullable(),
});
export type ClusterSummary = z.infer<typeof clusterSummarySchema>;
