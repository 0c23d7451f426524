// Why: the model checks its work by running commands (tests, type checks, builds) in the snapshot.
// The answer starts with the exit code so neither the model nor a reader has to dig for it.
import { z } from 'zod';
import { AGENT_TOOL } from '../../models/formats/agentTools';
import type { CommandOutcome } from '../sandbox/commandRunner';
import { defineTool, ToolError } from './types';

export const MAX_COMMAND_CHARS = 8000;

/** The first line of a command's answer: exit code (or how it was stopped) and duration. */
function describeOutcome(o: CommandOutcome): string {
  const took = `${(o.durationMs / 1000).toFixed(1)} s`;
  if (o.cancelled) return `cancelled after ${took}`;
  if (o.timedOut) return `killed after ${took}: it ran longer than the command time limit`;
  if (o.exitCode === null) return `killed by ${o.signal ?? 'a signal'} after ${took}`;
  return `exit code ${o.exitCode} (${took})`;
}

export const runCommandTool = defineTool(
  AGENT_TOOL.runCommand,
  z.object({ command: z.string() }),
  async ({ command }, { exec }) => {
    if (command.trim() === '') throw new ToolError('the command is empty');
    if (command.length > MAX_COMMAND_CHARS)
      throw new ToolError(`the command is longer than ${MAX_COMMAND_CHARS} characters`);
    const outcome = await exec(command);
    const body = outcome.output.trimEnd();
    return {
      ok: outcome.exitCode === 0,
      output: `${describeOutcome(outcome)}${outcome.truncated ? ' — output truncated' : ''}\n${body}`,
      command: outcome,
    };
  },
);
