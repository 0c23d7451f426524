// Why: one place maps a model's tool call (a name and a JSON string) to a tool: unknown names,
// arguments that are not JSON or do not fit the schema, refused paths and tool failures all become
// an "error: …" answer the model can act on — never an exception that ends the run.
import { PatchApplyError, PatchFormatError } from '../patch/applyPatch';
import { applyPatchTool } from './applyPatch';
import { PathRefused } from './confine';
import { listFilesTool } from './listFiles';
import { readFileTool } from './readFile';
import { runCommandTool } from './runCommand';
import { searchTool } from './searchText';
import { ToolError, type Tool, type ToolContext, type ToolResult } from './types';

export const TOOLS: readonly Tool[] = [listFilesTool, readFileTool, searchTool, applyPatchTool, runCommandTool];

export async function callTool(name: string, rawArgs: string, ctx: ToolContext): Promise<ToolResult> {
  const tool = TOOLS.find((t) => t.name === name);
  if (!tool) {
    const names = TOOLS.map((t) => t.name).join(', ');
    return {
      ok: false,
      output: `error: there is no tool named ${JSON.stringify(name)}; the tools are ${names} and finish`,
    };
  }
  let json: unknown;
  try {
    json = rawArgs.trim() === '' ? {} : JSON.parse(rawArgs);
  } catch (err) {
    return { ok: false, output: `error: the arguments of ${name} are not valid JSON (${(err as Error).message})` };
  }
  const parsed = tool.args.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const at = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
    return { ok: false, output: `error: invalid arguments for ${name}${at}: ${issue?.message ?? 'rejected'}` };
  }
  try {
    return await tool.run(parsed.data, ctx);
  } catch (err) {
    if (
      err instanceof ToolError ||
      err instanceof PathRefused ||
      err instanceof PatchFormatError ||
      err instanceof PatchApplyError
    ) {
      return { ok: false, output: `error: ${err.message}` };
    }
    return { ok: false, output: `error: ${name} failed: ${(err as Error).message}` };
  }
}
