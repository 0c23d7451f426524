// Why: which of an agent's commands run at once, which wait for a person and which are refused is
// the workspace's choice (`approvals` in tandem.json), with a safe default: allow everything when
// commands run in the sandbox, ask for everything when they do not. Pure: the policy is read when
// a run is queued, and judged here for each command (docs/agents.md#approvals).
import { z } from 'zod';
import type { WorkspaceConfigFile } from '../workspace/workspaceConfig';

export const MAX_PATTERNS = 500;

const patterns = z
  .array(z.string().trim().min(1, 'a pattern is empty').max(2000, 'a pattern is longer than 2000 characters'))
  .max(MAX_PATTERNS, `at most ${MAX_PATTERNS} patterns per list`);

/** `tandem.json` `approvals`: command patterns, each a prefix of a command or `*` for all. */
export const approvalRulesSchema = z.strictObject({
  allow: patterns.default([]),
  ask: patterns.default([]),
  deny: patterns.default([]),
});
export type ApprovalRules = z.output<typeof approvalRulesSchema>;

/** The policy a run got when it was queued: the rules (null: none written), or why they were unusable. */
export type ApprovalPolicy = { rules: ApprovalRules | null; error: string | null };

export type CommandVerdict = { verdict: 'allow' | 'ask' | 'deny'; rule: string };

/** Reads the `approvals` value of tandem.json (undefined: absent); a bad value gives its error. */
export function approvalPolicyOf(value: unknown): ApprovalPolicy {
  if (value === undefined) return { rules: null, error: null };
  const parsed = approvalRulesSchema.safeParse(value);
  if (parsed.success) return { rules: parsed.data, error: null };
  const issue = parsed.error.issues[0];
  const at = issue?.path.length ? `approvals.${issue.path.join('.')}` : 'approvals';
  return { rules: null, error: `${at}: ${issue?.message ?? 'invalid'}` };
}

/**
 * The workspace's policy now (a run keeps the one it was queued with); a tandem.json that cannot
 * be read counts as broken rules too.
 */
export function readApprovalPolicy(config: Pick<WorkspaceConfigFile, 'read'>): ApprovalPolicy {
  try {
    return approvalPolicyOf(config.read().approvals);
  } catch (err) {
    return { rules: null, error: (err as Error).message };
  }
}

/** Runs queued before approvals existed have none recorded: the default applies. */
export const NO_APPROVAL_RULES: ApprovalPolicy = { rules: null, error: null };

/** Commands joined by these run one after another: each part is judged. */
const SEPARATORS = /&&|\|\||[;&|\n\r]/;
/** Substitutions and redirections: a command with them is not "just" the allowed prefix. */
const HIDDEN_EFFECTS = /`|\$\(|[<>]/;

/** A pattern matches a command that starts with it, at a word boundary; `*` matches every command. */
export function matchesPattern(command: string, pattern: string): boolean {
  const p = pattern.trim();
  if (p === '*') return true;
  const c = command.trim();
  if (!c.startsWith(p)) return false;
  return c.length === p.length || /\s/.test(c[p.length]) || /\s$/.test(pattern);
}

const parts = (command: string) =>
  command
    .split(SEPARATORS)
    .map((s) => s.trim())
    .filter(Boolean);

const firstMatch = (list: string[], test: (p: string) => boolean) => list.find(test);

/**
 * The first list that matches wins, in the order deny, allow, ask. `deny` and `ask` match when any
 * part of a compound command (`a && b; c | d`) matches; `allow` only when every part matches an
 * allow pattern and the command has no substitution or redirection (`*` allows anything). A
 * command no list matches gets the default: allowed when sandboxed, asked about when not. Rules
 * that could not be read make every command ask.
 */
export function judgeCommand(command: string, policy: ApprovalPolicy, sandboxed: boolean): CommandVerdict {
  if (policy.error !== null)
    return { verdict: 'ask', rule: `tandem.json "approvals" is invalid (${policy.error}): every command asks` };
  const rules = policy.rules;
  if (rules) {
    const each = parts(command);
    const anyPart = (p: string) => each.some((part) => matchesPattern(part, p));
    const deny = firstMatch(rules.deny, anyPart);
    if (deny !== undefined) return { verdict: 'deny', rule: `tandem.json approvals.deny "${deny}"` };
    const allowAll = rules.allow.find((p) => p.trim() === '*');
    if (allowAll !== undefined) return { verdict: 'allow', rule: 'tandem.json approvals.allow "*"' };
    if (!HIDDEN_EFFECTS.test(command) && each.length > 0) {
      const used = each.map((part) => rules.allow.find((p) => matchesPattern(part, p)));
      if (used.every((p) => p !== undefined))
        return { verdict: 'allow', rule: `tandem.json approvals.allow "${[...new Set(used)].join('", "')}"` };
    }
    const ask = firstMatch(rules.ask, anyPart);
    if (ask !== undefined) return { verdict: 'ask', rule: `tandem.json approvals.ask "${ask}"` };
  }
  return sandboxed
    ? { verdict: 'allow', rule: 'the default: commands run in the sandbox' }
    : { verdict: 'ask', rule: 'the default: commands run without a sandbox here, so each one asks' };
}

/** One line for the run's evidence at start: what happens to the agent's commands, and why. */
export function describePolicy(policy: ApprovalPolicy, sandboxed: boolean): string {
  const fallback = sandboxed
    ? 'commands run in the sandbox, so the rest run without asking'
    : 'commands run WITHOUT a sandbox here, so every other command asks a person first';
  if (policy.error !== null)
    return (
      `Approvals: tandem.json "approvals" is invalid (${policy.error}), ` +
      'so every command the agent runs asks a person first.'
    );
  const r = policy.rules;
  if (!r) return `Approvals: no rules in tandem.json; ${fallback}.`;
  const list = (name: string, l: string[]) => (l.length ? `${name} ${l.map((p) => `"${p}"`).join(', ')}` : '');
  const written = [list('deny', r.deny), list('allow', r.allow), list('ask', r.ask)].filter(Boolean).join('; ');
  return `Approvals (tandem.json): ${written || 'empty lists'}; ${fallback}.`;
}
