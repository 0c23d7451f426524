import { describe, expect, it } from 'vitest';
import { AGENT_TOOL_DEFINITIONS } from '../../models/formats/agentTools';
import { toolWorkspace } from './testWorkspace';
import { callTool, TOOLS } from './toolbox';

describe('toolbox', () => {
  const ctx = toolWorkspace();
  it("has a tool for every definition the model is given (finish is the loop's)", () => {
    expect(TOOLS.map((t) => t.name).sort()).toEqual(
      AGENT_TOOL_DEFINITIONS.map((d) => d.function.name)
        .filter((n) => n !== 'finish')
        .sort(),
    );
  });

  it('turns bad calls into errors the model can act on', async () => {
    expect((await callTool('rm_rf', '{}', ctx)).output).toMatch(
      /^error: there is no tool named "rm_rf"; the tools are list_files, read_file, search, apply_patch, run_command and finish$/,
    );
    expect((await callTool('read_file', '{path:', ctx)).output).toMatch(
      /^error: the arguments of read_file are not valid JSON/,
    );
    expect((await callTool('read_file', '{"file":"a"}', ctx)).output).toMatch(
      /^error: invalid arguments for read_file at path/,
    );
  });
});
