// The background lane on the wire: queued agent runs, their evidence log (durable events with a
// per-run sequence number: subscribe first, then replay from the last seen number, de-duplicate
// by number), their diff, and the decisions on its hunks (diff review). See docs/agents.md and
// docs/protocol.md.
import { z } from 'zod';
import { requestIdSchema, type ModelInfo } from './fast';
import { handoffDiffStatSchema, type HandoffEvidence } from './handoffEvidence';
import { workspacePathSchema } from './paths';
import { instructionSchema, lineRangeSchema, type LineRange } from './shapes';

export const RUN_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** Succeeded, failed or cancelled: the run will not change any more (its diff is final). */
export function isFinished(status: RunStatus): boolean {
  return status !== 'queued' && status !== 'running';
}

export const MAX_RUN_FILES = 50;
export const MAX_RUN_CONTEXT_CHARS = 200_000;
export const MAX_REPLAY_EVENTS = 2000;

export const runIdSchema = z.string().min(1).max(64);

/** Where a run came from when a fast-lane session was sent to the background. */
export const runHandoffSchema = z.object({
  requestId: requestIdSchema,
  path: workspacePathSchema,
  instruction: instructionSchema('the handed-off instruction is empty'),
  range: lineRangeSchema,
  /** The partial diff's size as the browser computed it (the figures come from the server's own store). */
  diff: handoffDiffStatSchema.optional(),
});
export type RunHandoff = z.infer<typeof runHandoffSchema>;

export const runStartSchema = z.object({
  instruction: instructionSchema('the instruction is empty: say what the run should do'),
  /** Files in scope (the active file at least, when there is one). */
  files: z
    .array(workspacePathSchema)
    .max(MAX_RUN_FILES, `a run takes at most ${MAX_RUN_FILES} files in scope`)
    .optional(),
  /** The file the person was in, and the selected lines of it. */
  path: workspacePathSchema.optional(),
  range: lineRangeSchema.optional(),
  /** The validation command; absent: tandem.json's, else the workspace's `npm test`; null: none. */
  validation: z.string().trim().min(1).max(2000).nullable().optional(),
  /** Extra context for the first message (e.g. a fast-lane transcript and partial diff). */
  context: z
    .string()
    .max(MAX_RUN_CONTEXT_CHARS, `the context is longer than ${MAX_RUN_CONTEXT_CHARS} characters`)
    .optional(),
  /** The fast-lane turn this run continues, shown as "handed off from …" with a link back. */
  handoff: runHandoffSchema.optional(),
});
export type RunStartRequest = z.output<typeof runStartSchema>;

export const runRefSchema = z.object({ runId: runIdSchema });
export const runSubscribeSchema = z.object({ runId: runIdSchema, afterSeq: z.number().int().min(0) });

export const HUNK_DECISIONS = ['accepted', 'rejected', 'applied', 'conflict'] as const;
export type HunkDecisionKind = (typeof HUNK_DECISIONS)[number];
/** `run/review`: the person's decisions on hunks of a finished run's diff (diff review). */
export const hunkDecisionsSchema = z.object({
  runId: runIdSchema,
  decisions: z
    .array(z.object({ path: workspacePathSchema, hunkId: z.string().min(1).max(64), decision: z.enum(HUNK_DECISIONS) }))
    .min(1, 'no decisions')
    .max(10_000),
});

/** `run/approval`: a person's answer to a command a run asks to run (docs/agents.md#approvals). */
export const APPROVAL_DECISIONS = ['allow', 'allow-run', 'deny'] as const;
export type ApprovalDecision = (typeof APPROVAL_DECISIONS)[number];
/** How an approval ended: a person's decision, the policy's (deny), no answer in time, or the run stopped. */
export type ApprovalOutcome = ApprovalDecision | 'timeout' | 'cancelled';
export const runApprovalSchema = z.object({
  runId: runIdSchema,
  /** The approval's evidence item id. */
  approvalId: z.string().min(1).max(64),
  decision: z.enum(APPROVAL_DECISIONS),
});

export type RunValidation = {
  command: string | null;
  /** Where the command came from; `none` means the run is not validated (and says so). */
  source: 'request' | 'tandem.json' | 'package.json' | 'none';
};

export type RunProgress = {
  steps: number;
  maxSteps: number;
  tokens: number;
  maxTokens: number;
  toolCalls: number;
  /** The latest thing the run did, in a few words. */
  last: string | null;
};

export type RunSummary = {
  id: string;
  instruction: string;
  files: string[];
  path: string | null;
  range: LineRange | null;
  by: string;
  status: RunStatus;
  /** Why it failed or was cancelled; for a success, what it checked ("npm test passed", "not validated"). */
  reason: string | null;
  validation: RunValidation;
  validationResult: { passed: boolean; exitCode: number | null; durationMs: number } | null;
  /** The model's closing message. */
  summary: string | null;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  progress: RunProgress;
  isolation: 'worktree' | 'copy' | null;
  /** Whether commands run inside bubblewrap, and why not when they do not. */
  sandbox: { sandboxed: boolean; note: string } | null;
  model: ModelInfo;
  lastSeq: number;
  diffStat: { files: number; added: number; removed: number } | null;
  /** How many of its hunks have each decision so far (diff review, `run/review`). */
  review: Record<HunkDecisionKind, number>;
  hasContext: boolean;
  handoff: RunHandoff | null;
};

export type EvidencePhase = 'started' | 'progress' | 'completed';

type EvidenceBase = {
  runId: string;
  /** 1, 2, 3, … per run, no gaps. */
  seq: number;
  at: number;
  /** Events about one step share an id: started → progress… → completed. */
  itemId: string;
  phase: EvidencePhase;
};

type CommandFacts = {
  command: string | null;
  /** The whole output so far on completed; the new chunk on progress. */
  output: string;
  truncated: boolean;
  exitCode: number | null;
  durationMs: number | null;
  timedOut: boolean;
  cancelled: boolean;
  sandboxed: boolean;
};

export type EvidenceEvent = EvidenceBase &
  (
    | { kind: 'status'; text: string }
    | { kind: 'message'; text: string }
    | { kind: 'handoff'; handoff: HandoffEvidence }
    | { kind: 'error'; text: string }
    | {
        kind: 'tool';
        tool: string;
        input: string;
        output: string;
        truncated: boolean;
        ok: boolean | null;
        durationMs: number | null;
      }
    | {
        /** A command the policy asks about (started: waiting) and how it was decided (completed). */
        kind: 'approval';
        command: string;
        /** Who started the run. */
        by: string;
        /** Why it asks (or was denied): the tandem.json rule, or the default and why. */
        rule: string;
        outcome: ApprovalOutcome | null;
        /** The person who decided; null for the policy, a time-out or a stopped run. */
        decidedBy: string | null;
      }
    | ({ kind: 'command' } & CommandFacts)
    | ({ kind: 'validation'; passed: boolean | null } & CommandFacts)
  );
export type EvidenceKind = EvidenceEvent['kind'];

/** Distributes Omit over the evidence union (what the worker writes; the log adds the rest). */
export type EvidenceDraft = EvidenceEvent extends infer E
  ? E extends EvidenceEvent
    ? Omit<E, 'runId' | 'seq' | 'at'>
    : never
  : never;

export type RunDiffFile = {
  path: string;
  status: 'modified' | 'added' | 'deleted';
  /** Binary files and symlinks are listed but not reviewable hunk by hunk. */
  binary: boolean;
  /** LF texts: the file in the snapshot at the start, and at the end of the run. */
  baseText: string;
  resultText: string;
  /** This file's part of the git patch. */
  patch: string;
};

export type HunkDecision = { path: string; hunkId: string; decision: HunkDecisionKind; by: string; at: number };

export type RunDiffReply = { files: RunDiffFile[]; patch: string; decisions: HunkDecision[] };
export type RunReplay = { run: RunSummary; events: EvidenceEvent[]; more: boolean };
