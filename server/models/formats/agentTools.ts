// The background agent's tool vocabulary, part of the product's contract with any strong model:
// the tool names and argument shapes the agent implements (server/agents/tools/) and the simulated
// strong model scripts calls to, and how a task names its validation command.
import type { ToolDefinition } from '../types';

export const AGENT_TOOL = {
  listFiles: 'list_files',
  readFile: 'read_file',
  search: 'search',
  applyPatch: 'apply_patch',
  runCommand: 'run_command',
  finish: 'finish',
} as const;

export type AgentToolName = (typeof AGENT_TOOL)[keyof typeof AGENT_TOOL];

const obj = (properties: Record<string, unknown>, required: string[]) => ({
  type: 'object',
  properties,
  required,
  additionalProperties: false,
});

/** OpenAI function definitions for the tools (send these as the request's `tools`). */
export const AGENT_TOOL_DEFINITIONS: ToolDefinition[] = [
  {
    type: 'function',
    function: {
      name: AGENT_TOOL.listFiles,
      description: 'List the files under a folder of the workspace, one path per line.',
      parameters: obj(
        { path: { type: 'string', description: 'Folder, relative to the workspace root; "." for all.' } },
        [],
      ),
    },
  },
  {
    type: 'function',
    function: {
      name: AGENT_TOOL.readFile,
      description: 'Read a text file of the workspace; the result is its content.',
      parameters: obj({ path: { type: 'string' } }, ['path']),
    },
  },
  {
    type: 'function',
    function: {
      name: AGENT_TOOL.search,
      description: 'Search the workspace for a string; the result lists path:line: text matches.',
      parameters: obj({ query: { type: 'string' }, path: { type: 'string' } }, ['query']),
    },
  },
  {
    type: 'function',
    function: {
      name: AGENT_TOOL.applyPatch,
      description: 'Apply a patch in the apply_patch envelope format (*** Begin Patch … *** End Patch).',
      parameters: obj({ patch: { type: 'string' } }, ['patch']),
    },
  },
  {
    type: 'function',
    function: {
      name: AGENT_TOOL.runCommand,
      description: 'Run a shell command in the workspace; the result holds its exit code and output.',
      parameters: obj({ command: { type: 'string' } }, ['command']),
    },
  },
  {
    type: 'function',
    function: {
      name: AGENT_TOOL.finish,
      description: 'Say the task is done, with a short summary.',
      parameters: obj({ summary: { type: 'string' } }, ['summary']),
    },
  },
];

/** How a task names its validation command, e.g. "validation command: npm test". */
export const VALIDATION_COMMAND_PATTERN = /validation command:\s*`?([^`\n]+?)`?\s*$/im;
