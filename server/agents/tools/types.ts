// Why: the agent's tools share one shape — arguments checked with zod, a result the model reads,
// and for commands the facts the evidence log keeps — so the loop can run any of them the same way.
import type { z } from 'zod';
import type { CommandOutcome } from '../sandbox/commandRunner';

export type ToolContext = {
  /** The snapshot's root folder (a real path, no symlinks). */
  root: string;
  signal: AbortSignal;
  /** Runs a shell command in the snapshot with the run's limits and sandbox. */
  exec: (command: string) => Promise<CommandOutcome>;
};

export type ToolResult = {
  ok: boolean;
  /** What the model reads as the tool's answer. */
  output: string;
  /** For run_command: the command's exit code, duration and whether it was sandboxed. */
  command?: CommandOutcome;
  /** For apply_patch: the files it wrote. */
  changed?: string[];
};

export type Tool<S extends z.ZodType = z.ZodType> = {
  name: string;
  args: S;
  run(args: z.output<S>, ctx: ToolContext): Promise<ToolResult>;
};

export class ToolError extends Error {}

/** A tool with its argument type inferred from its schema. */
export function defineTool<S extends z.ZodType>(
  name: string,
  args: S,
  run: (args: z.output<S>, ctx: ToolContext) => Promise<ToolResult>,
): Tool<S> {
  return { name, args, run };
}
