import { describe, expect, it } from 'vitest';
import { agentSummary, type AgentOutcome } from './agentSummary';
import { parseInstruction } from './instructions';

describe("the simulated agent's closing message", () => {
  const base: AgentOutcome = {
    instruction: parseInstruction('rename a to b'),
    changed: ['src/a.ts', 'src/b.ts'],
    patchResult: 'Success. Updated the following files:\nM src/a.ts\nM src/b.ts',
    command: 'npm test',
    commandResult: 'exit code 1 (0.4 s)\nnot ok 1',
    coverage: { searchedFor: 'a', untouched: [], leftOut: [], searchTruncated: false, unreadable: [] },
  };

  it('claims no change when the patch was rejected, and reports a failing validation as it is', () => {
    expect(agentSummary(base)).toBe(
      '[simulated model] I renamed a to b in src/a.ts, src/b.ts. Ran `npm test`: exit code 1.',
    );
    expect(
      agentSummary({ ...base, patchResult: 'error: could not find the lines in src/b.ts', commandResult: null }),
    ).toBe(
      '[simulated model] I could not apply my patch to src/a.ts, src/b.ts, so nothing changed: ' +
        'error: could not find the lines in src/b.ts',
    );
  });

  it('names what it found but did not change, did not get to, or could not read', () => {
    const leftOut = Array.from({ length: 12 }, (_, i) => `f${i}.ts`);
    const text = agentSummary({
      ...base,
      commandResult: null,
      coverage: { searchedFor: 'a', untouched: ['README.md'], leftOut, searchTruncated: true, unreadable: ['big.ts'] },
    });
    expect(text).toContain('a also appears in README.md, but not as that name in code');
    expect(text).toContain('The search stopped at its match limit');
    expect(text).toContain(`I did not get to ${leftOut.slice(0, 10).join(', ')} and 2 more.`);
    expect(text).toContain('I could not read big.ts.');
  });
});
