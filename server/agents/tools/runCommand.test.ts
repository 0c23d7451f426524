import { describe, expect, it } from 'vitest';
import { runCommandTool } from './runCommand';
import { toolWorkspace } from './testWorkspace';
import { callTool } from './toolbox';

describe('run_command', () => {
  const ctx = toolWorkspace();
  it('answers with the exit code first, then the output, and runs in the snapshot', async () => {
    // stdout and stderr are separate pipes, read in no set order: the pauses keep the lines in order.
    const ok = await callTool(
      runCommandTool.name,
      '{"command":"echo hi; sleep 0.1; echo err >&2; sleep 0.1; ls src"}',
      ctx,
    );
    expect(ok.ok).toBe(true);
    expect(ok.output).toMatch(/^exit code 0 \(\d+\.\d s\)\nhi\nerr\na\.ts\nb\.ts$/);
    const bad = await callTool(runCommandTool.name, '{"command":"exit 3"}', ctx);
    expect(bad).toMatchObject({ ok: false, command: { exitCode: 3 } });
    expect(bad.output).toMatch(/^exit code 3/);
  });

  it('refuses an empty command', async () => {
    expect((await callTool(runCommandTool.name, '{"command":"  "}', ctx)).output).toBe('error: the command is empty');
  });
});
