// The simulated strong model's agent behaviour: a deterministic script driven by the conversation
// so far. Read the files the task names (or list them), apply the instruction to each with an
// apply_patch call, run the validation command if the task gives one, then summarise and stop.
import { AGENT_TOOL, VALIDATION_COMMAND_PATTERN } from '../formats/agentTools';
import { parseEditRequest } from '../formats/editRequest';
import { describeInstruction, parseInstruction, type Instruction } from './instructions';
import { normaliseLanguage } from '../formats/languages';
import { buildPatch, type FileChange } from '../formats/patchFormat';
import { applyInstruction, effectiveInstruction, SIM_LABEL } from './rewrites';
import type { SimMessage, SimToolCall } from './simRequest';

export type AgentReply = { kind: 'text'; text: string } | { kind: 'tool_calls'; calls: { name: string; arguments: string }[] };

const MAX_FILES = 8;
const PATH = /(?:^|[\s"'`(\[])((?:[\w.-]+\/)*[\w-][\w.-]*\.(?:tsx?|jsx?|mjs|cjs|py|go|rs|java|kt|rb|cs|c|h|cpp|hpp|css|scss|html|md|json|ya?ml|toml|sh|sql|lua|swift|php))(?=$|[\s"'`),.:;\]])/g;

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

function summary(instruction: Instruction, changed: string[], command: string | null, commandResult: string | null, patchResult: string | null): string {
  const parts = [SIM_LABEL];
  if (instruction.kind === 'unknown') parts.push(`I ${describeInstruction(instruction)}, so I changed nothing.`);
  else if (changed.length === 0) parts.push(`Nothing needed changing to apply "${describeInstruction(instruction)}".`);
  else {
    const failed = patchResult !== null && /\b(error|failed|conflict)\b/i.test(patchResult);
    parts.push(`${failed ? 'Tried to apply' : 'I'} ${describeInstruction(instruction)} in ${changed.join(', ')}${failed ? `, but the patch was rejected: ${patchResult!.slice(0, 200)}` : ''}.`);
  }
  if (command !== null && commandResult !== null) {
    const exit = commandResult.match(/exit(?:ed)?(?:\s+with)?(?:\s+code)?[\s:=]+(-?\d+)/i);
    const last = commandResult.trim().split('\n').pop()?.slice(0, 200) ?? '';
    parts.push(exit ? `Ran \`${command}\`: exit code ${exit[1]}.` : `Ran \`${command}\`: ${last}`);
  }
  return parts.join(' ');
}

export function agentStep(messages: SimMessage[]): AgentReply {
  const task = messages.find((m) => m.role === 'user')?.content ?? '';
  const context = messages.filter((m) => m.role === 'system' || m.role === 'user').map((m) => m.content).join('\n');
  const command = context.match(VALIDATION_COMMAND_PATTERN)?.[1]?.trim() ?? null;
  const results = new Map(messages.filter((m) => m.role === 'tool').map((m) => [m.toolCallId, m.content]));
  const calls = messages.flatMap((m) => m.toolCalls);
  const last = messages.filter((m) => m.role === 'assistant' && m.toolCalls.length > 0).pop()?.toolCalls ?? [];
  const lastName = last[0]?.name ?? null;
  const instruction = taskInstruction(task);

  if (lastName === null) {
    const paths = findPaths(task).slice(0, MAX_FILES);
    if (paths.length === 0) return { kind: 'tool_calls', calls: [call(AGENT_TOOL.listFiles, { path: '.' })] };
    return { kind: 'tool_calls', calls: paths.map((path) => call(AGENT_TOOL.readFile, { path })) };
  }
  if (lastName === AGENT_TOOL.listFiles) {
    const listed = findPaths(last.map((c) => results.get(c.id) ?? '').join('\n')).slice(0, MAX_FILES);
    if (listed.length === 0) return { kind: 'text', text: `${SIM_LABEL} The workspace has no source files I can work on.` };
    return { kind: 'tool_calls', calls: listed.map((path) => call(AGENT_TOOL.readFile, { path })) };
  }
  const changes: FileChange[] = [];
  for (const c of calls.filter((c) => c.name === AGENT_TOOL.readFile)) {
    const path = String(argsOf(c).path ?? '');
    const before = fileContent(results.get(c.id) ?? '');
    if (path === '' || before === null || changes.some((f) => f.path === path)) continue;
    const after = applyInstruction(before, instruction, normaliseLanguage(null, path));
    if (after !== null) changes.push({ path, before, after });
  }
  const changed = changes.map((f) => f.path);
  const patchCall = calls.find((c) => c.name === AGENT_TOOL.applyPatch);
  if (lastName === AGENT_TOOL.readFile && changes.length > 0 && patchCall === undefined) {
    return { kind: 'tool_calls', calls: [call(AGENT_TOOL.applyPatch, { patch: buildPatch(changes) })] };
  }
  const patchResult = patchCall ? (results.get(patchCall.id) ?? null) : null;
  const ran = calls.find((c) => c.name === AGENT_TOOL.runCommand);
  if (command !== null && ran === undefined && changes.length > 0) {
    return { kind: 'tool_calls', calls: [call(AGENT_TOOL.runCommand, { command })] };
  }
  const commandResult = ran ? (results.get(ran.id) ?? null) : null;
  return { kind: 'text', text: summary(instruction, changed, command, commandResult, patchResult) };
}
