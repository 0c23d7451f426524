// The simulated strong model's agent behaviour: a deterministic script driven by the conversation
// so far. Find the files to work on (agentScope.ts: the named ones, or every user of a renamed
// name by search, or a listing), read them, apply the instruction to each with one apply_patch
// call, run the validation command if the task gives one, then say what it did (agentSummary.ts).
// Reads go out together as parallel tool calls, or — when the request sets `parallel_tool_calls:
// false` — one per answer: each turn reads the next file of the plan that no call has asked for
// yet, so both ways end with the same patch, validation and summary.
import { AGENT_TOOL, VALIDATION_COMMAND_PATTERN } from '../formats/agentTools';
import { parseEditRequest } from '../formats/editRequest';
import { asksForWholeWorkspace, firstStep, searchHitPaths, type FirstStep } from './agentScope';
import { agentSummary, type AgentCoverage } from './agentSummary';
import { parseInstruction, type Instruction } from './instructions';
import { normaliseLanguage } from '../formats/languages';
import { buildPatch, type FileChange } from '../formats/patchFormat';
import { applyInstruction, effectiveInstruction, SIM_LABEL } from './rewrites';
import type { SimMessage, SimToolCall } from './simRequest';

export type AgentReply =
  { kind: 'text'; text: string } | { kind: 'tool_calls'; calls: { name: string; arguments: string }[] };

/** Files read for one task; the closing message names any found beyond it. */
const MAX_FILES = 20;
const PATH =
  /(?:^|[\s"'`([])((?:[\w.-]+\/)*[\w-][\w.-]*\.(?:tsx?|jsx?|mjs|cjs|py|go|rs|java|kt|rb|cs|c|h|cpp|hpp|css|scss|html|md|json|ya?ml|toml|sh|sql|lua|swift|php))(?=$|[\s"'`),.:;\]])/g;

export function findPaths(text: string): string[] {
  return [...new Set([...text.matchAll(PATH)].map((m) => m[1]!))];
}

function call(name: string, args: Record<string, string>) {
  return { name, arguments: JSON.stringify(args) };
}

function argsOf(c: SimToolCall): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(c.arguments);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** A read_file result: raw text, or JSON with a `content` field; null for an error. */
function fileContent(result: string): string | null {
  if (result.startsWith('{')) {
    try {
      const parsed = JSON.parse(result) as { content?: unknown; error?: unknown };
      if (typeof parsed.content === 'string') return parsed.content;
      if (parsed.error !== undefined) return null;
    } catch {
      // plain text that starts with a brace
    }
  }
  return /^error\b/i.test(result) ? null : result;
}

function taskInstruction(task: string): Instruction {
  const edit = parseEditRequest(task);
  return edit ? effectiveInstruction(edit) : parseInstruction(task);
}

/** The read_file calls for `paths`: all of them at once, or only the first when calls are sequential. */
function reads(paths: string[], parallel: boolean): AgentReply {
  const batch = parallel ? paths : paths.slice(0, 1);
  return { kind: 'tool_calls', calls: batch.map((path) => call(AGENT_TOOL.readFile, { path })) };
}

function start(step: FirstStep, parallel: boolean): AgentReply {
  if (step.kind === 'search') return { kind: 'tool_calls', calls: [call(AGENT_TOOL.search, { query: step.query })] };
  if (step.kind === 'read') return reads(step.paths.slice(0, MAX_FILES), parallel);
  return { kind: 'tool_calls', calls: [call(AGENT_TOOL.listFiles, { path: '.' })] };
}

export type AgentOptions = {
  /** False (`parallel_tool_calls: false`): at most one tool call per answer. */
  parallelToolCalls: boolean;
};

export function agentStep(messages: SimMessage[], options: AgentOptions = { parallelToolCalls: true }): AgentReply {
  const parallel = options.parallelToolCalls;
  const task = messages.find((m) => m.role === 'user')?.content ?? '';
  const context = messages
    .filter((m) => m.role === 'system' || m.role === 'user')
    .map((m) => m.content)
    .join('\n');
  const command = context.match(VALIDATION_COMMAND_PATTERN)?.[1]?.trim() ?? null;
  const results = new Map(messages.filter((m) => m.role === 'tool').map((m) => [m.toolCallId, m.content]));
  const calls = messages.flatMap((m) => m.toolCalls);
  const last = messages.filter((m) => m.role === 'assistant' && m.toolCalls.length > 0).pop()?.toolCalls ?? [];
  const lastName = last[0]?.name ?? null;
  const instruction = taskInstruction(task);
  const resultOf = (name: string) => {
    const c = calls.find((x) => x.name === name);
    return c ? (results.get(c.id) ?? '') : null;
  };

  const step = firstStep(instruction, findPaths(task), asksForWholeWorkspace(task));
  if (lastName === null) return start(step, parallel);
  const searched = resultOf(AGENT_TOOL.search);
  const hits = searched === null ? null : searchHitPaths(searched);
  const listed = resultOf(AGENT_TOOL.listFiles);
  const found = hits?.paths ?? (listed === null ? [] : findPaths(listed));
  if (lastName === AGENT_TOOL.listFiles && found.length === 0) {
    return { kind: 'text', text: `${SIM_LABEL} The workspace has no source files I can work on.` };
  }
  const asked = new Set(calls.filter((c) => c.name === AGENT_TOOL.readFile).map((c) => argsOf(c).path));
  const looked = searched !== null || listed !== null;
  const planned = (looked ? found : step.kind === 'read' ? step.paths : []).slice(0, MAX_FILES);
  const unread = planned.filter((p) => !asked.has(p));
  if (unread.length > 0) return reads(unread, parallel);

  const changes: FileChange[] = [];
  const read: string[] = [];
  const unreadable: string[] = [];
  for (const c of calls.filter((c) => c.name === AGENT_TOOL.readFile)) {
    const { path: named } = argsOf(c);
    const path = typeof named === 'string' ? named : '';
    if (path === '' || read.includes(path) || unreadable.includes(path)) continue;
    const before = fileContent(results.get(c.id) ?? '');
    if (before === null) {
      unreadable.push(path);
      continue;
    }
    read.push(path);
    const after = applyInstruction(before, instruction, normaliseLanguage(null, path));
    if (after !== null) changes.push({ path, before, after });
  }
  const changed = changes.map((f) => f.path);
  const patchResult = resultOf(AGENT_TOOL.applyPatch);
  if (changes.length > 0 && patchResult === null) {
    return { kind: 'tool_calls', calls: [call(AGENT_TOOL.applyPatch, { patch: buildPatch(changes) })] };
  }
  const commandResult = resultOf(AGENT_TOOL.runCommand);
  if (command !== null && commandResult === null && changes.length > 0) {
    return { kind: 'tool_calls', calls: [call(AGENT_TOOL.runCommand, { command })] };
  }
  const coverage: AgentCoverage = {
    searchedFor: hits !== null && instruction.kind === 'rename' ? instruction.from : null,
    untouched: hits === null ? [] : read.filter((p) => !changed.includes(p)),
    leftOut: found.slice(MAX_FILES),
    searchTruncated: hits?.truncated ?? false,
    unreadable,
  };
  return { kind: 'text', text: agentSummary({ instruction, changed, patchResult, command, commandResult, coverage }) };
}
